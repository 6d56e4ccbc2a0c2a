"""X mode, the calls (30 §C): no bindings; each call to X sends a Block ``callin`` to the
customer's call-status URL and its HTTP reply (``models.parse_reply``) routes the call
(XM-002..005). The callee always sees X (XM-007: operator rules; ``displayCalleeNum`` is not
honoured).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...calls.faults import CALL_IGNORE_RECORD_FLAG
from ...calls.push import block
from ...calls.routing import fixed_line, refuse
from .faults import (
    ACCEPT_INVALID_REPLY,
    CALLIN_NOT_AWAITED,
    CLOSE_CONNECTS,
    CONNECT_SHOWS_CALLER,
    SHARED_ANSWER,
    SHOW_DISPLAY_NUM,
)
from .models import parse_reply

if TYPE_CHECKING:
    from ...calls.model import Call, CallRequest, Route
    from ...calls.runtime import CallRuntime
    from ...state import AppRuntime, EmulatorState


def route(state: EmulatorState, app: AppRuntime, req: CallRequest, base: Route, records: object) -> Route:
    """Before the Block ``callin``: only the caller is checked; ``ask_customer`` decides the rest."""
    if fixed_line(state, req.caller):
        return refuse(base, "fixed_line_caller")  # XM-010: 8023
    return base


async def ask_customer(runtime: CallRuntime, call: Call, app: AppRuntime | None) -> None:
    """XM-002: every call to X asks the customer (XM-009: each call its own ``callin``)."""
    route = call.route
    route.call_rel_direction = True  # X-mode disconnect/CDR carry callRelDirection (2021/5/17)
    route.direction = 0
    url = runtime.url(app, "call_event_url")
    if app is None or not url:
        route.outcome = "no_binding"  # no control address: the call cannot be routed
        return
    body = runtime.event(call, "callin", call.call_in)
    if CALLIN_NOT_AWAITED in runtime.state.faults:  # breaks XM-002: the answer is not waited for
        runtime.pusher.queue("event", app.app_key, url, body)
        route.outcome = "no_binding"
        return
    reply = await block(runtime.pusher, "event", app.app_key, url, body)
    decision = parse_reply(reply, lenient=ACCEPT_INVALID_REPLY in runtime.state.faults)
    if decision is None:
        route.outcome = "no_binding"  # XM-005, HANG-012: 8014
        return
    if decision["operation"] == "close" and CLOSE_CONNECTS in runtime.state.faults:
        decision = {"operation": "connect", "calleeNum": call.request.caller}  # breaks XM-004
    if decision["operation"] == "close":
        route.outcome = "x_customer_close"  # XM-004
        return
    route.callee = decision["calleeNum"]  # XM-003
    if SHARED_ANSWER in runtime.state.faults:  # breaks XM-009: one answer for every call on X
        first = runtime.ongoing_on(call.request.dialled)
        if first is not None and first.route.callee:
            route.callee = first.route.callee
    shown = decision.get("displayCalleeNum")
    route.display = shown if shown and SHOW_DISPLAY_NUM in runtime.state.faults else call.request.dialled
    if CONNECT_SHOWS_CALLER in runtime.state.faults:
        route.display = call.request.caller  # breaks XM-003: the callee sees X by default
    route.max_duration_min = decision.get("maxDuration", 0)
    route.record = bool(decision.get("recordFlag")) and app.recording  # XM-011
    if CALL_IGNORE_RECORD_FLAG in runtime.state.faults:
        route.record = False
    route.user_data = decision.get("userData")
