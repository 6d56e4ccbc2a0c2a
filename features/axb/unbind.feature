@axb
Feature: AXB unbind (DeleteAXBBinding)
  An AXB app releases one binding by its subscriptionId, or every binding of one X by its
  relationNum; the subscriptionId wins when both are sent (10-axb §2).

  @id:axb-unbind-01 @AXB-040 @AXB-107 @CODE-0
  Scenario: A binding is released by its subscriptionId
    Given an AXB binding "first" of A and B on X
    When the app unbinds binding "first"
    Then the request succeeds
    And the binding "first" no longer exists

  @id:axb-unbind-02 @AXB-041 @GEN-112
  Scenario: Unbinding an X releases every pair on it
    Given an AXB binding "first" of A and B on X
    And an AXB binding "second" of C and D on X
    When the app unbinds X
    Then the request succeeds
    And the binding "first" no longer exists
    And the binding "second" no longer exists
    And X carries no bindings

  @id:axb-unbind-03 @AXB-042 @GEN-111
  Scenario: The subscriptionId wins over the relationNum in an unbind
    Given an AXB binding "first" of A and B on X
    And an AXB binding "second" of C and D on X
    When the app unbinds binding "first" naming X
    Then the request succeeds
    And the binding "first" no longer exists
    And X still carries only the binding "second"

  @id:axb-unbind-04 @AXB-043 @CODE-1012007
  Scenario: An unknown subscriptionId is not unbound
    When the app unbinds an unknown binding
    Then the request is refused with 1012007

  @id:axb-unbind-05 @AXB-044 @AXB-040 @CODE-1012007
  Scenario: A binding is released only once
    Given an AXB binding "first" of A and B on X
    And the app has unbound binding "first"
    When the app unbinds binding "first" again
    Then the request is refused with 1012007

  @id:axb-unbind-06 @AXB-043 @AXB-025 @GEN-107 @CODE-1012007 @needs-hooks
  Scenario: An expired binding is not unbound
    Given an AXB binding "first" of A and B on X with duration 60
    When 61 seconds pass
    And the app unbinds binding "first"
    Then the request is refused with 1012007

  @id:axb-unbind-07 @AXB-045 @GEN-102 @CODE-1012001
  Scenario: An X of another app is not unbound
    Given X is a number of an app of another mode
    When the app unbinds X
    Then the request is refused with 1012001

  @id:axb-unbind-08 @AXB-046 @unconfirmed
  Scenario: An unbind naming neither a binding nor an X is refused
    Given an AXB binding "first" of A and B on X
    When the app unbinds without naming a binding or an X
    Then the request is refused with 1012001 or 1010002
    And the binding "first" still exists

  @id:axb-unbind-09 @AXB-048 @GEN-114
  Scenario: An X is bound again after an unbind, as often as wanted
    Given an AXB binding "first" of A and B on X
    When the app releases the binding of A on X and binds A there anew, 3 times over
    Then every one of these requests succeeds
    And X carries only the last binding

  @id:axb-unbind-10 @AXB-108 @GEN-101 @CODE-1010040
  Scenario: An app of another mode may not unbind
    Given an AXB binding "first" of A and B on X
    When an app of another mode unbinds binding "first"
    Then the request is refused with 1010040
    And the binding "first" still exists
