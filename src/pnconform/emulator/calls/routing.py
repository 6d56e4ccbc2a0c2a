"""Mode-neutral call routing: which app a dialled number belongs to, and the checks every mode
shares (00 §8, 50 §4); the mode rules live in ``modes/<mode>/routing.py``.

``route`` is called under ``state.lock``; it finds the app of the dialled number, refuses calls
to a frozen or unavailable app or X, and hands the call to the app's mode router (``ModeCalls``
registered by ``modes``), which reads its store (after purging what expired) and returns a
``Route``: either a refusal (``outcome`` set, with the documented hang-up cause, D-20) or the
callee, the display number, the binding and the call options. The helpers below are the pieces
the mode routers share.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..numbers import is_mobile
from .faults import (
    CALL_ALLOW_FIXED_LINE_CALLER,
    CALL_IGNORE_DIRECTION,
    CALL_IGNORE_RECORD_FLAG,
    CALL_RECORD_WITHOUT_APP_RECORDING,
    XSTAT_FROZEN_BLOCKS_CALLS,
)
from .model import CallRequest, ModeCalls, Route

if TYPE_CHECKING:
    from ..state import AppRuntime, EmulatorState

UNAVAILABLE_X = ("blacklisted", "suspended", "unavailable")  # XSTAT-005: 9/10 stop calls; 11 does not


def route(
    state: EmulatorState,
    modes: Mapping[str, ModeCalls],
    req: CallRequest,
    callback_records: dict[tuple[str, str], tuple[str, float]],
) -> Route:
    # Every number a call can reach is an app's number: AXYB's Y numbers come from the app's pool.
    owner = state.x_owner.get(req.dialled)
    if owner is None:
        return Route(None, None, outcome="unknown_x")  # AXE-027: 8025, nobody to tell
    app = owner[0]
    base = Route(app.app_key, app.mode)
    if app.state == "frozen":
        return refuse(base, "app_frozen")
    if app.state == "unavailable":
        return refuse(base, "app_unavailable")
    x_status = state.number_status.get(req.dialled)
    if x_status in UNAVAILABLE_X or (x_status == "frozen" and XSTAT_FROZEN_BLOCKS_CALLS in state.faults):
        return refuse(base, "x_unavailable")  # XSTAT-005: 9/10 take no calls, 11 keeps its bindings working
    return modes[app.mode].route(state, app, req, base, callback_records)


def refuse(base: Route, outcome: str, **kw: object) -> Route:
    base.outcome = outcome
    for k, v in kw.items():
        setattr(base, k, v)
    return base


def fixed_line(state: EmulatorState, number: str) -> bool:
    return not is_mobile(number) and CALL_ALLOW_FIXED_LINE_CALLER not in state.faults


def record_wanted(state: EmulatorState, app: AppRuntime, flag: bool) -> bool:
    # D-15 / REC-007: recorded only if the app records and the binding asked for it.
    if CALL_IGNORE_RECORD_FLAG in state.faults:
        return False
    return flag and (app.recording or CALL_RECORD_WITHOUT_APP_RECORDING in state.faults)


def belongs_to(base: Route, state: EmulatorState, app: AppRuntime, binding: Any) -> None:
    """The route is the binding's: its subscriptionId and userData go into the CDR, and its
    recordFlag decides the recording."""
    base.subscription_id = binding.sid
    base.user_data = binding.user_data
    base.record = record_wanted(state, app, binding.record_flag)


def direction_allowed(state: EmulatorState, call_direction: int, outgoing: bool) -> bool:
    """callDirection 0 both ways, 1 only A -> other, 2 only other -> A (AXB-083/084, AXYB-011)."""
    if CALL_IGNORE_DIRECTION in state.faults or call_direction == 0:
        return True
    return call_direction == (1 if outgoing else 2)
