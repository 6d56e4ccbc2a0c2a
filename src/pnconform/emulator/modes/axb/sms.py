"""AXB mode, SMS (10-axb.md §6): A or B -> X -> the other party, Notify only (AXB-090..093)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...calls.faults import SMS_IGNORE_PRIVATE_SMS
from ...calls.sms import SmsMessage, SmsRoute

if TYPE_CHECKING:
    from ...state import EmulatorState


def route_sms(state: EmulatorState, sms: SmsMessage) -> SmsRoute:
    """Called under ``state.lock``."""
    binding = next((b for b in state.axb.on_x(sms.x) if sms.sender in (b.a, b.b)), None)
    if binding is None:
        return SmsRoute(result=2)  # AXB-093
    sms.subscription_id, sms.user_data = binding.sid, binding.user_data
    sms.direction = "1" if sms.sender == binding.a else "0"
    if not binding.private_sms and SMS_IGNORE_PRIVATE_SMS not in state.faults:
        return SmsRoute(result=10)  # AXB-092
    return SmsRoute(target=binding.b if sms.sender == binding.a else binding.a)  # AXB-090, AXB-091, AXB-022
