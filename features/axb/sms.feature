@axb @needs-hooks @needs-calls
Feature: AXB SMS specifics
  Messages between A and B through X (10-axb §6), beyond the shared SMS scenarios of
  features/calls/sms.feature.

  @id:axb-sms-01 @AXB-022
  Scenario: On a binding made without privateSms, B's message reaches A
    Given an AXB binding "b" of A and B on X
    When B sends the message "hello" to X
    Then A receives "hello" from X

  @id:axb-sms-02 @AXB-092
  Scenario: With privateSms false the message is reported as not sent
    Given an AXB binding "b" of A and B on X with privateSms "false"
    When A sends the message "hello" to X
    Then the message is not forwarded
    And the app is notified of the message with a sendResult other than 0

  @id:axb-sms-03 @AXB-090
  Scenario: With privateSms true, A's message reaches B from X and is reported as sent
    Given an AXB binding "b" of A and B on X with privateSms "true"
    When A sends the message "hello" to X
    Then B receives "hello" from X
    And the app is notified of the message with sendResult 0
