@axe
Feature: AXE bind (CreateAXEBinding)
  An AXE app binds a user number A (bindNum) to one of its X numbers (virtualNum, or
  allocated by areaCode) behind an extension E. The extension length is a property of the
  app, so one X holds at most 9, 99, 999 or 9999 bindings; every A on one X has its own
  extension (30-axe-axyb-x §A.1, §A.3).

  Rule: A is bound to X behind an extension of the app's length

    @id:axe-bind-01 @AXE-001 @CODE-0
    Scenario: A fresh number is bound to an X of the app
      When the AXE app binds A to X
      Then the request succeeds
      And the answer carries resultcode "0" as a JSON string
      And the answer carries a new AXE subscriptionId
      And the AXE answer names X as the virtualNum
      And the AXE answer carries an extension of the app's length within its range

    @id:axe-bind-02 @AXE-001
    Scenario: The bind answer repeats the lifetimes it was sent
      When the AXE app binds A to X with bindExpiredTime 0 and callbackExpiredTime 0
      Then the request succeeds
      And the AXE answer carries bindExpiredTime 0
      And the AXE answer carries callbackExpiredTime 0

    @id:axe-bind-03 @AXE-002
    Scenario: Without an extendNum the platform assigns a free extension
      Given an AXE binding "first" of A on X
      And an AXE binding "second" of B on X
      When the AXE app binds C to X
      Then the request succeeds
      And the AXE answer carries an extension of the app's length within its range
      And the AXE answer carries an extension that no other AXE binding of the scenario on that X has

    @id:axe-bind-04 @AXE-002
    Scenario: With an empty extendNum the platform assigns a free extension
      Given an AXE binding "first" of A on X
      And an AXE binding "second" of B on X
      When the AXE app binds C to X with extendNum ""
      Then the request succeeds
      And the AXE answer carries an extension of the app's length within its range
      And the AXE answer carries an extension that no other AXE binding of the scenario on that X has

    @id:axe-bind-05 @AXE-003
    Scenario: A chosen free extension is given as chosen
      Given an AXE binding "first" of A on X
      When the AXE app binds B to X choosing a free extension
      Then the request succeeds
      And the AXE answer carries the chosen extension

    @id:axe-bind-06 @AXE-007
    Scenario: Every A on one X has its own extension
      Given 3 AXE bindings on X
      When the AXE app binds A to X
      Then the request succeeds
      And the AXE bindings of the scenario on each X have different extensions

  Rule: An extension is held once per X, and an X holds as many bindings as its extensions

    @id:axe-bind-07 @AXE-004 @CODE-1020167
    Scenario: An extension taken on X is not given to another A
      Given an AXE binding "first" of A on X
      When the AXE app binds B to X choosing the extension of AXE binding "first"
      Then the request is refused with 1020167
      And the description names "No idle extend Number"
      And the AXE binding "first" still holds its extension on its X
      And no AXE binding of B was created on X

    @id:axe-bind-08 @AXE-004
    Scenario: The same extension is free on another X of the app
      Given an AXE binding "first" of A on X1
      When the AXE app binds B to X2 choosing the extension of AXE binding "first"
      Then the request succeeds
      And the AXE answer names X2 as the virtualNum

    @id:axe-bind-09 @AXE-005 @CODE-1010002 @unconfirmed
    Scenario Outline: An extension that does not fit the app's length is refused
      When the AXE app binds A to X with an extension of <what>
      Then the request is refused with 1010002

      Examples:
        | what               |
        | another length     |
        | more than 4 digits |
        | letters            |
        | only zeros         |

    @id:axe-bind-10 @AXE-006 @unconfirmed
    Scenario: A full X takes no further binding
      Given X holds AXE bindings on every extension
      When the AXE app binds A to X
      Then the request is refused as a full AXE number
      And no AXE binding of A was created on X

    @id:axe-bind-11 @AXE-006
    Scenario: A bind by city passes over a full X
      Given X holds AXE bindings on every extension
      When the AXE app binds A in the city of X
      Then the request succeeds
      And the AXE answer names a number of the app other than X

  Rule: One A holds one extension per X

    @id:axe-bind-12 @CODE-1013102 @unconfirmed
    Scenario: The same A is not bound twice to the same X
      Given an AXE binding "first" of A on X
      When the AXE app binds A to X again
      Then the request is refused as a duplicate AXE binding
      And the AXE binding "first" still holds its extension on its X

    @id:axe-bind-13 @CODE-1013102
    Scenario: The same A is bound to another X of the app
      Given an AXE binding "first" of A on X1
      When the AXE app binds A to X2
      Then the request succeeds
      And the AXE binding "first" still exists

  Rule: The X is named or allocated by city

    @id:axe-bind-14 @AXE-008
    Scenario: A bind by city gets an X of that city
      When the AXE app binds A in the city of X
      Then the request succeeds
      And the AXE answer names a number of the app in the city of X
      And the AXE answer carries an extension of the app's length within its range

    @id:axe-bind-15 @AXE-008 @GEN-110
    Scenario: The named X wins over the city
      When the AXE app binds A to X naming a city where it has no X
      Then the request succeeds
      And the AXE answer names X as the virtualNum

    @id:axe-bind-16 @AXE-009 @unconfirmed
    Scenario Outline: A strict area match finds no X in a city where the app has none
      When the AXE app binds A <where>
      Then the request is refused as an AXE allocation failure

      Examples:
        | where                                                |
        | in a city where it has no X                          |
        | in a city where it has no X, matching areas strictly |

    @id:axe-bind-17 @AXE-009
    Scenario: A loose area match takes an X of the same province
      When the AXE app binds A in a city where it has no X, matching areas loosely
      Then the request succeeds
      And the AXE answer names a number of the app in the province of that city

    @id:axe-bind-18 @AXE-009
    Scenario: A loose area match takes any X of the app when the province has none
      When the AXE app binds A in a province where it has no X, matching areas loosely
      Then the request succeeds
      And the AXE answer names a number of the app

    @id:axe-bind-19 @GEN-109 @CODE-1010002
    Scenario: A bind that names neither an X nor a city is refused
      When the AXE app binds A naming neither an X nor a city
      Then the request is refused with 1010002

    @id:axe-bind-20 @GEN-102 @unconfirmed
    Scenario Outline: An X that is not the app's is not bound
      Given X is not a number of the AXE app <owner>
      When the AXE app binds A to X
      Then the request is refused as an AXE number of another app

      Examples:
        | owner                           |
        | but of an app of another mode   |
        | nor of any other app            |

    @id:axe-bind-21 @GEN-104 @CODE-1012102 @needs-hooks
    Scenario: A blacklisted X is not bound
      Given X of the AXE app is blacklisted
      When the AXE app binds A to X
      Then the request is refused with 1012102

  Rule: Callback and lifetime fields are checked

    @id:axe-bind-22 @AXE-010 @CODE-1010002
    Scenario: callbackTone and callbackNum are not sent together
      When the AXE app binds A to X with callbackTone the approved tone and callbackNum B
      Then the request is refused with 1010002
      And no AXE binding of A was created on X

    @id:axe-bind-23 @AXE-010
    Scenario Outline: Either callback field alone is accepted
      When the AXE app binds A to X with <fields>
      Then the request succeeds
      And the AXE binding "new-1" shows <fields>

      Examples:
        | fields                         |
        | callbackTone the approved tone |
        | callbackNum B                  |

    @id:axe-bind-24 @AXE-011 @CODE-1010002
    Scenario Outline: A timeUnit other than "0" or "1" is refused
      When the AXE app binds A to X with timeUnit <value> and bindExpiredTime 1
      Then the request is refused with 1010002

      Examples:
        | value |
        | "2"   |
        | "h"   |
        | 1     |

    @id:axe-bind-25 @AXE-011
    Scenario Outline: Hours and minutes are both units of the lifetimes
      When the AXE app binds A to X with timeUnit <value> and bindExpiredTime 2 and callbackExpiredTime 1
      Then the request succeeds

      Examples:
        | value |
        | "0"   |
        | "1"   |

    @id:axe-bind-26 @AXE-012 @CODE-1010002 @unconfirmed
    Scenario: A binding may not end before its callback records
      When the AXE app binds A to X with bindExpiredTime 1 and callbackExpiredTime 2
      Then the request is refused with 1010002

    @id:axe-bind-27 @AXE-012
    Scenario Outline: A binding lifetime not below the callback lifetime is accepted
      When the AXE app binds A to X with <fields>
      Then the request succeeds

      Examples:
        | fields                                       |
        | bindExpiredTime 2 and callbackExpiredTime 2  |
        | bindExpiredTime 0 and callbackExpiredTime 5  |

    @id:axe-bind-28 @CODE-1010002 @unconfirmed
    Scenario Outline: A lifetime outside 0..720 hours (0..43200 minutes) is refused
      When the AXE app binds A to X with <fields>
      Then the request is refused with 1010002

      Examples:
        | fields                                   |
        | bindExpiredTime 721                      |
        | bindExpiredTime -1                       |
        | timeUnit "1" and bindExpiredTime 43201   |
        | callbackExpiredTime 721                  |
        | bindExpiredTime "24"                     |

    @id:axe-bind-29 @AXE-020 @GEN-119 @CODE-1020178
    Scenario: The real caller is not shown to A
      When the AXE app binds A to X with displayNumMode "1"
      Then the request is refused with 1020178
      And the HTTP status is 403

    @id:axe-bind-30 @AXE-020
    Scenario: The X is shown to A
      When the AXE app binds A to X with displayNumMode "0"
      Then the request succeeds
      And the AXE binding "new-1" shows displayNumMode "0"

  Rule: Binding lifetime

    @id:axe-bind-31 @AXE-013 @needs-hooks
    Scenario: A binding without bindExpiredTime does not expire
      Given an AXE binding "first" of A on X
      When 2592001 seconds pass
      Then the AXE binding "first" still exists

    @id:axe-bind-32 @AXE-013 @needs-hooks
    Scenario: A binding with bindExpiredTime 0 does not expire
      Given an AXE binding "first" of A on X with bindExpiredTime 0
      When 2592001 seconds pass
      Then the AXE binding "first" still exists

    @id:axe-bind-33 @AXE-014 @needs-hooks
    Scenario Outline: A binding ends after its lifetime
      Given an AXE binding "first" of A on X with timeUnit <unit> and bindExpiredTime 1
      When <seconds> seconds pass
      Then the AXE binding "first" <state>

      Examples:
        | unit | seconds | state            |
        | "1"  | 50      | still exists     |
        | "1"  | 61      | no longer exists |
        | "0"  | 3500    | still exists     |
        | "0"  | 3601    | no longer exists |

    @id:axe-bind-34 @AXE-014 @needs-hooks
    Scenario: The extension of an expired binding is free again
      Given an AXE binding "first" of A on X with timeUnit "1" and bindExpiredTime 1
      When 61 seconds pass
      And the AXE app binds B to X choosing the extension of AXE binding "first"
      Then the request succeeds

  Rule: Parameters are checked

    @id:axe-bind-35 @CODE-1010002
    Scenario: A bind without bindNum is refused
      When the AXE app binds X without a bindNum
      Then the request is refused with 1010002

    @id:axe-bind-36 @CODE-1010002
    Scenario Outline: A number that is not in global format is refused
      When the AXE app binds A to X giving <field> <form>
      Then the request is refused with 1010002
      And the description names "<field>"

      @NUM-001
      Examples: not in global format
        | field      | form                     |
        | bindNum    | in national format       |
        | bindNum    | with a 0086 prefix       |
        | bindNum    | padded to 32 characters  |
        | virtualNum | in national format       |
        | virtualNum | without the plus         |

      @NUM-006
      Examples: a service number as A
        | field      | form                     |
        | bindNum    | as a 400 number          |

    @id:axe-bind-37 @CODE-1010002
    Scenario Outline: An invalid optional field is refused
      When the AXE app binds A to X with <fields>
      Then the request is refused with 1010002

      Examples:
        | fields                         |
        | displayNumMode "2"             |
        | recordFlag "yes"               |
        | recordHintTone "missing.wav"   |
        | callbackTone "missing.wav"     |
        | callbackNum "13800000001"      |
        | areaMatchMode "2"              |
        | userData "a{b}"                |
        | userData ""                    |

  Rule: Only an AXE app binds in AXE mode

    @id:axe-bind-38 @GEN-101 @CODE-1010040
    Scenario Outline: An app of another mode may not use the AXE interfaces
      Given an AXE binding "first" of A on X
      When an app of another mode calls the AXE <api> interface for AXE binding "first"
      Then the request is refused with 1010040
      And the AXE binding "first" is unchanged

      Examples:
        | api           |
        | bind          |
        | unbind        |
        | modify        |
        | query         |
        | v2 query      |
        | binding count |
