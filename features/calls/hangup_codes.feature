@axb @needs-hooks @needs-calls
Feature: Hang-up causes, teardown points and Q.850 causes
  How a call ends is reported three times: `stateCode` in the disconnect event (hang-up cause
  table), `ulFailReason` in the CDR (teardown-point table) and `fwdUnaswRsn` in the CDR (Q.850
  cause of the forwarded leg, 0 when it did not fail) (50-events-cdr-codes §3-§5). The test hooks
  provoke each condition ("A calls X and <condition>", design.md "Test hooks contract"); a row
  asserts the codes its rules state. Where the tables pair a condition with codes of two tables
  by the same meaning, the row asserts both; teardown-only points are in teardown_points.feature,
  the carrier's Q.850 causes in q850_causes.feature.

  @id:calls-hangup_codes-01 @HANG-001 @HANG-010 @TEAR-001 @TEAR-010 @Q850-000 @CDR-021
  Scenario: A call ended normally reports cause 0 everywhere
    Given an AXB binding "b" of A and B on X
    When A calls X and they talk 20 seconds
    Then the call ends with cause 0
    And the CDR of the call gives teardown point 0 and Q.850 cause 0

  @id:calls-hangup_codes-02 @HANG-002 @TEAR-002 @Q850-900 @EVT-042 @EVT-043 @CDR-005
  Scenario Outline: A call whose callee's leg fails reports its cause in all three tables
    Given an AXB binding "b" of A and B on X
    When A calls X and <how>
    Then the call is not connected
    And the call's events are <events>
    And the call ends with cause <cause>
    And the CDR of the call gives teardown point <teardown>
    And the CDR of the call gives Q.850 cause <q850>
    And the call ends with a failure cause of the hang-up table
    And the CDR of the call gives a teardown point of the teardown table
    And the CDR of the call gives a Q.850 cause of Huawei's table

    @HANG-045 @TEAR-078 @Q850-017
    Examples: busy
      | how                | events                         | cause | teardown | q850 |
      | the callee is busy | callin, callout and disconnect | 8102  | 8102     | 17   |

    @HANG-044 @TEAR-077 @Q850-019
    Examples: no answer
      | how                        | events                                   | cause | teardown | q850 |
      | the callee does not answer | callin, callout, alerting and disconnect | 8101  | 8101     | 19   |

    @HANG-040 @TEAR-030 @Q850-021
    Examples: rejected
      | how                         | events                                   | cause | teardown | q850 |
      | the callee rejects the call | callin, callout, alerting and disconnect | 7503  | 7503     | 21   |

    @HANG-041 @TEAR-031 @Q850-021
    Examples: refused by do-not-disturb or a blacklist
      | how                                                          | events                         | cause | teardown | q850 |
      | the callee refuses the call by do-not-disturb or a blacklist | callin, callout and disconnect | 7504  | 7504     | 21   |

    @HANG-047 @TEAR-080 @Q850-020 @unconfirmed
    Examples: switched off
      | how                          | events                         | cause | teardown | q850 |
      | the callee cannot be reached | callin, callout and disconnect | 8104  | 8104     | 20   |

    @HANG-043 @TEAR-076 @Q850-001
    Examples: unknown callee
      | how                              | events                         | cause | teardown | q850 |
      | the callee number does not exist | callin, callout and disconnect | 8100  | 8100     | 1    |

    @HANG-042 @TEAR-061 @Q850-018 @unconfirmed
    Examples: ringing timed out
      | how                                                  | events                                   | cause | teardown | q850 |
      | the callee's phone rings until the platform gives up | callin, callout, alerting and disconnect | 8035  | 8035     | 18   |

    @HANG-020 @TEAR-028 @Q850-016 @unconfirmed
    Examples: caller gives up
      | how                       | events                         | cause | teardown | q850 |
      | the caller hangs up first | callin, callout and disconnect | 7501  | 7501     | 16   |

    @HANG-021 @TEAR-029 @Q850-016 @unconfirmed
    Examples: caller gives up while it rings
      | how                                | events                                   | cause | teardown | q850 |
      | the caller hangs up while it rings | callin, callout, alerting and disconnect | 7502  | 7502     | 16   |

  @id:calls-hangup_codes-03 @HANG-002 @TEAR-002 @Q850-900
  Scenario Outline: A call the network or the platform does not connect reports its cause and teardown point
    Given an AXB binding "b" of A and B on X
    When A calls X and <how>
    Then the call is not connected
    And the call's events are <events>
    And the call ends with cause <cause>
    And the CDR of the call gives teardown point <teardown>
    And the call ends with a failure cause of the hang-up table
    And the CDR of the call gives a teardown point of the teardown table
    And the CDR of the call gives a Q.850 cause of Huawei's table

    @HANG-046 @TEAR-079 @unconfirmed
    Examples: 8103 signal abnormal
      | how                             | events                         | cause | teardown |
      | the callee's signal is abnormal | callin, callout and disconnect | 8103  | 8103     |

    @HANG-048 @TEAR-081 @unconfirmed
    Examples: 8105 suspended
      | how                            | events                         | cause | teardown |
      | the callee's line is suspended | callin, callout and disconnect | 8105  | 8105     |

    @HANG-095 @TEAR-032
    Examples: 7505 caller network
      | how                                 | events                | cause | teardown |
      | the caller-side network is abnormal | callin and disconnect | 7505  | 7505     |

    @HANG-096 @TEAR-033
    Examples: 7506 callee network
      | how                                 | events                         | cause | teardown |
      | the callee-side network is abnormal | callin, callout and disconnect | 7506  | 7506     |

    @HANG-097 @TEAR-035
    Examples: 7508 routing failure
      | how                    | events                         | cause | teardown |
      | routing the call fails | callin, callout and disconnect | 7508  | 7508     |

    @HANG-055 @TEAR-034
    Examples: 7507 announcement missing
      | how                         | events                | cause | teardown |
      | no announcement file exists | callin and disconnect | 7507  | 7507     |

    @HANG-056 @TEAR-041
    Examples: 8006 x announcement missing
      | how                                         | events                | cause | teardown |
      | the X-mode announcement file does not exist | callin and disconnect | 8006  | 8006     |

    @HANG-065 @TEAR-024
    Examples: 7107 security prompt failed
      | how                                          | events                | cause | teardown |
      | the security-control prompt cannot be played | callin and disconnect | 7107  | 7107     |

    @HANG-092 @TEAR-043
    Examples: 8008 prompt failed
      | how                                             | events                | cause | teardown |
      | the prompt cannot be played or digits collected | callin and disconnect | 8008  | 8008     |

    @HANG-091 @TEAR-042
    Examples: 8007 last minute prompt failed
      | how                                     | events                                   | cause | teardown |
      | the last-minute prompt cannot be played | callin, callout, alerting and disconnect | 8007  | 8007     |

    @HANG-093 @TEAR-050
    Examples: 8015 recording failed
      | how                      | events                                   | cause | teardown |
      | recording the call fails | callin, callout, alerting and disconnect | 8015  | 8015     |

    @HANG-093 @TEAR-050
    Examples: 8041 recording failed 8041
      | how                                | events                                   | cause | teardown |
      | recording the call fails with 8041 | callin, callout, alerting and disconnect | 8041  | 8041     |

    @HANG-094 @TEAR-019
    Examples: 7102 internal 7102
      | how                                        | events                | cause | teardown |
      | the platform has an internal service error | callin and disconnect | 7102  | 7102     |

    @HANG-094 @TEAR-046
    Examples: 8011 internal 8011
      | how                                | events                | cause | teardown |
      | the platform has an internal error | callin and disconnect | 8011  | 8011     |

    @HANG-094 @TEAR-055
    Examples: 8020 internal 8020
      | how                              | events                | cause | teardown |
      | the platform service is abnormal | callin and disconnect | 8020  | 8020     |

    @HANG-094 @TEAR-046
    Examples: 8040 internal 8040
      | how                                     | events                | cause | teardown |
      | the platform has an internal error 8040 | callin and disconnect | 8040  | 8040     |

    @HANG-060 @TEAR-012
    Examples: 7001 developer frequency
      | how                                        | events                | cause | teardown |
      | developer call-frequency control blocks it | callin and disconnect | 7001  | 7001     |

    @HANG-061 @TEAR-013
    Examples: 7002 app frequency
      | how                                          | events                | cause | teardown |
      | application call-frequency control blocks it | callin and disconnect | 7002  | 7002     |

    @HANG-062 @TEAR-014
    Examples: 7003 display frequency
      | how                                             | events                | cause | teardown |
      | display-number call-frequency control blocks it | callin and disconnect | 7003  | 7003     |

    @HANG-063 @TEAR-015
    Examples: 7004 callee blacklist
      | how                       | events                | cause | teardown |
      | the callee is blacklisted | callin and disconnect | 7004  | 7004     |

    @HANG-064 @TEAR-016
    Examples: 7005 caller blacklist
      | how                       | events                | cause | teardown |
      | the caller is blacklisted | callin and disconnect | 7005  | 7005     |

    @HANG-067 @TEAR-027
    Examples: 7500 prefix restricted
      | how                           | events                | cause | teardown |
      | the call prefix is restricted | callin and disconnect | 7500  | 7500     |

    @HANG-069 @TEAR-057
    Examples: 8023 fixed line control
      | how                                             | events                | cause | teardown |
      | the platform refuses the caller as a fixed line | callin and disconnect | 8023  | 8023     |

    @HANG-070 @TEAR-058
    Examples: 8024 real caller display
      | how                                    | events                | cause | teardown |
      | showing the real caller is not allowed | callin and disconnect | 8024  | 8024     |

    @HANG-071 @TEAR-062
    Examples: 8042 international in
      | how                                         | events                | cause | teardown |
      | international incoming calls are restricted | callin and disconnect | 8042  | 8042     |

    @HANG-072 @TEAR-063
    Examples: 8043 international out
      | how                                         | events                | cause | teardown |
      | international outgoing calls are restricted | callin and disconnect | 8043  | 8043     |

    @HANG-073 @TEAR-064
    Examples: 8044 call time control
      | how                                  | events                | cause | teardown |
      | abnormal call-time control blocks it | callin and disconnect | 8044  | 8044     |

    @HANG-074 @TEAR-065
    Examples: 8046 connection rate
      | how                                        | events                | cause | teardown |
      | abnormal connection-rate control blocks it | callin and disconnect | 8046  | 8046     |

    @HANG-075 @TEAR-066
    Examples: 8047 caller frequency
      | how                                     | events                | cause | teardown |
      | caller call-frequency control blocks it | callin and disconnect | 8047  | 8047     |

    @HANG-076 @TEAR-067
    Examples: 8048 callee frequency
      | how                                     | events                | cause | teardown |
      | callee call-frequency control blocks it | callin and disconnect | 8048  | 8048     |

    @HANG-077 @TEAR-068
    Examples: 8049 number frequency
      | how                                             | events                | cause | teardown |
      | service-number call-frequency control blocks it | callin and disconnect | 8049  | 8049     |

    @HANG-078 @TEAR-069
    Examples: 8050 time window
      | how                                      | events                | cause | teardown |
      | it falls outside the allowed time window | callin and disconnect | 8050  | 8050     |

    @HANG-079 @TEAR-070
    Examples: 8051 sub enterprise suspended
      | how                             | events                | cause | teardown |
      | the sub-enterprise is suspended | callin and disconnect | 8051  | 8051     |

    @HANG-068 @TEAR-053
    Examples: 8018 no service permission
      | how                                  | events                | cause | teardown |
      | the caller has no service permission | callin and disconnect | 8018  | 8018     |

    @HANG-080 @TEAR-071
    Examples: 8055 x no permission
      | how                                 | events                | cause | teardown |
      | the X number has no call permission | callin and disconnect | 8055  | 8055     |

    @HANG-081 @TEAR-072
    Examples: 8056 dial test
      | how                                | events                | cause | teardown |
      | dial-test number control blocks it | callin and disconnect | 8056  | 8056     |

    @HANG-082 @TEAR-073
    Examples: 8057 direction control
      | how                              | events                | cause | teardown |
      | call-direction control blocks it | callin and disconnect | 8057  | 8057     |

    @HANG-050 @TEAR-017
    Examples: 7100 app missing
      | how                                        | events                | cause | teardown |
      | the application information does not exist | callin and disconnect | 7100  | 7100     |

    @HANG-051 @TEAR-018
    Examples: 7101 no number resources
      | how                                             | events                | cause | teardown |
      | the application has no privacy-number resources | callin and disconnect | 7101  | 7101     |

    @HANG-052 @TEAR-022
    Examples: 7105 service type mismatch
      | how                                             | events                | cause | teardown |
      | the service type does not match the application | callin and disconnect | 7105  | 7105     |

    @HANG-053 @TEAR-023
    Examples: 7106 no call capability
      | how                                               | events                | cause | teardown |
      | the application lacks the privacy-call capability | callin and disconnect | 7106  | 7106     |

    @HANG-054 @TEAR-025
    Examples: 7108 account frozen
      | how                   | events                | cause | teardown |
      | the account is frozen | callin and disconnect | 7108  | 7108     |

    @HANG-066 @TEAR-026
    Examples: 7109 tenant ports
      | how                                | events                | cause | teardown |
      | the tenant has too few voice ports | callin and disconnect | 7109  | 7109     |

    @HANG-090 @TEAR-011
    Examples: 522 platform ports
      | how                                  | events                | cause | teardown |
      | the platform has too few voice ports | callin and disconnect | 522   | 522      |

  @id:calls-hangup_codes-04 @HANG-002 @TEAR-002 @Q850-900
  Scenario Outline: A cause of the hang-up table only is reported with a point of the teardown table
    Given an AXB binding "b" of A and B on X
    When A calls X and <how>
    Then the call is not connected
    And the call ends with cause <cause>
    And the call ends with a failure cause of the hang-up table
    And the CDR of the call gives a teardown point of the teardown table
    And the CDR of the call gives a Q.850 cause of Huawei's table

    @HANG-094
    Examples: 8139 other internal fault
      | how                          | cause |
      | the platform fails otherwise | 8139  |

  @id:calls-hangup_codes-05 @HANG-002 @TEAR-002 @Q850-900
  Scenario Outline: A call on an app that cannot serve it reports its cause
    Given an AXB binding "b" of A and B on X
    And the app is <state>
    When A calls X
    Then the call is not connected
    And the call ends with cause <cause>
    And the CDR of the call gives teardown point <teardown>
    And the call ends with a failure cause of the hang-up table
    And the CDR of the call gives a teardown point of the teardown table
    And the CDR of the call gives a Q.850 cause of Huawei's table

    @HANG-054 @TEAR-025
    Examples: frozen account
      | state  | cause | teardown |
      | frozen | 7108  | 7108     |

    @HANG-050 @TEAR-017
    Examples: unavailable app
      | state       | cause | teardown |
      | unavailable | 7100  | 7100     |
