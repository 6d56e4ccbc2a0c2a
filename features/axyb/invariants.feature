@axyb
Feature: AXYB invariants (random call sequences against a model)
  Hypothesis draws random sequences of AXYB step-1 and step-2 binds, unbinds (whole binding, or
  one YB part by its Y or its B), queries and, with test hooks, clock advances, on the AXYB
  app's pool and five fresh user numbers. Every answer is compared with an independent model
  (pnconform.oracle): an X serves one A, one A holds a limited number of X, a Y serves several
  AX bindings but each only once and at most the target's relations-per-Y limit, an accepted
  bind hands out only a number the rules allow, not found is 1016001 (D-7), and the
  subscriptionId wins in a query. After every call that changes state, the touched bindings
  are queried by subscriptionId and by X and must list the model's numA, numX, numY and numB.
  With the clock, an expired AX part takes its YB parts along and an expired YB part leaves the
  AX part. A failure lists the calls of the failing sequence, ready to replay against a clean
  target. The budget is the target's `hypothesis` setting.

  @id:axyb-invariants-01 @invariants
  @AXYB-002 @AXYB-003 @AXYB-004 @AXYB-005 @AXYB-006 @AXYB-007 @AXYB-008
  @AXYB-017 @AXYB-018 @AXYB-019 @AXYB-020
  Scenario: Random AXYB binding sequences keep the X and Y limits and agree with the model
    Given the target's Hypothesis budget for the AXYB invariants
    When random sequences of AXYB bind, unbind and query calls run against the target
    Then every AXYB response and listing matched the model

  @id:axyb-invariants-02 @invariants @needs-hooks
  @AXYB-013 @AXYB-014
  @AXYB-002 @AXYB-003 @AXYB-004 @AXYB-005 @AXYB-006 @AXYB-007 @AXYB-008
  @AXYB-017 @AXYB-018 @AXYB-019 @AXYB-020
  Scenario: Random AXYB sequences with clock advances expire as the model says
    Given the target's Hypothesis budget for the AXYB invariants
    When random sequences of AXYB calls and clock advances run against the target, watched through the test hooks
    Then every AXYB response and listing matched the model
