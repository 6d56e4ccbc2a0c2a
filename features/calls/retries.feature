@axb @needs-hooks @needs-calls
Feature: Re-pushes of unacknowledged notifications
  A call event or CDR push that is not answered with success is pushed again, at most 6 times,
  1, 4, 9, 106, 203 and 300 minutes after the first failure; an acknowledged push is never sent
  again (50-events-cdr-codes §1-§2, 00-common §8, D-28).

  @id:calls-retries-01 @EVT-021 @CDR-006 @GEN-116
  Scenario Outline: A CDR the app did not acknowledge is pushed again on the schedule
    Given an AXB binding "b" of A and B on X
    And the receiver fails the next <failures> CDR pushes
    When A calls X
    And <before> pass
    Then the CDR of the call has arrived <failures> times
    When 0 minutes and 31 seconds pass
    Then the CDR of the call has arrived <after> times, the last one acknowledged

    Examples:
      | failures | before                      | after |
      | 1        | 0 minutes and 30 seconds    | 2     |
      | 2        | 3 minutes and 30 seconds    | 3     |
      | 3        | 8 minutes and 30 seconds    | 4     |
      | 4        | 105 minutes and 30 seconds  | 5     |
      | 5        | 202 minutes and 30 seconds  | 6     |
      | 6        | 299 minutes and 30 seconds  | 7     |

  @id:calls-retries-02 @EVT-021 @CDR-006 @GEN-116
  Scenario: A CDR pushed 7 times without success is given up
    Given an AXB binding "b" of A and B on X
    And the receiver fails the next 8 CDR pushes
    When A calls X
    And 1440 minutes pass
    Then the CDR of the call has arrived 7 times

  @id:calls-retries-03 @EVT-021 @GEN-116
  Scenario: A call event the app did not acknowledge is pushed again after a minute
    Given an AXB binding "b" of A and B on X
    And the receiver fails the next 1 event push
    When A calls X
    And 1 minute and 1 second pass
    Then the event of the call has arrived 2 times, the last one acknowledged

  @id:calls-retries-04 @CDR-006
  Scenario: An acknowledged CDR is not sent again
    Given an AXB binding "b" of A and B on X
    When A calls X
    And 1440 minutes pass
    Then the CDR of the call has arrived 1 time, the last one acknowledged

  @id:calls-retries-05 @EVT-020
  Scenario: A call event acknowledged with an empty HTTP 200 is not sent again
    Given an AXB binding "b" of A and B on X
    When A calls X
    And 1440 minutes pass
    Then the event of the call has arrived 1 time, the last one acknowledged

  @id:calls-retries-06 @EVT-021
  Scenario: A call event pushed 7 times without success is given up
    Given an AXB binding "b" of A and B on X
    And the receiver fails the next 40 event pushes
    When A calls X
    And 1440 minutes pass
    Then the event of the call has arrived 7 times
