@axb
Feature: AXB call routing invariants (random binds and calls against an oracle)
  Hypothesis draws random sequences of AXB binds (with a random callDirection, half of them with
  userData), unbinds, callDirection changes and calls through X on two X numbers of the app, five
  fresh user numbers and one fresh number that is never bound. Each call is placed through the
  test hooks' call simulator (the callee answers) and checked against an independent oracle of
  AXB routing (pnconform.oracle.routing_model): the routing answer, the events and the CDR name
  exactly the callee the oracle says, showing X, with the binding's subscriptionId and userData,
  or the call is not connected and ends with the oracle's cause (8014 without a binding for the
  caller on that X, 8016 or 8057 when callDirection forbids it); the call yields one event
  sequence in the documented order and one CDR with its sessionId; and the receiver's validators
  found no problem in the call's pushes. The budget is the target's `hypothesis` setting, capped
  at 25 examples of 15 steps (each call costs a push flush and two receiver waits).

  @invariants @needs-hooks @needs-calls
  @AXB-080 @AXB-081 @AXB-082 @AXB-083 @AXB-084 @AXB-054 @AXB-085 @AXB-100 @AXB-104 @AXB-105 @AXB-107
  @HANG-001 @HANG-012 @HANG-013 @EVT-011 @EVT-030 @EVT-040 @EVT-042 @CDR-005 @CDR-021 @CDR-031 @CDR-032
  Scenario: Random AXB binds, unbinds and calls route every call as the oracle says
    Given the target's Hypothesis budget for AXB
    When random sequences of AXB binds, unbinds, direction changes and calls through X run against the target
    Then every response matched the model
