@common @axb
Feature: Number formats
  Numbers are written in global format: +86 and the mobile number, or +86, the area code
  without its trunk 0 and the local number. In a query string the + travels as %2B
  (00-common §4). The AXB interfaces carry these checks.

  @id:common-numbers-01 @NUM-001 @NUM-004 @AXB-003 @CODE-1010002
  Scenario Outline: A user number not in global format is refused
    When the app binds A and B on X giving <field> <form>
    Then the request is refused with 1010002
    And X carries no bindings

    Examples:
      | field     | form                       |
      | callerNum | in national format         |
      | callerNum | without the plus           |
      | callerNum | with a 0086 prefix         |
      | callerNum | with a space inside        |
      | callerNum | with a trunk 0 after +86   |
      | callerNum | padded to 32 characters    |
      | callerNum | cut to 3 characters        |
      | calleeNum | in national format         |
      | calleeNum | with a space inside        |
      | calleeNum | padded to 32 characters    |

  @id:common-numbers-02 @NUM-001 @NUM-004 @CODE-1010002
  Scenario Outline: An X not in global format is refused
    When the app binds A and B on X giving relationNum <form>
    Then the request is refused with 1010002 or 1012007
    And X carries no bindings

    Examples:
      | form                    |
      | in national format      |
      | with a space inside     |
      | padded to 32 characters |

  @id:common-numbers-03 @CODE-1010002
  Scenario Outline: A number a user cannot hold is not bound as A or B
    When the app binds A and B on X giving <field> <form>
    Then the request is refused with 1010002
    And X carries no bindings

    @NUM-006
    Examples: service numbers
      | field     | form                  |
      | callerNum | as a 400 number       |
      | callerNum | as a 95 number        |
      | calleeNum | as a 400 number       |

    @NUM-007
    Examples: numbers outside the mainland
      | field     | form                  |
      | callerNum | as a Hong Kong number |
      | calleeNum | as a US number        |

  @id:common-numbers-04 @NUM-002 @AXB-102 @needs-fixed-line
  Scenario Outline: A fixed-line number in global format is bound
    Given <party> is a fixed-line number
    When the app binds A and B on X
    Then the request succeeds

    Examples:
      | party |
      | A     |
      | B     |

  @id:common-numbers-05 @NUM-002 @CODE-1010002 @needs-fixed-line
  Scenario: A fixed-line number that keeps its trunk 0 is refused
    Given A is a fixed-line number
    When the app binds A and B on X giving callerNum with a trunk 0 after +86
    Then the request is refused with 1010002

  @id:common-numbers-06 @NUM-005
  Scenario: An X the platform picks is a mobile number in global format
    When the app binds A and B without naming an X or a city
    Then the request succeeds
    And the answer's relationNum is a mobile number in global format

  @id:common-numbers-07 @NUM-003
  Scenario: A query naming X with %2B finds its bindings
    Given an AXB binding "first" of A and B on X
    When the app queries X
    Then the request succeeds
    And the request escaped the plus of X as %2B
    And the answer lists exactly the binding "first"

  @id:common-numbers-08 @NUM-003 @AXB-045 @CODE-1012001
  Scenario: An unbind naming X with an unescaped plus does not reach X
    Given an AXB binding "first" of A and B on X
    When the app unbinds X with an unescaped plus
    Then the request is refused with 1012001
    And the binding "first" still exists

  @id:common-numbers-09 @NUM-003
  Scenario: A query naming X with an unescaped plus finds nothing
    Given an AXB binding "first" of A and B on X
    When the app queries X with an unescaped plus
    Then the request is refused with 1012001 or 1012007
