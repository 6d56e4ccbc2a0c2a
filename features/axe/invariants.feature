@axe
Feature: AXE invariants (random call sequences against a model)
  Hypothesis draws random sequences of AXE bind, unbind, modify and query calls on up to three
  X numbers of the AXE app and ten fresh user numbers. Binds let the target pick the extension,
  choose a free one or one that is taken, bind the same A again, and fill an X to its last
  extension and ask for one more (when the app's extensions have one digit). Every answer is
  compared with an independent model of the bindings (pnconform.oracle): an extension is never
  given twice on one X (1020167 for a taken one), an X holds 10^L - 1 bindings, a chosen
  extension is given as chosen and an assigned one is free and of the app's length, the same A
  gets one extension per X (D-12), not found is 1016001 (D-7), and the subscriptionId wins over
  X and extension. After every call that changes state, each touched X is read back extension
  by extension and must show the model's bindings with the model's fields. With test hooks the
  clock moves too: bindings with a lifetime expire on time, the others stay, and the hooks'
  list of the app's bindings must be the model's. A failure lists the calls of the failing
  sequence, ready to replay against a clean target. The budget is the target's `hypothesis`
  setting.

  @id:axe-invariants-01 @invariants
  @AXE-001 @AXE-002 @AXE-003 @AXE-004 @AXE-006 @AXE-007 @CODE-1020167 @CODE-1013102
  @AXE-015 @AXE-016 @AXE-017 @AXE-018 @AXE-019 @AXE-021 @GEN-102
  Scenario: Random AXE binding sequences never give an extension twice and agree with the model
    Given the target's Hypothesis budget for the AXE invariants
    When random sequences of AXE bind, unbind, modify and query calls run against the target
    Then every AXE response and read-back matched the model

  @id:axe-invariants-02 @invariants @needs-hooks
  @AXE-013 @AXE-014
  @AXE-001 @AXE-002 @AXE-003 @AXE-004 @AXE-006 @AXE-007 @CODE-1020167 @CODE-1013102
  @AXE-015 @AXE-016 @AXE-017 @AXE-018 @AXE-019 @AXE-021 @GEN-102
  Scenario: Random AXE sequences with clock advances expire bindings as the model says
    Given the target's Hypothesis budget for the AXE invariants
    When random sequences of AXE calls and clock advances run against the target, watched through the test hooks
    Then every AXE response and read-back matched the model
