@ax
Feature: AX bind (CreateAXBinding)
  An AX app binds a user number A to one of its X numbers, named explicitly or allocated by
  city. An X serves one A at a time; one A holds at most 5 X. AX bindings have no lifetime
  (20-ax §1, §2).

  Rule: A is bound to a free X of the app

    @id:ax-bind-01 @AX-020 @CODE-0
    Scenario: A fresh number is bound to a free X of the app
      When the AX app binds A to X
      Then the request succeeds
      And the answer carries a new AX subscriptionId
      And the answer names A as the origNum
      And the answer names X as the privateNum

    @id:ax-bind-25 @AX-038
    Scenario: A successful bind answers resultcode "0" as a string, with a description
      When the AX app binds A to X
      Then the answer carries resultcode "0" as a JSON string
      And the answer has a non-empty description

    @id:ax-bind-02 @AX-020
    Scenario: A new AX binding can be looked up at once
      Given an AX binding "first" of A on X
      When the AX app queries binding "first"
      Then the request succeeds
      And the answer lists exactly the AX binding "first"

    @id:ax-bind-03 @AX-007 @needs-hooks
    Scenario: An AX binding does not expire
      Given an AX binding "first" of A on X
      Then the AX binding "first" still exists 7776001 seconds later

  Rule: An X serves one A at a time

    @id:ax-bind-04 @AX-004 @AX-028 @CODE-1011005
    Scenario: An X bound to one A is not bound to another
      Given an AX binding "first" of A on X
      When the AX app binds B to X
      Then the request is refused with 1011005
      And X is bound to A only

    @id:ax-bind-05 @AX-028 @CODE-1016002 @unconfirmed
    Scenario: The same A is not bound twice to the same X
      Given an AX binding "first" of A on X
      When the AX app binds A to X again
      Then the request is refused as a duplicate AX binding
      And X is bound to A only
      And A holds AX bindings on 1 numbers

    @id:ax-bind-06 @AX-006
    Scenario: An unbound X is bound to another A
      Given an AX binding "first" of A on X
      And the AX app has unbound binding "first"
      When the AX app binds B to X
      Then the request succeeds
      And X is bound to B only

  Rule: One A holds at most 5 X

    @id:ax-bind-07 @AX-005 @CODE-1011003
    Scenario: A sixth X is not bound to an A that holds five
      Given A holds AX bindings on 5 numbers of the app
      When the AX app binds A to another number of the app
      Then the request is refused with 1011003
      And A holds AX bindings on 5 numbers

    @id:ax-bind-08 @AX-005
    Scenario: An A that released one of its five X is bound to another
      Given A holds AX bindings on 5 numbers of the app
      And the AX app has unbound binding "A-1"
      When the AX app binds A to another number of the app
      Then the request succeeds
      And A holds AX bindings on 5 numbers

  Rule: The X is named or allocated by city

    @id:ax-bind-09 @AX-021
    Scenario: A bind by city gets a free X of that city
      When the AX app binds A in the city of X
      Then the request succeeds
      And the answer names an AX number of the app in the city of X

    @id:ax-bind-10 @AX-022
    Scenario: The named X wins over the city
      When the AX app binds A to X naming a city where it has no X
      Then the request succeeds
      And the answer names X as the privateNum

    @id:ax-bind-11 @AX-023 @CODE-1011002
    Scenario Outline: A strict area match finds no X in a city where the app has none
      When the AX app binds A <where>
      Then the request is refused with 1011002
      And A holds AX bindings on 0 numbers

      Examples:
        | where                                                |
        | in a city where it has no X                          |
        | in a city where it has no X, matching areas strictly |

    @id:ax-bind-12 @AX-024
    Scenario: A loose area match takes an X of the same province
      When the AX app binds A in a city where it has no X, matching areas loosely
      Then the request succeeds
      And the answer names an AX number of the app in the province of that city

    @id:ax-bind-13 @AX-024
    Scenario: A loose area match takes any X of the app when the province has none
      When the AX app binds A in a province where it has no X, matching areas loosely
      Then the request succeeds
      And the answer names an AX number of the app

    @id:ax-bind-14 @AX-025 @CODE-1010002 @unconfirmed
    Scenario Outline: A bind that names no X and no complete city is refused
      When the AX app binds A naming <what>
      Then the request is refused with 1010002
      And A holds AX bindings on 0 numbers

      Examples:
        | what                         |
        | neither an X nor a city      |
        | a city without a number type |

  Rule: The X must be a number of the app

    @id:ax-bind-15 @AX-027 @GEN-102 @CODE-1011001
    Scenario Outline: An X that is not the app's is not bound
      Given X <owner>
      When the AX app binds A to X
      Then the request is refused with 1011001

      Examples:
        | owner                             |
        | belongs to an app of another mode |
        | belongs to no app                 |

  Rule: Parameters are checked

    @id:ax-bind-16 @AX-026 @CODE-1010002
    Scenario: A bind without origNum is refused
      When the AX app binds X without an origNum
      Then the request is refused with 1010002
      And the description names "origNum"
      And X is bound to no one

    @id:ax-bind-17 @AX-026 @NUM-001 @CODE-1010002
    Scenario Outline: A bind with an A that is not in global format is refused
      When the AX app binds A to X giving origNum <form>
      Then the request is refused with 1010002
      And the description names "origNum"
      And X is bound to no one

      Examples:
        | form                     |
        | in national format       |
        | without the plus         |
        | with a 0086 prefix       |
        | with a space inside      |
        | with a trunk 0 after +86 |
        | padded to 32 characters  |

    @id:ax-bind-18 @AX-030 @CODE-1010002
    Scenario Outline: A maxDuration outside 0..1440 minutes is refused
      When the AX app binds A to X with maxDuration <value>
      Then the request is refused with 1010002
      And X is bound to no one

      Examples:
        | value |
        | 1441  |
        | -1    |
        | "abc" |

    @id:ax-bind-19 @AX-030
    Scenario Outline: A maxDuration at the edges of 0..1440 minutes is accepted
      When the AX app binds A to X with maxDuration <value>
      Then the request succeeds

      Examples:
        | value |
        | 0     |
        | 1440  |

    @id:ax-bind-20 @AX-034 @CODE-1010002
    Scenario Outline: A tone that is not an approved voice file is refused
      When the AX app binds A to X with <fields>
      Then the request is refused with 1010002
      And X is bound to no one

      Examples:
        | fields                                                       |
        | recordFlag "true" and recordHintTone "pnconform-missing.wav" |
        | maxDuration 5 and lastMinVoice "pnconform-missing.wav"       |
        | preVoice.callerHintTone "pnconform-missing.wav"              |
        | preVoice.calleeHintTone "pnconform-missing.wav"              |

    @id:ax-bind-21 @AX-034
    Scenario: Approved tones are accepted
      When the AX app binds A to X with recordFlag "true" and recordHintTone the approved tone and preVoice.callerHintTone the approved tone and preVoice.calleeHintTone the approved tone
      Then the request succeeds

    @id:ax-bind-22 @AX-035 @CODE-1010002 @unconfirmed
    Scenario: A calleeNumDisplay other than "0" or "1" is refused
      When the AX app binds A to X with calleeNumDisplay "2"
      Then the request is refused with 1010002
      And X is bound to no one

    @id:ax-bind-23 @AX-035 @CODE-1020178
    Scenario: Showing the real caller is refused to an app that may not
      When the AX app binds A to X with calleeNumDisplay "1"
      Then the request is refused with 1020178
      And the HTTP status is 403
      And X is bound to no one

  Rule: Only an AX app uses the AX interfaces

    @id:ax-bind-24 @AX-009 @GEN-101 @CODE-1010040
    Scenario Outline: An app of another mode may not use an AX interface
      Given an AX binding "first" of A on X
      When an app of another mode calls the AX <api> interface for AX binding "first"
      Then the request is refused with 1010040
      And X is bound to A only

      Examples:
        | api                  |
        | bind                 |
        | unbind               |
        | modify               |
        | query                |
        | set-temporary-callee |
