@axb
Feature: AXB modify (ModifyAXBBinding)
  An AXB app changes the numbers, direction, lifetime and call options of a binding it
  names by subscriptionId; what it does not send stays as it was. A new duration counts
  from the modification (10-axb §3).

  @id:axb-modify-01 @AXB-055 @CODE-0
  Scenario: Changing B leaves every other field as it was
    Given an AXB binding "first" of A and B on X with callDirection 0 and duration 3600 and maxDuration 30
    When the app modifies binding "first" with calleeNum C
    Then the request succeeds
    And the binding "first" shows calleeNum C
    And the binding "first" is otherwise unchanged

  @id:axb-modify-02 @AXB-054
  Scenario: The call direction of a binding is changed
    Given an AXB binding "first" of A and B on X with callDirection 0
    When the app modifies binding "first" with callDirection 1
    Then the request succeeds
    And the binding "first" shows callDirection 1
    And the binding "first" is otherwise unchanged

  @id:axb-modify-03 @AXB-056 @CODE-1012010
  Scenario Outline: A modify does not put a number on X twice
    Given an AXB binding "first" of A and B on X
    And an AXB binding "second" of C and D on X
    When the app modifies binding "first" with <field> <number>
    Then the request is refused as a duplicate binding
    And the binding "first" shows <field> <old>

    Examples:
      | field     | number | old |
      | calleeNum | C      | B   |
      | callerNum | D      | A   |

  @id:axb-modify-04 @AXB-050 @GEN-107 @needs-hooks
  Scenario: A modified duration counts from the modification
    Given an AXB binding "first" of A and B on X with duration 600
    And 300 seconds pass
    When the app modifies binding "first" with duration 600
    Then the request succeeds
    And the binding "first" still exists 400 seconds later
    And the binding "first" no longer exists 201 seconds later

  @id:axb-modify-05 @AXB-051 @GEN-107 @needs-hooks
  Scenario: A permanent binding given a duration expires after it
    Given an AXB binding "first" of A and B on X
    When the app modifies binding "first" with duration 120
    Then the request succeeds
    And the binding "first" still exists 100 seconds later
    And the binding "first" no longer exists 21 seconds later

  @id:axb-modify-06 @AXB-052 @GEN-107 @needs-hooks
  Scenario: A duration modified to 0 makes a binding permanent
    Given an AXB binding "first" of A and B on X with duration 3600
    When the app modifies binding "first" with duration 0
    Then the request succeeds
    And the binding "first" still exists 7776001 seconds later

  @id:axb-modify-07 @AXB-053 @CODE-1010002 @unconfirmed
  Scenario Outline: A modified duration outside 0..7776000 seconds is refused
    Given an AXB binding "first" of A and B on X with duration 3600
    When the app modifies binding "first" with duration <value>
    Then the request is refused with 1010002
    And the binding "first" shows duration 3600

    Examples:
      | value   |
      | 7776001 |
      | -1      |

  @id:axb-modify-08 @AXB-057 @CODE-1012007
  Scenario: An unknown binding is not modified
    When the app modifies an unknown binding with calleeNum C
    Then the request is refused with 1012007

  @id:axb-modify-09 @AXB-057 @AXB-025 @CODE-1012007 @needs-hooks
  Scenario: An expired binding is not modified
    Given an AXB binding "first" of A and B on X with duration 60
    When 61 seconds pass
    And the app modifies binding "first" with calleeNum C
    Then the request is refused with 1012007

  @id:axb-modify-10 @AXB-058 @CODE-1010002 @unconfirmed
  Scenario: A modify without a subscriptionId is refused
    Given an AXB binding "first" of A and B on X
    When the app modifies without naming a binding, with calleeNum C
    Then the request is refused with 1010002
    And the binding "first" shows calleeNum B

  @id:axb-modify-11 @AXB-059 @unconfirmed
  Scenario: A modify does not move a binding to another X
    Given X1 and X2 are numbers of the app in different cities
    And an AXB binding "first" of A and B on X1
    When the app modifies binding "first" with relationNum X2 and areaCode the city of X2
    Then the request succeeds or is refused with 1010002
    And the binding "first" shows relationNum X1

  @id:axb-modify-12 @AXB-108 @GEN-101 @CODE-1010040
  Scenario: An app of another mode may not modify
    Given an AXB binding "first" of A and B on X
    When an app of another mode modifies binding "first" with calleeNum C
    Then the request is refused with 1010040
    And the binding "first" shows calleeNum B
