@axb
Feature: AXB bind (CreateAXBBinding)
  An AXB app binds a pair of user numbers A and B to one of its X numbers so that A and B
  reach each other through X only. One X carries many pairs, but a user number appears on
  an X in one pair only (10-axb §1).

  Rule: A pair of fresh numbers is bound on an X of the app

    @id:axb-bind-01 @AXB-001 @GEN-010 @GEN-120 @CODE-0
    Scenario: A pair of fresh numbers is bound on an X of the app
      When the app binds A and B on X
      Then the request succeeds
      And the answer carries a new subscriptionId
      And the answer names X as the relationNum

    @id:axb-bind-02 @GEN-120
    Scenario: A new binding can be looked up at once
      Given an AXB binding "first" of A and B on X
      When the app queries binding "first"
      Then the request succeeds
      And the answer lists exactly the binding "first"

    @id:axb-bind-03 @AXB-002 @CODE-1010002
    Scenario Outline: A bind without a mandatory user number is refused
      When the app binds A and B on X without <field>
      Then the request is refused with 1010002
      And X carries no bindings

      Examples:
        | field     |
        | callerNum |
        | calleeNum |

  Rule: User numbers do not repeat on one X

    @id:axb-bind-04 @AXB-004 @AXB-106 @GEN-113 @CODE-1012010
    Scenario: An X does not take the same A twice
      Given an AXB binding "first" of A and B on X
      When the app binds A and C on X
      Then the request is refused as a duplicate binding
      And X still carries only the binding "first"

    @id:axb-bind-05 @AXB-005 @GEN-113 @CODE-1012010
    Scenario: An X does not take the same B twice
      Given an AXB binding "first" of A and B on X
      When the app binds C and B on X
      Then the request is refused as a duplicate binding
      And X still carries only the binding "first"

    @id:axb-bind-06 @AXB-006 @GEN-113 @CODE-1012010 @unconfirmed
    Scenario Outline: A number of a pair on X is not bound on X in the other role
      Given an AXB binding "first" of A and B on X
      When the app binds <caller> and <callee> on X
      Then the request is refused as a duplicate binding
      And X still carries only the binding "first"

      Examples:
        | caller | callee |
        | B      | C      |
        | C      | A      |

    @id:axb-bind-07 @AXB-007 @GEN-113
    Scenario: An X carries a second pair of different numbers
      Given an AXB binding "first" of A and B on X
      When the app binds C and D on X
      Then the request succeeds
      And the answer carries a new subscriptionId
      And X carries the bindings "first" and the new one

    @id:axb-bind-08 @AXB-008 @CODE-1012010 @unconfirmed
    Scenario: The identical pair is not bound twice on one X
      Given an AXB binding "first" of A and B on X
      When the app binds A and B on X again
      Then the request is refused as a duplicate binding
      And X still carries only the binding "first"

    @id:axb-bind-09 @AXB-009 @AXB-106
    Scenario: The same A reaches another B through another X
      Given X1 and X2 are two numbers of the app
      And an AXB binding "first" of A and B on X1
      When the app binds A and C on X2
      Then the request succeeds
      And the answer names X2 as the relationNum
      And the binding "first" still exists

    @id:axb-bind-10 @AXB-004 @GEN-113 @needs-concurrency
    Scenario: Concurrent binds of one A on one X leave at most one binding
      When 8 clients bind A with distinct new numbers on X at the same time
      Then at most one of the binds succeeds
      And the other binds are refused as duplicate bindings
      And X carries exactly the bindings that succeeded

  Rule: One X carries a limited number of pairs

    @id:axb-bind-11 @AXB-010 @GEN-113 @CODE-1012008 @CODE-1012009 @needs-fill @unconfirmed
    Scenario: A full X takes no further pair
      Given X carries as many bindings as it may hold
      When the app binds A and B on X
      Then the request is refused because X is full

    @id:axb-bind-12 @AXB-109 @GEN-114 @needs-fill
    Scenario: Unbinding a pair of a full X makes room for another
      Given X carries as many bindings as it may hold
      And X takes no further pair
      When the app unbinds one of the bindings on X
      And the app binds A and B on X
      Then the request succeeds

    @id:axb-bind-13 @AXB-109 @GEN-107 @needs-fill @needs-hooks
    Scenario: An expired pair of a full X makes room for another
      Given X carries as many bindings as it may hold, one of them lasting 60 seconds
      And X takes no further pair
      When 61 seconds pass
      And the app binds A and B on X
      Then the request succeeds

  Rule: The X must be a usable number of the app

    @id:axb-bind-14 @AXB-011 @GEN-102 @CODE-1012001
    Scenario: An X of another app is not bound
      Given X is a number of an app of another mode
      When the app binds A and B on X
      Then the request is refused with 1012001

    @id:axb-bind-15 @AXB-011 @GEN-102 @CODE-1012007
    Scenario: An X that no app owns is not bound
      Given X is a number no app owns
      When the app binds A and B on X
      Then the request is refused with 1012007

    @id:axb-bind-16 @AXB-024 @GEN-104 @CODE-1012102 @needs-hooks
    Scenario: A blacklisted X is not bound
      Given X is blacklisted
      When the app binds A and B on X
      Then the request is refused with 1012102

  Rule: Without an explicit X the platform allocates one by area

    @id:axb-bind-17 @AXB-012 @GEN-109 @CODE-1012008
    Scenario Outline: A strict area match finds no X in a city where the app has none
      When the app binds A and B <where>
      Then the request is refused with 1012008

      Examples:
        | where                                                 |
        | in a city where it has no X                           |
        | in a city where it has no X, matching areas strictly  |

    @id:axb-bind-18 @AXB-013 @GEN-109
    Scenario: A loose area match takes an X of the same province
      Given every X of the app in the province of that city carries a pair, the others none
      When the app binds A and B in a city where it has no X, matching areas loosely
      Then the request succeeds
      And the answer names an X of the app in the province of that city

    @id:axb-bind-19 @AXB-013 @GEN-109
    Scenario: A loose area match takes any X of the app when the province has none
      When the app binds A and B in a province where it has no X, matching areas loosely
      Then the request succeeds
      And the answer names an X of the app

    @id:axb-bind-20 @GEN-109
    Scenario: An areaCode selects an X of the app in that city
      Given X2 is a number of the app outside the city of A
      When the app binds A and B in the city of X2
      Then the request succeeds
      And the answer names an X of the app in the city of X2

    @id:axb-bind-21 @AXB-015 @GEN-109
    Scenario: Without X and areaCode the X is taken from the city of A
      When the app binds A and B without naming an X or a city
      Then the request succeeds
      And the answer names an X of the app in the city of A

    @id:axb-bind-22 @AXB-014 @GEN-110
    Scenario: An explicit X wins over an areaCode
      Given X1 and X2 are numbers of the app in different cities
      When the app binds A and B on X1 naming the city of X2
      Then the request succeeds
      And the answer names X1 as the relationNum

    @id:axb-bind-39 @AXB-015 @GEN-109 @CODE-1012008 @needs-fill
    Scenario: Without X and areaCode a bind is refused when no X of the city of A is free
      Given every X of the app in the city of A carries as many bindings as it may hold
      When the app binds A and B without naming an X or a city
      Then the request is refused with 1012008

  Rule: Optional fields are checked

    @id:axb-bind-23 @AXB-016 @CODE-1010002 @unconfirmed
    Scenario Outline: A callDirection outside 0, 1, 2 is refused
      When the app binds A and B on X with callDirection <value>
      Then the request is refused with 1010002
      And X carries no bindings

      Examples:
        | value |
        | 3     |
        | -1    |
        | "a"   |
        | true  |

    @id:axb-bind-24 @AXB-017 @CODE-1010002 @unconfirmed
    Scenario Outline: A duration outside 0..7776000 seconds is refused
      When the app binds A and B on X with duration <value>
      Then the request is refused with 1010002
      And X carries no bindings

      Examples:
        | value   |
        | 7776001 |
        | -1      |

    @id:axb-bind-25 @AXB-018 @GEN-108 @CODE-1010002 @unconfirmed
    Scenario Outline: A maxDuration outside 0..1440 minutes is refused
      When the app binds A and B on X with maxDuration <value>
      Then the request is refused with 1010002
      And X carries no bindings

      Examples:
        | value |
        | 1441  |
        | -1    |

    @id:axb-bind-26 @AXB-017 @AXB-018 @GEN-107 @GEN-108
    Scenario Outline: Durations at the ends of their ranges are accepted
      When the app binds A and B on X with duration <duration> and maxDuration <maxDuration>
      Then the request succeeds

      Examples:
        | duration | maxDuration |
        | 0        | 0           |
        | 7776000  | 1440        |

    @id:axb-bind-27 @AXB-019 @CODE-1010002
    Scenario Outline: A voice file that was not approved is refused
      When the app binds A and B on X with recordFlag true and maxDuration 5 and <field> "pnconform-missing.wav"
      Then the request is refused with 1010002
      And the description names "pnconform-missing.wav"
      And X carries no bindings

      Examples:
        | field                   |
        | recordHintTone          |
        | lastMinVoice            |
        | preVoice.callerHintTone |
        | preVoice.calleeHintTone |

    @id:axb-bind-28 @AXB-019
    Scenario: Approved voice files are accepted
      When the app binds A and B on X with recordFlag true and recordHintTone the approved tone and maxDuration 5 and lastMinVoice the approved tone and preVoice.callerHintTone the approved tone and preVoice.calleeHintTone the approved tone
      Then the request succeeds

    @id:axb-bind-29 @AXB-023 @GEN-118 @CODE-1010002
    Scenario: A userData with Chinese characters is refused
      When the app binds A and B on X with userData "订单42"
      Then the request is refused with 1010002
      And X carries no bindings

    @id:axb-bind-30 @AXB-023 @GEN-118 @CODE-1010002 @unconfirmed
    Scenario Outline: A userData with braces is refused
      When the app binds A and B on X with userData <value>
      Then the request is refused with 1010002
      And X carries no bindings

      Examples:
        | value          |
        | "{order:42}"   |
        | "order}42"     |

    @id:axb-bind-31 @AXB-023 @CODE-1010002 @unconfirmed
    Scenario: A userData longer than 256 characters is refused
      When the app binds A and B on X with a userData of 257 characters
      Then the request is refused with 1010002
      And X carries no bindings

    @id:axb-bind-32 @AXB-023 @unconfirmed
    Scenario: A userData of 256 plain characters is accepted
      When the app binds A and B on X with a userData of 256 characters
      Then the request succeeds

    @id:axb-bind-33 @AXB-020 @CODE-1012012 @needs-hooks
    Scenario: Recording asked of an app without recording is accepted
      Given the app does not record calls
      When the app binds A and B on X with recordFlag true
      Then the request succeeds
      And X carries only the new binding

    @id:axb-bind-34 @AXB-022 @unconfirmed
    Scenario: A binding without privateSms supports SMS
      Given an AXB binding "first" of A and B on X
      When the app queries binding "first"
      Then the listed binding "first" shows privateSms "true"

  Rule: A binding with a duration is released when it expires

    @id:axb-bind-35 @AXB-025 @GEN-107 @CODE-1012007 @needs-hooks
    Scenario: A binding is gone once its duration has passed
      Given an AXB binding "first" of A and B on X with duration 60
      Then the binding "first" still exists 45 seconds later
      And the binding "first" no longer exists 16 seconds later

    @id:axb-bind-36 @AXB-025 @GEN-107 @needs-hooks
    Scenario: An expired binding no longer holds its numbers on X
      Given an AXB binding "first" of A and B on X with duration 60
      When 61 seconds pass
      And the app binds A and C on X
      Then the request succeeds
      And X carries only the new binding

    @id:axb-bind-37 @AXB-017 @GEN-107 @needs-hooks
    Scenario Outline: A binding without a lifetime never expires
      Given an AXB binding "first" of A and B on X <lifetime>
      Then the binding "first" still exists 7776001 seconds later

      Examples:
        | lifetime           |
        | without a duration |
        | with duration 0    |

  Rule: Only an AXB app binds AXB pairs

    @id:axb-bind-38 @AXB-021 @AXB-108 @GEN-101 @CODE-1010040
    Scenario Outline: An app of another mode may not bind
      When an app of mode "<mode>" binds A and B on X
      Then the request is refused with 1010040
      And X carries no bindings

      Examples:
        | mode |
        | ax   |
        | axe  |
        | axyb |

      @x @XM-001
      Examples: X mode has no binding interface at all
        | mode |
        | x    |
