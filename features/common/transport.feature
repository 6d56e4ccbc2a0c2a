@common @axb
Feature: Transport: HTTPS at the access address
  Every client-to-platform API is reached over HTTPS at the app's access address (scheme, host
  and port configurable) followed by the interface URI (00-common §1, GEN-001). The target
  gives its access address: `base_url: https://host[:port]` for a live target; an embedded
  emulator with `tls: true` serves HTTPS with a throw-away CA made at its start-up, which the
  run trusts (and only that run). On a target configured for plain HTTP the scenario is skipped
  with its reason. The AXB interfaces carry the check.

  @id:common-transport-01 @GEN-001
  Scenario: The API answers over HTTPS at the access address followed by the interface URI
    Given the target is configured to be reached over HTTPS
    When the app queries X
    Then the answer came over HTTPS from the configured host and port, at the interface URI
    And the platform's certificate is verified by the client for the configured host
    And a plain-HTTP request to the same host and port gets no API answer
