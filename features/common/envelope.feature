@common @axb
Feature: Transport and response envelope
  Every answer is JSON with `resultcode` (a string) and `resultdesc`; success is "0" with
  the text "Success"; the HTTP status tells the class of a failure (00-common §2, D-1, D-14).
  The AXB interfaces carry these checks.

  @id:common-envelope-01 @GEN-006 @GEN-007 @GEN-008 @GEN-009 @CODE-0
  Scenario: A success is "0" as a JSON string, described as "Success"
    When the app binds A and B on X
    Then the answer body parses as JSON whatever its Content-Type
    And the HTTP status is 200
    And the answer carries resultcode "0" as a JSON string
    And the answer's description reads "Success"

  @id:common-envelope-02 @GEN-006 @GEN-008 @GEN-010 @CODE-1012007
  Scenario: A refusal carries its code as a JSON string and a description
    When the app queries an unknown binding
    Then the answer body parses as JSON whatever its Content-Type
    And the answer carries resultcode "1012007" as a JSON string
    And the answer has a non-empty description

  @id:common-envelope-03 @GEN-009
  Scenario Outline: The HTTP status tells header, digest and business failures apart
    When <request>
    Then the HTTP status is <status>

    Examples:
      | request                                                   | status |
      | the app queries X with the Authorization header missing   | 400    |
      | the app queries X signed with another secret              | 401    |
      | the app queries an unknown binding                        | 403    |

  @id:common-envelope-04 @GEN-002
  Scenario: An unknown path answers 404
    When the app sends a signed GET to the unknown path "/rest/caas/relationnumber/partners/v9.9"
    Then the HTTP status is 404

  @id:common-envelope-05 @GEN-002 @unconfirmed
  Scenario: A method the AXB URI does not offer is refused
    When the app sends a signed PATCH to the AXB URI
    Then the answer is HTTP 404 or 405, or carries resultcode 1010006

  @id:common-envelope-06 @GEN-004 @CODE-1010002 @unconfirmed
  Scenario Outline: A bind whose body is not a JSON object is refused
    When the app sends a bind whose body is <body>
    Then the request is refused with 1010002

    Examples:
      | body         |
      | not JSON     |
      | a JSON array |

  @id:common-envelope-07 @GEN-003
  Scenario Outline: Every request declares a UTF-8 JSON content type
    Given an AXB binding "first" of A and B on X
    When <request>
    Then the request succeeds
    And the request declared Content-Type "application/json;charset=UTF-8"

    Examples:
      | request                             |
      | the app queries binding "first"     |
      | the app unbinds binding "first"     |

  @id:common-envelope-08 @GEN-004
  Scenario: Unbind parameters travel in the query string
    Given an AXB binding "first" of A and B on X
    When the app unbinds binding "first"
    Then the request succeeds
    And the request carried no body
