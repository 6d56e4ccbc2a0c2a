"""The one registry of fault switches: name -> rule ids it breaks, description.

A fault bends exactly one behaviour so that the kit can prove its tests notice the breakage
(design.md "Fault switches"). Code checks ``"name" in state.faults`` (a frozenset), so a lookup
costs one hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Fault:
    name: str
    rules: tuple[str, ...]
    description: str


def _codes(first: int, last: int) -> tuple[str, ...]:
    return tuple(f"CODE-{n}" for n in range(first, last + 1))


_FAULTS: tuple[Fault, ...] = (
    Fault("auth.skip_digest", ("AUTH-004", "AUTH-005", "CODE-1010010-401"), "any PasswordDigest is accepted"),
    Fault("auth.ignore_created", ("AUTH-007", "AUTH-008", "CODE-1010013"), "Created is not checked"),
    Fault(
        "auth.skip_header_checks", ("AUTH-001", *_codes(1023006, 1023012)), "Authorization header not checked at all"
    ),
    Fault(
        "auth.skip_xaksk_checks",
        ("AUTH-002", *_codes(1023033, 1023037)),
        "missing X-AKSK parts are not reported with their codes (treated as bad digest 401 1010010)",
    ),
    Fault(
        "auth.skip_wsse_header_checks",
        ("AUTH-013", "CODE-1023013", *_codes(1023026, 1023031)),
        "legacy WSSE header-format checks off: a missing WSSE Authorization, missing X-WSSE parts and a "
        "malformed Created are treated as a bad digest (401 1010010)",
    ),
    Fault("auth.strict_separator", ("AUTH-003",), "X-AKSK with a space after commas is rejected (401 1010010)"),
    Fault(
        "auth.skip_app_key",
        ("AUTH-009", "CODE-1010003"),
        "unknown app key -> bad digest (401 1010010) instead of 1010003",
    ),
    Fault("app.ignore_ip_whitelist", ("AUTH-010", "CODE-1020166"), "the app's IP whitelist is not checked"),
    Fault(
        "app.ignore_state",
        ("CODE-1010008", "CODE-1010029", "GEN-103", "AUTH-009", "CODE-1010004"),
        "app state not checked",
    ),
    Fault(
        "app.ignore_mode", ("GEN-101", "AXB-021", "AXB-108", "CODE-1010040", "XM-001", "AX-009"), "any app may call AXB"
    ),
    Fault("app.ignore_ownership", ("GEN-102", "AXB-011", "AXB-045", "CODE-1012001"), "an X of another app is usable"),
    Fault("envelope.int_resultcode", ("GEN-006",), "resultcode sent as a JSON number"),
    Fault("envelope.no_resultdesc", ("GEN-006",), "resultdesc omitted"),
    Fault("envelope.status_200", ("GEN-009", "AUTH-001", "CODE-1023006"), "every error sent with HTTP 200"),
    Fault("http.unknown_path_403", ("GEN-002",), "unknown paths answer 403 1010002"),
    Fault(
        "http.plus_tolerant",
        ("NUM-003", "AX-108", "CODE-1011004"),
        "an unescaped + (space) in a query string still matches",
    ),
    Fault(
        "validate.skip_numbers",
        ("NUM-001", "NUM-004", "AXB-003", "AX-026", "CODE-1010002"),
        "number format/length not checked",
    ),
    Fault(
        "validate.skip_required",
        ("AXB-002", "AXB-058", "CODE-1010002", "AX-026"),
        "missing mandatory fields not reported (1012007/other)",
    ),
    Fault(
        "validate.skip_ranges",
        ("AXB-016", "AXB-017", "AXB-018", "AXB-053", "CODE-1010002", "AX-030"),
        "enum/range checks off",
    ),
    Fault("validate.skip_user_data", ("AXB-023", "GEN-118", "CODE-1010002", "AX-409"), "userData not checked"),
    Fault("validate.skip_voice_files", ("AXB-019", "CODE-1010002", "AX-034"), "voice file names not checked"),
    Fault("number.ignore_blacklist", ("AXB-024", "GEN-104", "CODE-1012102"), "blacklisted X still bindable"),
    Fault(
        "axb.allow_overlap",
        ("AXB-004", "AXB-005", "AXB-006", "AXB-008", "AXB-056", "AXB-106", "CODE-1012010", "GEN-113"),
        "user numbers may repeat on one X",
    ),
    Fault(
        "axb.duplicate_code",
        ("AXB-004", "AXB-005", "AXB-008", "AXB-106", "CODE-1012010"),
        "overlap answered with 1012008 instead of 1012010",
    ),
    Fault(
        "axb.ignore_capacity",
        ("AXB-010", "AXB-109", "GEN-113", "CODE-1012008", "CODE-1012009"),
        "pairs-per-X limit not enforced",
    ),
    Fault("axb.ignore_area", ("AXB-012", "AXB-015", "GEN-109", "CODE-1012008"), "allocation ignores areaCode (any X)"),
    Fault("axb.loose_as_strict", ("AXB-013", "GEN-109"), "areaMatchMode 1 behaves as strict"),
    Fault("axb.areacode_wins", ("AXB-014", "GEN-110"), "areaCode beats an explicit relationNum"),
    Fault("axb.ignore_duration", ("AXB-025", "AXB-051", "GEN-107", "AXB-109"), "bindings never expire"),
    Fault(
        "axb.no_duration_restart", ("AXB-050", "GEN-107"), "a modified duration counts from the bind, not the modify"
    ),
    Fault(
        "axb.relationnum_wins", ("AXB-042", "AXB-062", "GEN-111"), "relationNum beats subscriptionId in unbind/query"
    ),
    Fault("axb.unbind_one", ("AXB-041", "GEN-112"), "unbind by relationNum removes only the oldest pair"),
    Fault(
        "axb.recordflag_needs_recording",
        ("AXB-020", "CODE-1012012"),
        "a bind with recordFlag true on an app without recording answers 403 1012012",
    ),
    Fault("axb.modify_noop", ("AXB-055",), "modify answers 0 but changes nothing"),
    Fault("axb.unbind_noop", ("AXB-040", "AXB-044", "AXB-107"), "unbind answers 0 but keeps the binding"),
    Fault("axb.page_size_unclamped", ("AXB-065", "AXB-066"), "pageSize used as sent, default 100"),
    Fault(
        "axb.unlocked",
        ("AXB-004", "GEN-113"),
        "check and insert of a bind are not atomic (yields between them; breaks AXB-004 under concurrency)",
    ),
    # AX (design.md "AX behaviour")
    Fault(
        "ax.allow_shared_x", ("AX-004", "AX-028", "CODE-1011005"), "an X bound to one A can be bound to another A too"
    ),
    Fault("ax.allow_duplicate", ("AX-028", "CODE-1016002"), "an identical AX re-bind creates a second binding"),
    Fault("ax.ignore_x_limit", ("AX-005", "AX-029", "CODE-1011003"), "an A may hold more than 5 X"),
    Fault(
        "ax.ignore_ownership",
        ("AX-027", "AX-106", "CODE-1011001", "CODE-1011004", "GEN-102"),
        "an X of another app is usable in AX calls",
    ),
    Fault("ax.allow_transparent", ("AX-035", "CODE-1020178"), 'calleeNumDisplay "1" accepted on any app'),
    Fault(
        "ax.no_area_required",
        ("AX-025", "CODE-1010002"),
        "a bind without privateNum and areaCode (or without privateNumType) takes any free X",
    ),
    Fault("ax.areacode_wins", ("AX-022",), "areaCode beats an explicit privateNum in bind"),
    Fault("ax.ignore_area", ("AX-021", "AX-023", "CODE-1011002"), "allocation ignores areaCode (any free X)"),
    Fault("ax.loose_as_strict", ("AX-024",), "areaMatchMode 1 behaves as strict"),
    Fault(
        "ax.privatenum_wins",
        ("AX-104", "AX-304"),
        "privateNum beats subscriptionId in unbind and query (and origNum in query)",
    ),
    Fault(
        "ax.query_empty_list",
        ("AX-307", "CODE-1016001"),
        "a query without match answers 0 with an empty privateNumList",
    ),
    Fault("ax.modify_noop", ("AX-201", "AX-202", "AX-206"), "modify answers 0 but changes nothing"),
    Fault("ax.unbind_noop", ("AX-101", "AX-102"), "unbind (by subscriptionId or by X) answers 0 but keeps the binding"),
    Fault("ax.callee_same_as_orig", ("AX-404", "CODE-1010002"), "a temporary callee equal to A is accepted"),
    Fault(
        "ax.callee_duration_unchecked", ("AX-405", "CODE-1010002"), "the temporary-callee duration range is not checked"
    ),
    Fault("ax.callee_no_expiry", ("AX-402", "AX-411", "AX-002", "AX-503"), "a temporary callee never expires"),
    Fault("ax.callee_no_overwrite", ("AX-403",), "a second set-temporary-callee keeps the first callee"),
    # AXYB (design.md "AXYB behaviour")
    Fault(
        "axyb.app_key_unchecked",
        ("AXYB-001", "CODE-1010002", "CODE-1010003"),
        "the app_key URL parameter is not checked (missing or foreign)",
    ),
    Fault("axyb.share_x", ("AXYB-002",), "an X bound to one A is allocated to another A too"),
    Fault("axyb.ignore_x_limit", ("AXYB-003",), "an A may hold more than axyb_max_x_per_a X"),
    Fault("axyb.y_is_x", ("AXYB-004",), "the YB step hands out the relation's own X as Y"),
    Fault(
        "axyb.yb_without_ax",
        ("AXYB-005", "CODE-1016001"),
        "a YB step with an unknown subscriptionId answers 0 (and binds nothing)",
    ),
    Fault("axyb.y_exclusive", ("AXYB-006",), "a Y serves one AX relation only (reuse across AX refused)"),
    Fault("axyb.reuse_y_on_ax", ("AXYB-007",), "the same Y may be used twice on one AX relation"),
    Fault("axyb.ignore_y_capacity", ("AXYB-008",), "the relations-per-Y limit is not enforced"),
    Fault("axyb.ignore_duration", ("AXYB-013",), "AX parts never expire (nor do their YB parts with them)"),
    Fault("axyb.yb_expiry_removes_ax", ("AXYB-014",), "an expired YB part takes its AX part along"),
    Fault("axyb.skip_duration_range", ("AXYB-016", "CODE-1010002"), "duration and ybDuration ranges are not checked"),
    Fault("axyb.unbind_noop", ("AXYB-017",), "unbind answers 0 but keeps the relation"),
    Fault("axyb.yb_unbind_removes_all", ("AXYB-018",), "a YB-only unbind removes the AX part too"),
    Fault("axyb.bnum_wins", ("AXYB-019",), "bNum beats yNum in a YB-only unbind"),
    Fault("axyb.relationnum_wins", ("AXYB-020", "GEN-111"), "relationNum beats subscriptionId in query"),
    # AXE (design.md "AXE behaviour")
    Fault("axe.pad_extension", ("AXE-001",), "extensions are answered padded to 4 digits whatever the app's length"),
    Fault(
        "axe.assign_taken_extension",
        ("AXE-002", "AXE-007"),
        "the platform always assigns the first extension, even when it is taken",
    ),
    Fault("axe.ignore_chosen_extension", ("AXE-003",), "a customer-chosen extendNum is replaced by the first free one"),
    Fault(
        "axe.allow_shared_extension",
        ("AXE-004", "CODE-1020167"),
        "a chosen extendNum already taken on that X is given once more",
    ),
    Fault("axe.skip_extension_format", ("AXE-005", "CODE-1010002"), "extendNum length and digits are not checked"),
    Fault("axe.ignore_capacity", ("AXE-006",), "a full X takes one more binding with a too-long extension"),
    Fault("axe.areacode_wins", ("AXE-008", "GEN-110"), "areaCode beats an explicit virtualNum in bind"),
    Fault("axe.ignore_area", ("AXE-009",), "allocation ignores areaCode (any X of the app)"),
    Fault("axe.loose_as_strict", ("AXE-009",), "areaMatchMode 1 behaves as strict"),
    Fault(
        "axe.allow_both_callbacks", ("AXE-010", "CODE-1010002"), "callbackTone and callbackNum are accepted together"
    ),
    Fault("axe.skip_time_unit", ("AXE-011", "CODE-1010002"), "timeUnit is not checked (anything else counts as hours)"),
    Fault(
        "axe.skip_expiry_order", ("AXE-012", "CODE-1010002"), "bindExpiredTime below callbackExpiredTime is accepted"
    ),
    Fault(
        "axe.default_lifetime",
        ("AXE-013",),
        "a bind without bindExpiredTime expires after 168 hours instead of never (D-23)",
    ),
    Fault("axe.ignore_expiry", ("AXE-014",), "bindings never expire"),
    Fault("axe.unbind_noop", ("AXE-015",), "unbind answers 0 but keeps the binding"),
    Fault(
        "axe.partial_selector",
        ("AXE-016", "CODE-1010002"),
        "virtualNum without extendNum selects the first binding of X",
    ),
    Fault("axe.numbers_win", ("AXE-017", "GEN-111"), "virtualNum + extendNum beat subscriptionId"),
    Fault(
        "axe.not_found_code",
        ("AXE-018", "CODE-1016001"),
        "an unknown or removed binding is answered 1012007 instead of 1016001 (D-7)",
    ),
    Fault("axe.modify_clears_fields", ("AXE-019",), "modify resets the fields it was not sent"),
    Fault("axe.allow_transparent", ("AXE-020", "CODE-1020178", "GEN-119"), 'displayNumMode "1" accepted on any app'),
    Fault(
        "axe.modify_changes_query_expiry",
        ("AXE-021",),
        "the query shows timeUnit/bindExpiredTime of a later modify instead of the bind-time values (D-9)",
    ),
    Fault("axe.v2_cursor_repeats", ("AXE-022",), "the v2.0 query repeats the last binding of a page on the next"),
    Fault("axe.allow_duplicate_a", ("CODE-1013102",), "the same A is bound on the same X twice (D-12)"),
    Fault("axe.ignore_ownership", ("GEN-102",), "an X of another app is usable in AXE calls"),
    Fault(
        "axe.no_area_required", ("GEN-109", "CODE-1010002"), "a bind without virtualNum and areaCode takes any X (D-18)"
    ),
    # Calls (emulator/calls/): routing, call events and CDRs, pushes, SMS, X mode, recordings, call stop.
    Fault(
        "call.allow_fixed_line_caller",
        ("AXB-101", "AX-008", "AXYB-022", "XM-010", "HANG-069"),
        "a fixed-line caller is routed like a mobile one (no 8023)",
    ),
    Fault(
        "call.record_without_app_recording",
        ("REC-007", "CDR-022", "AXYB-024", "AXB-020"),
        "a call is recorded on an app without recording (D-15)",
    ),
    Fault(
        "call.ignore_direction",
        ("AXB-083", "AXB-084", "AXYB-011", "AX-037", "HANG-013"),
        "callDirection is not enforced",
    ),
    Fault("call.expired_binding_routes", ("AXB-103", "HANG-015", "GEN-106"), "calls are routed over expired bindings"),
    Fault(
        "call.any_caller_connects",
        ("AXB-082", "HANG-012", "CDR-032"),
        "a caller outside every pair of an AXB X reaches the first pair's A",
    ),
    Fault(
        "call.ax_no_binding_8014",
        ("AX-504", "HANG-068"),
        "a call to an AX X without binding ends with 8014 instead of 8018 (D-20)",
    ),
    Fault(
        "call.ax_expired_callee_routes",
        ("AX-002", "AX-503", "AX-402", "AX-411"),
        "an expired temporary callee still takes A's calls",
    ),
    Fault(
        "call.ax_no_callee_8019",
        ("AX-002", "AX-503", "HANG-011"),
        "A -> X without a temporary callee ends with 8019 instead of 8013 (D-20)",
    ),
    Fault("call.axe_no_collect_info", ("EVT-041", "AXE-023"), "no collectInfo event in the AXE A-called scenario"),
    Fault(
        "call.axe_wrong_extension_connects",
        ("AXE-024", "HANG-015"),
        "a wrong extension reaches the first binding of X instead of ending with 8022",
    ),
    Fault("call.axe_first_caller_kept", ("AXE-029",), "an AXE call-back reaches the first caller, not the latest"),
    Fault("call.axyb_display_x", ("AXYB-009", "AXYB-012"), "A sees X instead of Y when B calls X"),
    Fault(
        "call.ignore_max_duration",
        ("AXB-086", "XM-006", "HANG-057", "AX-031", "GEN-108"),
        "maxDuration never cuts a call (no 8010)",
    ),
    Fault("push.iso_times", ("EVT-014", "CDR-008"), "event and CDR times in ISO format yyyy-MM-ddTHH:mm:ssZ"),
    Fault("push.beijing_times", ("EVT-014", "CDR-008", "GEN-117"), "event and CDR times in Beijing time (UTC+8)"),
    Fault("push.no_user_data", ("AXB-085", "EVT-030", "AX-036", "AX-410"), "userData is left out of events and CDRs"),
    Fault("push.state_code_on_all_events", ("EVT-012",), "stateCode/stateDesc on every event, not only disconnect"),
    Fault(
        "push.wrong_hangup_code",
        ("HANG-001", "HANG-010", "EVT-040"),
        "a normal hang-up carries stateCode 16 instead of 0",
    ),
    Fault("push.swap_direction", ("AXB-080", "AXB-081"), "CDR direction 0 and 1 swapped"),
    Fault("push.cdr_missing_caller", ("CDR-020",), "CDRs without callerNum"),
    Fault("push.no_q850", ("EVT-043", "Q850-017"), "CDRs without fwdUnaswRsn"),
    Fault(
        "push.teardown_is_state_code",
        ("TEAR-021", "AX-504"),
        "ulFailReason repeats stateCode (AX without binding: 8018 instead of 7104)",
    ),
    Fault("push.no_service_type", ("AX-501",), 'AX CDRs without serviceType "003" (D-22)'),
    Fault("push.events_out_of_order", ("EVT-040",), "answer is pushed before callout and alerting"),
    Fault("push.no_cdr_for_failed", ("CDR-005", "EVT-042"), "calls that were not answered produce no CDR"),
    Fault("push.cdr_session_mismatch", ("EVT-011", "CDR-031"), "the CDR sessionId differs from the events'"),
    Fault("push.cdr_over_50", ("CDR-003", "CDR-004"), "up to 60 CDRs are merged into one push"),
    Fault("push.unsigned", ("EVT-005", "CDR-002", "AUTH-014"), "callbacks carry no Authorization/X-AKSK headers"),
    Fault(
        "push.no_retry",
        ("EVT-021", "CDR-006", "XM-008", "GEN-116"),
        "a failed event, CDR or X-status push is never re-pushed",
    ),
    Fault(
        "push.retry_every_minute",
        ("EVT-021", "CDR-006", "XM-008", "GEN-116"),
        "failed pushes are re-pushed every minute instead of at 1, 4, 9, 106, 203, 300 minutes",
    ),
    Fault("push.no_x_status", ("XSTAT-001",), "an X-status change pushes nothing"),
    Fault(
        "push.x_status_wrong_url",
        ("XSTAT-002",),
        "X-status notifications go to the call-status URL even when an X-status URL is set",
    ),
    Fault("sms.no_retry", ("SMS-006",), "a failed SMS notification is never re-pushed"),
    Fault("sms.keep_at_suffix", ("AX-601", "SMS-003"), "the @B suffix is not removed from an AX A -> B message"),
    Fault("sms.no_from_tag", ("AX-604", "SMS-003"), "an AX message to A lacks the [From<B>] tag"),
    Fault(
        "sms.ignore_private_sms",
        ("SMS-001", "AXB-092", "AX-605"),
        "messages are forwarded on bindings with privateSms false",
    ),
    Fault("sms.block_ignored", ("AX-602", "SMS-005"), "a DiscardMessage reply still forwards (back to the sender)"),
    Fault("sms.allowed_everywhere", ("SMS-001", "AXE-035"), "AXE and AXYB numbers take SMS too (D-21)"),
    Fault(
        "xmode.accept_invalid_reply", ("XM-005", "HANG-012"), "a Block reply with maxDuration outside 0-1440 connects"
    ),
    Fault("xmode.retry_block", ("EVT-022",), "a failed Block callin is re-pushed (D-28)"),
    Fault("xmode.show_display_num", ("XM-007",), "displayCalleeNum of the Block reply is shown instead of X"),
    Fault("rec.no_redirect", ("REC-002",), "the recording download answers 200 JSON instead of 301 + Location"),
    Fault("rec.no_retention", ("REC-004", "CDR-009"), "recordings are kept forever"),
    Fault("rec.location_not_audio", ("REC-003",), "the URL in Location serves a JSON body instead of the audio"),
    Fault("rec.location_never_expires", ("REC-005",), "the URL in Location stays valid for 300 days, not 3"),
    Fault(
        "rec.ignore_app_recording",
        ("REC-006", "CODE-1012012"),
        "an app without recording may download (no 1012012)",
    ),
    Fault("stop.noop", ("STOP-005",), "call stop answers 0 but the call goes on"),
    Fault("stop.unknown_session_ok", ("STOP-004", "CODE-1020152"), "call stop on an unknown session answers 0"),
    Fault(
        "call.ignore_record_flag",
        ("AX-033", "AXYB-024", "XM-011", "REC-001"),
        "the recordFlag of a binding or of an X-mode answer is ignored: no call is recorded",
    ),
    Fault("call.unbind_ends_call", ("AX-109", "AXE-033"), "an unbind ends the binding's ongoing calls"),
    Fault(
        "call.axe_no_record_8022",
        ("AXE-030", "HANG-014"),
        "A -> X without a callback record ends with 8022 instead of 8019",
    ),
    Fault("call.axe_callback_records_kept", ("AXE-032",), "AXE callback records never expire"),
    Fault(
        "call.axyb_auto_yb_unlimited",
        ("AXYB-015",),
        "a YB made by B's first call ignores ybDuration and lives as long as the AX part",
    ),
    Fault("xmode.shared_answer", ("XM-009",), "simultaneous calls to one X all follow the first call's answer"),
    Fault("sms.x_block_twice", ("SMS-002", "SMS-003"), "the Block notification of an X-mode message is sent twice"),
    Fault(
        "sms.invalid_reply_result_6",
        ("SMS-008",),
        "a missing, late or malformed Block reply is reported with sendResult 6 instead of 7",
    ),
    Fault("push.no_timeout", ("EVT-023",), "a push answered after the timeout counts as delivered"),
    Fault("push.host_name_urls_fail", ("EVT-002",), "pushes to a URL naming a host name (not an IP) fail"),
    Fault(
        "push.callee_failures_as_no_answer",
        ("HANG-021", "HANG-042", "HANG-043", "TEAR-029", "TEAR-061", "TEAR-076", "Q850-001", "Q850-018"),
        "a caller hang-up while ringing, a ringing timeout and an unknown callee all end as no answer (8101, Q.850 19)",
    ),
)

FAULTS: MappingProxyType[str, Fault] = MappingProxyType({f.name: f for f in _FAULTS})


def unknown_faults(names: object) -> list[str]:
    """The names in ``names`` that are not in the registry (non-strings count as unknown)."""
    if not isinstance(names, (list, tuple, set, frozenset)):
        return [repr(names)]
    return [n if isinstance(n, str) else repr(n) for n in names if not isinstance(n, str) or n not in FAULTS]
