@axe
Feature: AXE query (QueryAXEBinding v1.0 and v2.0)
  An AXE app looks one binding up by subscriptionId, or by X and extension; the
  subscriptionId wins. The v2.0 query also lists every binding of one X page by page with a
  cursor. A binding that is not found answers 1016001 (30-axe-axyb-x §A.6, decision D-7).

  @id:axe-query-01 @AXE-021
  Scenario: A query by subscriptionId shows the binding with its bind-time values
    Given an AXE binding "first" of A on X with recordFlag "true" and callbackNum B and timeUnit "1" and bindExpiredTime 30 and callbackExpiredTime 10 and userData "u1"
    When the AXE app queries binding "first"
    Then the request succeeds
    And the AXE answer shows binding "first" with the values it was bound with

  @id:axe-query-02 @AXE-021 @NUM-003
  Scenario: A query by X and extension shows the binding with its bind-time values
    Given an AXE binding "first" of A on X with callbackTone the approved tone and displayNumMode "0"
    When the AXE app queries binding "first" by its X and extension
    Then the request succeeds
    And the request escaped the plus of X as %2B
    And the AXE answer shows binding "first" with the values it was bound with

  @id:axe-query-03 @AXE-017 @GEN-111
  Scenario: The subscriptionId wins over the X and extension in a query
    Given an AXE binding "first" of A on X1
    And an AXE binding "second" of B on X2
    When the AXE app queries binding "first" naming the X and extension of binding "second"
    Then the request succeeds
    And the AXE answer is the binding "first"

  @id:axe-query-04 @AXE-007
  Scenario: Each A on one X is found behind its own extension
    Given an AXE binding "first" of A on X
    And an AXE binding "second" of B on X
    When the AXE app queries binding "second" by its X and extension
    Then the request succeeds
    And the AXE answer is the binding "second"
    And the AXE bindings of the scenario on each X have different extensions

  @id:axe-query-05 @CODE-1010002
  Scenario Outline: A query naming only half of the X and extension is refused
    Given an AXE binding "first" of A on X
    When the AXE app queries binding "first" naming only its <part>
    Then the request is refused with 1010002

    Examples:
      | part      |
      | X         |
      | extension |

  @id:axe-query-06 @CODE-1010002
  Scenario: A query without parameters is refused
    When the AXE app queries without parameters
    Then the request is refused with 1010002

  @id:axe-query-07 @AXE-018 @CODE-1016001
  Scenario: An unknown binding is not found
    When the AXE app queries an unknown binding
    Then the request is refused with 1016001

  @id:axe-query-08 @AXE-018 @CODE-1016001
  Scenario: A released binding is not found
    Given an AXE binding "first" of A on X
    And the AXE app has unbound binding "first"
    When the AXE app queries binding "first" by its X and extension
    Then the request is refused with 1016001

  @id:axe-query-09 @AXE-022 @unconfirmed
  Scenario: The v2.0 query lists every binding of an X once, page by page
    Given 7 AXE bindings on X
    When the AXE app pages through the bindings of X with the v2 query, 3 at a time
    Then every AXE binding of the scenario on that X was listed exactly once

  @id:axe-query-10 @AXE-022 @CODE-1010002 @unconfirmed
  Scenario Outline: A malformed v2.0 cursor is refused
    Given an AXE binding "first" of A on X
    When the AXE app queries X with the v2 query and cursor "<cursor>"
    Then the request is refused with 1010002

    Examples:
      | cursor            |
      | 123_4             |
      | 0000000000000-0   |
      | abcdefghijklm_0   |
