@axyb
Feature: AXYB unbind (DELETE /rest/omp/xyrelationnumber/v1.0)
  The subscriptionId alone releases the AX binding and every YB part of it; with yNum or bNum
  only that YB part goes, and yNum wins over bNum (30-axe-axyb-x §B.4).

  @id:axyb-unbind-01 @AXYB-017 @CODE-0
  Scenario: The AX binding and its YB part are released by the subscriptionId
    Given an AXYB binding "order" of A
    And B is bound to AXYB binding "order"
    When the AXYB app unbinds "order"
    Then the request succeeds
    And the AXYB binding "order" no longer exists

  @id:axyb-unbind-02 @AXYB-017 @CODE-1016001
  Scenario: An AXYB binding is released only once
    Given an AXYB binding "order" of A
    And the AXYB app has unbound binding "order"
    When the AXYB app unbinds "order" again
    Then the request is refused with 1016001

  @id:axyb-unbind-03 @AXYB-017 @CODE-1016001
  Scenario: An unknown subscriptionId is not unbound
    When the AXYB app unbinds an unknown binding
    Then the request is refused with 1016001

  @id:axyb-unbind-04 @AXYB-017 @CODE-1010002 @CODE-1010003 @unconfirmed
  Scenario Outline: An unbind is refused when the app_key URL parameter is missing or foreign
    Given an AXYB binding "order" of A
    When the AXYB app unbinds "order" <app_key>
    Then the request is refused for its AXYB app_key
    And the AXYB binding "order" still exists

    Examples:
      | app_key                         |
      | without the app_key             |
      | with the app_key of another app |

  @id:axyb-unbind-05 @AXYB-018
  Scenario: A YB part is released by its Y and the AX part stays
    Given an AXYB binding "order" of A
    And B is bound to AXYB binding "order"
    When the AXYB app unbinds the Y of B from "order"
    Then the request succeeds
    And the AXYB request escaped every plus as %2B
    And the AXYB binding "order" holds A on its X with no Y

  @id:axyb-unbind-06 @AXYB-019
  Scenario: A YB part is released by its B and the other YB parts stay
    Given an AXYB binding "order" of A
    And B is bound to AXYB binding "order"
    And C is bound to AXYB binding "order"
    When the AXYB app unbinds the B number B from "order"
    Then the request succeeds
    And the AXYB binding "order" has no Y for B
    And the AXYB binding "order" pairs C with its Y

  @id:axyb-unbind-07 @AXYB-019
  Scenario: The yNum wins over a bNum of another YB part
    Given an AXYB binding "order" of A
    And B is bound to AXYB binding "order"
    And C is bound to AXYB binding "order"
    When the AXYB app unbinds the Y of C and the B number B from "order"
    Then the request succeeds
    And the AXYB binding "order" has no Y for C
    And the AXYB binding "order" pairs B with its Y

  @id:axyb-unbind-08 @AXYB-019 @CODE-1016001
  Scenario: A YB part that is not there is not unbound
    Given an AXYB binding "order" of A
    And B is bound to AXYB binding "order"
    When the AXYB app unbinds the B number C from "order"
    Then the request is refused with 1016001
    And the AXYB binding "order" pairs B with its Y

  @id:axyb-unbind-09 @GEN-101 @CODE-1010040
  Scenario: An app of another mode cannot unbind through AXYB
    Given an AXYB binding "order" of A
    When an app of another mode calls the AXYB unbind interface for "order"
    Then the request is refused with 1010040
    And the AXYB binding "order" still exists
