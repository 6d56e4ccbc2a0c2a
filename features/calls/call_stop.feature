@common
Feature: Call stop
  An app ends one of its ongoing calls with `POST /rest/httpsessions/callStop/v2.0`, naming it by
  the `sessionid` of its call events; the call is then released and reported like any other
  (00-common §6, D-25).

  @id:calls-call_stop-01 @axb @needs-hooks @needs-calls @STOP-001 @STOP-002 @STOP-003 @STOP-005 @CODE-0
  Scenario: A call stop ends an ongoing call, which then reports its disconnect and CDR
    Given an AXB binding "b" of A and B on X
    And A has called X and the call goes on
    When the app stops the call
    Then the request succeeds
    And the call ends with a disconnect event and a CDR

  @id:calls-call_stop-02 @ax @needs-hooks @needs-calls @STOP-008
  Scenario: An app of another mode than AXYB may stop its calls
    Given an AX binding "b" of A on X
    And B has called X and the call goes on
    When the app stops the call
    Then the request succeeds
    And the call ends with a disconnect event and a CDR

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

  @id:calls-call_stop-05 @axb @needs-hooks @needs-calls @STOP-006 @unconfirmed
  Scenario: A call stop with a wrong signal is refused
    Given an AXB binding "b" of A and B on X
    And A has called X and the call goes on
    When the app stops the call with signal "stop"
    Then the request is refused with 1020001 or 1010002

  @id:calls-call_stop-06 @axb @STOP-007 @AUTH-004 @CODE-1010010-401
  Scenario: A call stop signed with another secret is refused like any request
    When the app stops a call that does not exist signed with another secret
    Then the request is refused with 1010010

  @id:calls-call_stop-07 @axb @STOP-007 @AUTH-009 @CODE-1010003
  Scenario: A call stop of an unknown app key is refused like any request
    When the app stops a call that does not exist signed with an unknown app key
    Then the request is refused with 1010003
