@needs-hooks @needs-calls
Feature: SMS through X
  AXB forwards messages between A and B; AX forwards A's messages to the B named by a trailing
  `@<B>` (else asks the app in Block mode) and everybody else's to A tagged `[From<sender>]`;
  AXE and AXYB numbers take no SMS. Every message is reported to the app's SMS URL
  (00-common SMS, 10-axb, 20-ax §SMS, D-21).

  @id:calls-sms-01 @axb @AXB-090 @AXB-022 @SMS-002 @SMS-003 @SMS-004 @SMS-007
  Scenario: An AXB message from A reaches B from X
    Given an AXB binding "b" of A and B on X
    When A sends the message "hello" to X
    Then B receives "hello" from X
    And the app is notified of the message with sendResult 0
    And the SMS notification names the message, its sender and X

  @id:calls-sms-02 @axb @AXB-091 @SMS-003
  Scenario: An AXB message from B reaches A from X
    Given an AXB binding "b" of A and B on X
    When B sends the message "hello" to X
    Then A receives "hello" from X

  @id:calls-sms-03 @axb @AXB-093 @SMS-007
  Scenario: A message from outside the pair is not forwarded
    Given an AXB binding "b" of A and B on X
    When C sends the message "hello" to X
    Then the message is not forwarded
    And the app is notified of the message with sendResult 2

  @id:calls-sms-04 @axb @AXB-092 @SMS-001
  Scenario: With privateSms false an AXB message is not forwarded
    Given an AXB binding "b" of A and B on X with privateSms "false"
    When A sends the message "hello" to X
    Then the message is not forwarded

  @id:calls-sms-05 @ax @AX-601 @SMS-003
  Scenario: An AX message from A addressed to B reaches B without the suffix
    Given an AX binding "b" of A on X
    When A sends the message "hello" addressed to B to X
    Then B receives "hello" from X
    And the app is notified of the message with sendResult 0

  @id:calls-sms-06 @ax @AX-604 @SMS-003 @unconfirmed
  Scenario: An AX message from another number reaches A tagged with the sender
    Given an AX binding "b" of A on X
    When C sends the message "hi" to X
    Then A receives "hi" tagged with the sender C from X

  @id:calls-sms-07 @ax @AX-602 @SMS-002 @SMS-005
  Scenario: An AX message from A without a callee asks the app, which forwards it
    Given an AX binding "b" of A on X
    And the receiver answers blocked messages by forwarding them to B
    When A sends the message "hello" to X
    Then the app is asked where to send the message
    And B receives "hello" from X

  @id:calls-sms-08 @ax @AX-603 @SMS-003
  Scenario: A full-width at sign does not name a callee: the app is asked
    Given an AX binding "b" of A on X
    And the receiver answers blocked messages by forwarding them to B
    When A sends the message "hello＠13800000002" to X
    Then the app is asked where to send the message
    And B receives "hello＠13800000002" from X

  @id:calls-sms-09 @ax @AX-602 @SMS-005
  Scenario: An AX message the app discards is not forwarded
    Given an AX binding "b" of A on X
    And the receiver answers blocked messages by discarding them
    When A sends the message "hello" to X
    Then the app is asked where to send the message
    And the message is not forwarded

  @id:calls-sms-10 @ax @AX-605 @AX-032 @SMS-001
  Scenario: With privateSms false an AX message is not forwarded
    Given an AX binding "b" of A on X with privateSms "false"
    When C sends the message "hello" to X
    Then the message is not forwarded

  @id:calls-sms-11 @axe @SMS-001 @AXE-035
  Scenario: An AXE number takes no SMS
    Given an AXE binding "b" of A on X
    When B sends the message "hello" to X
    Then the message is not forwarded
    And no SMS notification arrives

  @id:calls-sms-12 @axyb @SMS-001
  Scenario: An AXYB number takes no SMS
    Given an AXYB binding "b" of A
    And X is the number of binding "b"
    When B sends the message "hello" to X
    Then the message is not forwarded
    And no SMS notification arrives

  @id:calls-sms-13 @axb @SMS-006
  Scenario: An SMS notification the app did not acknowledge is pushed again
    Given an AXB binding "b" of A and B on X
    And the receiver fails the next 1 SMS push
    When A sends the message "hello" to X
    And 1440 minutes pass
    Then the SMS notification has arrived 2 times, the last one acknowledged

  @id:calls-sms-14 @ax @AX-201
  Scenario: After a modify to privateSms false an AX message is not forwarded
    Given an AX binding "b" of A on X
    When the AX app modifies binding "b" with privateSms "false"
    And C sends the message "hello" to X
    Then the message is not forwarded

  @id:calls-sms-15 @ax @SMS-008 @unconfirmed @no-receiver-check
  Scenario Outline: A Block notification without a usable answer discards the message with sendResult 7
    Given an AX binding "b" of A on X
    And the receiver answers blocked messages <defect>
    When A sends the message "hello" to X
    Then the app is asked where to send the message
    And the message is not forwarded
    And the app is notified of the message with sendResult 7

    Examples:
      | defect               |
      | with an error status |
      | without actions      |
      | too late             |

  @id:calls-sms-16 @x @SMS-002 @SMS-003
  Scenario: An X-mode message is announced once by Block, then once by Notify
    Given X is a number of the X-mode app
    And the receiver answers blocked messages by forwarding them to B
    When C sends the message "hello" to X
    Then the app is asked where to send the message once
    And B receives "hello" from X
    And the app is notified of the message with sendResult 0
    And the SMS notification has arrived 1 time

  @id:calls-sms-17 @axb @SMS-004
  Scenario: A long message is reported once
    Given an AXB binding "b" of A and B on X
    When A sends a message of 300 characters to X
    Then the SMS notification has arrived 1 time
    And the SMS notification names the message, its sender and X

  @id:calls-sms-18 @axb @SMS-006
  Scenario: An SMS notification is re-pushed at most 6 times
    Given an AXB binding "b" of A and B on X
    And the receiver fails the next 10 SMS pushes
    When A sends the message "hello" to X
    And 1440 minutes pass
    Then the SMS notification has arrived 7 times

  @id:calls-sms-19 @axb @SMS-007
  Scenario: A message through X of a frozen account is reported with sendResult 1
    Given an AXB binding "b" of A and B on X
    And the app is frozen
    When A sends the message "hello" to X
    Then the message is not forwarded
    And the app is notified of the message with sendResult 1
