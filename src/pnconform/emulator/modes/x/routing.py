"""X mode (30 §C): no bindings; each call to X sends a Block ``callin`` to the customer's
call-status URL and its HTTP reply routes the call (XM-002..005).

Reply: ``{"operation": "connect", "connectInfo": {"calleeNum": "+86…", "maxDuration": 0-1440,
"recordFlag": true, "userData": "…", "displayCalleeNum": "…"}}`` or ``{"operation": "close"}``.
Anything else (no reply, a non-2xx, not JSON, unknown operation, missing or malformed
``calleeNum``, ``maxDuration`` outside 0-1440) fails the call with 8014 (HANG-012, XM-005).
The callee always sees X (XM-007: operator rules; ``displayCalleeNum`` is not honoured).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..numbers import is_global
from .model import Call
from .push import block

if TYPE_CHECKING:
    from ..state import AppRuntime
    from .runtime import CallRuntime


async def ask_customer(runtime: CallRuntime, call: Call, app: AppRuntime | None) -> None:
    route = call.route
    route.call_rel_direction = True  # X-mode disconnect/CDR carry callRelDirection (2021/5/17)
    route.direction = 0
    url = runtime.url(app, "call_event_url")
    if app is None or not url:
        route.outcome = "no_binding"  # no control address: the call cannot be routed
        return
    body = runtime._event(call, "callin", call.call_in)
    reply = await block(runtime.pusher, "event", app.app_key, url, body)
    decision = parse_reply(reply, lenient="xmode.accept_invalid_reply" in runtime.state.faults)
    if decision is None:
        route.outcome = "no_binding"  # 8014
        return
    if decision["operation"] == "close":
        route.outcome = "x_customer_close"
        return
    route.callee = decision["calleeNum"]
    if "xmode.shared_answer" in runtime.state.faults:  # breaks XM-009: one answer for every call on X
        first = runtime.ongoing_on(call.request.dialled)
        if first is not None and first.route.callee:
            route.callee = first.route.callee
    shown = decision.get("displayCalleeNum")
    route.display = shown if shown and "xmode.show_display_num" in runtime.state.faults else call.request.dialled
    route.max_duration_min = decision.get("maxDuration", 0)
    route.record = bool(decision.get("recordFlag")) and app.recording
    if "call.ignore_record_flag" in runtime.state.faults:
        route.record = False
    route.user_data = decision.get("userData")


def parse_reply(reply: Any, lenient: bool = False) -> dict[str, Any] | None:
    """The customer's decision, or None for an invalid reply."""
    if not isinstance(reply, dict):
        return None
    operation = reply.get("operation")
    if operation == "close":
        return {"operation": "close"}
    if operation != "connect":
        return None
    info = reply.get("connectInfo")
    if not isinstance(info, dict):
        return None
    callee = info.get("calleeNum")
    if not isinstance(callee, str) or not is_global(callee):
        return None
    out: dict[str, Any] = {"operation": "connect", "calleeNum": callee}
    if "maxDuration" in info and info["maxDuration"] is not None:
        value = info["maxDuration"]
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        if not 0 <= value <= 1440 and not lenient:
            return None
        out["maxDuration"] = value
    flag = info.get("recordFlag")
    if flag is not None:
        if flag in (True, "true"):
            out["recordFlag"] = True
        elif flag not in (False, "false"):
            return None
    user_data = info.get("userData", reply.get("userData"))
    if user_data is not None:
        if not isinstance(user_data, str) or not 1 <= len(user_data) <= 256:
            return None
        out["userData"] = user_data
    shown = info.get("displayCalleeNum")
    if isinstance(shown, str):
        out["displayCalleeNum"] = shown
    return out
