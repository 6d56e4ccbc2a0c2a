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
