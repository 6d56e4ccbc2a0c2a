@ax
Feature: AX modify (ModifyAXBinding)
  An AX app changes the A number and the call options of a binding it names by
  subscriptionId (or, without one, by its X); what it does not send stays as it was.
  The X, the display mode, the area, the direction and the tones are not modifiable
  (20-ax §4, decision D-8).

  @id:ax-modify-01 @AX-201 @CODE-0
  Scenario Outline: An option of the FAQ set is changed
    Given an AX binding "first" of A on X
    When the AX app modifies binding "first" with <fields>
    Then the request succeeds
    And the AX binding "first" still exists
    And the AX binding "first" is otherwise unchanged

    Examples:
      | fields             |
      | privateSms "false" |
      | recordFlag "true"  |
      | maxDuration 5      |

  @id:ax-modify-02 @AX-201 @AX-202 @unconfirmed
  Scenario Outline: A changed option of the FAQ set shows in the query
    Given an AX binding "first" of A on X with maxDuration 30 and privateSms "true" and recordFlag "false"
    When the AX app modifies binding "first" with <field> <value>
    Then the request succeeds
    And the AX binding "first" shows <field> <value>

    Examples:
      | field       | value   |
      | maxDuration | 5       |
      | privateSms  | "false" |
      | recordFlag  | "true"  |

  @id:ax-modify-03 @AX-202 @AX-205
  Scenario Outline: A maxDuration at the edges of 0..1440 minutes is accepted
    Given an AX binding "first" of A on X with maxDuration 30
    When the AX app modifies binding "first" with maxDuration <value>
    Then the request succeeds

    Examples:
      | value |
      | 0     |
      | 1440  |

  @id:ax-modify-04 @AX-201
  Scenario: Without a subscriptionId the binding is selected by its X
    Given an AX binding "first" of A on X
    When the AX app modifies binding "first" by its X with privateSms "false"
    Then the request succeeds
    And the AX binding "first" is otherwise unchanged

  @id:ax-modify-05 @AX-203 @unconfirmed
  Scenario: A modify that sends no change changes nothing
    Given an AX binding "first" of A on X with maxDuration 30
    When the AX app modifies binding "first" sending only its subscriptionId
    Then the request succeeds
    And the AX binding "first" is unchanged

  @id:ax-modify-06 @AX-205 @CODE-1010002
  Scenario Outline: A modified maxDuration outside 0..1440 minutes is refused
    Given an AX binding "first" of A on X with maxDuration 30
    When the AX app modifies binding "first" with maxDuration <value>
    Then the request is refused with 1010002
    And the AX binding "first" is unchanged

    Examples:
      | value |
      | 1441  |
      | -1    |

  @id:ax-modify-07 @AX-206 @unconfirmed
  Scenario: A new origNum moves the X to that A
    Given an AX binding "first" of A on X
    When the AX app modifies binding "first" with origNum B
    Then the request succeeds
    And X is bound to B only
    And B holds AX bindings on 1 numbers
    And A holds AX bindings on 0 numbers

  @id:ax-modify-08 @AX-206
  Scenario: The current A as origNum changes nothing
    Given an AX binding "first" of A on X
    When the AX app modifies binding "first" with origNum A
    Then the request succeeds
    And X is bound to A only
    And the AX binding "first" is otherwise unchanged

  @id:ax-modify-09 @AX-206 @CODE-1011003 @unconfirmed
  Scenario: The X is not moved to an A that holds five
    Given B holds AX bindings on 5 numbers of the app
    And an AX binding "first" of A on X6
    When the AX app modifies binding "first" with origNum B
    Then the request is refused with 1011003
    And X6 is bound to A only
    And B holds AX bindings on 5 numbers

  @id:ax-modify-10 @AX-207 @unconfirmed
  Scenario Outline: A field that AX modify cannot change keeps its value
    Given X1 and X2 are two numbers of the AX app
    And an AX binding "first" of A on X1 with callDirection 0
    When the AX app modifies binding "first" with <fields>
    Then the request succeeds or is refused with 1010002
    And the AX binding "first" shows privateNum X1
    And the AX binding "first" is unchanged

    Examples:
      | fields                                                      |
      | privateNum X2                                               |
      | areaCode the city of X2 and privateNumType "mobile-virtual" |
      | callDirection 1                                             |
      | calleeNumDisplay "0"                                        |
      | preVoice.callerHintTone the approved tone                   |

  @id:ax-modify-11 @AX-204 @CODE-1016001
  Scenario: An unknown binding is not modified
    When the AX app modifies an unknown binding with maxDuration 5
    Then the request is refused with 1016001

  @id:ax-modify-12 @AX-204 @CODE-1016001
  Scenario: A released binding is not modified
    Given an AX binding "first" of A on X
    And the AX app has unbound binding "first"
    When the AX app modifies binding "first" with maxDuration 5
    Then the request is refused with 1016001

  @id:ax-modify-13 @AX-204 @GEN-102 @CODE-1016001
  Scenario: A binding of another app is not modified
    Given an AXB binding "other" of B and C on X3
    When the AX app modifies the AXB binding "other" with maxDuration 5
    Then the request is refused with 1016001

  @id:ax-modify-14 @AX-204 @GEN-102 @CODE-1011001 @CODE-1011004
  Scenario: A modify naming an X that is not the app's is refused as such
    Given X belongs to an app of another mode
    When the AX app modifies the binding of X with maxDuration 5
    Then the request is refused with 1011001 or 1011004
