"""AX mode, the calls (20-ax.md §1/§8): others -> A; A -> its temporary callee."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...calls.routing import belongs_to, direction_allowed, fixed_line, refuse
from .faults import (
    CALL_AX_CALLEE_SEES_A,
    CALL_AX_EXPIRED_CALLEE_ROUTES,
    CALL_AX_NO_BINDING_8014,
    CALL_AX_NO_CALLEE_8019,
    CALL_AX_OTHERS_REFUSED,
)
from .models import temp_callee_of

if TYPE_CHECKING:
    from ...calls.model import CallRequest, Route
    from ...state import AppRuntime, EmulatorState


def route(state: EmulatorState, app: AppRuntime, req: CallRequest, base: Route, records: object) -> Route:
    binding = next(iter(state.ax.on_x(req.dialled)), None)  # AX-010, AX-109: unbinds act at once
    if binding is None:
        code = "no_binding" if CALL_AX_NO_BINDING_8014 in state.faults else "ax_no_binding"
        return refuse(base, code)  # AX-504, D-20: 8018 / 7104
    belongs_to(base, state, app, binding)  # AX-033, AX-036
    base.max_duration_min = binding.max_duration  # AX-031, AX-202
    if req.caller == binding.a:
        base.direction = 1
        if fixed_line(state, req.caller):
            return refuse(base, "fixed_line_caller")  # AX-008: 8023
        tc = binding.temp_callee if CALL_AX_EXPIRED_CALLEE_ROUTES in state.faults else temp_callee_of(state, binding)
        if tc is None:
            code = "no_callback_record" if CALL_AX_NO_CALLEE_8019 in state.faults else "ax_no_temp_callee"
            return refuse(base, code)  # AX-002, AX-402, AX-503, D-20: 8013
        if not direction_allowed(state, binding.call_direction, True):
            return refuse(base, "direction")  # AX-037
        base.callee = tc.callee  # AX-003, AX-401
        if tc.user_data is not None:
            base.user_data = tc.user_data  # AX-410
        if tc.max_duration is not None:
            base.max_duration_min = tc.max_duration
        if state.settings["ax_temp_callee_single_use"]:
            binding.temp_callee = None  # D-29, when configured
    else:
        base.direction = 0
        if fixed_line(state, req.caller):
            return refuse(base, "fixed_line_caller")
        if not direction_allowed(state, binding.call_direction, False):
            return refuse(base, "direction")  # AX-037
        if CALL_AX_OTHERS_REFUSED in state.faults:
            return refuse(base, "ax_no_binding")  # breaks AX-001, AX-010, AX-412, AX-502
        base.callee = binding.a  # AX-001, AX-412, AX-502
    # AX-003, AX-502: the callee sees X, unless calleeNumDisplay "1" shows the real caller (D-13)
    base.display = req.caller if base.direction == 0 and binding.callee_num_display == "1" else req.dialled
    if base.direction == 1 and CALL_AX_CALLEE_SEES_A in state.faults:
        base.display = req.caller  # breaks AX-003, AX-401, AX-403, AX-501: B sees X
    return base
