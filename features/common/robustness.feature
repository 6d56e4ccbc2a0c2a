@common @robustness
Feature: Robustness: malformed requests get a documented refusal
  Like a fuzzer's negative testing: Hypothesis draws malformed requests for every interface of a
  mode the target offers (bind, modify, query, unbind; AX's temporary callee; AXE's v2.0 query and
  binding count; AXYB's with its app_key): wrong JSON types, missing mandatory fields, optional
  fields out of range, huge, non-UTF-8 and lone-surrogate strings, deep nesting, truncated bodies,
  bodies that are no JSON object, broken query strings, methods the URI does not offer (HEAD and
  OPTIONS too) and URIs next to the API's, with extra fields, repeated keys, odd content types and
  junk headers riding along. Every request is signed correctly: what is checked is the business
  layer. No answer may be a server error (500 is for internal errors only) or carry a status that
  does not go with its code, every answer is the JSON envelope (a 404 where there is no API
  excepted), every refusal carries a code of the documented table, no malformed bind or modify is
  accepted, and what the target lists is the same after every request as before the first: the
  test hooks' listing of the app, or without hooks the mode's query of the X the requests name
  (after each request) and of the app's X numbers (before and after the run). The budget is an
  eighth of the target's invariant budget (max_examples × stateful_step_count / 8 requests per
  mode); a failure shows the smallest failing request, ready to replay.

  @id:common-robustness-01 @GEN-006 @GEN-009 @CODE-1010002
  Scenario Outline: Malformed <mode> requests are refused as documented and change nothing
    When malformed requests are sent to every <mode> interface
    Then every answer to a malformed request was a documented refusal in the JSON envelope
    And no malformed request changed the bindings the target lists

    @axb
    Examples: AXB
      | mode |
      | AXB  |

    @ax
    Examples: AX
      | mode |
      | AX   |

    @axe
    Examples: AXE
      | mode |
      | AXE  |

    @axyb
    Examples: AXYB
      | mode |
      | AXYB |
