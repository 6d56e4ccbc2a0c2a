@ax @needs-hooks @needs-calls
Feature: AX messages (SMS through X)
  A's message to X ending in @<B> goes to B; without it, the app is asked (Block); anybody
  else's message goes to A tagged with the sender. After a forward the app gets a Notify
  notification naming the real sender, the real receiver and X. privateSms "false" stops the
  forwarding (20-ax §7, SMS-003, SMS-004).

  @id:ax-sms-01 @AX-601
  Scenario: A's message addressed to B is forwarded and notified
    Given an AX binding "b" of A on X
    When A sends the message "hello" addressed to B to X
    Then B receives "hello" from X
    And the app is notified that the message of A through X reached B

  @id:ax-sms-02 @AX-604 @unconfirmed
  Scenario: Another number's message reaches A and is notified
    Given an AX binding "b" of A on X
    When C sends the message "hi" to X
    Then A receives "hi" tagged with the sender C from X
    And the app is notified that the message of C through X reached A

  @id:ax-sms-03 @AX-602
  Scenario: A message the app forwards after the Block notification is notified
    Given an AX binding "b" of A on X
    And the receiver answers blocked messages by forwarding them to B
    When A sends the message "hello" to X
    Then the app is asked where to send the message
    And B receives "hello" from X
    And the app is notified that the message of A through X reached B

  @id:ax-sms-04 @AX-603
  Scenario Outline: A malformed callee suffix counts as none: the app is asked
    Given an AX binding "b" of A on X
    And the receiver answers blocked messages by forwarding them to B
    When A sends the message "<text>" to X
    Then the app is asked where to send the message
    And B receives "<text>" from X

    Examples:
      | text               |
      | hello＠13800000002 |
      | hello@abc          |
      | hello@13800abc     |

  @id:ax-sms-05 @AX-032
  Scenario Outline: With privateSms absent or "true" a message to X is forwarded
    Given <binding>
    When C sends the message "hi" to X
    Then A receives "hi" tagged with the sender C from X
    And the app is notified that the message of C through X reached A

    Examples:
      | binding                                          |
      | an AX binding "b" of A on X                      |
      | an AX binding "b" of A on X with privateSms "true" |

  @id:ax-sms-06 @AX-032
  Scenario: With privateSms "false" a message to X is not forwarded, and the app learns it
    Given an AX binding "b" of A on X with privateSms "false"
    When C sends the message "hi" to X
    Then the message is not forwarded
    And the app is notified of the message with a sendResult other than 0
