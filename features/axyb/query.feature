@axyb
Feature: AXYB query (GET /rest/omp/xyrelationnumber/v1.0)
  A query names a subscriptionId or the X (relationNum); the subscriptionId wins when both are
  sent. Each relation is listed with numA, numX, numY and numB (30-axe-axyb-x §B.5).

  @id:axyb-query-01 @AXYB-020 @AXYB-004
  Scenario: A query by subscriptionId lists that binding with all four numbers
    Given an AXYB binding "order" of A
    And B is bound to AXYB binding "order"
    When the AXYB app queries "order"
    Then the request succeeds
    And the answer lists only the AXYB binding "order" with 1 relation
    And the listed AXYB relation of B shows A, the X of "order", its Y and B

  @id:axyb-query-02 @AXYB-020
  Scenario: A query by the X lists every relation on it
    Given an AXYB binding "order" of A
    And B is bound to AXYB binding "order"
    And C is bound to AXYB binding "order"
    When the AXYB app queries the X of "order"
    Then the request succeeds
    And the AXYB request escaped every plus as %2B
    And the answer lists only the AXYB binding "order" with 2 relations
    And the listed AXYB relation of B shows A, the X of "order", its Y and B
    And the listed AXYB relation of C shows A, the X of "order", its Y and C

  @id:axyb-query-03 @AXYB-020 @GEN-111
  Scenario: The subscriptionId wins over the X of another binding
    Given an AXYB binding "first" of A
    And an AXYB binding "second" of B
    When the AXYB app queries "first" together with the X of "second"
    Then the request succeeds
    And the answer lists only the AXYB binding "first"

  @id:axyb-query-04 @AXYB-020 @CODE-1010002 @CODE-1010003 @unconfirmed
  Scenario Outline: A query is refused when the app_key URL parameter is missing or foreign
    Given an AXYB binding "order" of A
    When the AXYB app queries "order" <app_key>
    Then the request is refused for its AXYB app_key

    Examples:
      | app_key                         |
      | without the app_key             |
      | with the app_key of another app |

  @id:axyb-query-05 @AXYB-020 @CODE-1010002
  Scenario: A query naming no binding is refused
    When the AXYB app queries without a binding
    Then the request is refused with 1010002

  @id:axyb-query-06 @AXYB-020 @CODE-1016001
  Scenario: A query of an unknown binding finds no record
    When the AXYB app queries an unknown binding
    Then the request is refused with 1016001

  @id:axyb-query-07 @AXYB-004
  Scenario: The query shows the fields given at bind time
    Given an AXYB binding "order" of A with callDirection 2 and recordFlag true and duration 600 and ybDuration 300 and userData "order-42"
    And B is bound to AXYB binding "order"
    When the AXYB app queries "order"
    Then every listed AXYB relation shows callDirection 2
    And every listed AXYB relation shows recordFlag "true"
    And every listed AXYB relation shows duration "600"
    And every listed AXYB relation shows ybDuration "300"
    And every listed AXYB relation shows userData "order-42"

  @id:axyb-query-08 @AXYB-004 @needs-hooks
  Scenario: The subscribeTime is the time of the bind
    Given an AXYB binding "order" of A
    When the AXYB app queries "order"
    Then every listed AXYB relation shows a subscribeTime of the current emulator time

  @id:axyb-query-09 @GEN-101 @CODE-1010040
  Scenario: An app of another mode cannot query through AXYB
    Given an AXYB binding "order" of A
    When an app of another mode calls the AXYB query interface for "order"
    Then the request is refused with 1010040

  @id:axyb-query-10 @AXYB-023 @unconfirmed
  Scenario: There is no AXYB modify interface
    When the AXYB app sends a signed PUT to the AXYB URI
    Then the answer is HTTP 404 or 405, or carries resultcode 1010006
