Feature: Call routing invariants (random binds and calls against an oracle, per mode)
  Hypothesis draws random sequences of binds, unbinds and each mode's own changes, moves the
  target's clock so that lifetimes run out, and places simulated calls through the test hooks'
  call simulator (the callee answers) on two X numbers of the mode's app, five fresh user numbers
  and one fresh number that is never bound. Each call is checked against an independent oracle of
  the mode's routing rules (pnconform.oracle.{axb,ax,axe,axyb}.routing): the routing answer, the events and the CDR name exactly the callee the oracle
  says, showing the number it says, with the binding's subscriptionId and userData, or the call
  is not connected and ends with the oracle's hang-up cause; the call yields one event sequence
  in the documented order and one CDR with its sessionId; and the receiver's validators found no
  problem in the call's pushes. The budget is the target's `hypothesis` setting, capped at 15
  examples of 12 steps per mode (each call costs a push flush and two receiver waits).

  @id:calls-invariants-01 @axb @invariants @needs-hooks @needs-calls
  @AXB-080 @AXB-081 @AXB-082 @AXB-083 @AXB-084 @AXB-054 @AXB-085 @AXB-100 @AXB-103 @AXB-104 @AXB-105 @AXB-107
  @HANG-001 @HANG-012 @HANG-013 @EVT-011 @EVT-030 @EVT-040 @EVT-042 @CDR-005 @CDR-021 @CDR-031 @CDR-032
  Scenario: Random AXB binds, unbinds and calls route every call as the oracle says
    Given the target's Hypothesis budget for AXB
    When random sequences of AXB binds, unbinds, direction changes and calls through X run against the target
    Then every response matched the model

  @id:calls-invariants-02 @ax @invariants @needs-hooks @needs-calls
  @AX-001 @AX-002 @AX-003 @AX-010 @AX-037 @AX-401 @AX-402 @AX-403 @AX-410 @AX-412 @AX-501 @AX-502 @AX-503 @AX-504
  @HANG-001 @EVT-011 @EVT-030 @EVT-040 @EVT-042 @CDR-005 @CDR-021 @CDR-031 @CDR-032
  Scenario: Random AX binds, temporary callees and calls route every call as the oracle says
    Given the target's Hypothesis budget for the AX invariants
    When random sequences of AX binds, unbinds, temporary callees, clock moves and calls run against the target
    Then every response matched the model

  @id:calls-invariants-03 @axe @invariants @needs-hooks @needs-calls
  @AXE-013 @AXE-014 @AXE-023 @AXE-024 @AXE-026 @AXE-028 @AXE-029 @AXE-030 @AXE-031 @AXE-032 @AXE-033
  @HANG-001 @EVT-011 @EVT-030 @EVT-041 @EVT-042 @CDR-005 @CDR-021 @CDR-031 @CDR-032
  Scenario: Random AXE binds and calls with right, wrong and missing extensions route as the oracle says
    Given the target's Hypothesis budget for the AXE invariants
    When random sequences of AXE binds, unbinds, clock moves and calls through X with extensions run against the target
    Then every response matched the model

  @id:calls-invariants-04 @axyb @invariants @needs-hooks @needs-calls
  @AXYB-009 @AXYB-010 @AXYB-011 @AXYB-012 @AXYB-013 @AXYB-014 @AXYB-015 @AXYB-017 @AXYB-018 @AXYB-021
  @HANG-001 @EVT-011 @EVT-030 @EVT-040 @EVT-042 @CDR-005 @CDR-021 @CDR-031 @CDR-032
  Scenario: Random AXYB binds and calls through X and Y route every call as the oracle says
    Given the target's Hypothesis budget for the AXYB invariants
    When random sequences of AXYB binds, unbinds, clock moves and calls through X and Y run against the target
    Then every response matched the model
