@axe
Feature: AXE unbind (DeleteAXEBinding)
  An AXE app releases a binding by its subscriptionId, or by its X (virtualNum) together
  with its extension (extendNum); the subscriptionId wins when both are sent. A binding that
  is not found answers 1016001 (30-axe-axyb-x §A.4, decision D-7).

  @id:axe-unbind-01 @AXE-015 @CODE-0
  Scenario: A binding is released by its subscriptionId
    Given an AXE binding "first" of A on X
    When the AXE app unbinds binding "first"
    Then the request succeeds
    And the AXE binding "first" no longer exists

  @id:axe-unbind-02 @AXE-015
  Scenario: The extension of a released binding is free again
    Given an AXE binding "first" of A on X
    And the AXE app has unbound binding "first"
    When the AXE app binds B to X choosing the extension of AXE binding "first"
    Then the request succeeds

  @id:axe-unbind-03 @AXE-016 @NUM-003
  Scenario: A binding is released by its X and extension
    Given an AXE binding "first" of A on X
    When the AXE app unbinds binding "first" by its X and extension
    Then the request succeeds
    And the request escaped the plus of X as %2B
    And the AXE binding "first" no longer exists

  @id:axe-unbind-04 @AXE-016 @CODE-1010002
  Scenario Outline: An unbind naming only half of the X and extension is refused
    Given an AXE binding "first" of A on X
    When the AXE app unbinds binding "first" naming only its <part>
    Then the request is refused with 1010002
    And the AXE binding "first" still exists

    Examples:
      | part      |
      | X         |
      | extension |

  @id:axe-unbind-05 @AXE-017 @GEN-111
  Scenario: The subscriptionId wins over the X and extension in an unbind
    Given an AXE binding "first" of A on X1
    And an AXE binding "second" of B on X2
    When the AXE app unbinds binding "first" naming the X and extension of binding "second"
    Then the request succeeds
    And the AXE binding "first" no longer exists
    And the AXE binding "second" still exists

  @id:axe-unbind-06 @AXE-018 @CODE-1016001
  Scenario: A binding is released only once
    Given an AXE binding "first" of A on X
    And the AXE app has unbound binding "first"
    When the AXE app unbinds binding "first" again
    Then the request is refused with 1016001
    And the answer's description reads "The record does not exist."

  @id:axe-unbind-07 @AXE-018 @CODE-1016001
  Scenario: An unknown subscriptionId is not unbound
    When the AXE app unbinds an unknown binding
    Then the request is refused with 1016001

  @id:axe-unbind-08 @AXE-018 @CODE-1016001
  Scenario: A binding of another app is not unbound
    Given an AX binding "other" of B on X3
    When the AXE app unbinds the AX binding "other"
    Then the request is refused with 1016001
    And the AX binding "other" still exists

  @id:axe-unbind-09 @AXE-018 @CODE-1016001
  Scenario: A released binding is not found by its X and extension
    Given an AXE binding "first" of A on X
    And the AXE app has unbound binding "first"
    When the AXE app unbinds binding "first" by its X and extension
    Then the request is refused with 1016001

  @id:axe-unbind-10 @NUM-003 @CODE-1016001
  Scenario: An X sent with an unescaped plus is not found
    Given an AXE binding "first" of A on X
    When the AXE app unbinds binding "first" by its X and extension with an unescaped plus
    Then the request is refused with 1016001
    And the AXE binding "first" still exists
