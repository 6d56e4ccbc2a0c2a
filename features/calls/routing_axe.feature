@axe @needs-hooks @needs-calls
Feature: AXE call routing
  B reaches A by dialling X and then A's extension; A calling X reaches the latest caller (the
  callback record), else the binding's callbackNum; wrong, missing or abandoned extensions end
  the call (30-axe-axyb-x §A calls).

  @id:calls-routing_axe-01 @AXE-023 @EVT-041 @unconfirmed
  Scenario: B dialling X plus A's extension reaches A, with a collectInfo event
    Given an AXE binding "b" of A on X
    When B calls X plus the extension of binding "b"
    Then the call reaches A showing X
    And the call's events are callin, collectInfo, callout, alerting, answer and disconnect

  @id:calls-routing_axe-02 @AXE-029
  Scenario: A calling X reaches the latest caller
    Given an AXE binding "b" of A on X
    And B has called X plus the extension of binding "b"
    And C has called X plus the extension of binding "b"
    When A calls X
    Then the call reaches C

  @id:calls-routing_axe-03 @HANG-014 @TEAR-054
  Scenario: A calling X without a callback record is not connected
    Given an AXE binding "b" of A on X
    When A calls X
    Then the call is not connected
    And the call ends with cause 8019

  @id:calls-routing_axe-04 @AXE-031
  Scenario: Without a callback record A's call goes to the binding's callbackNum
    Given an AXE binding "b" of A on X with callbackNum G
    When A calls X
    Then the call reaches G

  @id:calls-routing_axe-05 @AXE-024 @HANG-015 @TEAR-056 @unconfirmed
  Scenario: A wrong extension is not connected
    Given an AXE binding "b" of A on X
    When B calls X plus a wrong extension
    Then the call is not connected
    And the call ends with cause 8022

  @id:calls-routing_axe-06 @AXE-026 @HANG-024 @TEAR-060
  Scenario: A call with no extension ends with 8033
    Given an AXE binding "b" of A on X
    When B calls X plus no extension
    Then the call is not connected
    And the call ends with cause 8033

  @id:calls-routing_axe-07 @AXE-026 @HANG-022 @TEAR-036
  Scenario: A caller who hangs up before entering an extension ends with 7516
    Given an AXE binding "b" of A on X
    When B calls X and the caller hangs up first
    Then the call is not connected
    And the call ends with cause 7516

  @id:calls-routing_axe-08 @AXE-030 @HANG-014
  Scenario: A calling X without a callback record but with a callbackTone ends with 8019
    Given an AXE binding "b" of A on X with callbackTone the approved tone
    When A calls X
    Then the call is not connected
    And the call ends with cause 8019

  @id:calls-routing_axe-09 @AXE-032
  Scenario: After callbackExpiredTime A's call goes to the callbackNum instead of the last caller
    Given an AXE binding "b" of A on X with callbackNum G and callbackExpiredTime 1 and timeUnit "1"
    And B has called X plus the extension of binding "b"
    When 1 minute and 1 second pass
    And A calls X
    Then the call reaches G

  @id:calls-routing_axe-10 @AXE-033
  Scenario: Unbinding during a call lets the call go on, and X plus E is refused afterwards
    Given an AXE binding "b" of A on X
    When B calls X plus the extension of binding "b" and the call goes on
    And the AXE app unbinds binding "b"
    Then the call is still going on
    When C calls X plus the extension of binding "b"
    Then the call is not connected
    And the call ends with cause 8022

  @id:calls-routing_axe-11 @AXE-014 @needs-hooks
  Scenario: After its lifetime a binding's X plus extension is refused with 8022
    Given an AXE binding "b" of A on X with timeUnit "1" and bindExpiredTime 1
    When 1 minute and 1 second pass
    And B calls X plus the extension of binding "b"
    Then the call is not connected
    And the call ends with cause 8022

  @id:calls-routing_axe-12 @AXE-028
  Scenario: A calling X reaches the caller who reached A, who sees X
    Given an AXE binding "b" of A on X
    And B has called X plus the extension of binding "b"
    When A calls X
    Then the call reaches B showing X
    And the callin event of the call names X as the callee

  @id:calls-routing_axe-13 @AXE-035
  Scenario: A maxDuration sent in an AXE bind never cuts a call
    Given an AXE binding "b" of A on X with maxDuration 1
    When B calls X plus the extension of binding "b" and the call goes on
    And 2 minutes pass
    Then the call is still going on
