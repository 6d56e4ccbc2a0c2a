@ax
Feature: AX invariants (random call sequences against a model)
  Hypothesis draws random sequences of AX bind, unbind, modify, query and set-temporary-callee
  calls on the X numbers of the AX app (more than five) and five fresh user numbers, so that an
  X is often asked for by a second A, an A often asks for a sixth X, and identical re-binds
  happen. Every answer is compared with an independent model of the bindings (pnconform.oracle):
  one X carries one A (1011005), one A holds at most five X (1011003), an identical re-bind gets
  one of the target's duplicate codes (D-6), not found is 1016001 (D-7), an X of another app is
  1011001 (1011004 on unbind), and the selectors keep their precedence. After every call that
  changes state, each touched X is listed by privateNum and each touched A by origNum, and random
  queries by subscriptionId, origNum and privateNum must show the model's bindings with the
  model's fields. With test hooks the clock moves too, and the hooks' view of every binding and
  its temporary callee must match the model: a callee lasts its duration, a later set overwrites
  it, and bindings never expire. A failure lists the calls of the failing sequence, ready to
  replay against a clean target. The budget is the target's `hypothesis` setting.

  @id:ax-invariants-01 @invariants
  @AX-004 @AX-005 @AX-006 @AX-020 @AX-027 @AX-028 @AX-029 @GEN-102
  @AX-101 @AX-102 @AX-104 @AX-105 @AX-106 @AX-107
  @AX-201 @AX-202 @AX-204 @AX-206
  @AX-301 @AX-302 @AX-303 @AX-304 @AX-307 @AX-408 @AX-413
  Scenario: Random AX binding sequences keep one A per X and five X per A and agree with the model
    Given the target's Hypothesis budget for the AX invariants
    When random sequences of AX bind, unbind, modify, query and set-temporary-callee calls run against the target
    Then every AX response and listing matched the model

  @id:ax-invariants-02 @invariants @needs-hooks
  @AX-402 @AX-403 @AX-411 @AX-007
  @AX-004 @AX-005 @AX-006 @AX-020 @AX-027 @AX-028 @AX-029 @GEN-102
  @AX-101 @AX-102 @AX-104 @AX-105 @AX-106 @AX-107
  @AX-201 @AX-202 @AX-204 @AX-206
  @AX-301 @AX-302 @AX-303 @AX-304 @AX-307 @AX-408 @AX-413
  Scenario: Random AX sequences with clock advances keep temporary callees as the model says
    Given the target's Hypothesis budget for the AX invariants
    When random sequences of AX calls and clock advances run against the target, watched through the test hooks
    Then every AX response and listing matched the model
