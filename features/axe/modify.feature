@axe
Feature: AXE modify (ModifyAXEBinding)
  An AXE app changes the display, recording, callback and lifetime options of a binding it
  names by subscriptionId (or by X and extension); what it does not send stays as it was.
  The bind number and the extension are not modifiable; the query keeps showing the
  bind-time timeUnit and bindExpiredTime (30-axe-axyb-x §A.5, decision D-9).

  @id:axe-modify-01 @AXE-019
  Scenario Outline: An option is changed and nothing else
    Given an AXE binding "first" of A on X with recordFlag "false" and userData "u1" and callbackExpiredTime 1
    When the AXE app modifies binding "first" with <field> <value>
    Then the request succeeds
    And the AXE binding "first" shows <field> <value>
    And the AXE binding "first" is otherwise unchanged

    Examples:
      | field               | value              |
      | recordFlag          | "true"             |
      | userData            | "u2"               |
      | displayNumMode      | "0"                |
      | callbackExpiredTime | 0                  |
      | callbackTone        | the approved tone  |

  @id:axe-modify-02 @AXE-019 @unconfirmed
  Scenario: A callbackNum replaces the callbackTone of a binding
    Given an AXE binding "first" of A on X with callbackTone the approved tone and userData "u1"
    When the AXE app modifies binding "first" with callbackNum B
    Then the request succeeds
    And the AXE binding "first" shows callbackNum B
    And the AXE binding "first" is otherwise unchanged

  @id:axe-modify-03 @AXE-019
  Scenario: Without a subscriptionId the binding is selected by its X and extension
    Given an AXE binding "first" of A on X with userData "u1"
    When the AXE app modifies binding "first" by its X and extension with userData "u2"
    Then the request succeeds
    And the AXE binding "first" shows userData "u2"
    And the AXE binding "first" is otherwise unchanged

  @id:axe-modify-04 @AXE-019
  Scenario: A modify that sends no change changes nothing
    Given an AXE binding "first" of A on X with userData "u1" and recordFlag "true"
    When the AXE app modifies binding "first" sending only its subscriptionId
    Then the request succeeds
    And the AXE binding "first" is unchanged

  @id:axe-modify-05 @AXE-019 @unconfirmed
  Scenario Outline: The bind number and the extension are not modified
    Given an AXE binding "first" of A on X
    When the AXE app modifies binding "first" with <fields>
    Then the request succeeds or is refused with 1010002
    And the AXE binding "first" is unchanged

    Examples:
      | fields         |
      | bindNum B      |
      | extendNum "9"  |

  @id:axe-modify-06 @AXE-021 @unconfirmed
  Scenario: The query keeps the bind-time lifetime after a modify
    Given an AXE binding "first" of A on X with timeUnit "1" and bindExpiredTime 10
    When the AXE app modifies binding "first" with timeUnit "0" and bindExpiredTime 20
    Then the request succeeds
    And the AXE binding "first" shows timeUnit "1"
    And the AXE binding "first" shows bindExpiredTime 10

  @id:axe-modify-07 @AXE-020 @GEN-119 @CODE-1020178
  Scenario: The real caller is not shown to A after a modify either
    Given an AXE binding "first" of A on X
    When the AXE app modifies binding "first" with displayNumMode "1"
    Then the request is refused with 1020178
    And the AXE binding "first" is unchanged

  @id:axe-modify-08 @AXE-010 @CODE-1010002
  Scenario: A modify does not send callbackTone and callbackNum together
    Given an AXE binding "first" of A on X
    When the AXE app modifies binding "first" with callbackTone the approved tone and callbackNum B
    Then the request is refused with 1010002
    And the AXE binding "first" is unchanged

  @id:axe-modify-09 @AXE-011 @CODE-1010002
  Scenario: A modify with a timeUnit other than "0" or "1" is refused
    Given an AXE binding "first" of A on X
    When the AXE app modifies binding "first" with timeUnit "2"
    Then the request is refused with 1010002
    And the AXE binding "first" is unchanged

  @id:axe-modify-10 @AXE-012 @CODE-1010002 @unconfirmed
  Scenario: A modify may not end a binding before its callback records
    Given an AXE binding "first" of A on X
    When the AXE app modifies binding "first" with bindExpiredTime 1 and callbackExpiredTime 2
    Then the request is refused with 1010002
    And the AXE binding "first" is unchanged

  @id:axe-modify-11 @CODE-1010002
  Scenario: A modify naming only the X is refused
    Given an AXE binding "first" of A on X
    When the AXE app modifies binding "first" naming only its X with userData "u2"
    Then the request is refused with 1010002
    And the AXE binding "first" is unchanged

  @id:axe-modify-12 @CODE-1016001
  Scenario: An unknown binding is not modified
    When the AXE app modifies an unknown binding with userData "u2"
    Then the request is refused with 1016001

  @id:axe-modify-13 @CODE-1016001
  Scenario: A released binding is not modified
    Given an AXE binding "first" of A on X
    And the AXE app has unbound binding "first"
    When the AXE app modifies binding "first" with userData "u2"
    Then the request is refused with 1016001
