@ax @needs-hooks @needs-calls
Feature: AX call routing
  Anyone calling X reaches A; A calling X reaches the temporary callee while it is valid, and is
  not connected without one; a call to an X without binding is refused (20-ax §calls, D-20, D-22,
  D-29).

  @id:calls-routing_ax-01 @AX-001 @AX-502 @AX-010
  Scenario: Another number calling X reaches A, who sees X
    Given an AX binding "b" of A on X
    When C calls X
    Then the call reaches A showing X
    And the CDR of the call has direction 0

  @id:calls-routing_ax-02 @AX-002 @AX-503 @HANG-011 @TEAR-048
  Scenario: A calling X without a temporary callee is not connected
    Given an AX binding "b" of A on X
    When A calls X
    Then the call is not connected
    And the call ends with cause 8013
    And the CDR of the call gives teardown point 8013

  @id:calls-routing_ax-03 @AX-003 @AX-401
  Scenario: A calling X reaches the temporary callee, who sees X
    Given an AX binding "b" of A on X
    When the AX app sets B as temporary callee of binding "b"
    And A calls X
    Then the call reaches B showing X
    And the CDR of the call has direction 1

  @id:calls-routing_ax-04 @AX-002 @AX-402 @AX-411 @AX-503
  Scenario: After the temporary callee expired, A calling X is not connected
    Given an AX binding "b" of A on X
    When the AX app sets B as temporary callee of binding "b" with duration 60
    And 1 minute and 1 second pass
    And A calls X
    Then the call is not connected
    And the call ends with cause 8013

  @id:calls-routing_ax-05 @AX-403
  Scenario: A temporary callee set again replaces the first one
    Given an AX binding "b" of A on X
    When the AX app sets B as temporary callee of binding "b"
    And the AX app sets C as temporary callee of binding "b"
    And A calls X
    Then the call reaches C showing X

  @id:calls-routing_ax-06 @AX-412
  Scenario: A temporary callee does not change where other callers go
    Given an AX binding "b" of A on X
    When the AX app sets B as temporary callee of binding "b"
    And C calls X
    Then the call reaches A showing X

  @id:calls-routing_ax-07 @AX-036 @AX-410 @EVT-030
  Scenario: The temporary callee's userData is carried by the CDR of A's call
    Given an AX binding "b" of A on X with userData "bind-data"
    When the AX app sets B as temporary callee of binding "b" with userData "callee-data"
    And A calls X
    Then the CDR of the call has userData "callee-data"
    And the callin event of the call has userData "callee-data"

  @id:calls-routing_ax-08 @AX-036 @EVT-030
  Scenario: The binding's userData is echoed in the callin event
    Given an AX binding "b" of A on X with userData "bind-data"
    When C calls X
    Then the callin event of the call has userData "bind-data"
    And the CDR of the call has userData "bind-data"

  @id:calls-routing_ax-09 @AX-501 @unconfirmed
  Scenario: AX CDRs carry serviceType "003"
    Given an AX binding "b" of A on X
    When C calls X
    Then the CDR of the call has serviceType "003"

  @id:calls-routing_ax-10 @AX-504 @AX-010 @HANG-068 @TEAR-021 @unconfirmed
  Scenario: A call to an X without AX binding is refused
    Given an AX binding "b" of A on X
    And the AX app has unbound binding "b"
    When C calls X
    Then the call is not connected
    And the call ends with cause 8018
    And the CDR of the call gives teardown point 7104
    And the CDR of the call names no binding

  @id:calls-routing_ax-11 @AX-008 @HANG-069 @needs-fixed-line @unconfirmed
  Scenario: A fixed-line A cannot call out through X
    Given A is a fixed-line number
    And an AX binding "b" of A on X
    When the AX app sets B as temporary callee of binding "b"
    And A calls X
    Then the call is not connected
    And the call ends with cause 8023

  @id:calls-routing_ax-12 @AX-031 @HANG-057 @GEN-108 @unconfirmed
  Scenario: maxDuration 1 ends an answered AX call after one minute
    Given an AX binding "b" of A on X with maxDuration 1
    When C calls X and the call goes on
    And 1 minute and 1 second pass
    Then the call ends with cause 8010

  @id:calls-routing_ax-13 @AX-037 @unconfirmed
  Scenario: With callDirection 1 another number calling X is not connected
    Given an AX binding "b" of A on X with callDirection 1
    When C calls X
    Then the call is not connected
    And the call ends with cause 8016

  @id:calls-routing_ax-14 @AX-037 @unconfirmed
  Scenario: With callDirection 2 A calling X is not connected
    Given an AX binding "b" of A on X with callDirection 2
    When the AX app sets B as temporary callee of binding "b"
    And A calls X
    Then the call is not connected
    And the call ends with cause 8016

  @id:calls-routing_ax-15 @AX-109
  Scenario: Unbinding during a call lets the call go on, and later calls to X are refused
    Given an AX binding "b" of A on X
    When C calls X and the call goes on
    And the AX app unbinds binding "b"
    Then the call is still going on
    When D calls X
    Then the call is not connected
    And the call ends with cause 8018

  @id:calls-routing_ax-16 @AX-202 @unconfirmed
  Scenario: A maxDuration set by modify ends later calls when it runs out
    Given an AX binding "b" of A on X
    When the AX app modifies binding "b" with maxDuration 5
    And C calls X and the call goes on
    And 5 minutes and 1 second pass
    Then the call ends with cause 8010

  @id:calls-routing_ax-17 @AX-008 @needs-fixed-line @unconfirmed
  Scenario: A fixed-line A is still reached through X
    Given A is a fixed-line number
    And an AX binding "b" of A on X
    When C calls X
    Then the call reaches A showing X

  @id:calls-routing_ax-18 @AX-033
  Scenario: A call of a binding made without recordFlag is not recorded
    Given an AX binding "b" of A on X
    When C calls X and they talk 30 seconds
    Then the CDR of the call names no recording

  @id:calls-routing_ax-20 @AX-206 @unconfirmed
  Scenario: After a modify to a new origNum, a call to X reaches the new A
    Given an AX binding "b" of A on X
    When the AX app modifies binding "b" with origNum B
    And C calls X
    Then the call reaches B showing X

  @id:calls-routing_ax-21 @AX-402
  Scenario: A temporary callee set without duration lasts 60 seconds
    Given an AX binding "b" of A on X
    When the AX app sets B as temporary callee of binding "b"
    And 1 minute and 1 second pass
    And A calls X
    Then the call is not connected
    And the call ends with cause 8013

  @id:calls-routing_ax-22 @AX-501 @unconfirmed
  Scenario: A's answered call to the temporary callee is reported in full
    Given an AX binding "b" of A on X
    When the AX app sets B as temporary callee of binding "b"
    And A calls X and they talk 30 seconds
    Then the call's events are callin, callout, alerting, answer and disconnect
    And the call reaches B showing X
    And the CDR of the call has serviceType "003" and callerNum A
    And the CDR of the call names binding "b"
