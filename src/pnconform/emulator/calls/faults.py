"""The call simulator's fault switches (see ``emulator/faults.py`` for the mechanism and the
layout): those checked by the shared call code here, or by the routing or SMS rules of several
modes. Switches bending only one mode's calls or messages live in ``modes/<mode>/faults.py``."""

from __future__ import annotations

from ..faults import fault
from .outcomes import HANG_RULES, Q850_CAUSES, TEAR_RULES

# Call routing and the call runtime (routing.py, runtime.py) and routing rules several modes share.
CALL_ALLOW_FIXED_LINE_CALLER = fault(
    "call.allow_fixed_line_caller",
    ("AXB-101", "AX-008", "AXYB-022", "XM-010", "HANG-069"),
    "a fixed-line caller is routed like a mobile one (no 8023)",
)
CALL_RECORD_WITHOUT_APP_RECORDING = fault(
    "call.record_without_app_recording",
    ("REC-007", "AXYB-024", "AXB-020"),
    "a call is recorded on an app without recording (D-15)",
)
CALL_IGNORE_DIRECTION = fault(
    "call.ignore_direction",
    ("AXB-083", "AXB-084", "AXB-054", "AXYB-011", "AX-037", "HANG-013"),
    "callDirection is not enforced",
)
CALL_EXPIRED_BINDING_ROUTES = fault(
    "call.expired_binding_routes",
    ("AXB-103", "HANG-012", "GEN-106"),  # HANG-015 (AXE 8022): no expired-AXE-binding scenario is tagged with it
    "calls are routed over expired bindings",
)
CALL_IGNORE_MAX_DURATION = fault(
    "call.ignore_max_duration",
    ("AXB-086", "XM-006", "AX-031", "GEN-108"),  # HANG-057 (the code 8010 itself): code.hang_8010
    "maxDuration never cuts a call (no 8010)",
)
CALL_IGNORE_RECORD_FLAG = fault(
    "call.ignore_record_flag",
    ("AX-033", "AXYB-024", "XM-011", "REC-001"),
    "the recordFlag of a binding or of an X-mode answer is ignored: no call is recorded",
)
CALL_UNBIND_ENDS_CALL = fault(
    "call.unbind_ends_call", ("AX-109", "AXE-033"), "an unbind ends the binding's ongoing calls"
)

# Call events, CDRs and X-status notifications (records.py, push.py, runtime.py).
PUSH_ISO_TIMES = fault(
    "push.iso_times", ("EVT-014", "CDR-008", "GEN-117"), "event and CDR times in ISO format yyyy-MM-ddTHH:mm:ssZ"
)
PUSH_BEIJING_TIMES = fault(
    "push.beijing_times", ("EVT-014", "CDR-008", "GEN-117"), "event and CDR times in Beijing time (UTC+8)"
)
PUSH_NO_USER_DATA = fault(
    "push.no_user_data", ("AXB-085", "EVT-030", "AX-036", "AX-410"), "userData is left out of events and CDRs"
)
PUSH_STATE_CODE_ON_ALL_EVENTS = fault(
    "push.state_code_on_all_events", ("EVT-012",), "stateCode/stateDesc on every event, not only disconnect"
)
PUSH_WRONG_HANGUP_CODE = fault(
    "push.wrong_hangup_code",
    ("HANG-001", "HANG-002", "HANG-010", "EVT-040"),
    "a normal hang-up carries stateCode 16 (in no hang-up table) instead of 0",
)
PUSH_SWAP_DIRECTION = fault("push.swap_direction", ("AXB-080", "AXB-081"), "CDR direction 0 and 1 swapped")
PUSH_CDR_MISSING_CALLER = fault("push.cdr_missing_caller", ("CDR-020",), "CDRs without callerNum")
# No fwdUnaswRsn at all: every Q.850 rule a CDR is checked against breaks (Q850-000..127, Q850-900).
PUSH_RECORD_FIELDS_MISSING = fault(
    "push.record_fields_missing",
    ("CDR-022",),
    "a recorded call's CDR names the file but lacks recordStartTime and recordBucketName",
)
PUSH_NO_Q850 = fault(
    "push.no_q850",
    ("EVT-043", "CDR-021", "Q850-900", "Q850-000", *(f"Q850-{c:03d}" for c in Q850_CAUSES)),
    "CDRs without fwdUnaswRsn",
)
PUSH_TEARDOWN_IS_STATE_CODE = fault(
    "push.teardown_is_state_code",
    ("TEAR-021", "AX-504"),
    "ulFailReason repeats stateCode (AX without binding: 8018 instead of 7104)",
)
PUSH_NO_SERVICE_TYPE = fault("push.no_service_type", ("AX-501",), 'AX CDRs without serviceType "003" (D-22)')
PUSH_EVENTS_OUT_OF_ORDER = fault(
    "push.events_out_of_order", ("EVT-040",), "answer is pushed before callout and alerting"
)
PUSH_NO_CDR_FOR_FAILED = fault(
    "push.no_cdr_for_failed", ("CDR-005", "EVT-042"), "calls that were not answered produce no CDR"
)
PUSH_CDR_SESSION_MISMATCH = fault(
    "push.cdr_session_mismatch", ("EVT-011", "CDR-031"), "the CDR sessionId differs from the events'"
)
PUSH_CDR_OVER_50 = fault("push.cdr_over_50", ("CDR-003", "CDR-004"), "up to 60 CDRs are merged into one push")
PUSH_UNSIGNED = fault(
    "push.unsigned", ("EVT-005", "CDR-002", "AUTH-014"), "callbacks carry no Authorization/X-AKSK headers"
)
PUSH_NO_RETRY = fault(
    "push.no_retry",
    ("EVT-021", "CDR-006", "XM-008", "GEN-116"),
    "a failed event, CDR or X-status push is never re-pushed",
)
PUSH_RETRY_EVERY_MINUTE = fault(
    "push.retry_every_minute",
    ("EVT-021", "CDR-006", "XM-008", "GEN-116"),
    "failed pushes are re-pushed every minute instead of at 1, 4, 9, 106, 203, 300 minutes",
)
PUSH_NO_X_STATUS = fault("push.no_x_status", ("XSTAT-001",), "an X-status change pushes nothing")
PUSH_X_STATUS_WRONG_URL = fault(
    "push.x_status_wrong_url",
    ("XSTAT-002",),
    "X-status notifications go to the call-status URL even when an X-status URL is set",
)
PUSH_NO_TIMEOUT = fault("push.no_timeout", ("EVT-023",), "a push answered after the timeout counts as delivered")
PUSH_HOST_NAME_URLS_FAIL = fault(
    "push.host_name_urls_fail", ("EVT-002",), "pushes to a URL naming a host name (not an IP) fail"
)
PUSH_CALLEE_FAILURES_AS_NO_ANSWER = fault(
    "push.callee_failures_as_no_answer",
    ("HANG-021", "HANG-042", "HANG-043"),
    "a caller hang-up while ringing, a ringing timeout and an unknown callee all disconnect with stateCode 8101",
)
CODE_HANG_OFF_TABLE = fault(
    "code.hang_off_table",
    ("HANG-002", "HANG-045"),
    "a busy callee's disconnect carries stateCode 8021, a code of no table (HANG-098), instead of 8102",
)
CODE_TEAR_OFF_TABLE = fault(
    "code.tear_off_table",
    ("TEAR-002", "TEAR-078"),
    "a busy callee's CDR carries ulFailReason 8021, a point of no table (TEAR-091), instead of 8102",
)
CODE_Q850_OFF_TABLE = fault(
    "code.q850_off_table",
    ("Q850-900", "Q850-017"),
    "a busy callee's CDR carries fwdUnaswRsn 24, a cause Huawei's Q.850 table does not list, instead of 17",
)
CODE_TEAR_ON_NORMAL = fault(
    "code.tear_on_normal",
    ("TEAR-001", "TEAR-010", "CDR-021"),
    "a normally ended call's CDR has ulFailReason 7503, not 0",
)
CODE_Q850_ON_NORMAL = fault(
    "code.q850_on_normal",
    ("Q850-000", "CDR-021"),
    "a normally ended call's CDR has fwdUnaswRsn 16, not 0 (not applicable)",
)


# The code tables' family (outcomes.py): per code of each table, one switch that bends only that
# code in what the simulator reports (disconnect stateCode, CDR ulFailReason, CDR fwdUnaswRsn) into
# another code of the same table, so exactly the rule(s) of that code break. The self-test runs
# the whole family in one suite run (tests/test_selftest.py, test_code_family_is_caught).
def _family() -> list[tuple[str, int, tuple[str, ...], str]]:
    tables = (
        ("hang", "a disconnect stateCode", HANG_RULES),
        ("tear", "a CDR ulFailReason", TEAR_RULES),
        ("q850", "a CDR fwdUnaswRsn", {code: (f"Q850-{code:03d}",) for code in Q850_CAUSES}),
    )
    return [
        (field, code, (*rules, *ALSO_NAMING.get((field, code), ())), f"{what} {code} is reported as {sub}")
        for field, what, table in tables
        for code, sub in ((c, substitute(field, c)) for c in sorted(table))
        for rules in (table[code],)
    ]


def substitute(field: str, code: int) -> int:
    """The code of the same table that the family's switch for ``code`` reports instead."""
    if field == "q850":
        return 127 if code != 127 else 111
    if field == "tear" and code == 8010:
        return 0  # an answered call: 0 breaks TEAR-045 only (the receiver holds answered calls to 0/8010, TEAR-001)
    return 522 if code != 522 else 7109


# Rules of the modes that also name a code of the tables (a wrong code breaks them too).
ALSO_NAMING: dict[tuple[str, int], tuple[str, ...]] = {
    ("hang", 7516): ("AXE-026",),
    ("hang", 8010): ("AX-031", "AXB-086", "XM-006"),
    ("hang", 8013): ("AX-002", "AX-402", "AX-411", "AX-503"),
    ("hang", 8014): ("AXB-082", "AXB-103", "CDR-032", "XM-005"),
    ("hang", 8016): ("AXB-054", "AXB-083", "AXB-084"),
    ("hang", 8018): ("AX-504",),
    ("hang", 8019): ("AXE-030",),
    ("hang", 8022): ("AXE-024",),
    ("hang", 8023): ("AX-008", "AXB-101", "AXYB-022", "XM-010"),
    ("hang", 8032): ("AXYB-021",),
    ("hang", 8033): ("AXE-026",),
    ("tear", 7104): ("AX-504",),
    ("tear", 8013): ("AX-002", "AX-503"),
}

CODE_FAMILY: dict[tuple[str, int], str] = {
    (field, code): fault(f"code.{field}_{code}", rules, description) for field, code, rules, description in _family()
}


# Messages (sms.py, push.py) and the SMS rules several modes share.
SMS_NO_RETRY = fault("sms.no_retry", ("SMS-006",), "a failed SMS notification is never re-pushed")
SMS_IGNORE_PRIVATE_SMS = fault(
    "sms.ignore_private_sms",
    ("SMS-001", "AXB-092", "AX-605", "AX-032"),
    "messages are forwarded on bindings with privateSms false",
)
SMS_BLOCK_IGNORED = fault(
    "sms.block_ignored", ("AX-602", "SMS-005"), "a DiscardMessage reply still forwards (back to the sender)"
)
SMS_ALLOWED_EVERYWHERE = fault(
    "sms.allowed_everywhere", ("SMS-001", "AXE-035"), "AXE and AXYB numbers take SMS too (D-21)"
)
SMS_INVALID_REPLY_RESULT_6 = fault(
    "sms.invalid_reply_result_6",
    ("SMS-008",),
    "a missing, late or malformed Block reply is reported with sendResult 6 instead of 7",
)

# X mode's Block callin as the push plumbing delivers it (push.py).
XMODE_RETRY_BLOCK = fault("xmode.retry_block", ("EVT-022",), "a failed Block callin is re-pushed (D-28)")

# Recording download and retention (api.py, runtime.py).
REC_NO_REDIRECT = fault(
    "rec.no_redirect", ("REC-002",), "the recording download answers 200 JSON instead of 301 + Location"
)
REC_NO_RETENTION = fault("rec.no_retention", ("REC-004", "CDR-009"), "recordings are kept forever")
REC_LOCATION_NOT_AUDIO = fault(
    "rec.location_not_audio", ("REC-003",), "the URL in Location serves a JSON body instead of the audio"
)
REC_LOCATION_NEVER_EXPIRES = fault(
    "rec.location_never_expires", ("REC-005",), "the URL in Location stays valid for 300 days, not 3"
)
REC_IGNORE_APP_RECORDING = fault(
    "rec.ignore_app_recording",
    ("REC-006", "CODE-1012012"),
    "an app without recording may download (no 1012012)",
)

# Call stop (api.py).
STOP_NOOP = fault("stop.noop", ("STOP-005", "STOP-008"), "call stop answers 0 but the call goes on")
STOP_UNKNOWN_SESSION_OK = fault(
    "stop.unknown_session_ok", ("STOP-004", "CODE-1020152"), "call stop on an unknown session answers 0"
)

# Call stop (api.py), issue 13: one switch per clause family of STOP-*, and the call-stop codes.
STOP_QUERY_STRING = fault(
    "stop.query_string",
    ("STOP-001", "STOP-002", "STOP-003", "STOP-004", "STOP-005", "STOP-008", "CODE-1020150", "CODE-1020152"),
    "call stop reads sessionid/signal from the query string, not the JSON body (JSON call stops: 1020001)",
)
STOP_SESSION_ANY_CASE = fault(
    "stop.session_any_case", ("STOP-002",), "call stop also takes the call's id as `sessionId` (camel case)"
)
STOP_SUCCESS_202 = fault("stop.success_202", ("STOP-003",), "a successful call stop answers HTTP 202, not 200")
STOP_ANY_SIGNAL = fault(
    "stop.any_signal", ("STOP-006", "CODE-1020001"), "call stop does not check `signal` (missing or wrong: 0)"
)
STOP_PARAM_CODE_1010002 = fault(
    "stop.param_code_1010002", ("CODE-1020001",), "call-stop parameter errors answer 1010002, never 1020001 (D-25)"
)
STOP_FOREIGN_SESSION_1020152 = fault(
    "stop.foreign_session_1020152",
    ("CODE-1020150",),
    "a call stop naming another app's call answers 1020152, not 1020150 (its app key is not the call's)",
)
STOP_AXYB_ONLY = fault(
    "stop.axyb_only", ("STOP-008",), "only AXYB apps may stop their calls: the others get 1010040 (D-25)"
)

# Recording download (api.py): the code of a file that is not found.
REC_UNKNOWN_FILE_1010002 = fault(
    "rec.unknown_file_1010002",
    ("REC-006", "CODE-1012007"),
    "a recording download of an unknown fileName answers 1010002, not 1012007 (D-16)",
)

REC_SKIP_PARAM_CHECKS = fault(
    "rec.skip_param_checks",
    ("REC-001",),
    "a recording download without fileName/recordDomain or with 129 characters is not refused with 1010002",
)

# SMS notifications (sms.py).
SMS_NO_IDENTIFIER = fault("sms.no_identifier", ("SMS-004",), "SMS notifications carry no smsIdentifier")
SMS_SUSPENDED_X_FORWARDS = fault(
    "sms.suspended_x_forwards",
    ("XSTAT-005", "SMS-007"),
    "messages to an X in status 9 or 10 are forwarded (no sendResult 3)",
)

# X-number status (runtime.py, push.py, state.py).
XSTAT_CAUSE_ALWAYS = fault(
    "xstat.cause_always", ("XSTAT-004",), "X-status notifications carry a cause with every status, not only 10"
)
XSTAT_UNSIGNED = fault("xstat.unsigned", ("XSTAT-003",), "X-status notifications carry no Authorization/X-AKSK")
XSTAT_NO_RETRY = fault("xstat.no_retry", ("XSTAT-006",), "a failed X-status notification is never re-pushed")
XSTAT_BINDABLE = fault("xstat.bindable", ("XSTAT-005",), "an X in status 9, 10 or 11 still takes new bindings")
XSTAT_FROZEN_BLOCKS_CALLS = fault(
    "xstat.frozen_blocks_calls", ("XSTAT-005",), "an X in status 11 (binding frozen) also refuses calls"
)

# Call events and CDRs as push.py sends them (EVT-001..013, EVT-020, CDR-001, CDR-021, CDR-023).
PUSH_PUT = fault(
    "push.put", ("EVT-001", "CDR-001", "GEN-011"), "call events and CDRs are sent with PUT instead of POST"
)
PUSH_IGNORE_UNSET_URLS = fault(
    "push.ignore_unset_urls",
    ("EVT-003", "CDR-001"),
    "an app without a call-status or CDR URL still gets its events and CDRs, at the URL it had last",
)
PUSH_EVENTS_TEXT_PLAIN = fault(
    "push.events_text_plain",
    ("EVT-004", "GEN-011"),
    "call events are sent with Content-Type text/plain;charset=UTF-8",
)
PUSH_EVENTS_FLAT = fault(
    "push.events_flat", ("EVT-007",), "call events carry the statusInfo fields at the top level, without statusInfo"
)
PUSH_FEE_ON_STATUS_URL = fault(
    "push.fee_on_status_url", ("EVT-010",), "every CDR push (eventType fee) also goes to the call-status URL"
)
PUSH_EVENT_NUMBERS_NATIONAL = fault(
    "push.event_numbers_national",
    ("EVT-013", "NUM-008"),
    "caller and called of call events lack the + of the global format",
)
PUSH_EMPTY_ACK_REFUSED = fault(
    "push.empty_ack_refused",
    ("EVT-020", "EVT-021"),
    "a call event acknowledged with HTTP 200 and an empty body counts as failed and is pushed again",
)
PUSH_CDR_ALERTING_AFTER_ANSWER = fault(
    "push.cdr_alerting_after_answer",
    ("CDR-021",),
    "the CDR of an answered call gives a fwdAlertingTime after its fwdAnswerTime",
)
PUSH_MERGED_CDRS_SHARE_BINDING = fault(
    "push.merged_cdrs_share_binding",
    ("CDR-023",),
    "the records of a merged CDR push all carry the subscriptionId of the first one",
)
