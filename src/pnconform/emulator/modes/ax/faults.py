"""AX fault switches (design.md "AX behaviour"; see ``emulator/faults.py`` for the mechanism and the
layout): the ``ax.*`` switches, and the shared-family ones that bend only AX code."""

from __future__ import annotations

from ...faults import fault

ALLOW_SHARED_X = fault(
    "ax.allow_shared_x", ("AX-004", "AX-028", "CODE-1011005"), "an X bound to one A can be bound to another A too"
)
ALLOW_DUPLICATE = fault(
    "ax.allow_duplicate", ("AX-028", "CODE-1016002"), "an identical AX re-bind creates a second binding"
)
IGNORE_X_LIMIT = fault(
    "ax.ignore_x_limit",
    ("AX-005", "AX-029", "AX-206", "CODE-1011003"),
    "an A may hold more than 5 X (by bind, and by a modify that moves an X to it)",
)
IGNORE_OWNERSHIP = fault(
    "ax.ignore_ownership",
    ("AX-027", "AX-106", "AX-204", "AX-413", "CODE-1011001", "CODE-1011004", "GEN-102"),
    "an X of another app is usable in AX calls",
)
ALLOW_TRANSPARENT = fault(
    "ax.allow_transparent", ("AX-035", "CODE-1020178"), 'calleeNumDisplay "1" accepted on any app'
)
NO_AREA_REQUIRED = fault(
    "ax.no_area_required",
    ("AX-025", "CODE-1010002"),
    "a bind without privateNum and areaCode (or without privateNumType) takes any free X",
)
AREACODE_WINS = fault("ax.areacode_wins", ("AX-022",), "areaCode beats an explicit privateNum in bind")
# AX-021 is broken too on a target whose AX pool spans several cities; the reference pool has one
# city, so this switch declares only what a city without X shows (ax.allocated_x_unnamed: AX-021).
IGNORE_AREA = fault("ax.ignore_area", ("AX-023", "CODE-1011002"), "allocation ignores areaCode (any free X)")
LOOSE_AS_STRICT = fault("ax.loose_as_strict", ("AX-024",), "areaMatchMode 1 behaves as strict")
PRIVATENUM_WINS = fault(
    "ax.privatenum_wins",
    ("AX-104", "AX-304"),
    "privateNum beats subscriptionId in unbind and query (and origNum in query)",
)
QUERY_EMPTY_LIST = fault(
    "ax.query_empty_list",
    ("AX-307", "CODE-1016001"),
    "a query without match answers 0 with an empty privateNumList",
)
MODIFY_NOOP = fault("ax.modify_noop", ("AX-201", "AX-202", "AX-206"), "modify answers 0 but changes nothing")
UNBIND_NOOP = fault(
    "ax.unbind_noop",
    ("AX-101", "AX-102", "AX-104"),
    "unbind (by subscriptionId, by X or by both) answers 0 but keeps the binding",
)
CALLEE_SAME_AS_ORIG = fault(
    "ax.callee_same_as_orig", ("AX-404", "CODE-1010002"), "a temporary callee equal to A is accepted"
)
CALLEE_DURATION_UNCHECKED = fault(
    "ax.callee_duration_unchecked", ("AX-405", "CODE-1010002"), "the temporary-callee duration range is not checked"
)
CALLEE_NO_EXPIRY = fault(
    "ax.callee_no_expiry", ("AX-402", "AX-411", "AX-002", "AX-503"), "a temporary callee never expires"
)
CALLEE_NO_OVERWRITE = fault(
    "ax.callee_no_overwrite", ("AX-403",), "a second set-temporary-callee keeps the first callee"
)

# Bind answers (responses.bind) and the binding store (models).
BIND_INT_RESULTCODE = fault(
    "ax.bind_int_resultcode", ("AX-038",), 'a successful AX bind answers resultcode 0 as a JSON number, not "0"'
)
BIND_ANSWER_NO_ORIG = fault("ax.bind_answer_no_orig", ("AX-020",), "the AX bind answer leaves origNum out")
ALLOCATED_X_UNNAMED = fault(
    "ax.allocated_x_unnamed",
    ("AX-021", "AX-024"),
    "a bind by areaCode answers without the allocated X in privateNum",
)
FREED_X_KEPT = fault(
    "ax.freed_x_kept", ("AX-006",), "an unbound X stays reserved for its old A: another A gets 1011005"
)
BINDINGS_EXPIRE = fault(
    "ax.bindings_expire", ("AX-007",), "AX bindings vanish 90 days after the bind, as if they had a lifetime"
)
PRIVATE_SMS_TRUE_OFF = fault(
    "ax.private_sms_true_off", ("AX-032",), 'a bind with privateSms "true" is stored as privateSms false'
)
RECORD_ALWAYS = fault("ax.record_always", ("AX-033",), "every AX binding records its calls, recordFlag absent or not")

# Unbind (models.unbind).
UNBIND_BY_ORIG = fault(
    "ax.unbind_by_orig",
    ("AX-103", "CODE-1011004", "CODE-1010002"),
    "an unbind naming only origNum removes a binding of that A",
)
UNBIND_CHECKS_ORIG = fault(
    "ax.unbind_checks_orig", ("AX-105",), "an unbind whose origNum is not the binding's A is refused with 1016001"
)
UNBIND_REMOVED_OK = fault(
    "ax.unbind_removed_ok",
    ("AX-107", "CODE-1016001"),
    "unbinding an unknown or already removed subscriptionId answers 0",
)

# Modify (responses.modify, models.modify).
MODIFY_EMPTY_RESETS = fault(
    "ax.modify_empty_resets", ("AX-203",), "a modify without any change resets maxDuration to 0"
)
MODIFY_NOT_FOUND_1011004 = fault(
    "ax.modify_not_found_1011004",
    ("AX-204", "CODE-1016001"),
    "modifying an unknown or removed subscriptionId answers 1011004 instead of 1016001",
)
MODIFY_DURATION_UNCHECKED = fault(
    "ax.modify_duration_unchecked",
    ("AX-205", "CODE-1010002"),
    "the range of maxDuration is not checked on modify (1441 or -1 is stored)",
)
MODIFY_CHANGES_FIXED = fault(
    "ax.modify_changes_fixed", ("AX-207",), "modify applies callDirection, which AX cannot change"
)

# Query (responses.query, models.find).
QUERY_A_FIRST_ONLY = fault("ax.query_a_first_only", ("AX-301",), "a query by origNum lists only the first X of A")
QUERY_SID_LISTS_A = fault(
    "ax.query_sid_lists_a", ("AX-302",), "a query by subscriptionId lists every binding of that binding's A"
)
QUERY_X_LISTS_A = fault(
    "ax.query_x_lists_a", ("AX-303",), "a query by privateNum lists every binding of the A of that X"
)
QUERY_WITHOUT_PARAMS_LISTS_ALL = fault(
    "ax.query_without_params_lists_all",
    ("AX-305", "CODE-1010002"),
    "a query without subscriptionId, origNum and privateNum answers 0 with every binding of the app",
)
QUERY_DEFAULT_DISPLAY = fault(
    "ax.query_default_display", ("AX-306",), 'a binding made without calleeNumDisplay shows calleeNumDisplay "0"'
)
SUBSCRIBE_TIME_BEIJING = fault(
    "ax.subscribe_time_beijing", ("AX-308",), "subscribeTime is given in Beijing time (UTC+8), not server UTC"
)

# Set temporary callee (responses.set_temp_callee, models.set_temp_callee).
CALLEE_NUM_OPTIONAL = fault(
    "ax.callee_num_optional",
    ("AX-406", "CODE-1010002"),
    "set-temporary-callee without calleeNum answers 0 (and sets nothing)",
)
CALLEE_NOWHERE_OK = fault(
    "ax.callee_nowhere_ok", ("AX-407",), "set-temporary-callee naming no binding answers 0 (and sets nothing)"
)
CALLEE_UNKNOWN_SID_OK = fault(
    "ax.callee_unknown_sid_ok",
    ("AX-408", "CODE-1016001", "GEN-102"),
    "set-temporary-callee for a subscriptionId that is not a live AX binding of the app answers 0",
)
CALLEE_ON_FREE_X = fault(
    "ax.callee_on_free_x",
    ("AX-413", "CODE-1016001"),
    "set-temporary-callee on an X of the app without a binding answers 0",
)

# Switches of the shared families that bend only AX's rules, routing or messages.
CALL_AX_NO_BINDING_8014 = fault(
    "call.ax_no_binding_8014",
    ("AX-504", "HANG-068"),
    "a call to an AX X without binding ends with 8014 instead of 8018 (D-20)",
)
CALL_AX_EXPIRED_CALLEE_ROUTES = fault(
    "call.ax_expired_callee_routes",
    ("AX-002", "AX-503", "AX-402", "AX-411"),
    "an expired temporary callee still takes A's calls",
)
CALL_AX_NO_CALLEE_8019 = fault(
    "call.ax_no_callee_8019",
    ("AX-002", "AX-402", "AX-411", "AX-503", "HANG-011"),
    "A -> X without a (valid) temporary callee ends with 8019 instead of 8013 (D-20)",
)
SMS_KEEP_AT_SUFFIX = fault(
    "sms.keep_at_suffix", ("AX-601", "SMS-003"), "the @B suffix is not removed from an AX A -> B message"
)
CALL_AX_OTHERS_REFUSED = fault(
    "ax.others_refused",
    ("AX-001", "AX-010", "AX-412", "AX-502"),
    "a call from another number to a bound X is refused as if X had no binding (8018)",
)
CALL_AX_CALLEE_SEES_A = fault(
    "ax.callee_sees_a",
    ("AX-003", "AX-401", "AX-403", "AX-501"),
    "the temporary callee of A's call sees A, not X",
)
SMS_AX_FULLWIDTH_AT = fault(
    "ax.sms_fullwidth_at",
    ("AX-603", "SMS-003"),
    "a full-width ＠ before B counts as @<B>: the message goes to B without a Block notification",
)
SMS_NO_FROM_TAG = fault("sms.no_from_tag", ("AX-604", "SMS-003"), "an AX message to A lacks the [From<B>] tag")
