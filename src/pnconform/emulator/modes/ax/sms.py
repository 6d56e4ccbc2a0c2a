"""AX mode, SMS (20-ax.md §7): A -> X with ``@<B>`` -> B; without it, the customer's Block reply
decides; anybody else -> A with ``[From<sender>]`` (AX-601..605)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...calls.faults import SMS_IGNORE_PRIVATE_SMS
from ...calls.sms import SmsMessage, SmsRoute
from ...numbers import is_global
from .faults import SMS_AX_FULLWIDTH_AT, SMS_KEEP_AT_SUFFIX, SMS_NO_FROM_TAG

if TYPE_CHECKING:
    from ...state import EmulatorState

AT_B = re.compile(r"@(\+?\d{5,20})$")  # AX-603: a half-width @ and a number, nothing else
LOOSE_AT_B = re.compile(r"[@＠](\+?\d{5,20})$")  # only with the ax.sms_fullwidth_at fault


def _global(number: str) -> str | None:
    if number.startswith("+"):
        return number if is_global(number) else None
    candidate = "+86" + number
    return candidate if is_global(candidate) else None


def route_sms(state: EmulatorState, sms: SmsMessage) -> SmsRoute:
    """Called under ``state.lock``."""
    faults = state.faults
    text = sms.text
    binding = next(iter(state.ax.on_x(sms.x)), None)
    if binding is None:
        return SmsRoute(result=2)
    sms.subscription_id, sms.user_data = binding.sid, binding.user_data  # AX-036
    if not binding.private_sms and SMS_IGNORE_PRIVATE_SMS not in faults:
        return SmsRoute(result=10)  # AX-605, AX-032, AX-201
    if sms.sender == binding.a:
        sms.direction = "1"
        match = (LOOSE_AT_B if SMS_AX_FULLWIDTH_AT in faults else AT_B).search(text)
        b = _global(match.group(1)) if match else None
        if match is not None and b is not None:
            return SmsRoute(target=b, text=text if SMS_KEEP_AT_SUFFIX in faults else text[: match.start()])  # AX-601
        return SmsRoute(block=True)  # AX-602, AX-603: no valid @<B>
    sms.direction = "0"
    tagged = text if SMS_NO_FROM_TAG in faults else f"{text}[From{sms.sender}]"
    return SmsRoute(target=binding.a, text=tagged)  # AX-604: others -> A with [From<sender>]
