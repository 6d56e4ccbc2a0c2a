@axb @needs-hooks @needs-calls
Feature: X-number status notifications
  When an X changes status the app is told at its X-status URL, or at its call-status URL when it
  has none: `numStatus` with `numInfo` items of number, status (5 normal, 9 suspended, 10
  unavailable, 11 frozen) and cause (00-common XSTAT).

  @id:calls-x_status-01 @XSTAT-001 @XSTAT-002 @XSTAT-003 @XSTAT-004
  Scenario Outline: A status change of X is notified
    Given an AXB binding "b" of A and B on X
    When X becomes <status>
    Then the app is notified at its X-status URL that X has status "<code>"
    And the X-status notification of X is a signed JSON POST
    And the X-status notification of X gives a cause only with status 10

    Examples:
      | status      | code |
      | suspended   | 9    |
      | unavailable | 10   |
      | frozen      | 11   |

  @id:calls-x_status-02 @XSTAT-001 @XSTAT-002 @XSTAT-004
  Scenario: X becoming available again is notified
    Given an AXB binding "b" of A and B on X
    When X becomes suspended
    And X becomes normal
    Then the app is notified at its X-status URL that X has status "5"
    And the X-status notification of X gives a cause only with status 10

  @id:calls-x_status-09 @XSTAT-001 @XSTAT-004
  Scenario: A change of the reason X is unavailable is notified
    Given an AXB binding "b" of A and B on X
    When X becomes unavailable for arrears
    And X becomes unavailable because it was stopped
    Then the X-status notification of X gives status "10" with cause "3"

  @id:calls-x_status-03 @XSTAT-002
  Scenario: Without an X-status URL the notification goes to the call-status URL
    Given an AXB binding "b" of A and B on X
    And the app of X has no X-status URL
    When X becomes suspended
    Then the app is notified at its call-status URL that X has status "9"

  @id:calls-x_status-11 @XSTAT-002
  Scenario: Without an X-status URL and a call-status URL no notification is sent
    Given an AXB binding "b" of A and B on X
    And the app of X has no X-status URL
    And the app of X has no call-status URL
    When X becomes suspended
    Then no notification that X has status "9" arrives

  @id:calls-x_status-04 @XSTAT-006 @unconfirmed
  Scenario: An X-status notification the app did not acknowledge is pushed again
    Given an AXB binding "b" of A and B on X
    And the receiver fails the next 1 X-status push
    When X becomes suspended
    And 1440 minutes pass
    Then the X-status notification has arrived 2 times, the last one acknowledged

  Rule: Status 9 and 10 stop bindings, calls and SMS on X; status 11 stops only new bindings (XSTAT-005)

    @id:calls-x_status-05 @XSTAT-005
    Scenario Outline: An X in status 9, 10 or 11 takes no new binding
      Given an AXB binding "b" of A and B on X
      And X has become <status>
      When the app binds C and D on X
      Then the bind is refused
      And X carries only the binding "b"

      Examples:
        | status      |
        | suspended   |
        | unavailable |
        | frozen      |

    @id:calls-x_status-06 @XSTAT-005
    Scenario Outline: An X in status 9 or 10 takes no calls
      Given an AXB binding "b" of A and B on X
      And X has become <status>
      When A calls X
      Then the call is not connected

      Examples:
        | status      |
        | suspended   |
        | unavailable |

    @id:calls-x_status-07 @XSTAT-005 @SMS-007
    Scenario Outline: An X in status 9 or 10 takes no SMS
      Given an AXB binding "b" of A and B on X
      And X has become <status>
      When A sends the message "hello" to X
      Then the message is not forwarded
      And the app is notified of the message with sendResult 3

      Examples:
        | status      |
        | suspended   |
        | unavailable |

    @id:calls-x_status-08 @XSTAT-005
    Scenario: A binding of an X in status 11 keeps working for calls
      Given an AXB binding "b" of A and B on X
      And X has become frozen
      When A calls X and they talk 30 seconds
      Then the call reaches B showing X

    @id:calls-x_status-10 @XSTAT-005
    Scenario: A binding of an X in status 11 keeps working for SMS
      Given an AXB binding "b" of A and B on X
      And X has become frozen
      When A sends the message "hello" to X
      Then B receives "hello" from X
      And the app is notified of the message with sendResult 0
