@axyb @needs-hooks @needs-calls
Feature: AXYB call routing
  B dialling X reaches A, who sees Y (assigned to B on the first call when B has none); A
  dialling Y reaches B, who sees X; self-calls and unrelated callers are refused
  (30-axe-axyb-x §B calls).

  @id:calls-routing_axyb-01 @AXYB-009 @AXYB-012
  Scenario: B's first call to X reaches A, who sees a Y
    Given an AXYB binding "b" of A
    And X is the number of binding "b"
    When B calls X
    Then the call reaches A showing a number Y other than X

  @id:calls-routing_axyb-02 @AXYB-010
  Scenario: A dialling Y reaches B, who sees X
    Given an AXYB binding "b" of A
    And X is the number of binding "b"
    And B has called X
    And Y is the number A saw on that call
    When A calls Y
    Then the call reaches B showing X

  @id:calls-routing_axyb-03 @AXYB-021 @HANG-023
  Scenario: A dialling its own X is refused
    Given an AXYB binding "b" of A
    And X is the number of binding "b"
    When A calls X
    Then the call is not connected
    And the call ends with cause 8032

  @id:calls-routing_axyb-04 @HANG-016
  Scenario: A caller without AXYB relation to Y is refused
    Given an AXYB binding "b" of A
    And X is the number of binding "b"
    And B has called X
    And Y is the number A saw on that call
    When C calls Y
    Then the call is not connected
    And the call ends with cause 8030

  @id:calls-routing_axyb-05 @AXYB-022 @HANG-069 @needs-fixed-line
  Scenario: A fixed-line A cannot call out through Y
    Given A is a fixed-line number
    And an AXYB binding "b" of A
    And X is the number of binding "b"
    And B has called X
    And Y is the number A saw on that call
    When A calls Y
    Then the call is not connected
    And the call ends with cause 8023

  @id:calls-routing_axyb-06 @AXYB-011 @unconfirmed
  Scenario: With callDirection 1 B calling X is not connected
    Given an AXYB binding "b" of A with callDirection 1
    And X is the number of binding "b"
    When B calls X
    Then the call is not connected
    And the call ends with cause 8016

  @id:calls-routing_axyb-07 @AXYB-011 @unconfirmed
  Scenario: With callDirection 2 A calling Y is not connected
    Given an AXYB binding "b" of A with callDirection 2
    And X is the number of binding "b"
    And B has called X
    And Y is the number A saw on that call
    When A calls Y
    Then the call is not connected
    And the call ends with cause 8016

  @id:calls-routing_axyb-08 @AXYB-015
  Scenario: A Y assigned by B's first call lasts the binding's ybDuration
    Given an AXYB binding "b" of A with ybDuration 120
    And X is the number of binding "b"
    And B has called X
    And Y is the number A saw on that call
    When 2 minutes and 1 second pass
    And A calls Y
    Then the call is not connected
    And the call ends with cause 8030

  @id:calls-routing_axyb-09 @AXYB-015
  Scenario: Without ybDuration a Y assigned by B's first call lasts as long as the binding
    Given an AXYB binding "b" of A with duration 3600
    And X is the number of binding "b"
    And B has called X
    And Y is the number A saw on that call
    When 2 minutes and 1 second pass
    And A calls Y
    Then the call reaches B showing X

  @id:calls-routing_axyb-10 @AXYB-012
  Scenario: The Y assigned by B's first call is listed with B, and A reaches B through it
    Given an AXYB binding "b" of A
    And X is the number of binding "b"
    And B has called X
    And Y is the number A saw on that call
    Then the AXYB binding "b" pairs B with the Y A saw
    When A calls Y
    Then the call reaches B

  @id:calls-routing_axyb-11 @AXYB-021 @HANG-023
  Scenario: B dialling its own Y is refused
    Given an AXYB binding "b" of A
    And X is the number of binding "b"
    And B has called X
    And Y is the number A saw on that call
    When B calls Y
    Then the call is not connected
    And the call ends with cause 8032

  @id:calls-routing_axyb-12 @AXYB-013
  Scenario Outline: When the AX part expires, calls to X and to Y end with 8030
    Given an AXYB binding "b" of A with duration 60
    And X is the number of binding "b"
    And B has called X
    And Y is the number A saw on that call
    When 1 minute and 1 second pass
    And <caller> calls <number>
    Then the call is not connected
    And the call ends with cause 8030

    Examples:
      | caller | number |
      | A      | Y      |
      | B      | X      |

  @id:calls-routing_axyb-13 @AXYB-014
  Scenario: When only the YB part expires, A's call to Y ends with 8030
    Given an AXYB binding "b" of A with duration 0
    And B is bound to AXYB binding "b" with ybDuration 60
    And X is the number of binding "b"
    And B has called X
    And Y is the number A saw on that call
    When 1 minute and 1 second pass
    And A calls Y
    Then the call is not connected
    And the call ends with cause 8030

  @id:calls-routing_axyb-14 @AXYB-017
  Scenario Outline: After an unbind, calls to X and to Y end with 8030
    Given an AXYB binding "b" of A
    And X is the number of binding "b"
    And B has called X
    And Y is the number A saw on that call
    When the AXYB app unbinds "b"
    And <caller> calls <number>
    Then the call is not connected
    And the call ends with cause 8030

    Examples:
      | caller | number |
      | A      | Y      |
      | B      | X      |

  @id:calls-routing_axyb-15 @AXYB-018
  Scenario: After its YB part is unbound, A's call to Y no longer reaches B
    Given an AXYB binding "b" of A
    And B is bound to AXYB binding "b"
    And X is the number of binding "b"
    And B has called X
    And Y is the number A saw on that call
    When the AXYB app unbinds the Y of B from "b"
    And A calls Y
    Then the call is not connected
    And the call ends with cause 8030
