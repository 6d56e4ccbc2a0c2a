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

  @id:calls-x_status-03 @XSTAT-002
  Scenario: Without an X-status URL the notification goes to the call-status URL
    Given an AXB binding "b" of A and B on X
    And the app of X has no X-status URL
    When X becomes suspended
    Then the app is notified at its call-status URL that X has status "9"

  @id:calls-x_status-04 @XSTAT-006 @unconfirmed
  Scenario: An X-status notification the app did not acknowledge is pushed again
    Given an AXB binding "b" of A and B on X
    And the receiver fails the next 1 X-status push
    When X becomes suspended
    And 1440 minutes pass
    Then the X-status notification has arrived 2 times, the last one acknowledged
