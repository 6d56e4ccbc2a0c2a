@needs-hooks @needs-calls
Feature: Teardown points of calls the routing rules end
  The routing rules of each mode end some calls with a cause of their own (routing_*.feature
  and xmode.feature assert the hang-up cause); here the CDR's `ulFailReason` of each, as the
  teardown-point table names it (50-events-cdr-codes §5).

  @id:calls-routing_teardown-01 @axb @TEAR-049
  Scenario: A caller outside an AXB pair is torn down as an invalid AXB call
    Given an AXB binding "b" of A and B on X
    When C calls X
    Then the CDR of the call gives teardown point 8014

  @id:calls-routing_teardown-02 @axb @TEAR-051
  Scenario: A call against the binding's callDirection is torn down for its direction
    Given an AXB binding "b" of A and B on X with callDirection 2
    When A calls X
    Then the CDR of the call gives teardown point 8016

  @id:calls-routing_teardown-03 @axb @TEAR-045 @unconfirmed
  Scenario: A call cut at its maxDuration is torn down for its duration
    Given an AXB binding "b" of A and B on X with maxDuration 1
    When A calls X and the call goes on
    And 1 minute and 1 second pass
    Then the CDR of the call gives teardown point 8010

  @id:calls-routing_teardown-04 @axe @TEAR-054
  Scenario: A calling its AXE number without a callback record is torn down for it
    Given an AXE binding "b" of A on X
    When A calls X
    Then the CDR of the call gives teardown point 8019

  @id:calls-routing_teardown-05 @axe @TEAR-056 @unconfirmed
  Scenario: A wrong AXE extension is torn down as a missing binding
    Given an AXE binding "b" of A on X
    When B calls X plus a wrong extension
    Then the CDR of the call gives teardown point 8022

  @id:calls-routing_teardown-06 @axe @TEAR-060
  Scenario: An AXE call without an extension is torn down as an empty extension
    Given an AXE binding "b" of A on X
    When B calls X plus no extension
    Then the CDR of the call gives teardown point 8033

  @id:calls-routing_teardown-07 @axe @TEAR-036
  Scenario: An AXE caller who hangs up before entering an extension is torn down before forwarding
    Given an AXE binding "b" of A on X
    When B calls X and the caller hangs up first
    Then the CDR of the call gives teardown point 7516

  @id:calls-routing_teardown-08 @x @TEAR-052 @unconfirmed
  Scenario: An X-mode call the app closes is torn down on the customer's instruction
    Given X is a number of the X-mode app
    And the receiver closes X-mode calls
    When C calls X
    Then the CDR of the call gives teardown point 8017
