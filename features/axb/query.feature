@axb
Feature: AXB query (QueryAXBBinding)
  An AXB app looks up one binding by its subscriptionId, or the bindings of one X (paged,
  optionally narrowed by callerNum / calleeNum); the subscriptionId wins (10-axb §4).

  @id:axb-query-01 @AXB-060 @CODE-0
  Scenario: A binding is found by its subscriptionId with the values it was bound with
    Given an AXB binding "first" of A and B on X with callDirection 1 and duration 3600 and maxDuration 30
    When the app queries binding "first"
    Then the request succeeds
    And the answer lists exactly the binding "first"
    And the listed binding "first" shows the values it was bound with

  @id:axb-query-02 @AXB-061
  Scenario: A query of X lists every binding on it
    Given X carries 3 bindings
    When the app queries X
    Then the request succeeds
    And the answer lists exactly the bindings made on X

  @id:axb-query-03 @AXB-061 @unconfirmed
  Scenario: A query of X reports the total number of its bindings
    Given X carries 3 bindings
    When the app queries X
    Then the request succeeds
    And the answer reports a total of 3 bindings

  @id:axb-query-04 @AXB-062 @GEN-111
  Scenario: The subscriptionId wins over the relationNum in a query
    Given X1 and X2 are two numbers of the app
    And an AXB binding "first" of A and B on X1
    And an AXB binding "second" of C and D on X2
    When the app queries binding "first" naming X2
    Then the request succeeds
    And the answer lists exactly the binding "first"

  @id:axb-query-05 @AXB-063
  Scenario Outline: Number filters narrow a query of X to one pair
    Given an AXB binding "first" of A and B on X
    And an AXB binding "second" of C and D on X
    When the app queries X with <filters>
    Then the request succeeds
    And the answer lists exactly the binding "<expected>"

    Examples:
      | filters                     | expected |
      | callerNum A                 | first    |
      | calleeNum D                 | second   |
      | callerNum A and calleeNum B | first    |

  @id:axb-query-06 @AXB-064 @unconfirmed
  Scenario: A callerNum alone is not a valid lookup
    Given an AXB binding "first" of A and B on X
    When the app queries with callerNum A
    Then the request is refused with 1010002 or 1012007

  @id:axb-query-07 @AXB-065
  Scenario: Without paging parameters the first page of 50 is returned
    Given X carries 11 bindings
    When the app queries X
    Then the request succeeds
    And the answer lists 11 bindings
    And the answer is page 1 with a page size of 50

  @id:axb-query-18 @AXB-065 @needs-fill
  Scenario: Without paging parameters only the first 50 bindings of a fuller X are returned
    Given X carries 60 bindings
    When the app queries X
    Then the request succeeds
    And the answer lists 50 bindings
    And the answer is page 1 with a page size of 50

  @id:axb-query-08 @AXB-066
  Scenario Outline: A page size outside 10..100 is taken as 50
    Given X carries 11 bindings
    When the app queries X with pageSize <size>
    Then the request succeeds
    And the answer lists 11 bindings
    And the answer is page 1 with a page size of 50

    Examples:
      | size |
      | 5    |
      | 9    |
      | 101  |

  @id:axb-query-09 @AXB-066
  Scenario Outline: A query of X is cut into pages
    Given X carries 11 bindings
    When the app queries X with pageSize <size> and pageIndex <index>
    Then the request succeeds
    And the answer lists <count> bindings
    And the answer is page <index> with a page size of <size>

    Examples:
      | size | index | count |
      | 10   | 1     | 10    |
      | 10   | 2     | 1     |
      | 100  | 1     | 11    |

  @id:axb-query-10 @AXB-066
  Scenario: The pages of a query of X together list every binding once
    Given X carries 11 bindings
    When the app queries X page by page with pageSize 10
    Then the pages list exactly the bindings made on X

  @id:axb-query-11 @AXB-067 @CODE-1012007
  Scenario: An unknown subscriptionId is not found
    When the app queries an unknown binding
    Then the request is refused with 1012007

  @id:axb-query-12 @AXB-068
  Scenario: A binding that is not recorded has no recordHintTone
    Given an AXB binding "first" of A and B on X with recordFlag false
    When the app queries binding "first"
    Then the request succeeds
    And the listed binding "first" has no recordHintTone

  @id:axb-query-13 @AXB-068
  Scenario: A recorded binding shows its recordHintTone
    Given an AXB binding "first" of A and B on X with recordFlag true and recordHintTone the approved tone
    When the app queries binding "first"
    Then the request succeeds
    And the listed binding "first" shows recordHintTone the approved tone

  @id:axb-query-14 @AXB-069 @unconfirmed @needs-hooks
  Scenario: The subscribeTime of a modified binding is the time of the modification
    Given an AXB binding "first" of A and B on X
    And 3600 seconds pass
    And the app has modified binding "first" with maxDuration 10
    When the app queries binding "first"
    Then the request succeeds
    And the listed binding "first" shows a subscribeTime of the current emulator time

  @id:axb-query-15 @AXB-025 @GEN-107 @needs-hooks
  Scenario: An expired binding is not listed on its X
    Given an AXB binding "first" of A and B on X with duration 60
    And an AXB binding "second" of C and D on X
    When 61 seconds pass
    And the app queries X
    Then the request succeeds
    And the answer lists exactly the binding "second"

  @id:axb-query-16 @GEN-102 @CODE-1012001
  Scenario: The bindings of an X of another app are not shown
    Given X is a number of an app of another mode
    When the app queries X
    Then the request is refused with 1012001

  @id:axb-query-17 @AXB-108 @GEN-101 @CODE-1010040
  Scenario: An app of another mode may not query
    Given an AXB binding "first" of A and B on X
    When an app of another mode queries binding "first"
    Then the request is refused with 1010040
