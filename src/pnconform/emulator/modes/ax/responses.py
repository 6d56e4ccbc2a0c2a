"""AX mode: bind / unbind / modify / query and set temporary callee (20-ax.md, design.md
"AX behaviour", decisions D-6, D-7, D-8, D-13, D-18, D-29).

Every check-then-mutate runs under ``state.lock`` with no ``await`` inside.
"""

from __future__ import annotations

from typing import Any

from .allocation import allocate_x
from .ax_store import AxBinding, TempCallee
from .clock import format_utc
from .codes import ApiError, invalid
from .context import RequestContext
from .numbers import is_global
from .state import AppRuntime, EmulatorState
from .validation import Fields

MODE = "ax"
URI = "/rest/provision/caas/privatenumber/v1.0"
CALLEE_URI = "/rest/caas/privatenumber/calleenumber/v1.0"
MAX_X_PER_A = 5  # AX-005
MAX_CALL_MINUTES = 1440
CALLEE_MAX_DURATION_S = 259_200  # 3 days (S-SNIP-CALLEE)
CALLEE_DEFAULT_DURATION_S = 60
PRIVATE_NUM_TYPES = ("mobile-virtual",)


# -- shared checks ------------------------------------------------------------------------------


def _is_own_x(state: EmulatorState, app: AppRuntime, x: str) -> bool:
    owner = state.x_owner.get(x)
    return owner is not None and (owner[0] is app or "ax.ignore_ownership" in state.faults)


def _check_x(state: EmulatorState, app: AppRuntime, x: str, code: str = "1011001") -> None:
    """An X that is not the app's (or no X at all, e.g. an unescaped ``+``): 1011001, or
    1011004 on unbind (D-7)."""
    if not _is_own_x(state, app, x):
        raise ApiError(code)


def _by_sid(state: EmulatorState, app: AppRuntime, sid: str) -> AxBinding:
    binding = state.ax.get(sid)
    if binding is None or binding.app_key != app.app_key:
        raise ApiError("1016001")
    return binding


def _by_x(state: EmulatorState, app: AppRuntime, x: str, code: str = "1011001") -> AxBinding:
    _check_x(state, app, x, code)
    found = [b for b in state.ax.on_x(x) if b.app_key == app.app_key or "ax.ignore_ownership" in state.faults]
    if not found:
        raise ApiError("1016001")
    return found[0]


def _check_display(state: EmulatorState, app: AppRuntime, value: str | None) -> None:
    """D-13: calleeNumDisplay "1" only on an app that may show the real caller."""
    if value == "1" and not app.transparent_mode_allowed and "ax.allow_transparent" not in state.faults:
        raise ApiError("1020178")


def _check_a_limit(state: EmulatorState, a: str) -> None:
    if "ax.ignore_x_limit" not in state.faults and state.ax.x_count_of(a) >= MAX_X_PER_A:
        raise ApiError("1011003")


def _query_string(f: Fields, name: str, high: int) -> str | None:
    value = f.raw(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > high:
        raise invalid(f"{name} length must be 1-{high}.")
    return value


# -- bind --------------------------------------------------------------------------------------------


def _check_explicit_x(state: EmulatorState, app: AppRuntime, x: str, a: str) -> None:
    faults = state.faults
    _check_x(state, app, x)
    if state.blacklisted(x) and "number.ignore_blacklist" not in faults:
        raise ApiError("1012102")
    for held in state.ax.on_x(x):
        if held.a == a:
            if "ax.allow_duplicate" not in faults:
                raise ApiError(state.settings["ax_duplicate_bind_code"])  # D-6
        elif "ax.allow_shared_x" not in faults:
            raise ApiError("1011005")  # AX-004: X already carries another A


def _allocate(state: EmulatorState, app: AppRuntime, area: str | None, match_mode: str) -> str:
    """AX-021/023/024: the lowest free X of the city; loose: the province, then any X."""
    faults = state.faults
    return allocate_x(
        state,
        app,
        area,
        anywhere=area is None or "ax.ignore_area" in faults,
        loose=match_mode == "1" and "ax.loose_as_strict" not in faults,
        usable=lambda x: "ax.allow_shared_x" in faults or not state.ax.on_x(x),
        fail_code="1011002",
    )


async def bind(ctx: RequestContext) -> dict[str, Any]:
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults, app.voice_files)
    a = f.user_number("origNum", required="validate.skip_required" not in faults, high=32)
    if a is None:
        raise ApiError("1016001")  # only with validate.skip_required
    x = f.user_number("privateNum", high=32)
    area = f.area_code()
    number_type = f.enum_string("privateNumType", PRIVATE_NUM_TYPES)
    match_mode = f.enum_string("areaMatchMode", ("0", "1"), "0")
    display = f.enum_string("calleeNumDisplay", ("0", "1"))
    private_sms = f.string_bool("privateSms")
    record_flag = f.record_flag()
    record_hint_tone = f.voice("recordHintTone", 1)
    pre_voice = f.pre_voice()
    max_duration = f.integer("maxDuration", 0, MAX_CALL_MINUTES, 0)
    last_min_voice = f.voice("lastMinVoice")
    user_data = f.user_data()
    turn_flag = f.enum_string("turnFlag", ("on", "off"), "on")
    direction = f.integer("callDirection", 0, 2, 0)
    if x is not None and area is not None and "ax.areacode_wins" in faults:
        x = None
    if x is None and "ax.no_area_required" not in faults:
        # D-18: privateNum, or areaCode together with privateNumType.
        if area is None:
            raise invalid("privateNum or areaCode is required.")
        if number_type is None:
            raise invalid("privateNumType is required with areaCode.")
    _check_display(state, app, display)

    with state.lock:
        if x is not None:
            _check_explicit_x(state, app, x, a)
            _check_a_limit(state, a)
            chosen = x
        else:
            _check_a_limit(state, a)
            chosen = _allocate(state, app, area, match_mode or "0")
        now = state.clock.now()
        binding = AxBinding(
            sid=state.ax.new_id(),
            app_key=app.app_key,
            x=chosen,
            a=a,
            private_num_type=number_type or "mobile-virtual",
            callee_num_display=display,
            private_sms=private_sms is not False,
            record_flag=bool(record_flag),
            record_hint_tone=record_hint_tone,
            pre_voice=pre_voice,
            max_duration=max_duration or 0,
            last_min_voice=last_min_voice,
            user_data=user_data,
            turn_flag=turn_flag or "on",
            call_direction=direction or 0,
            created=now,
            subscribe_time=now,
            seq=state.ax.next_seq(),
        )
        state.ax.add(binding)
    return {"origNum": binding.a, "privateNum": binding.x, "subscriptionId": binding.sid}


# -- unbind --------------------------------------------------------------------------------------


async def unbind(ctx: RequestContext) -> dict[str, Any]:
    """subscriptionId wins, else privateNum; origNum is not evaluated (AX-105)."""
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults)
    sid = _query_string(f, "subscriptionId", 64)
    x = f.query_number("privateNum", high=32)
    with state.lock:
        if sid is not None and not (x is not None and "ax.privatenum_wins" in faults):
            binding = _by_sid(state, app, sid)
        elif x is not None:
            binding = _by_x(state, app, x, code="1011004")
        else:
            raise ApiError("1011004")  # neither parameter (S-FAQ-UNB, AX-103)
        if "ax.unbind_noop" not in faults:
            state.ax.remove(binding)
    return {}


# -- modify ------------------------------------------------------------------------------------------


async def modify(ctx: RequestContext) -> dict[str, Any]:
    """D-8: subscriptionId wins, else privateNum; origNum is the new A; absent = unchanged."""
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults, app.voice_files)
    sid = f.string("subscriptionId", 1, 64)
    x = f.user_number("privateNum", high=32)
    new_a = f.user_number("origNum", high=32)
    private_sms = f.string_bool("privateSms")
    record_flag = f.record_flag()
    max_duration = f.integer("maxDuration", 0, MAX_CALL_MINUTES)
    extended = state.settings["ax_modify_extended_fields"]
    last_min_voice = f.voice("lastMinVoice") if extended else None
    user_data = f.user_data() if extended else None
    turn_flag = f.enum_string("turnFlag", ("on", "off")) if extended else None
    # Not modifiable (D-8): ignored, except that "1" is still refused (D-13).
    display = f.raw("calleeNumDisplay")
    _check_display(state, app, display if isinstance(display, str) else None)
    if sid is None and x is None:
        if "validate.skip_required" in faults:
            raise ApiError("1016001")
        raise invalid("subscriptionId or privateNum is required.")

    with state.lock:
        if sid is not None:
            binding = _by_sid(state, app, sid)
        else:
            assert x is not None
            binding = _by_x(state, app, x)
        if new_a is not None and new_a != binding.a:
            _check_a_limit(state, new_a)
        if "ax.modify_noop" in faults:
            return {}
        if new_a is not None and new_a != binding.a:
            state.ax.set_a(binding, new_a)
            binding.temp_callee = None  # the relation belonged to the old A
        if private_sms is not None:
            binding.private_sms = private_sms
        if record_flag is not None:
            binding.record_flag = record_flag
        if max_duration is not None:
            binding.max_duration = max_duration
        if extended and f.has("lastMinVoice"):
            binding.last_min_voice = last_min_voice
        if user_data is not None:
            binding.user_data = user_data
        if turn_flag is not None:
            binding.turn_flag = turn_flag
        binding.subscribe_time = state.clock.now()
    return {}


# -- query ---------------------------------------------------------------------------------------------


def binding_item(binding: AxBinding) -> dict[str, Any]:
    """One privateNumList entry."""
    item: dict[str, Any] = {
        "origNum": binding.a,
        "privateNum": binding.x,
        "privateNumType": binding.private_num_type,
        "subscriptionId": binding.sid,
        "subscribeTime": format_utc(binding.subscribe_time),
    }
    if binding.callee_num_display is not None:
        item["calleeNumDisplay"] = binding.callee_num_display
    item["turnFlag"] = binding.turn_flag
    item["callDirection"] = binding.call_direction
    item["maxDuration"] = binding.max_duration
    item["privateSms"] = "true" if binding.private_sms else "false"
    item["recordFlag"] = "true" if binding.record_flag else "false"
    if binding.record_flag and binding.record_hint_tone:
        item["recordHintTone"] = binding.record_hint_tone
    if binding.last_min_voice is not None:
        item["lastMinVoice"] = binding.last_min_voice
    if binding.pre_voice is not None:
        item["preVoice"] = dict(binding.pre_voice)
    if binding.user_data is not None:
        item["userData"] = binding.user_data
    return item


async def query(ctx: RequestContext) -> dict[str, Any]:
    """subscriptionId wins; origNum wins over privateNum (AX-304)."""
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults)
    sid = _query_string(f, "subscriptionId", 64)
    a = f.query_number("origNum", high=32)
    x = f.query_number("privateNum", high=32)
    if "ax.privatenum_wins" in faults and x is not None:
        sid = a = None
    with state.lock:
        if sid is not None:
            binding = state.ax.get(sid)
            found = [binding] if binding is not None and binding.app_key == app.app_key else []
        elif a is not None:
            found = [b for b in state.ax.of_a(a) if b.app_key == app.app_key]
        elif x is not None:
            _check_x(state, app, x)
            found = [b for b in state.ax.on_x(x) if b.app_key == app.app_key or "ax.ignore_ownership" in faults]
        else:
            raise invalid("subscriptionId, origNum or privateNum is required.")
        if not found and "ax.query_empty_list" not in faults:
            raise ApiError("1016001")  # D-7
        return {"privateNumList": [binding_item(b) for b in found]}


# -- set temporary callee ------------------------------------------------------------------------


def temp_callee_of(state: EmulatorState, binding: AxBinding) -> TempCallee | None:
    """The binding's temporary callee if still valid on the emulator clock (D-29)."""
    tc = binding.temp_callee
    if tc is None or (tc.expires_at is not None and tc.expires_at <= state.clock.now()):
        return None
    return tc


async def set_temp_callee(ctx: RequestContext) -> dict[str, Any]:
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults)
    sid = f.string("subscriptionId", 1, 64)
    orig = f.user_number("origNum", high=31)
    x = f.user_number("privateNum", high=32)
    callee = f.string("calleeNum", 4, 32, required="validate.skip_required" not in faults)
    if callee is not None and "validate.skip_numbers" not in faults and not is_global(callee):
        raise invalid("calleeNum is not in global format.")  # 400/95 numbers are allowed
    if "ax.callee_duration_unchecked" in faults:
        duration = f.integer("duration", -(2**31), 2**31, CALLEE_DEFAULT_DURATION_S)
    else:
        duration = f.integer("duration", 1, CALLEE_MAX_DURATION_S, CALLEE_DEFAULT_DURATION_S)
    max_duration = f.integer("maxDuration", 0, MAX_CALL_MINUTES)
    user_data = f.user_data()
    if sid is None and x is None:
        raise invalid("subscriptionId or privateNum is required.")  # AX-407

    with state.lock:
        if sid is not None:
            binding = _by_sid(state, app, sid)
        else:
            assert x is not None
            binding = _by_x(state, app, x)
            if orig is not None and orig != binding.a:
                raise ApiError("1016001")  # no binding of that A on that X
        if callee is not None and callee in (binding.a, orig) and "ax.callee_same_as_orig" not in faults:
            raise invalid("origNum and calleeNum must be different.")  # AX-404
        if callee is None:
            return {}  # only with validate.skip_required
        if binding.temp_callee is not None and "ax.callee_no_overwrite" in faults:
            return {}
        now = state.clock.now()
        d = CALLEE_DEFAULT_DURATION_S if duration is None else duration
        binding.temp_callee = TempCallee(
            callee=callee,
            duration=d,
            max_duration=max_duration,
            user_data=user_data,
            set_at=now,
            expires_at=None if "ax.callee_no_expiry" in faults else now + d,
        )
    return {}


ROUTES = {
    (URI, "POST"): bind,
    (URI, "DELETE"): unbind,
    (URI, "PUT"): modify,
    (URI, "GET"): query,
    (CALLEE_URI, "PUT"): set_temp_callee,
}
