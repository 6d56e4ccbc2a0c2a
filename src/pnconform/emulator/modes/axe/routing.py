"""AXE mode, the calls (30-axe-axyb-x.md §A.7): B dials X and types A's extension; A calls back
through X to the latest caller, else ``callbackNum``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...calls.faults import CALL_EXPIRED_BINDING_ROUTES
from ...calls.routing import belongs_to, fixed_line, refuse
from .faults import (
    CALL_AXE_CALLBACK_RECORDS_KEPT,
    CALL_AXE_CALLBACK_SHOWS_A,
    CALL_AXE_EMPTY_EXTENSION_8022,
    CALL_AXE_FIRST_CALLER_KEPT,
    CALL_AXE_IGNORE_CALLBACK_NUM,
    CALL_AXE_NO_COLLECT_INFO,
    CALL_AXE_NO_RECORD_8022,
    CALL_AXE_WRONG_EXTENSION_CONNECTS,
    IGNORE_EXPIRY,
)

if TYPE_CHECKING:
    from ...calls.model import CallRequest, Route
    from ...state import AppRuntime, EmulatorState


def route(
    state: EmulatorState,
    app: AppRuntime,
    req: CallRequest,
    base: Route,
    records: dict[tuple[str, str], tuple[str, float]],
) -> Route:
    # AXE-014, AXE-033: expired or unbound bindings route no new call.
    if IGNORE_EXPIRY not in state.faults and CALL_EXPIRED_BINDING_ROUTES not in state.faults:
        state.axe.purge(state.clock.now())
    now = state.clock.now()
    x = req.dialled
    own = state.axe.of_a(x, req.caller)
    if own is not None:  # A-callback scenario (AXE-028..032): no collectInfo
        belongs_to(base, state, app, own)
        base.direction = 1
        if fixed_line(state, req.caller):
            return refuse(base, "fixed_line_caller")
        record = records.get((x, own.a))
        unit = 60 if own.time_unit == "1" else 3600
        expiry = own.callback_expired_time if CALL_AXE_CALLBACK_RECORDS_KEPT not in state.faults else 0
        if record is not None and expiry and record[1] + expiry * unit <= now:
            record = None  # AXE-032
        if record is not None:
            base.callee = record[0]  # AXE-028, AXE-029
        elif own.callback_num and CALL_AXE_IGNORE_CALLBACK_NUM not in state.faults:
            base.callee = own.callback_num  # AXE-031
        elif CALL_AXE_NO_RECORD_8022 in state.faults:
            return refuse(base, "axe_no_binding")
        else:
            return refuse(base, "no_callback_record")  # AXE-030, HANG-014: 8019
        base.display = own.a if CALL_AXE_CALLBACK_SHOWS_A in state.faults else x  # AXE-028: B sees X
        return base
    # A-called scenario: B dials X and types E (AXE-023..027).
    base.collect = CALL_AXE_NO_COLLECT_INFO not in state.faults  # AXE-023: collectInfo
    if req.behaviour == "caller_hangup" and not req.digits:
        base.collect = False
        return refuse(base, "caller_abandon_prompt")  # AXE-026 act 2: 7516
    if not req.digits:
        if CALL_AXE_EMPTY_EXTENSION_8022 in state.faults:
            return refuse(base, "axe_no_binding")
        return refuse(base, "empty_extension")  # AXE-026: 8033
    base.extension = req.digits
    binding = state.axe.at(x, req.digits)
    if binding is None and CALL_AXE_WRONG_EXTENSION_CONNECTS in state.faults:
        binding = next(iter(state.axe.on_x(x)), None)
    if binding is None:
        return refuse(base, "axe_no_binding")  # AXE-024, AXE-014, AXE-033: 8022
    belongs_to(base, state, app, binding)
    base.direction = 0
    if fixed_line(state, req.caller):
        return refuse(base, "fixed_line_caller")
    base.callee = binding.a  # AXE-023
    base.display = req.caller if binding.display_num_mode == "1" else x  # AXE-023: A sees X
    key, caller = (x, binding.a), req.caller

    def remember(at: float) -> None:
        if CALL_AXE_FIRST_CALLER_KEPT in state.faults and key in records:
            return
        records[key] = (caller, at)  # AXE-028/029: the most recent caller wins

    base.on_connect = remember
    return base
