"""X mode, SMS (30 §C, SMS-003): every message goes to the customer as a Block notification and
its reply decides (forward to ``message.called`` or discard)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...calls.sms import SmsMessage, SmsRoute
from .faults import SMS_X_BLOCK_TWICE

if TYPE_CHECKING:
    from ...state import EmulatorState


def route_sms(state: EmulatorState, sms: SmsMessage) -> SmsRoute:
    # SMS-002, SMS-003: one Block per message (the sms.x_block_twice fault asks twice).
    return SmsRoute(block=True, asks=2 if SMS_X_BLOCK_TWICE in state.faults else 1)
