"""X mode fault switches (design.md "X mode"; see ``emulator/faults.py`` for the mechanism and the
layout): the ``xmode.*`` switches, and the shared-family ones that bend only X mode code."""

from __future__ import annotations

from ...faults import fault

ACCEPT_INVALID_REPLY = fault(
    "xmode.accept_invalid_reply", ("XM-005", "HANG-012"), "a Block reply with maxDuration outside 0-1440 connects"
)
SHOW_DISPLAY_NUM = fault(
    "xmode.show_display_num", ("XM-007",), "displayCalleeNum of the Block reply is shown instead of X"
)
SHARED_ANSWER = fault(
    "xmode.shared_answer", ("XM-009",), "simultaneous calls to one X all follow the first call's answer"
)

# Switches of the shared families that bend only X mode's rules, routing or messages.
SMS_X_BLOCK_TWICE = fault(
    "sms.x_block_twice", ("SMS-002", "SMS-003"), "the Block notification of an X-mode message is sent twice"
)
CALLIN_NOT_AWAITED = fault(
    "xmode.callin_not_awaited",
    ("XM-002",),
    "the callin is queued like a Notify event and the call is not routed by the app's answer (it ends with 8014)",
)
CONNECT_SHOWS_CALLER = fault(
    "xmode.connect_shows_caller", ("XM-003",), "the callee of a connect answer sees the caller's number, not X"
)
CLOSE_CONNECTS = fault(
    "xmode.close_connects", ("XM-004",), "a close answer is taken as a connect back to the caller's own number"
)
