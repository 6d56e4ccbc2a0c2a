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
IGNORE_X_LIMIT = fault("ax.ignore_x_limit", ("AX-005", "AX-029", "CODE-1011003"), "an A may hold more than 5 X")
IGNORE_OWNERSHIP = fault(
    "ax.ignore_ownership",
    ("AX-027", "AX-106", "CODE-1011001", "CODE-1011004", "GEN-102"),
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
IGNORE_AREA = fault("ax.ignore_area", ("AX-021", "AX-023", "CODE-1011002"), "allocation ignores areaCode (any free X)")
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
    ("AX-002", "AX-503", "HANG-011"),
    "A -> X without a temporary callee ends with 8019 instead of 8013 (D-20)",
)
SMS_KEEP_AT_SUFFIX = fault(
    "sms.keep_at_suffix", ("AX-601", "SMS-003"), "the @B suffix is not removed from an AX A -> B message"
)
SMS_NO_FROM_TAG = fault("sms.no_from_tag", ("AX-604", "SMS-003"), "an AX message to A lacks the [From<B>] tag")
