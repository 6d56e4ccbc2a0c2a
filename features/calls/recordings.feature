@common @needs-hooks @needs-calls
Feature: Recording download
  A recorded call's CDR names its recording (`recordObjectName`, `recordDomain`); the app
  downloads it with `GET /rest/provision/voice/record/v1.0`, answered with a 301 whose
  `Location` is the file's URL. Recordings are kept 7 days (00-common §7, REC-*, D-15, D-16).

  @id:calls-recordings-01 @axb @REC-001 @REC-002 @REC-007 @CDR-022
  Scenario: A recorded call can be downloaded through a redirect
    Given an AXB binding "b" of A and B on X with recordFlag true
    And A has called X and they talk 30 seconds
    When the app downloads the recording of the call
    Then the answer redirects to the recording
    And the CDR of the call carries the recording's fields

  @id:calls-recordings-02 @axb @REC-003 @REC-007
  Scenario: Following the redirect gives the recording's audio
    Given an AXB binding "b" of A and B on X with recordFlag true
    And A has called X and they talk 30 seconds
    When the app downloads the recording of the call
    And the app follows the Location of the answer
    Then the download is the recording's audio

  @id:calls-recordings-03 @axb @REC-005
  Scenario Outline: The URL in Location is valid for 3 days
    Given an AXB binding "b" of A and B on X with recordFlag true
    And A has called X and they talk 30 seconds
    When the app downloads the recording of the call
    And <seconds> seconds pass
    And the app follows the Location of the answer
    Then the download <result>

    Examples:
      | seconds | result                         |
      | 259190  | is the recording's audio       |
      | 259210  | is refused                     |

  @id:calls-recordings-04 @axb @REC-006 @CODE-1012012
  Scenario: An app without recording may not download
    Given an AXB binding "b" of A and B on X with recordFlag true
    And A has called X and they talk 30 seconds
    And the app of X does not record calls
    When the app downloads the recording of the call
    Then the request is refused with 1012012

  @id:calls-recordings-05 @axb @REC-002 @REC-006 @CODE-1012007
  Scenario: A recording that does not exist is not found
    Given an AXB binding "b" of A and B on X with recordFlag true
    And A has called X and they talk 30 seconds
    When the app downloads a recording that does not exist
    Then the request is refused with 1012007 or 1016001

  @id:calls-recordings-06 @axb @REC-004 @CDR-009 @unconfirmed
  Scenario: A recording can still be downloaded just before 7 days have passed
    Given an AXB binding "b" of A and B on X with recordFlag true
    And A has called X and they talk 30 seconds
    When 604790 seconds pass
    And the app downloads the recording of the call
    Then the answer redirects to the recording

  @id:calls-recordings-07 @axb @REC-004 @CDR-009 @unconfirmed
  Scenario: A recording is gone 7 days after the call
    Given an AXB binding "b" of A and B on X with recordFlag true
    And A has called X and they talk 30 seconds
    When 604810 seconds pass
    And the app downloads the recording of the call
    Then the request is refused with 1012007 or 1016001

  @id:calls-recordings-08 @axb @REC-007
  Scenario: A call shorter than 3 seconds is not recorded
    Given an AXB binding "b" of A and B on X with recordFlag true
    When A calls X and they talk 2 seconds
    Then the CDR of the call names no recording

  @id:calls-recordings-14 @axb @REC-007
  Scenario: A call of a binding without recordFlag is not recorded
    Given an AXB binding "b" of A and B on X
    When A calls X and they talk 30 seconds
    Then the CDR of the call names no recording

  @id:calls-recordings-09 @axb @REC-007 @CDR-022 @AXB-020
  Scenario: A call on an app without recording is not recorded
    Given an AXB binding "b" of A and B on X with recordFlag true
    And the app of X does not record calls
    When A calls X and they talk 30 seconds
    Then the CDR of the call names no recording

  @id:calls-recordings-10 @ax @AX-033
  Scenario: An AX call of a binding with recordFlag and a hint tone is recorded
    Given an AX binding "b" of A on X with recordFlag true and recordHintTone the approved tone
    When C calls X and they talk 30 seconds
    Then the CDR of the call names a recording

  @id:calls-recordings-11 @axyb @AXYB-024
  Scenario: An AXYB call of a binding with recordFlag and a hint tone is recorded
    Given an AXYB binding "b" of A with recordFlag true and recordHintTone the approved tone
    And X is the number of binding "b"
    When B calls X and they talk 30 seconds
    Then the CDR of the call names a recording

  @id:calls-recordings-12 @axyb @AXYB-024
  Scenario: An AXYB call on an app without recording is not recorded
    Given an AXYB binding "b" of A with recordFlag true and recordHintTone the approved tone
    And X is the number of binding "b"
    And the app of X does not record calls
    When B calls X and they talk 30 seconds
    Then the CDR of the call names no recording

  @id:calls-recordings-13 @x @XM-011
  Scenario: An X-mode call connected with recordFlag is recorded and its recording can be downloaded
    Given X is a number of the X-mode app
    And the receiver connects X-mode calls to B with recording
    And C has called X and they talk 30 seconds
    When the app downloads the recording of the call
    Then the answer redirects to the recording

  @id:calls-recordings-15 @axb @REC-001
  Scenario Outline: A recording download needs fileName and recordDomain of 1-128 characters
    Given an AXB binding "b" of A and B on X with recordFlag true
    And A has called X and they talk 30 seconds
    When the app downloads the recording of the call with <defect>
    Then the request is refused with 1010002

    Examples:
      | defect                          |
      | no fileName                     |
      | no recordDomain                 |
      | a fileName of 129 characters    |
      | a recordDomain of 129 characters |
