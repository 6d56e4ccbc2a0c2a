@axb @needs-hooks @needs-calls
Feature: Hang-up causes, teardown points and Q.850 causes
  How a call ends is reported three times: `stateCode` in the disconnect event (hang-up cause
  table), `ulFailReason` in the CDR (teardown-point table) and `fwdUnaswRsn` in the CDR (Q.850
  cause of the forwarded leg, 0 when it did not fail) (50-events-cdr-codes §3-§5).

  @id:calls-hangup_codes-01 @HANG-001 @HANG-010 @TEAR-001 @TEAR-010 @Q850-000 @CDR-021
  Scenario: A call ended normally reports cause 0 everywhere
    Given an AXB binding "b" of A and B on X
    When A calls X and they talk 20 seconds
    Then the call ends with cause 0
    And the CDR of the call gives teardown point 0 and Q.850 cause 0

  @id:calls-hangup_codes-02 @HANG-002 @TEAR-002 @Q850-900 @EVT-042 @EVT-043 @CDR-005
  Scenario Outline: A call the callee does not take reports its causes
    Given an AXB binding "b" of A and B on X
    When A calls X and <how>
    Then the call is not connected
    And the call ends with cause <cause>
    And the CDR of the call gives teardown point <teardown> and Q.850 cause <q850>

    @HANG-045 @TEAR-078 @Q850-017
    Examples: busy
      | how                | cause | teardown | q850 |
      | the callee is busy | 8102  | 8102     | 17   |

    @HANG-044 @TEAR-077 @Q850-019
    Examples: no answer
      | how                        | cause | teardown | q850 |
      | the callee does not answer | 8101  | 8101     | 19   |

    @HANG-040 @HANG-041 @TEAR-031 @Q850-021
    Examples: rejected
      | how                         | cause | teardown | q850 |
      | the callee rejects the call | 7503  | 7504     | 21   |

    @HANG-047 @TEAR-080 @Q850-020 @unconfirmed
    Examples: switched off
      | how                          | cause | teardown | q850 |
      | the callee cannot be reached | 8104  | 8104     | 20   |

    @HANG-020 @TEAR-028 @Q850-016
    Examples: caller gives up
      | how                       | cause | teardown | q850 |
      | the caller hangs up first | 7501  | 7501     | 16   |

    @HANG-021 @TEAR-029 @unconfirmed
    Examples: caller gives up while it rings
      | how                                | cause | teardown | q850 |
      | the caller hangs up while it rings | 7502  | 7502     | 16   |

    @HANG-042 @TEAR-061 @Q850-018 @unconfirmed
    Examples: ringing timed out
      | how                                                  | cause | teardown | q850 |
      | the callee's phone rings until the platform gives up | 8035  | 8035     | 18   |

    @HANG-043 @TEAR-076 @Q850-001 @unconfirmed
    Examples: unknown callee
      | how                              | cause | teardown | q850 |
      | the callee number does not exist | 8100  | 8100     | 1    |

  @id:calls-hangup_codes-03 @HANG-002 @TEAR-002
  Scenario Outline: A call on an app that cannot serve it reports its cause
    Given an AXB binding "b" of A and B on X
    And the app is <state>
    When A calls X
    Then the call is not connected
    And the call ends with cause <cause>
    And the CDR of the call gives teardown point <teardown>

    @HANG-054 @TEAR-025
    Examples: frozen account
      | state  | cause | teardown |
      | frozen | 7108  | 7108     |

    @HANG-050 @TEAR-017
    Examples: unavailable app
      | state       | cause | teardown |
      | unavailable | 7100  | 7100     |
