@common @axb @needs-hooks @needs-calls
Feature: Bindings outlive their calls
  A binding is removed by an unbind or its expiry only: hanging up a call through X leaves
  the binding in place (00-common GEN-106, automatic unbinding on hang-up is not supported).

  @id:common-lifetime-01 @GEN-106
  Scenario: A binding is not removed when its call hangs up
    Given an AXB binding "b" of A and B on X
    When A calls X
    Then the binding "b" still exists
