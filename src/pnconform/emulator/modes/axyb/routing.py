"""AXYB mode, the calls (30-axe-axyb-x.md §B.6): B -> X -> A showing Y (auto-Y on B's first
call), A -> Y -> B showing X."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...calls.faults import CALL_EXPIRED_BINDING_ROUTES
from ...calls.routing import belongs_to, direction_allowed, fixed_line, refuse
from .faults import CALL_AXYB_AUTO_YB_UNLIMITED, CALL_AXYB_B_SEES_A, CALL_AXYB_DISPLAY_X, CALL_AXYB_SELF_CALL_8030
from .models import YbPart, by_y, free_y, purge

if TYPE_CHECKING:
    from ...calls.model import CallRequest, Route
    from ...state import AppRuntime, EmulatorState


def route(state: EmulatorState, app: AppRuntime, req: CallRequest, base: Route, records: object) -> Route:
    if CALL_EXPIRED_BINDING_ROUTES not in state.faults:
        purge(state)  # AXYB-013, AXYB-014
    n, c = req.dialled, req.caller
    relation = next(iter(state.axyb.on_x(n)), None)
    if relation is not None:  # somebody dials X: B -> A, A sees Y (AXYB-009)
        belongs_to(base, state, app, relation)  # AXYB-024
        if c == relation.a:
            return refuse(base, _self_call(state))  # AXYB-021: 8032
        base.direction = 0
        if fixed_line(state, c):
            return refuse(base, "fixed_line_caller")
        if not direction_allowed(state, relation.call_direction, False):
            return refuse(base, "direction")  # AXYB-011 (D-20: 8016, AXYB undocumented)
        part = next((p for p in relation.ybs if p.b == c), None)
        if part is None:  # AXYB-012: auto-Y
            y = free_y(state, app, relation)
            if y is None:
                return refuse(base, "axyb_no_y")  # 8031
            now = state.clock.now()
            # AXYB-015: the automatic YB lasts the step-1 ybDuration (0: as long as the AX part).
            yb_duration = 0 if CALL_AXYB_AUTO_YB_UNLIMITED in state.faults else relation.yb_duration
            part = YbPart(b=c, y=y, yb_duration=yb_duration, created=now, seq=state.axyb.next_seq())
            relation.ybs.append(part)
            relation.subscribe_time = now
        base.callee = relation.a  # AXYB-009
        base.display = relation.x if CALL_AXYB_DISPLAY_X in state.faults else part.y  # AXYB-009: A sees Y
        return base
    relation = by_y(state, n, c)
    if relation is None:
        return refuse(base, "axyb_no_binding")  # AXYB-013/017: 8030
    part = next(p for p in relation.ybs if p.y == n)
    belongs_to(base, state, app, relation)
    if c == part.b:
        return refuse(base, _self_call(state))  # AXYB-021: B dials its own Y
    if c != relation.a:
        return refuse(base, "axyb_no_binding")
    base.direction = 1
    if fixed_line(state, c):
        return refuse(base, "fixed_line_caller")  # AXYB-022
    if not direction_allowed(state, relation.call_direction, True):
        return refuse(base, "direction")  # AXYB-011
    base.callee = part.b  # AXYB-010, AXYB-018
    base.display = c if CALL_AXYB_B_SEES_A in state.faults else relation.x  # AXYB-010: B sees X
    return base


def _self_call(state: EmulatorState) -> str:
    # AXYB-021, HANG-023: 8032 (the fault reads the self-call as a call without binding, 8030).
    return "axyb_no_binding" if CALL_AXYB_SELF_CALL_8030 in state.faults else "axyb_self_call"
