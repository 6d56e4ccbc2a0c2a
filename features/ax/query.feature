@ax
Feature: AX query (QueryAXBinding)
  An AX app looks bindings up by origNum, subscriptionId or privateNum. The subscriptionId
  wins over both numbers, and origNum wins over privateNum; a query that matches nothing
  answers 1016001 (20-ax §5, decision D-7).

  @id:ax-query-01 @AX-301
  Scenario: A query by A lists every X of that A
    Given an AX binding "first" of A on X1
    And an AX binding "second" of A on X2
    And an AX binding "third" of A on X3
    When the AX app queries with origNum A
    Then the request succeeds
    And the request escaped the plus of A as %2B
    And the answer lists exactly the AX bindings of A
    And every listed AX binding shows origNum A
    And every listed AX binding shows privateNumType "mobile-virtual"
    And every listed AX binding names a different X with a subscriptionId

  @id:ax-query-02 @AX-302
  Scenario: A query by subscriptionId lists exactly that binding
    Given an AX binding "first" of A on X1
    And an AX binding "second" of A on X2
    When the AX app queries binding "first"
    Then the request succeeds
    And the answer lists exactly the AX binding "first"
    And the listed AX binding "first" shows the numbers it was bound with

  @id:ax-query-03 @AX-303
  Scenario: A query by X lists the one binding of that X
    Given an AX binding "first" of A on X1
    And an AX binding "second" of A on X2
    When the AX app queries with privateNum X1
    Then the request succeeds
    And the answer lists exactly the AX binding "first"
    And the listed AX binding "first" shows the numbers it was bound with

  @id:ax-query-04 @AX-304
  Scenario Outline: The subscriptionId wins over the numbers in a query
    Given an AX binding "first" of A on X1
    And an AX binding "second" of B on X2
    When the AX app queries binding "first" together with <numbers>
    Then the request succeeds
    And the answer lists exactly the AX binding "first"

    Examples:
      | numbers                     |
      | origNum B                   |
      | privateNum X2               |
      | origNum B and privateNum X2 |

  @id:ax-query-05 @AX-304
  Scenario: The origNum wins over the privateNum in a query
    Given an AX binding "first" of A on X1
    And an AX binding "second" of B on X2
    When the AX app queries with origNum A and privateNum X2
    Then the request succeeds
    And the answer lists exactly the AX binding "first"

  @id:ax-query-06 @AX-305 @CODE-1010002 @unconfirmed
  Scenario: A query without parameters is refused
    When the AX app queries without parameters
    Then the request is refused with 1010002

  @id:ax-query-07 @AX-306
  Scenario: A binding made without calleeNumDisplay shows none
    Given an AX binding "first" of A on X
    When the AX app queries binding "first"
    Then the request succeeds
    And the listed AX binding "first" has no calleeNumDisplay

  @id:ax-query-08 @AX-307 @CODE-1016001
  Scenario: A query of an unknown binding answers "no record"
    When the AX app queries an unknown binding
    Then the request is refused with 1016001

  @id:ax-query-09 @AX-307 @CODE-1016001
  Scenario: A query of an A without bindings answers "no record"
    When the AX app queries with origNum A
    Then the request is refused with 1016001

  @id:ax-query-10 @AX-307 @CODE-1016001
  Scenario: A released binding is no longer found
    Given an AX binding "first" of A on X
    And the AX app has unbound binding "first"
    When the AX app queries binding "first"
    Then the request is refused with 1016001

  @id:ax-query-11 @AX-308 @needs-hooks @unconfirmed
  Scenario: The subscribeTime is the time of the bind
    Given an AX binding "first" of A on X
    When the AX app queries binding "first"
    Then the request succeeds
    And the listed AX binding "first" shows a subscribeTime of the current emulator time
