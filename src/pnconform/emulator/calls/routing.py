"""Call routing by the mode rules over the live bindings (10 §5/§7, 20 §1/§8, 30 §A.7/§B.6/§C).

``route`` is called under ``state.lock``; it reads the stores (after purging what expired) and
returns a ``Route``: either a refusal (``outcome`` set, with the documented hang-up cause, D-20)
or the callee, the display number, the binding and the call options. X mode is routed by the
customer's Block reply (``xmode``), not here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..numbers import is_mobile
from .model import CallRequest, Route

if TYPE_CHECKING:
    from ..state import AppRuntime, EmulatorState

UNAVAILABLE_X = ("blacklisted", "suspended", "unavailable")  # XSTAT-005: 9/10 stop calls; 11 does not


def route(state: EmulatorState, req: CallRequest, callback_records: dict[tuple[str, str], tuple[str, float]]) -> Route:
    owner = state.x_owner.get(req.dialled)
    if owner is None:
        y_relation = _axyb_by_y(state, req.dialled)
        if y_relation is None:
            return Route(None, None, outcome="unknown_x")
        owner = state.x_owner.get(y_relation.x)  # unreachable in practice: Y numbers are app numbers
    app = owner[0] if owner else None
    if app is None:
        return Route(None, None, outcome="unknown_x")
    base = Route(app.app_key, app.mode)
    if app.state == "frozen":
        return _refuse(base, "app_frozen")
    if app.state == "unavailable":
        return _refuse(base, "app_unavailable")
    if state.number_status.get(req.dialled) in UNAVAILABLE_X:
        return _refuse(base, "x_unavailable")
    router = _ROUTERS.get(app.mode)
    if router is None:  # X mode: routed by the Block reply
        if not is_mobile(req.caller) and "call.allow_fixed_line_caller" not in state.faults:
            return _refuse(base, "fixed_line_caller")  # XM-010
        return base
    return router(state, app, req, base, callback_records)


def _refuse(base: Route, outcome: str, **kw: object) -> Route:
    base.outcome = outcome
    for k, v in kw.items():
        setattr(base, k, v)
    return base


def _fixed_line(state: EmulatorState, number: str) -> bool:
    return not is_mobile(number) and "call.allow_fixed_line_caller" not in state.faults


def _record(state: EmulatorState, app: AppRuntime, flag: bool) -> bool:
    # D-15 / REC-007: recorded only if the app records and the binding asked for it.
    if "call.ignore_record_flag" in state.faults:
        return False
    return flag and (app.recording or "call.record_without_app_recording" in state.faults)


def _belongs_to(base: Route, state: EmulatorState, app: AppRuntime, binding: Any) -> None:
    """The route is the binding's: its subscriptionId and userData go into the CDR, and its
    recordFlag decides the recording."""
    base.subscription_id = binding.sid
    base.user_data = binding.user_data
    base.record = _record(state, app, binding.record_flag)


def _direction_allowed(state: EmulatorState, call_direction: int, outgoing: bool) -> bool:
    """callDirection 0 both ways, 1 only A -> other, 2 only other -> A (AXB-083/084, AXYB-011)."""
    if "call.ignore_direction" in state.faults or call_direction == 0:
        return True
    return call_direction == (1 if outgoing else 2)


# -- AXB -------------------------------------------------------------------------------------------


def _axb(state: EmulatorState, app: AppRuntime, req: CallRequest, base: Route, records: object) -> Route:
    if "axb.ignore_duration" not in state.faults and "call.expired_binding_routes" not in state.faults:
        state.axb.purge(state.clock.now())
    binding = next((b for b in state.axb.on_x(req.dialled) if req.caller in (b.a, b.b)), None)
    if binding is None:
        if "call.any_caller_connects" in state.faults and state.axb.on_x(req.dialled):
            binding = state.axb.on_x(req.dialled)[0]
        else:
            return _refuse(base, "no_binding")  # AXB-082, CDR-032
    outgoing = req.caller == binding.a
    base.subscription_id = binding.sid
    base.user_data = binding.user_data
    base.direction = 1 if outgoing else 0
    if _fixed_line(state, req.caller):
        return _refuse(base, "fixed_line_caller")  # AXB-101
    if not _direction_allowed(state, binding.call_direction, outgoing):
        return _refuse(base, "direction")
    base.callee = binding.b if outgoing else binding.a
    base.display = req.dialled
    base.max_duration_min = binding.max_duration
    base.record = _record(state, app, binding.record_flag)
    return base


# -- AX --------------------------------------------------------------------------------------------


def _ax(state: EmulatorState, app: AppRuntime, req: CallRequest, base: Route, records: object) -> Route:
    from ..ax import temp_callee_of

    binding = next(iter(state.ax.on_x(req.dialled)), None)
    if binding is None:
        code = "no_binding" if "call.ax_no_binding_8014" in state.faults else "ax_no_binding"
        return _refuse(base, code)  # AX-504, D-20
    _belongs_to(base, state, app, binding)
    base.max_duration_min = binding.max_duration
    if req.caller == binding.a:
        base.direction = 1
        if _fixed_line(state, req.caller):
            return _refuse(base, "fixed_line_caller")  # AX-008
        tc = binding.temp_callee if "call.ax_expired_callee_routes" in state.faults else temp_callee_of(state, binding)
        if tc is None:
            code = "no_callback_record" if "call.ax_no_callee_8019" in state.faults else "ax_no_temp_callee"
            return _refuse(base, code)  # AX-002, D-20
        if not _direction_allowed(state, binding.call_direction, True):
            return _refuse(base, "direction")
        base.callee = tc.callee
        if tc.user_data is not None:
            base.user_data = tc.user_data
        if tc.max_duration is not None:
            base.max_duration_min = tc.max_duration
        if state.settings["ax_temp_callee_single_use"]:
            binding.temp_callee = None  # D-29, when configured
    else:
        base.direction = 0
        if _fixed_line(state, req.caller):
            return _refuse(base, "fixed_line_caller")
        if not _direction_allowed(state, binding.call_direction, False):
            return _refuse(base, "direction")
        base.callee = binding.a
    base.display = req.caller if base.direction == 0 and binding.callee_num_display == "1" else req.dialled
    return base


# -- AXE -------------------------------------------------------------------------------------------


def _axe(
    state: EmulatorState,
    app: AppRuntime,
    req: CallRequest,
    base: Route,
    records: dict[tuple[str, str], tuple[str, float]],
) -> Route:
    if "axe.ignore_expiry" not in state.faults and "call.expired_binding_routes" not in state.faults:
        state.axe.purge(state.clock.now())
    now = state.clock.now()
    x = req.dialled
    own = next((b for b in state.axe.on_x(x) if b.a == req.caller), None)
    if own is not None:  # A-callback scenario (AXE-028..032): no collectInfo
        _belongs_to(base, state, app, own)
        base.direction = 1
        if _fixed_line(state, req.caller):
            return _refuse(base, "fixed_line_caller")
        record = records.get((x, own.a))
        unit = 60 if own.time_unit == "1" else 3600
        expiry = own.callback_expired_time if "call.axe_callback_records_kept" not in state.faults else 0
        if record is not None and expiry and record[1] + expiry * unit <= now:
            record = None  # AXE-032
        if record is not None:
            base.callee = record[0]
        elif own.callback_num:
            base.callee = own.callback_num  # AXE-031
        elif "call.axe_no_record_8022" in state.faults:
            return _refuse(base, "axe_no_binding")
        else:
            return _refuse(base, "no_callback_record")  # AXE-030, HANG-014
        base.display = x
        return base
    # A-called scenario: B dials X and types E (AXE-023..027).
    base.collect = "call.axe_no_collect_info" not in state.faults
    if req.behaviour == "caller_hangup" and not req.digits:
        base.collect = False
        return _refuse(base, "caller_abandon_prompt")  # AXE-026 act 2: 7516
    if not req.digits:
        return _refuse(base, "empty_extension")  # AXE-026: 8033
    base.extension = req.digits
    binding = state.axe.at(x, req.digits)
    if binding is None and "call.axe_wrong_extension_connects" in state.faults:
        binding = next(iter(state.axe.on_x(x)), None)
    if binding is None:
        return _refuse(base, "axe_no_binding")  # AXE-024, AXE-014: 8022
    _belongs_to(base, state, app, binding)
    base.direction = 0
    if _fixed_line(state, req.caller):
        return _refuse(base, "fixed_line_caller")
    base.callee = binding.a
    base.display = req.caller if binding.display_num_mode == "1" else x
    key, caller = (x, binding.a), req.caller

    def remember(at: float) -> None:
        if "call.axe_first_caller_kept" in state.faults and key in records:
            return
        records[key] = (caller, at)  # AXE-028/029: the most recent caller wins

    base.on_connect = remember
    return base


# -- AXYB ------------------------------------------------------------------------------------------


def _axyb_purge(state: EmulatorState) -> None:
    from ..axyb import _purge

    if "call.expired_binding_routes" not in state.faults:
        _purge(state)


def _axyb_by_y(state: EmulatorState, number: str, caller: str | None = None):  # type: ignore[no-untyped-def]
    """The relation a call to Y belongs to. One Y may serve several AX relations (AXYB-006): the
    caller picks among them (its A, or its B for a self-call), else the first holds."""
    holding = [r for r in state.axyb.all() if any(p.y == number for p in r.ybs)]
    for relation in holding:
        if caller == relation.a or any(p.y == number and p.b == caller for p in relation.ybs):
            return relation
    return holding[0] if holding else None


def _axyb(state: EmulatorState, app: AppRuntime, req: CallRequest, base: Route, records: object) -> Route:
    from ..axyb_store import YbPart

    _axyb_purge(state)
    n, c = req.dialled, req.caller
    relation = next(iter(state.axyb.on_x(n)), None)
    if relation is not None:  # somebody dials X: B -> A, A sees Y (AXYB-009)
        _belongs_to(base, state, app, relation)
        if c == relation.a:
            return _refuse(base, "axyb_self_call")  # AXYB-021
        base.direction = 0
        if _fixed_line(state, c):
            return _refuse(base, "fixed_line_caller")
        if not _direction_allowed(state, relation.call_direction, False):
            return _refuse(base, "direction")  # AXYB-011 (D-20: 8016, AXYB undocumented)
        part = next((p for p in relation.ybs if p.b == c), None)
        if part is None:  # AXYB-012: auto-Y
            y = _free_y(state, app, relation)
            if y is None:
                return _refuse(base, "axyb_no_y")
            now = state.clock.now()
            # AXYB-015: the automatic YB lasts the step-1 ybDuration (0: as long as the AX part).
            yb_duration = 0 if "call.axyb_auto_yb_unlimited" in state.faults else relation.yb_duration
            part = YbPart(b=c, y=y, yb_duration=yb_duration, created=now, seq=state.axyb.next_seq())
            relation.ybs.append(part)
            relation.subscribe_time = now
        base.callee = relation.a
        base.display = relation.x if "call.axyb_display_x" in state.faults else part.y
        return base
    relation = _axyb_by_y(state, n, c)
    if relation is None:
        return _refuse(base, "axyb_no_binding")  # AXYB-013/017: 8030
    part = next(p for p in relation.ybs if p.y == n)
    _belongs_to(base, state, app, relation)
    if c == part.b:
        return _refuse(base, "axyb_self_call")
    if c != relation.a:
        return _refuse(base, "axyb_no_binding")
    base.direction = 1
    if _fixed_line(state, c):
        return _refuse(base, "fixed_line_caller")  # AXYB-022
    if not _direction_allowed(state, relation.call_direction, True):
        return _refuse(base, "direction")
    base.callee = part.b
    base.display = relation.x  # AXYB-010: B sees X
    return base


def _free_y(state: EmulatorState, app: AppRuntime, relation) -> str | None:  # type: ignore[no-untyped-def]
    from ..axyb import _y_usable

    for x in app.x_numbers:
        if state.axyb.on_x(x.number) and x.number != relation.x:
            continue  # the X of another relation
        if _y_usable(state, relation, x.number) and not state.blacklisted(x.number):
            return x.number
    return None


_ROUTERS: dict[str, Callable[..., Route]] = {"axb": _axb, "ax": _ax, "axe": _axe, "axyb": _axyb}
