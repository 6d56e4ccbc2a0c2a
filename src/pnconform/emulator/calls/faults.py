"""The call simulator's fault switches (see ``emulator/faults.py`` for the mechanism and the
layout): those checked by the shared call code here, or by the routing or SMS rules of several
modes. Switches bending only one mode's calls or messages live in ``modes/<mode>/faults.py``."""

from __future__ import annotations

from ..faults import fault

# Call routing and the call runtime (routing.py, runtime.py) and routing rules several modes share.
CALL_ALLOW_FIXED_LINE_CALLER = fault(
    "call.allow_fixed_line_caller",
    ("AXB-101", "AX-008", "AXYB-022", "XM-010", "HANG-069"),
    "a fixed-line caller is routed like a mobile one (no 8023)",
)
CALL_RECORD_WITHOUT_APP_RECORDING = fault(
    "call.record_without_app_recording",
    ("REC-007", "CDR-022", "AXYB-024", "AXB-020"),
    "a call is recorded on an app without recording (D-15)",
)
CALL_IGNORE_DIRECTION = fault(
    "call.ignore_direction",
    ("AXB-083", "AXB-084", "AXYB-011", "AX-037", "HANG-013"),
    "callDirection is not enforced",
)
CALL_EXPIRED_BINDING_ROUTES = fault(
    "call.expired_binding_routes", ("AXB-103", "HANG-015", "GEN-106"), "calls are routed over expired bindings"
)
CALL_IGNORE_MAX_DURATION = fault(
    "call.ignore_max_duration",
    ("AXB-086", "XM-006", "HANG-057", "AX-031", "GEN-108"),
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
    "push.iso_times", ("EVT-014", "CDR-008"), "event and CDR times in ISO format yyyy-MM-ddTHH:mm:ssZ"
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
    ("HANG-001", "HANG-010", "EVT-040"),
    "a normal hang-up carries stateCode 16 instead of 0",
)
PUSH_SWAP_DIRECTION = fault("push.swap_direction", ("AXB-080", "AXB-081"), "CDR direction 0 and 1 swapped")
PUSH_CDR_MISSING_CALLER = fault("push.cdr_missing_caller", ("CDR-020",), "CDRs without callerNum")
PUSH_NO_Q850 = fault("push.no_q850", ("EVT-043", "Q850-017"), "CDRs without fwdUnaswRsn")
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
    ("HANG-021", "HANG-042", "HANG-043", "TEAR-029", "TEAR-061", "TEAR-076", "Q850-001", "Q850-018"),
    "a caller hang-up while ringing, a ringing timeout and an unknown callee all end as no answer (8101, Q.850 19)",
)

# Messages (sms.py, push.py) and the SMS rules several modes share.
SMS_NO_RETRY = fault("sms.no_retry", ("SMS-006",), "a failed SMS notification is never re-pushed")
SMS_IGNORE_PRIVATE_SMS = fault(
    "sms.ignore_private_sms",
    ("SMS-001", "AXB-092", "AX-605"),
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
STOP_NOOP = fault("stop.noop", ("STOP-005",), "call stop answers 0 but the call goes on")
STOP_UNKNOWN_SESSION_OK = fault(
    "stop.unknown_session_ok", ("STOP-004", "CODE-1020152"), "call stop on an unknown session answers 0"
)
