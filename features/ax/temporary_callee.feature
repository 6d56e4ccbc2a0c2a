@ax
Feature: AX set temporary callee (SetAXTemporaryCallee)
  Before A calls out through X, the AX app names the real callee of that call for a binding
  it names by subscriptionId (or by origNum and privateNum). The relation lasts `duration`
  seconds (1..259200, default 60); setting it again overwrites it (20-ax §6, D-7, D-29).
  Which call the relation serves is a call-simulator matter, not checked here.

  @id:ax-temporary_callee-01 @AX-401 @CODE-0
  Scenario: A temporary callee is set by subscriptionId
    Given an AX binding "first" of A on X
    When the AX app sets B as temporary callee of binding "first"
    Then the request succeeds

  @id:ax-temporary_callee-02 @AX-401
  Scenario: A temporary callee is set by origNum and privateNum
    Given an AX binding "first" of A on X
    When the AX app sets B as temporary callee of A on X
    Then the request succeeds

  @id:ax-temporary_callee-03 @AX-403
  Scenario: A temporary callee is set again for the same binding
    Given an AX binding "first" of A on X
    When the AX app sets B as temporary callee of binding "first"
    And the AX app sets C as temporary callee of binding "first"
    Then the request succeeds

  @id:ax-temporary_callee-04 @AX-410
  Scenario: A temporary callee is set with userData
    Given an AX binding "first" of A on X
    When the AX app sets B as temporary callee of binding "first" with userData "u2"
    Then the request succeeds

  @id:ax-temporary_callee-05 @AX-405
  Scenario Outline: A duration at the edges of 1..259200 seconds is accepted
    Given an AX binding "first" of A on X
    When the AX app sets B as temporary callee of binding "first" with duration <value>
    Then the request succeeds

    Examples:
      | value  |
      | 1      |
      | 259200 |

  @id:ax-temporary_callee-06 @AX-405 @CODE-1010002
  Scenario Outline: A duration outside 1..259200 seconds is refused
    Given an AX binding "first" of A on X
    When the AX app sets B as temporary callee of binding "first" with duration <value>
    Then the request is refused with 1010002

    Examples:
      | value  |
      | 0      |
      | 259201 |
      | -5     |
      | "abc"  |
      | 1.5    |

  @id:ax-temporary_callee-07 @AX-404 @CODE-1010002 @unconfirmed
  Scenario: The A itself is not a temporary callee
    Given an AX binding "first" of A on X
    When the AX app sets A as temporary callee of binding "first" with origNum A
    Then the request is refused with 1010002

  @id:ax-temporary_callee-08 @AX-406 @CODE-1010002
  Scenario: A temporary callee request without calleeNum is refused
    Given an AX binding "first" of A on X
    When the AX app sets a temporary callee of binding "first" without calleeNum
    Then the request is refused with 1010002

  @id:ax-temporary_callee-09 @AX-407
  Scenario: A temporary callee request naming no binding is refused
    Given an AX binding "first" of A on X
    When the AX app sets B as temporary callee naming no binding
    Then the request is refused with 1010002

  @id:ax-temporary_callee-10 @AX-409 @CODE-1010002
  Scenario Outline: A userData with braces is refused
    Given an AX binding "first" of A on X
    When the AX app sets B as temporary callee of binding "first" with userData <value>
    Then the request is refused with 1010002

    Examples:
      | value       |
      | "a{b"       |
      | "a}b"       |
      | "{\"k\":1}" |

  @id:ax-temporary_callee-11 @AX-408 @CODE-1016001 @unconfirmed
  Scenario: A temporary callee is not set for an unknown binding
    When the AX app sets B as temporary callee of an unknown binding
    Then the request is refused with 1016001

  @id:ax-temporary_callee-12 @AX-408 @CODE-1016001 @unconfirmed
  Scenario: A temporary callee is not set for a released binding
    Given an AX binding "first" of A on X
    And the AX app has unbound binding "first"
    When the AX app sets B as temporary callee of binding "first"
    Then the request is refused with 1016001

  @id:ax-temporary_callee-15 @AX-408 @GEN-102 @CODE-1016001 @unconfirmed
  Scenario: A temporary callee is not set for a binding of another app
    Given an AXB binding "other" of B and C on X3
    When the AX app sets D as temporary callee of binding "other"
    Then the request is refused with 1016001

  @id:ax-temporary_callee-13 @AX-413 @CODE-1016001 @unconfirmed
  Scenario: A temporary callee is not set on an X of the app without a binding
    When the AX app sets B as temporary callee on X
    Then the request is refused with 1016001

  @id:ax-temporary_callee-14 @AX-413 @GEN-102 @CODE-1011001 @unconfirmed
  Scenario: A temporary callee is not set on an X of another app
    Given X belongs to an app of another mode
    When the AX app sets B as temporary callee on X
    Then the request is refused with 1011001
