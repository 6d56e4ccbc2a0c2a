@common
Feature: Call stop
  An app ends one of its ongoing calls with `POST /rest/httpsessions/callStop/v2.0`, naming it by
  the `sessionid` of its call events; the call is then released and reported like any other
  (00-common §6, D-25). The call-stop table's own codes: 1020001 parameter error, 1020150 the
  request's app key is not the call's, 1020152 unknown or ended session (D-1, D-25).

  @id:calls-call_stop-01 @axyb @needs-hooks @needs-calls @STOP-001 @STOP-002 @STOP-003
  Scenario: A call stop of an ongoing call succeeds
    Given an AXYB binding "b" of A
    And X is the number of binding "b"
    And B has called X and the call goes on
    When the app stops the call
    Then the call stop succeeds

  @id:calls-call_stop-09 @axyb @needs-hooks @needs-calls @STOP-005
  Scenario: A stopped call reports its disconnect and CDR
    Given an AXYB binding "b" of A
    And X is the number of binding "b"
    And B has called X and the call goes on
    When the app stops the call
    Then the call ends with a disconnect event and a CDR

  @id:calls-call_stop-02 @needs-hooks @needs-calls @STOP-008
  Scenario Outline: An app of another mode than AXYB may stop its calls
    Given <binding>
    And <caller> has called X and the call goes on
    When the app stops the call
    Then the call stop is accepted
    And the call ends with a disconnect event and a CDR

    @ax
    Examples: AX
      | binding                     | caller |
      | an AX binding "b" of A on X | B      |

    @axb
    Examples: AXB
      | binding                            | caller |
      | an AXB binding "b" of A and B on X | A      |

  @id:calls-call_stop-03 @axb @STOP-004 @CODE-1020152 @unconfirmed
  Scenario: A call stop for a session that never existed is refused
    When the app stops a call that does not exist
    Then the request is refused with 1020152

  @id:calls-call_stop-04 @axb @needs-hooks @needs-calls @STOP-004 @CODE-1020152 @unconfirmed
  Scenario: A call stop for a call that has ended is refused
    Given an AXB binding "b" of A and B on X
    And A has called X and they talk 10 seconds
    When the app stops the call
    Then the request is refused with 1020152

  @id:calls-call_stop-05 @axb @needs-hooks @needs-calls @unconfirmed
  Scenario Outline: A call stop with a bad body is refused
    Given an AXB binding "b" of A and B on X
    And A has called X and the call goes on
    When the app stops the call with the body <body>
    Then the request is refused with the target's call-stop parameter code
    And the call is still going on

    @STOP-006
    Examples: signal
      | body                                      |
      | {"sessionid": "<call>", "signal": "stop"} |
      | {"sessionid": "<call>"}                   |
      | {"sessionid": "<call>", "signal": ""}     |
      | ["<call>", "call_stop"]                   |

    @STOP-002
    Examples: the call is named by the lower-case sessionid
      | body                                           |
      | {"sessionId": "<call>", "signal": "call_stop"} |
      | {"signal": "call_stop"}                        |

  @id:calls-call_stop-08 @axb @needs-hooks @needs-calls @CODE-1020001 @unconfirmed
  Scenario: A call stop with a wrong signal gets the call-stop parameter error
    Given an AXB binding "b" of A and B on X
    And A has called X and the call goes on
    When the app stops the call with signal "stop"
    Then the request is refused with 1020001

  @id:calls-call_stop-10 @axb @ax @needs-hooks @needs-calls @CODE-1020150 @unconfirmed
  Scenario: A call stop of another app's call is refused as a wrong app key
    Given an AXB binding "b" of A and B on X
    And A has called X and the call goes on
    When the AX app stops the call
    Then the request is refused with 1020150
    And the call is still going on

  # STOP-007 only: the codes' own rules (AUTH-*, CODE-*) are asserted by features/common/auth.feature;
  # here a wrong answer breaks the rule that call stop goes through the same checks.
  @id:calls-call_stop-06 @axb @STOP-007
  Scenario Outline: A call stop goes through the checks of every request
    When the app stops a call that does not exist signed with <signing>
    Then the request is refused with <code>

    Examples:
      | signing             | code    |
      | another secret      | 1010010 |
      | Created one day ago | 1010013 |
      | an unknown app key  | 1010003 |

  @id:calls-call_stop-07 @axb @needs-hooks @STOP-007
  Scenario: A call stop of a frozen account is refused like any request
    Given the app is frozen
    When the app stops a call that does not exist
    Then the request is refused with 1010029
