@axb
Feature: AXB invariants (random call sequences against a model)
  Hypothesis draws random sequences of AXB bind, unbind, modify and query calls on two or three
  X numbers of the app and six fresh user numbers, so that user numbers collide on one X often.
  Every answer is compared with an independent model of the bindings (pnconform.oracle), and
  after every call that may change state each touched X is listed and compared with the model:
  the same pairs with the same fields, and no user number twice on one X. A failure lists the
  calls of the failing sequence, ready to replay against a clean target. The budget is the
  target's `hypothesis` setting (max_examples, stateful_step_count).

  @id:axb-invariants-01 @invariants
  @AXB-004 @AXB-005 @AXB-006 @AXB-007 @AXB-008 @AXB-009 @AXB-011 @AXB-106 @GEN-102 @GEN-113
  @AXB-040 @AXB-041 @AXB-042 @AXB-043 @AXB-044 @AXB-045 @AXB-048 @GEN-111 @GEN-112
  @AXB-055 @AXB-056 @AXB-057 @AXB-060 @AXB-061 @AXB-062 @AXB-063 @AXB-067
  Scenario: Random AXB binding sequences keep the no-overlap rule and agree with the model
    Given the target's Hypothesis budget for AXB
    When random sequences of AXB bind, unbind, modify and query calls run against the target
    Then every response matched the model

  @id:axb-invariants-02 @invariants @needs-hooks
  @AXB-025 @AXB-050 @AXB-051 @AXB-052 @GEN-107
  @AXB-004 @AXB-005 @AXB-006 @AXB-007 @AXB-008 @AXB-009 @AXB-011 @AXB-106 @GEN-102 @GEN-113
  @AXB-040 @AXB-041 @AXB-042 @AXB-043 @AXB-044 @AXB-045 @AXB-048 @GEN-111 @GEN-112
  @AXB-055 @AXB-056 @AXB-057 @AXB-060 @AXB-061 @AXB-062 @AXB-063 @AXB-067
  Scenario: Random AXB binding sequences with clock advances expire bindings as the model says
    Given the target's Hypothesis budget for AXB
    When random sequences of AXB calls and clock advances run against the target
    Then every response matched the model

  @id:axb-invariants-03 @invariants @needs-fill
  @AXB-010 @AXB-109
  @AXB-004 @AXB-005 @AXB-006 @AXB-007 @AXB-008 @AXB-009 @AXB-011 @AXB-106 @GEN-102 @GEN-113
  @AXB-040 @AXB-041 @AXB-042 @AXB-043 @AXB-044 @AXB-045 @AXB-048 @GEN-111 @GEN-112
  @AXB-055 @AXB-056 @AXB-057 @AXB-060 @AXB-061 @AXB-062 @AXB-063 @AXB-067
  Scenario: Random AXB binding sequences on an X one pair below its limit agree with the model
    Given the target's Hypothesis budget for AXB
    And an X of the AXB app filled up to one pair below its pair limit
    When random sequences of AXB bind, unbind, modify and query calls run against the target
    Then every response matched the model
