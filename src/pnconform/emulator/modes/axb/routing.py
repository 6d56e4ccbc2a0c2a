"""AXB mode, the calls (10-axb.md §5/§7): A -> X -> B and B -> X -> A within ``callDirection``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...calls.faults import CALL_EXPIRED_BINDING_ROUTES
from ...calls.routing import direction_allowed, fixed_line, record_wanted, refuse
from .faults import (
    CALL_ANY_CALLER_CONNECTS,
    CALL_B_SEES_CALLER,
    IGNORE_DURATION,
    ONE_CALL_PER_BINDING,
    UNBIND_KEEPS_ROUTES,
)

if TYPE_CHECKING:
    from ...calls.model import CallRequest, Route
    from ...state import AppRuntime, EmulatorState


def route(state: EmulatorState, app: AppRuntime, req: CallRequest, base: Route, records: object) -> Route:
    # AXB-103, AXB-107: expired or unbound bindings route no call (D-17: immediately).
    if IGNORE_DURATION not in state.faults and CALL_EXPIRED_BINDING_ROUTES not in state.faults:
        state.axb.purge(state.clock.now())
    binding = next(iter(state.axb.holding(req.dialled, req.caller)), None)  # the first pair holding the caller
    if binding is None and UNBIND_KEEPS_ROUTES in state.faults:  # AXB-047, AXB-107 broken
        binding = next((b for b in state.axb.unbound.get(req.dialled, ()) if req.caller in (b.a, b.b)), None)
    if binding is not None and ONE_CALL_PER_BINDING in state.faults:
        if binding.sid in state.axb.called:
            binding = None  # AXB-104, AXB-105 broken: gone after its first call
        else:
            state.axb.called.add(binding.sid)
    if binding is None:
        if CALL_ANY_CALLER_CONNECTS in state.faults and state.axb.on_x(req.dialled):
            binding = state.axb.on_x(req.dialled)[0]
        else:
            return refuse(base, "no_binding")  # AXB-082, AXB-047, CDR-032: 8014
    outgoing = req.caller == binding.a
    base.subscription_id = binding.sid
    base.user_data = binding.user_data  # AXB-085
    base.direction = 1 if outgoing else 0  # AXB-081: B -> A carries direction 0
    if fixed_line(state, req.caller):
        return refuse(base, "fixed_line_caller")  # AXB-101: 8023
    if not direction_allowed(state, binding.call_direction, outgoing):
        return refuse(base, "direction")  # AXB-083, AXB-084, AXB-054: 8016
    base.callee = binding.b if outgoing else binding.a  # AXB-080, AXB-081, AXB-100, AXB-104
    base.display = req.dialled  # AXB-100: the called party sees X
    if not outgoing and CALL_B_SEES_CALLER in state.faults:
        base.display = req.caller  # AXB-081, AXB-100 broken
    base.max_duration_min = binding.max_duration  # AXB-086
    base.record = record_wanted(state, app, binding.record_flag)
    return base
