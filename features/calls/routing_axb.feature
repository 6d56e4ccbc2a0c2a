@axb @needs-hooks @needs-calls
Feature: AXB call routing
  A and B reach each other through X, both seeing X; who may call is set by `callDirection`;
  anyone else, and any call after the binding is gone, is not connected (10-axb §calls, D-20).

  @id:calls-routing_axb-01 @AXB-080 @AXB-100 @AXB-107 @EVT-040 @CDR-021 @HANG-001 @HANG-010
  Scenario: A calling X reaches B, who sees X
    Given an AXB binding "b" of A and B on X
    When A calls X
    Then the call reaches B showing X
    And the call's events are callin, callout, alerting, answer and disconnect
    And every event of the call names binding "b"
    And the CDR of the call names binding "b"
    And the CDR of the call has direction 1
    And the disconnect event of the call has stateCode 0

  @id:calls-routing_axb-02 @AXB-081 @AXB-100
  Scenario: B calling X reaches A, who sees X
    Given an AXB binding "b" of A and B on X
    When B calls X
    Then the call reaches A showing X
    And the CDR of the call has direction 0

  @id:calls-routing_axb-03 @AXB-082 @HANG-012 @TEAR-049 @CDR-032
  Scenario: A caller outside the pair is not connected
    Given an AXB binding "b" of A and B on X
    When C calls X
    Then the call is not connected
    And the call ends with cause 8014
    And the CDR of the call names no binding

  @id:calls-routing_axb-04 @AXB-083 @HANG-013
  Scenario: With callDirection 1 a call from B is refused
    Given an AXB binding "b" of A and B on X with callDirection 1
    When B calls X
    Then the call is not connected
    And the call ends with cause 8016 or 8057

  @id:calls-routing_axb-05 @AXB-084 @HANG-013 @TEAR-051
  Scenario: With callDirection 2 a call from A is refused
    Given an AXB binding "b" of A and B on X with callDirection 2
    When A calls X
    Then the call is not connected
    And the call ends with cause 8016 or 8057

  @id:calls-routing_axb-06 @AXB-085 @EVT-030
  Scenario: The binding's userData is echoed in the callin event and the CDR
    Given an AXB binding "b" of A and B on X with userData "u-085"
    When A calls X
    Then the callin event of the call has userData "u-085"
    And the CDR of the call has userData "u-085"

  @id:calls-routing_axb-07 @AXB-086 @HANG-057 @TEAR-045 @GEN-108 @unconfirmed
  Scenario: maxDuration 1 ends an answered call after one minute
    Given an AXB binding "b" of A and B on X with maxDuration 1
    When A calls X and the call goes on
    And 1 minute and 1 second pass
    Then the call ends with cause 8010
    And the CDR of the call has callDuration 60

  @id:calls-routing_axb-08 @AXB-101 @HANG-069 @TEAR-057 @needs-fixed-line
  Scenario: A fixed-line party cannot call through X
    Given A is a fixed-line number
    And an AXB binding "b" of A and B on X
    When A calls X
    Then the call is not connected
    And the call ends with cause 8023

  @id:calls-routing_axb-09 @AXB-103 @GEN-106
  Scenario: After the binding expired, calls through X are no longer connected
    Given an AXB binding "b" of A and B on X with duration 60
    When 1 minute and 1 second pass
    And A calls X
    Then the call is not connected

  @id:calls-routing_axb-18 @AXB-103 @HANG-012
  Scenario: After the binding expired, a call through X ends with cause 8014
    Given an AXB binding "b" of A and B on X with duration 60
    When 1 minute and 1 second pass
    And A calls X
    Then the call ends with cause 8014

  @id:calls-routing_axb-10 @AXB-047 @GEN-105
  Scenario: Unbinding during a call lets the call go on, and no later call through X
    Given an AXB binding "b" of A and B on X
    And A has called X and the call goes on
    When the app unbinds binding "b"
    Then the request succeeds
    And the call is still going on
    When the callee hangs up
    Then the disconnect event of the call has stateCode 0
    When A calls X
    Then the call is not connected
    And the call ends with cause 8014

  @id:calls-routing_axb-11 @HANG-080 @TEAR-071 @XSTAT-005
  Scenario: A call to an X that is suspended is not connected
    Given an AXB binding "b" of A and B on X
    When X becomes suspended
    And A calls X
    Then the call is not connected
    And the call ends with cause 8055

  @id:calls-routing_axb-12 @AXB-054 @HANG-013
  Scenario: After a modify to callDirection 1 a call from B is refused
    Given an AXB binding "b" of A and B on X
    And the app has modified binding "b" with callDirection 1
    When B calls X
    Then the call is not connected
    And the call ends with cause 8016 or 8057

  @id:calls-routing_axb-14 @AXB-054
  Scenario: After a modify to callDirection 1 a call from A still reaches B
    Given an AXB binding "b" of A and B on X
    And the app has modified binding "b" with callDirection 1
    When A calls X
    Then the call reaches B showing X

  @id:calls-routing_axb-13 @AXB-104 @AXB-105
  Scenario: After a call ended, either party can call again through X
    Given an AXB binding "b" of A and B on X
    And A has called X and they talk 10 seconds
    When B calls X
    Then the call reaches A showing X
    And the binding "b" still exists

  @id:calls-routing_axb-15 @AXB-101 @needs-fixed-line
  Scenario: A fixed-line party receives calls through X
    Given A is a fixed-line number
    And an AXB binding "b" of A and B on X
    When B calls X
    Then the call reaches A showing X

  @id:calls-routing_axb-16 @AXB-103 @GEN-106
  Scenario: A call in progress when the binding expires goes on
    Given an AXB binding "b" of A and B on X with duration 60
    And A has called X and the call goes on
    When 1 minute and 1 second pass
    Then the call is still going on

  @id:calls-routing_axb-17 @AXB-107
  Scenario: Right after an unbind, calls through X are no longer connected
    Given an AXB binding "b" of A and B on X
    And the app has unbound binding "b"
    When A calls X
    Then the call is not connected
    And the call ends with cause 8014
