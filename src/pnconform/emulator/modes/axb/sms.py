"""AXB mode, SMS (10-axb.md §6): A or B -> X -> the other party, Notify only (AXB-090..093)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...calls.faults import SMS_IGNORE_PRIVATE_SMS
from ...calls.sms import SmsMessage, SmsRoute
from .faults import SMS_A_NEEDS_NO_PRIVATE_SMS, SMS_B_NEEDS_PRIVATE_SMS, SMS_B_SENDER_SHOWN, SMS_NO_BINDING_RESULT

if TYPE_CHECKING:
    from ...state import EmulatorState


def route_sms(state: EmulatorState, sms: SmsMessage) -> SmsRoute:
    """Called under ``state.lock``."""
    binding = next(iter(state.axb.holding(sms.x, sms.sender)), None)
    if binding is None:
        return SmsRoute(result=10 if SMS_NO_BINDING_RESULT in state.faults else 2)  # AXB-093
    sms.subscription_id, sms.user_data = binding.sid, binding.user_data
    sms.direction = "1" if sms.sender == binding.a else "0"
    if not binding.private_sms and SMS_IGNORE_PRIVATE_SMS not in state.faults:
        return SmsRoute(result=10)  # AXB-092
    from_b = sms.sender != binding.a
    if from_b and binding.private_sms_sent is None and SMS_B_NEEDS_PRIVATE_SMS in state.faults:
        return SmsRoute(result=10)  # AXB-022 broken
    if not from_b and binding.private_sms_sent is True and SMS_A_NEEDS_NO_PRIVATE_SMS in state.faults:
        return SmsRoute(result=10)  # AXB-090 broken
    if from_b and SMS_B_SENDER_SHOWN in state.faults:
        sms.x = sms.sender  # AXB-091 broken: the sender, not X, is shown
    return SmsRoute(target=binding.a if from_b else binding.b)  # AXB-090, AXB-091, AXB-022
