"""AXYB fault switches (design.md "AXYB behaviour"; see ``emulator/faults.py`` for the mechanism and the
layout): the ``axyb.*`` switches, and the shared-family ones that bend only AXYB code."""

from __future__ import annotations

from ...faults import fault

APP_KEY_UNCHECKED = fault(
    "axyb.app_key_unchecked",
    ("AXYB-001", "AXYB-017", "AXYB-020", "CODE-1010002", "CODE-1010003"),
    "the app_key URL parameter is not checked (missing or foreign) in bind, unbind and query",
)
SHARE_X = fault("axyb.share_x", ("AXYB-002",), "an X bound to one A is allocated to another A too")
IGNORE_X_LIMIT = fault("axyb.ignore_x_limit", ("AXYB-003",), "an A may hold more than axyb_max_x_per_a X")
Y_IS_X = fault("axyb.y_is_x", ("AXYB-004",), "the YB step hands out the relation's own X as Y")
YB_WITHOUT_AX = fault(
    "axyb.yb_without_ax",
    ("AXYB-005", "CODE-1016001"),
    "a YB step with an unknown subscriptionId answers 0 (and binds nothing)",
)
Y_EXCLUSIVE = fault("axyb.y_exclusive", ("AXYB-006",), "a Y serves one AX relation only (reuse across AX refused)")
REUSE_Y_ON_AX = fault("axyb.reuse_y_on_ax", ("AXYB-007",), "the same Y may be used twice on one AX relation")
IGNORE_Y_CAPACITY = fault("axyb.ignore_y_capacity", ("AXYB-008",), "the relations-per-Y limit is not enforced")
IGNORE_DURATION = fault(
    "axyb.ignore_duration", ("AXYB-013",), "AX parts never expire (nor do their YB parts with them)"
)
YB_EXPIRY_REMOVES_AX = fault("axyb.yb_expiry_removes_ax", ("AXYB-014",), "an expired YB part takes its AX part along")
SKIP_DURATION_RANGE = fault(
    "axyb.skip_duration_range", ("AXYB-016", "CODE-1010002"), "duration and ybDuration ranges are not checked"
)
UNBIND_NOOP = fault(
    "axyb.unbind_noop",
    ("AXYB-017", "AXYB-005", "CODE-1016001"),
    "unbind answers 0 but keeps the relation (a second unbind and a step-2 bind on it succeed)",
)
YB_UNBIND_REMOVES_ALL = fault("axyb.yb_unbind_removes_all", ("AXYB-018",), "a YB-only unbind removes the AX part too")
BNUM_WINS = fault("axyb.bnum_wins", ("AXYB-019",), "bNum beats yNum in a YB-only unbind")
RELATIONNUM_WINS = fault("axyb.relationnum_wins", ("AXYB-020", "GEN-111"), "relationNum beats subscriptionId in query")

# Switches of the shared families that bend only AXYB's rules, routing or messages.
CALL_AXYB_DISPLAY_X = fault("call.axyb_display_x", ("AXYB-009", "AXYB-012"), "A sees X instead of Y when B calls X")
CALL_AXYB_AUTO_YB_UNLIMITED = fault(
    "call.axyb_auto_yb_unlimited",
    ("AXYB-015",),
    "a YB made by B's first call ignores ybDuration and lives as long as the AX part",
)
CALL_AXYB_B_SEES_A = fault(
    "call.axyb_b_sees_a", ("AXYB-010",), "A's call through Y shows A's own number to B instead of X"
)
CALL_AXYB_SELF_CALL_8030 = fault(
    "call.axyb_self_call_8030",
    ("AXYB-021", "HANG-023"),
    "A dialling its own X, or B its own Y, ends with 8030 (no binding) instead of 8032",
)
MODIFY_ACCEPTED = fault(
    "axyb.modify_accepted", ("AXYB-023",), "a PUT on the AXYB binding URI is served as a modify that answers 0"
)
