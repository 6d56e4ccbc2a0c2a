@axb @needs-hooks @needs-calls
Feature: Call detail records
  Every call attempt yields one CDR, pushed to the app's CDR URL in `feeLst` (1 to 50 records,
  CDRs of calls ending together may be merged), signed like the events, with UTC times
  (50-events-cdr-codes §2).

  @id:calls-cdr-01 @CDR-020 @CDR-001 @CDR-002 @CDR-008 @CDR-021
  Scenario: The CDR of an answered call names the parties and the binding
    Given an AXB binding "b" of A and B on X
    When A calls X and they talk 30 seconds
    Then the CDR of the call has callerNum A and calleeNum X and fwdDstNum B and fwdDisplayNum X and callDuration 30
    And the CDR of the call names binding "b"
    And the CDR of the call carries direction, spId, appKey, sessionId and callerNum
    And the CDR of the call has a fwdAnswerTime and gives its times in call order
    And the CDR of the call was POSTed to the app's CDR URL
    And the CDR of the call was sent as application/json;charset=UTF-8 with a valid AKSK signature of the app

  @id:calls-cdr-02 @CDR-005 @EVT-042
  Scenario: A call that was not answered still yields a CDR
    Given an AXB binding "b" of A and B on X
    When A calls X and the callee does not answer
    Then the call is not connected
    And the CDR of the call names binding "b"

  @id:calls-cdr-03 @CDR-004 @CDR-023 @CDR-003
  Scenario: CDRs of calls that end together may arrive merged in one push
    Given an AXB binding "b" of A and B on X
    And the platform holds CDRs until they are delivered together
    When A calls X 3 times
    Then the CDRs of those calls arrive in one push

  @id:calls-cdr-04 @CDR-003 @CDR-004
  Scenario: A merged CDR push never holds more than 50 records
    Given an AXB binding "b" of A and B on X
    And the platform holds CDRs until they are delivered together
    When A calls X 55 times
    Then the CDRs of those calls arrive in pushes of 1 to 50 records

  @id:calls-cdr-05 @CDR-001
  Scenario: Without a CDR URL no CDR is pushed
    Given an AXB binding "b" of A and B on X
    And the app of X has no CDR URL
    When A calls X
    Then no CDR arrives

  @id:calls-cdr-06 @CDR-023
  Scenario: A merged CDR push holds the records of different calls and bindings
    Given an AXB binding "b1" of A and B on X1
    And an AXB binding "b2" of C and D on X2
    And the platform holds CDRs until they are delivered together
    When A calls X1
    And C calls X2
    Then the CDRs of the scenario's calls arrive in one push, each naming its own binding
