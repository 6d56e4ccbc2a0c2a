@axyb @needs-hooks @needs-calls
Feature: AXYB hang-up causes of the platform
  An AXYB call the platform cannot give a Y number ends with hang-up cause 8031
  (50-events-cdr-codes §3). The teardown-point table has no AXYB codes (TEAR-090): only that the
  CDR's point is one of its table is asserted.

  @id:calls-axyb_codes-01 @HANG-017 @HANG-002 @TEAR-002
  Scenario: An AXYB call for which no Y number can be allocated ends with 8031
    Given an AXYB binding "b" of A
    And X is the number of binding "b"
    When B calls X and no Y number can be allocated
    Then the call is not connected
    And the call's events are callin and disconnect
    And the call ends with cause 8031
    And the call ends with a failure cause of the hang-up table
    And the CDR of the call gives a teardown point of the teardown table
