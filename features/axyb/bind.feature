@axyb
Feature: AXYB bind (two steps on /rest/omp/xyrelationnumber/v1.0)
  Step 1 binds A to an X that the platform allocates in a city (areaCode); step 2 binds B to a Y
  for that AX binding, named by the step-1 subscriptionId. X and Y are numbers of the app's own
  pool; the app_key travels as a URL parameter on every call (30-axe-axyb-x §B.1-B.3).

  Rule: Step 1 binds A to an X of the city

    @id:axyb-bind-01 @AXYB-001 @CODE-0
    Scenario: A is bound to an X allocated in the city of the request
      When the AXYB app binds A in its city
      Then the request succeeds
      And the answer carries resultcode "0" as a JSON string
      And the answer carries a new AXYB subscriptionId
      And the answer names an AXYB number of the app in its city

    @id:axyb-bind-02 @AXYB-001 @CODE-1010002 @CODE-1010003 @unconfirmed
    Scenario Outline: A bind is refused when the app_key URL parameter is missing or foreign
      When the AXYB app binds A in its city <app_key>
      Then the request is refused for its AXYB app_key

      Examples:
        | app_key                          |
        | without the app_key              |
        | with the app_key of another app  |

    @id:axyb-bind-03 @AXYB-001 @GEN-109 @CODE-1010002
    Scenario: A step-1 bind without a city is refused
      When the AXYB app binds A naming no city
      Then the request is refused with 1010002

    @id:axyb-bind-04 @AXYB-001 @GEN-109 @CODE-1011002 @CODE-1012008 @unconfirmed
    Scenario Outline: A strict area match finds no X in a city where the app has none
      When the AXYB app binds A <where>
      Then the request is refused as an AXYB allocation failure

      Examples:
        | where                                                    |
        | in a city where it has no number                         |
        | in a city where it has no number, matching areas strictly |

    @id:axyb-bind-05 @AXYB-001 @GEN-109 @unconfirmed
    Scenario: A loose area match takes a number of the same province
      When the AXYB app binds A in a city where it has no number, matching areas loosely
      Then the request succeeds
      And the answer names an AXYB number of the app in the province of that city

    @id:axyb-bind-06 @AXYB-001 @CODE-1010002
    Scenario Outline: A step-1 bind with an A that is not in global format is refused
      When the AXYB app binds A in its city giving origNum <form>
      Then the request is refused with 1010002

      @NUM-001
      Examples: not in global format
        | form                     |
        | in national format       |
        | without the plus         |
        | with a 0086 prefix       |
        | with a space inside      |
        | padded to 32 characters  |
        | cut to 3 characters      |

      @NUM-006
      Examples: a service number as A
        | form                     |
        | as a 400 number          |

    @id:axyb-bind-07 @AXYB-001 @CODE-1010002
    Scenario Outline: A step-1 bind with a bad optional field is refused
      When the AXYB app binds A in its city with <field>
      Then the request is refused with 1010002

      Examples:
        | field                           |
        | callDirection 3                 |
        | callDirection "1"               |
        | areaMatchMode "2"               |
        | recordFlag "yes"                |
        | recordHintTone "no-such.wav"    |
        | preVoiceX "no-such.wav"         |
        | userData "{braces}"             |

    @id:axyb-bind-08 @AXYB-001
    Scenario: A step-1 bind takes the documented optional fields
      When the AXYB app binds A in its city with callDirection 1 and recordFlag true and recordHintTone the approved tone and preVoiceX the approved tone and userData "order-42"
      Then the request succeeds

  Rule: An X serves one A at a time

    @id:axyb-bind-09 @AXYB-002
    Scenario: The X of a live binding is not given to another A
      Given an AXYB binding "first" of A
      When the AXYB app binds B in its city
      Then the request succeeds
      And the answer names an AXYB number other than the X of "first"
      And the X of AXYB binding "first" serves A only

  Rule: One A holds a limited number of X

    @id:axyb-bind-10 @AXYB-003 @unconfirmed
    Scenario: An A that holds the maximum of X gets no further X
      Given A holds AXYB bindings up to the X limit
      When the AXYB app binds A in its city
      Then the request is refused as an A over its AXYB X limit
      And A holds exactly the AXYB bindings up to the X limit

  Rule: Step 2 binds B to a Y for the AX binding

    @id:axyb-bind-11 @AXYB-004 @CODE-0
    Scenario: B is bound to a Y that is not the X
      Given an AXYB binding "order" of A
      When the AXYB app binds B to "order"
      Then the request succeeds
      And the answer names an AXYB number other than the X of "order"
      And the AXYB binding "order" pairs B with its Y

    @id:axyb-bind-12 @AXYB-004
    Scenario: Two B numbers of one AX binding get two relations
      Given an AXYB binding "order" of A
      And B is bound to AXYB binding "order"
      When the AXYB app binds C to "order"
      Then the request succeeds
      And the AXYB binding "order" pairs B with its Y
      And the AXYB binding "order" pairs C with its Y

    @id:axyb-bind-13 @AXYB-004 @CODE-1010002
    Scenario Outline: A step-2 bind with a B that is not in global format is refused
      Given an AXYB binding "order" of A
      When the AXYB app binds B to "order" giving origNum <form>
      Then the request is refused with 1010002
      And the AXYB binding "order" holds A on its X with no Y

      @NUM-001
      Examples: not in global format
        | form                |
        | in national format  |
        | without the plus    |

      @NUM-006
      Examples: a service number as B
        | form                |
        | as a 95 number      |

    @id:axyb-bind-14 @AXYB-005 @CODE-1016001 @unconfirmed
    Scenario: A step-2 bind for an unknown subscriptionId is refused
      When the AXYB app binds B to an unknown AXYB binding
      Then the request is refused with 1016001

    @id:axyb-bind-15 @AXYB-005 @CODE-1016001 @unconfirmed
    Scenario: A step-2 bind for a released AX binding is refused
      Given an AXYB binding "order" of A
      And the AXYB app has unbound binding "order"
      When the AXYB app binds B to "order"
      Then the request is refused with 1016001

    @id:axyb-bind-16 @AXYB-005 @CODE-1016001 @unconfirmed @needs-hooks
    Scenario: A step-2 bind for an expired AX binding is refused
      Given an AXYB binding "order" of A with duration 60
      And 60 seconds pass
      When the AXYB app binds B to "order"
      Then the request is refused with 1016001

  Rule: A Y serves many AX bindings, but each only once

    @id:axyb-bind-17 @AXYB-006
    Scenario: The Y of one AX binding also serves another AX binding
      Given an AXYB binding "first" of A
      And an AXYB binding "second" of C
      And B is bound to AXYB binding "first" through the single-number city
      When the AXYB app binds D to "second" through the single-number city
      Then the request succeeds
      And the answer names the Y of B

    @id:axyb-bind-18 @AXYB-007
    Scenario: The Y of an AX binding is not given to a second B of the same binding
      Given an AXYB binding "first" of A
      And B is bound to AXYB binding "first" through the single-number city
      When the AXYB app binds C to "first" through the single-number city, matching areas strictly
      Then C did not get the Y of B
      And the AXYB binding "first" pairs B with its Y

    @id:axyb-bind-19 @AXYB-008
    Scenario: A Y that serves its maximum of AX bindings serves no further one
      Given the single-number city's number serves AXYB bindings up to the Y limit
      And an AXYB binding "next" of A
      When the AXYB app binds B to "next" through the single-number city, matching areas strictly
      Then B did not get the filled Y

  Rule: Lifetimes (duration for the AX part, ybDuration for the YB part)

    @id:axyb-bind-20 @AXYB-016 @CODE-1010002 @unconfirmed
    Scenario Outline: A lifetime outside 0 and 60 to 7776000 seconds is refused
      When the AXYB app binds A in its city with <field>
      Then the request is refused with 1010002

      Examples:
        | field              |
        | duration 1         |
        | duration 59        |
        | duration 7776001   |
        | duration -60       |
        | ybDuration 59      |
        | ybDuration 7776001 |

    @id:axyb-bind-21 @AXYB-016
    Scenario Outline: A lifetime of 0 or within 60 to 7776000 seconds is taken
      When the AXYB app binds A in its city with <field>
      Then the request succeeds

      Examples:
        | field              |
        | duration 0         |
        | duration 60        |
        | duration 7776000   |
        | ybDuration 60      |

    @id:axyb-bind-22 @AXYB-013 @needs-hooks
    Scenario: An AX binding lives until its duration ends
      Given an AXYB binding "order" of A with duration 60
      And B is bound to AXYB binding "order"
      When 45 seconds pass
      Then the AXYB binding "order" pairs B with its Y

    @id:axyb-bind-23 @AXYB-013 @needs-hooks
    Scenario: When the AX part expires, the YB part goes with it
      Given an AXYB binding "order" of A with duration 60
      And B is bound to AXYB binding "order"
      When 60 seconds pass
      Then the AXYB binding "order" no longer exists

    @id:axyb-bind-24 @AXYB-014 @needs-hooks
    Scenario: When the YB part expires, the AX part stays
      Given an AXYB binding "order" of A with duration 0 and ybDuration 60
      And B is bound to AXYB binding "order"
      When 60 seconds pass
      Then the AXYB binding "order" holds A on its X with no Y

    @id:axyb-bind-25 @AXYB-014 @needs-hooks
    Scenario: The ybDuration of step 2 sets the lifetime of that YB part
      Given an AXYB binding "order" of A with duration 0
      And B is bound to AXYB binding "order" with ybDuration 60
      When 60 seconds pass
      Then the AXYB binding "order" holds A on its X with no Y

  Rule: Only the AXYB app binds on this URI

    @id:axyb-bind-26 @GEN-101 @CODE-1010040
    Scenario: An app of another mode cannot bind through AXYB
      Given an AXYB binding "order" of A
      When an app of another mode calls the AXYB bind interface for "order"
      Then the request is refused with 1010040
      And the AXYB binding "order" holds A on its X with no Y
