@axb @needs-hooks @needs-calls
Feature: Call events
  Every call pushes its events to the app's call-status URL as signed JSON POSTs: callin,
  callout, alerting, answer, disconnect, all with one sessionId, UTC times, and a stateCode only
  in the disconnect (50-events-cdr-codes §1-§2, 00-common §8).

  @id:calls-events-01 @EVT-040
  Scenario: An answered call pushes callin, callout, alerting, answer and disconnect in order
    Given an AXB binding "b" of A and B on X
    When A calls X
    Then the call's events are callin, callout, alerting, answer and disconnect

  @id:calls-events-02 @EVT-014 @CDR-008 @GEN-117
  Scenario: Event and CDR times are in UTC
    Given an AXB binding "b" of A and B on X
    When A calls X
    Then the call's event and CDR times are the platform's UTC time

  @id:calls-events-03 @EVT-042
  Scenario: A call to a busy callee still ends with a disconnect event
    Given an AXB binding "b" of A and B on X
    When A calls X and the callee is busy
    Then the call's events are callin, callout and disconnect

  @id:calls-events-04 @EVT-011 @CDR-031
  Scenario: The events and the CDR of a call share its sessionId
    Given an AXB binding "b" of A and B on X
    When A calls X
    Then every event and the CDR of the call carry its sessionId

  @id:calls-events-05 @EVT-012
  Scenario: Only the disconnect event carries a stateCode
    Given an AXB binding "b" of A and B on X
    When A calls X
    Then only the disconnect event carries a stateCode

  @id:calls-events-06 @EVT-030 @AXB-085
  Scenario: The callin event carries the binding's userData
    Given an AXB binding "b" of A and B on X with userData "evt-030"
    When B calls X
    Then the callin event of the call has userData "evt-030"

  @id:calls-events-07 @EVT-003
  Scenario: Without a call-status URL no call event is pushed
    Given an AXB binding "b" of A and B on X
    And the app of X has no call-status URL
    When A calls X
    Then no call event arrives

  @id:calls-events-08 @EVT-002
  Scenario: Call events reach a call-status URL that names a host name
    Given an AXB binding "b" of A and B on X
    And the app of X sends its call events to the receiver by host name
    When A calls X
    Then the call's events are callin, callout, alerting, answer and disconnect

  @id:calls-events-09 @EVT-023 @unconfirmed @no-receiver-check
  Scenario: A call event answered too late is pushed again
    Given an AXB binding "b" of A and B on X
    And the receiver answers the next 1 event push too late
    When A calls X
    And 1 minute and 1 second pass
    Then the event of the call has arrived 2 times, the last one acknowledged

  @id:calls-events-10 @EVT-001 @EVT-004 @EVT-005 @EVT-013 @GEN-011 @AUTH-014 @NUM-008
  Scenario: Every event of a call is a signed JSON POST to the call-status URL
    Given an AXB binding "b" of A and B on X
    When A calls X
    Then every event of the call was POSTed to the app's call-status URL
    And every event of the call was sent as application/json;charset=UTF-8
    And every event of the call carries a valid AKSK signature of the app
    And every number in the events of the call is in global format

  @id:calls-events-11 @EVT-007
  Scenario: A call event is a JSON object holding eventType and statusInfo
    Given an AXB binding "b" of A and B on X
    When A calls X
    Then every event of the call is a JSON object with eventType and statusInfo

  @id:calls-events-12 @EVT-010
  Scenario: Only the call's events arrive at the call-status URL
    Given an AXB binding "b" of A and B on X
    When A calls X
    Then the call's events are callin, callout, alerting, answer and disconnect
    And only call events arrive at the call-status URL
