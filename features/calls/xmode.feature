@x @needs-hooks @needs-calls
Feature: X mode: the app routes every call
  Every call to an X-mode number is announced to the app by a Block `callin` event; the app's
  answer decides: `connect` to a callee (who sees X), `close`, anything else ends the call with
  8014. The Block `callin` is not re-pushed (30-axe-axyb-x §C, D-28).

  @id:calls-xmode-01 @XM-003
  Scenario: A connect answer reaches the callee, who sees X
    Given X is a number of the X-mode app
    And the receiver connects X-mode calls to B
    When C calls X
    Then the call reaches B showing X
    And the call's events are callin, callout, alerting, answer and disconnect

  @id:calls-xmode-02 @XM-007 @unconfirmed
  Scenario: The callee sees X even when the answer asks to show another number
    Given X is a number of the X-mode app
    And the receiver connects X-mode calls to B asking to show D
    When C calls X
    Then the call reaches B showing X

  @id:calls-xmode-03 @XM-004 @TEAR-052 @unconfirmed
  Scenario: A close answer ends the call without calling anyone
    Given X is a number of the X-mode app
    And the receiver closes X-mode calls
    When C calls X
    Then the call is not connected
    And the call was forwarded to nobody
    And the call ends with cause 8017

  @id:calls-xmode-04 @XM-005 @HANG-012
  Scenario Outline: An invalid answer ends the call with 8014
    Given X is a number of the X-mode app
    And the receiver answers X-mode calls <defect>
    When C calls X
    Then the call ends with cause 8014
    And the call is not connected

    Examples:
      | defect                    |
      | with maxDuration 1441     |
      | without a callee          |
      | with an unknown operation |

  @id:calls-xmode-05 @XM-006 @HANG-057 @TEAR-045
  Scenario: A connect answer with maxDuration 1 ends the call after one minute
    Given X is a number of the X-mode app
    And the receiver connects X-mode calls to B for at most 1 minute
    When C calls X and the call goes on
    And 1 minute and 1 second pass
    Then the call ends with cause 8010

  @id:calls-xmode-06 @EVT-022 @unconfirmed
  Scenario: A failed Block callin is not pushed again and the call ends with 8014
    Given X is a number of the X-mode app
    And the receiver fails the next 1 event push
    When C calls X
    And 1440 minutes pass
    Then the call ends with cause 8014
    And the X-mode callin of the call was pushed once

  @id:calls-xmode-07 @XM-010 @HANG-069 @TEAR-057 @needs-fixed-line
  Scenario: A fixed-line caller is refused
    Given X is a number of the X-mode app
    And C is a fixed-line number
    When C calls X
    Then the call is not connected
    And the call ends with cause 8023

  @id:calls-xmode-08 @XM-008 @unconfirmed
  Scenario Outline: An X-mode event the app did not acknowledge is pushed again on the schedule
    Given X is a number of the X-mode app
    And the receiver closes X-mode calls
    And the platform delivers its pushes only when time passes
    When C calls X
    And the receiver fails the next <failures> event pushes
    And <before> pass
    Then the disconnect event of the call has arrived <failures> times
    When 0 minutes and 31 seconds pass
    Then the disconnect event of the call has arrived <after> times, the last one acknowledged

    Examples:
      | failures | before                      | after |
      | 1        | 0 minutes and 30 seconds    | 2     |
      | 2        | 3 minutes and 30 seconds    | 3     |
      | 3        | 8 minutes and 30 seconds    | 4     |
      | 4        | 105 minutes and 30 seconds  | 5     |
      | 5        | 202 minutes and 30 seconds  | 6     |
      | 6        | 299 minutes and 30 seconds  | 7     |

  @id:calls-xmode-09 @XM-009
  Scenario: Simultaneous calls to one X are each routed by their own answer
    Given X is a number of the X-mode app
    And the receiver connects X-mode calls from C to D and from E to F
    When C calls X and the call goes on
    And E calls X and the call goes on
    Then the call from C reaches D
    And the call from E reaches F

  @id:calls-xmode-10 @XM-002
  Scenario: Every call to X asks the app, whose answer routes it
    Given X is a number of the X-mode app
    And the receiver connects X-mode calls to B
    When C calls X
    Then the app was asked about the call before it was routed
    And the call reaches B

  @id:calls-xmode-11 @XM-008 @unconfirmed
  Scenario: An X-mode event pushed 7 times without success is given up
    Given X is a number of the X-mode app
    And the receiver closes X-mode calls
    And the platform delivers its pushes only when time passes
    When C calls X
    And the receiver fails the next 40 event pushes
    And 1440 minutes pass
    Then the disconnect event of the call has arrived 7 times

  @id:calls-xmode-12 @XM-011
  Scenario: An X-mode call connected with recordFlag has a CDR naming its recording
    Given X is a number of the X-mode app
    And the receiver connects X-mode calls to B with recording
    When C calls X and they talk 30 seconds
    Then the CDR of the call names a recording
