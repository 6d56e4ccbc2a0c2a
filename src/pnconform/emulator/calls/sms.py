"""SMS through X (00 §9, 10 §6, 20 §7, 30 §C), the mode-neutral part: the Notify / Block
notifications to the customer and the checks every mode shares. Who receives a message sent to
X, and with which text, is each mode's rule (``modes/<mode>/sms.py``, registered in ``modes``):

* AXB: A or B -> X -> the other party; Notify only (AXB-090..093).
* AX: ``@<B>`` forwarding, Block, ``[From<sender>]`` (AX-601..605).
* X mode: every message -> Block, the reply decides (SMS-003).
* AXE, AXYB: no SMS (D-21): nothing is forwarded and nothing is pushed.
A Block reply that is missing or malformed discards the message, ``sendResult`` 7 (SMS-008).
Block notifications are not re-pushed, Notify ones are (SMS-006, D-28).
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..numbers import is_global
from .faults import (
    SMS_ALLOWED_EVERYWHERE,
    SMS_BLOCK_IGNORED,
    SMS_INVALID_REPLY_RESULT_6,
    SMS_NO_IDENTIFIER,
    SMS_SUSPENDED_X_FORWARDS,
)
from .push import block

if TYPE_CHECKING:
    from ..state import AppRuntime
    from .runtime import CallRuntime


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(ts * 1000) % 1000:03d}Z"


@dataclass
class SmsRoute:
    """A mode's decision on one message: ``result`` ends it there (a sendResult, nothing
    forwarded); else it goes to ``target`` with ``text``, or the customer's Block reply decides
    (``asks`` Block notifications, normally one)."""

    result: int | None = None
    target: str | None = None
    text: str | None = None
    block: bool = False
    asks: int = 1


class SmsMessage:
    def __init__(self, runtime: CallRuntime, sender: str, x: str, text: str) -> None:
        self.runtime, self.sender, self.x, self.text = runtime, sender, x, text
        self.identifier = uuid.uuid4().hex
        self.subscription_id: str | None = None
        self.direction = "2"
        self.user_data: str | None = None

    def body(self, mode: str, app: AppRuntime, **extra: Any) -> dict[str, Any]:
        event: dict[str, Any] = {
            "smsIdentifier": self.identifier,
            "notificationMode": mode,
            "calling": self.sender,
            "virtualNumber": self.x,
            "event": "TextSMS",
            "timeStamp": _iso(self.runtime.state.clock.now()),
            "smsContent": self.text,
            "extInfo": {
                "extParas": [
                    {"key": "splitNum", "value": str(max(1, math.ceil(len(self.text) / 70)))},
                    {"key": "direction", "value": self.direction},
                ]
            },
        }
        if self.subscription_id:
            event["subscriptionId"] = self.subscription_id
        if SMS_NO_IDENTIFIER in self.runtime.state.faults:
            del event["smsIdentifier"]  # SMS-004: smsIdentifier is required
        event.update(extra)
        return {"appKey": app.app_key, "smsEvent": event}


async def send_sms(runtime: CallRuntime, sender: str, x: str, text: str) -> dict[str, Any]:
    state = runtime.state
    faults = state.faults
    sms = SmsMessage(runtime, sender, x, text)
    owner = state.x_owner.get(x)
    if owner is None:
        return _result(runtime, sms, None, None, None, "X is not a number of any app")
    app = owner[0]
    decide = runtime.modes[app.mode].sms
    if decide is None and SMS_ALLOWED_EVERYWHERE not in faults:
        return _result(runtime, sms, app, None, None, f"no SMS in {app.mode.upper()} (D-21)")
    if app.state == "frozen":
        return await _notify(runtime, sms, app, None, None, 1)
    status = state.number_status.get(x)
    if status == "blacklisted" or (status in ("suspended", "unavailable") and SMS_SUSPENDED_X_FORWARDS not in faults):
        return await _notify(runtime, sms, app, None, None, 3)  # XSTAT-005: 9 and 10 take no SMS; 11 does
    with state.lock:
        # AXE and AXYB under the sms.allowed_everywhere fault: the Block reply decides, as in X mode.
        decision = decide(state, sms) if decide is not None else SmsRoute(block=True)
    if decision.result is not None:
        return await _notify(runtime, sms, app, None, None, decision.result)  # SMS-007
    target, out_text = decision.target, decision.text if decision.text is not None else text
    if decision.block:
        for _ in range(decision.asks):  # more than one only with sms.x_block_twice (SMS-002/003)
            target = await _ask(runtime, sms, app)
        if target is None or target == "":
            invalid = 6 if SMS_INVALID_REPLY_RESULT_6 in faults else 7
            return await _notify(runtime, sms, app, None, None, invalid if target is None else 6)  # SMS-008
    return await _notify(runtime, sms, app, target, out_text, 0)


async def _ask(runtime: CallRuntime, sms: SmsMessage, app: AppRuntime) -> str | None:
    """Block notification; the receiver to forward to, "" for discard, None for no valid reply."""
    url = runtime.url(app, "sms_control_url")
    if not url:
        return None
    reply = await block(runtime.pusher, "sms", app.app_key, url, sms.body("Block", app))
    if not isinstance(reply, dict) or not isinstance(reply.get("actions"), list) or not reply["actions"]:
        return None
    action = reply["actions"][0]
    if not isinstance(action, dict):
        return None
    if action.get("operation") == "DiscardMessage":
        return (SMS_BLOCK_IGNORED in runtime.state.faults and sms.sender) or ""
    if action.get("operation") != "vNumberRoute":
        return None
    message = action.get("message")
    called = message.get("called") if isinstance(message, dict) else None
    if not isinstance(called, str) or not is_global(called):
        return None
    if isinstance(reply.get("userData"), str):
        sms.user_data = reply["userData"]
    return called


async def _notify(
    runtime: CallRuntime, sms: SmsMessage, app: AppRuntime, target: str | None, text: str | None, result: int
) -> dict[str, Any]:
    extra: dict[str, Any] = {"sendResult": result}
    if target is not None and result == 0:
        extra["called"] = target
    runtime.pusher.queue("sms", app.app_key, runtime.url(app, "sms_url"), sms.body("Notify", app, **extra))
    runtime.pusher.kick()
    return _result(runtime, sms, app, target if result == 0 else None, text if result == 0 else None, None, result)


def _result(
    runtime: CallRuntime,
    sms: SmsMessage,
    app: AppRuntime | None,
    target: str | None,
    text: str | None,
    reason: str | None,
    result: int | None = None,
) -> dict[str, Any]:
    out = {
        "smsIdentifier": sms.identifier,
        "mode": None if app is None else app.mode,
        "app_key": None if app is None else app.app_key,
        "forwarded": None if target is None else {"to": target, "from": sms.x, "text": text},
        "sendResult": result,
        "reason": reason,
    }
    with runtime.state.lock:
        runtime.sms.append(out)
    return out
