@ax
Feature: AX unbind (DeleteAXBinding)
  An AX app releases a binding by its subscriptionId or by its X (privateNum); the
  subscriptionId wins when both are sent, and origNum is not evaluated (20-ax §3).

  @id:ax-unbind-01 @AX-101 @CODE-0
  Scenario: A binding is released by its subscriptionId
    Given an AX binding "first" of A on X
    When the AX app unbinds binding "first"
    Then the request succeeds
    And the AX binding "first" no longer exists
    And X is bound to no one

  @id:ax-unbind-02 @AX-102
  Scenario: A binding is released by its X
    Given an AX binding "first" of A on X
    When the AX app unbinds X
    Then the request succeeds
    And the request escaped the plus of X as %2B
    And the AX binding "first" no longer exists

  @id:ax-unbind-03 @AX-103 @CODE-1011004 @CODE-1010002
  Scenario: An unbind naming only the A is refused
    Given an AX binding "first" of A on X
    When the AX app unbinds by origNum A only
    Then the request is refused with 1011004 or 1010002
    And the AX binding "first" still exists

  @id:ax-unbind-04 @AX-104
  Scenario: The subscriptionId wins over the privateNum in an unbind
    Given an AX binding "first" of A on X1
    And an AX binding "second" of B on X2
    When the AX app unbinds binding "first" naming X2
    Then the request succeeds
    And the AX binding "first" no longer exists
    And the AX binding "second" still exists

  @id:ax-unbind-05 @AX-105
  Scenario: The origNum of an unbind is not evaluated
    Given an AX binding "first" of A on X
    When the AX app unbinds X naming origNum B
    Then the request succeeds
    And the AX binding "first" no longer exists

  @id:ax-unbind-06 @AX-106 @GEN-102 @CODE-1011004
  Scenario: An X of another app is not unbound
    Given X belongs to an app of another mode
    When the AX app unbinds X
    Then the request is refused with 1011004
    And the HTTP status is 403

  @id:ax-unbind-07 @AX-107 @CODE-1016001
  Scenario: A binding is released only once
    Given an AX binding "first" of A on X
    And the AX app has unbound binding "first"
    When the AX app unbinds binding "first" again
    Then the request is refused with 1016001

  @id:ax-unbind-08 @AX-107 @CODE-1016001
  Scenario: An unknown subscriptionId is not unbound
    When the AX app unbinds an unknown binding
    Then the request is refused with 1016001

  @id:ax-unbind-09 @AX-108 @NUM-003 @CODE-1011004
  Scenario: An X sent with an unescaped plus is not found
    Given an AX binding "first" of A on X
    When the AX app unbinds X with an unescaped plus
    Then the request is refused with 1011004
    And the AX binding "first" still exists

  # Last of the file: with an unbind that keeps the binding, X stays taken for the scenarios after it.
  @id:ax-unbind-10 @AX-101 @needs-hooks @needs-calls
  Scenario: After an unbind, a call to X no longer reaches A
    Given an AX binding "first" of A on X
    When the AX app unbinds binding "first"
    And C calls X
    Then the call is not connected
