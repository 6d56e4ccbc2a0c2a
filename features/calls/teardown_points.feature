@axb @needs-hooks @needs-calls
Feature: Teardown points that have no hang-up cause of their own
  These points of the teardown-point table (50-events-cdr-codes §5) have no row in the hang-up
  cause table: the docs do not say which `stateCode` goes with them, so a row asserts the CDR's
  `ulFailReason` and only that the disconnect carries some failure cause of the hang-up table
  (the emulator's choice is a reading, emulator/calls/outcomes.py).

  @id:calls-teardown_points-01 @HANG-002 @TEAR-002 @Q850-900
  Scenario Outline: A call torn down at a teardown-only point reports that point
    Given an AXB binding "b" of A and B on X
    When A calls X and <how>
    Then the call is not connected
    And the call's events are <events>
    And the CDR of the call gives teardown point <teardown>
    And the call ends with a failure cause of the hang-up table
    And the CDR of the call gives a teardown point of the teardown table
    And the CDR of the call gives a Q.850 cause of Huawei's table

    @TEAR-074
    Examples: 8058 not real name
      | how                                          | events                | teardown |
      | the practitioner is not real-name registered | callin and disconnect | 8058     |

    @TEAR-075
    Examples: 8059 carrier interception
      | how                       | events                         | teardown |
      | the carrier intercepts it | callin, callout and disconnect | 8059     |

    @TEAR-047
    Examples: 8012 invalid app key
      | how                    | events                | teardown |
      | the app_key is invalid | callin and disconnect | 8012     |

    @TEAR-020
    Examples: 7103 caller info missing
      | how                                          | events                | teardown |
      | the caller number information does not exist | callin and disconnect | 7103     |

    @TEAR-037
    Examples: 8002 far end announcement
      | how                                        | events                         | teardown |
      | the far end returns a failure announcement | callin, callout and disconnect | 8002     |

    @TEAR-038
    Examples: 8003 user ring timeout
      | how                            | events                                   | teardown |
      | the callee's ringing times out | callin, callout, alerting and disconnect | 8003     |

    @TEAR-039
    Examples: 8004 user hangup ringing
      | how                              | events                                   | teardown |
      | the user hangs up while it rings | callin, callout, alerting and disconnect | 8004     |

    @TEAR-040
    Examples: 8005 tts failed
      | how                             | events                | teardown |
      | text-to-speech conversion fails | callin and disconnect | 8005     |

    @TEAR-044
    Examples: 8009 caller hangup before connect
      | how                                        | events                         | teardown |
      | the caller hangs up before it is connected | callin, callout and disconnect | 8009     |
