"""AX mode, the answers: bind / unbind / modify / query and set temporary callee (20-ax.md,
design.md "AX behaviour", decisions D-6, D-7, D-8, D-13, D-18, D-29).

Each handler parses its request (1010002 on a bad field), takes ``state.lock``, applies the
rules of ``models`` and answers. Every check-then-mutate runs under ``state.lock`` with no
``await`` inside.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...clock import format_utc
from ...codes import ApiError, invalid
from ...faults import VALIDATE_SKIP_NUMBERS, VALIDATE_SKIP_REQUIRED
from ...numbers import is_global
from ...validation import Fields
from . import models
from .faults import (
    ALLOCATED_X_UNNAMED,
    AREACODE_WINS,
    BIND_ANSWER_NO_ORIG,
    BIND_INT_RESULTCODE,
    CALLEE_DURATION_UNCHECKED,
    CALLEE_NUM_OPTIONAL,
    MODIFY_CHANGES_FIXED,
    MODIFY_DURATION_UNCHECKED,
    NO_AREA_REQUIRED,
    PRIVATE_SMS_TRUE_OFF,
    PRIVATENUM_WINS,
    QUERY_DEFAULT_DISPLAY,
    RECORD_ALWAYS,
    SUBSCRIBE_TIME_BEIJING,
)
from .models import CALLEE_DEFAULT_DURATION_S, CALLEE_MAX_DURATION_S, MAX_CALL_MINUTES, AxBinding

if TYPE_CHECKING:
    from ...context import RequestContext
    from ...state import EmulatorState

MODE = "ax"
URI = "/rest/provision/caas/privatenumber/v1.0"
CALLEE_URI = "/rest/caas/privatenumber/calleenumber/v1.0"
PRIVATE_NUM_TYPES = ("mobile-virtual",)
BEIJING_OFFSET_S = 8 * 3600  # only with the ax.subscribe_time_beijing fault (AX-308)


# -- parsing ------------------------------------------------------------------------------------


def _query_string(f: Fields, name: str, high: int) -> str | None:
    value = f.raw(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > high:
        raise invalid(f"{name} length must be 1-{high}.")
    return value


# -- bind --------------------------------------------------------------------------------------------


async def bind(ctx: RequestContext) -> dict[str, Any]:
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults, app.voice_files)
    a = f.user_number("origNum", required=VALIDATE_SKIP_REQUIRED not in faults, high=32)  # AX-026
    if a is None:
        raise ApiError("1016001")  # only with validate.skip_required
    x = f.user_number("privateNum", high=32)
    area = f.area_code()
    number_type = f.enum_string("privateNumType", PRIVATE_NUM_TYPES)
    match_mode = f.enum_string("areaMatchMode", ("0", "1"), "0")
    display = f.enum_string("calleeNumDisplay", ("0", "1"))
    private_sms = f.string_bool("privateSms")
    record_flag = f.record_flag()
    record_hint_tone = f.voice("recordHintTone", 1)  # AX-034: approved voice files only
    pre_voice = f.pre_voice()
    max_duration = f.integer("maxDuration", 0, MAX_CALL_MINUTES, 0)  # AX-030
    last_min_voice = f.voice("lastMinVoice")
    user_data = f.user_data()
    turn_flag = f.enum_string("turnFlag", ("on", "off"), "on")
    direction = f.integer("callDirection", 0, 2, 0)
    if x is not None and area is not None and AREACODE_WINS in faults:
        x = None  # AX-022 broken: the given privateNum wins
    if x is None and NO_AREA_REQUIRED not in faults:
        # D-18: privateNum, or areaCode together with privateNumType.
        if area is None:
            raise invalid("privateNum or areaCode is required.")  # AX-025
        if number_type is None:
            raise invalid("privateNumType is required with areaCode.")
    models.check_display(state, app, display)  # AX-035

    with state.lock:
        binding = models.bind(
            state,
            app,
            x,
            area,
            match_mode or "0",
            a=a,
            private_num_type=number_type or "mobile-virtual",
            callee_num_display=display,  # AX-306: None = never set, not shown
            # AX-032: absent or "true" forwards SMS
            private_sms=private_sms is not False and not (private_sms is True and PRIVATE_SMS_TRUE_OFF in faults),
            record_flag=bool(record_flag) or RECORD_ALWAYS in faults,  # AX-033: absent = not recorded
            record_hint_tone=record_hint_tone,
            pre_voice=pre_voice,
            max_duration=max_duration or 0,  # AX-031
            last_min_voice=last_min_voice,
            user_data=user_data,  # AX-036
            turn_flag=turn_flag or "on",
            call_direction=direction or 0,  # AX-037
        )
    answer: dict[str, Any] = {"origNum": binding.a, "privateNum": binding.x, "subscriptionId": binding.sid}  # AX-020
    if BIND_ANSWER_NO_ORIG in faults:
        del answer["origNum"]  # breaks AX-020
    if x is None and ALLOCATED_X_UNNAMED in faults:
        del answer["privateNum"]  # breaks AX-021, AX-024: the allocated X is returned in privateNum
    if BIND_INT_RESULTCODE in faults:
        answer["resultcode"] = 0  # breaks AX-038 (the envelope takes the answer's fields last)
    return answer


# -- unbind --------------------------------------------------------------------------------------


async def unbind(ctx: RequestContext) -> dict[str, Any]:
    """subscriptionId wins, else privateNum; origNum is not evaluated (AX-105)."""
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults)
    sid = _query_string(f, "subscriptionId", 64)
    x = f.query_number("privateNum", high=32)
    raw_orig = f.raw("origNum")  # AX-105: not evaluated (read only by the ax.unbind_* faults)
    orig = raw_orig if isinstance(raw_orig, str) and raw_orig else None
    with state.lock:
        models.unbind(state, app, sid, x, orig)
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
    if MODIFY_DURATION_UNCHECKED in faults:
        max_duration = f.integer("maxDuration", -(2**31), 2**31)  # breaks AX-205
    else:
        max_duration = f.integer("maxDuration", 0, MAX_CALL_MINUTES)  # AX-205
    extended = state.settings["ax_modify_extended_fields"]
    last_min_voice = f.voice("lastMinVoice") if extended else None
    user_data = f.user_data() if extended else None
    turn_flag = f.enum_string("turnFlag", ("on", "off")) if extended else None
    # Not modifiable (D-8): ignored, except that "1" is still refused (D-13).
    display = f.raw("calleeNumDisplay")
    models.check_display(state, app, display if isinstance(display, str) else None)  # AX-035, AX-207
    if sid is None and x is None:
        if VALIDATE_SKIP_REQUIRED in faults:
            raise ApiError("1016001")
        raise invalid("subscriptionId or privateNum is required.")

    changes: dict[str, Any] = {}
    if private_sms is not None:
        changes["private_sms"] = private_sms
    if record_flag is not None:
        changes["record_flag"] = record_flag
    if max_duration is not None:
        changes["max_duration"] = max_duration
    if extended and f.has("lastMinVoice"):
        changes["last_min_voice"] = last_min_voice
    if user_data is not None:
        changes["user_data"] = user_data
    if turn_flag is not None:
        changes["turn_flag"] = turn_flag
    if MODIFY_CHANGES_FIXED in faults and f.has("callDirection"):
        changes["call_direction"] = f.integer("callDirection", 0, 2)  # breaks AX-207: not modifiable
    with state.lock:
        models.modify(state, app, sid, x, new_a, changes)
    return {}


# -- query ---------------------------------------------------------------------------------------------


def binding_item(binding: AxBinding, faults: frozenset[str] = frozenset()) -> dict[str, Any]:
    """One privateNumList entry."""
    shift = BEIJING_OFFSET_S if SUBSCRIBE_TIME_BEIJING in faults else 0
    item: dict[str, Any] = {
        "origNum": binding.a,
        "privateNum": binding.x,
        "privateNumType": binding.private_num_type,
        "subscriptionId": binding.sid,
        "subscribeTime": format_utc(binding.subscribe_time + shift),  # AX-308: server (UTC) time
    }
    if binding.callee_num_display is not None:  # AX-306
        item["calleeNumDisplay"] = binding.callee_num_display
    elif QUERY_DEFAULT_DISPLAY in faults:
        item["calleeNumDisplay"] = "0"  # breaks AX-306
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
    if PRIVATENUM_WINS in faults and x is not None:
        sid = a = None
    with state.lock:
        return {"privateNumList": [binding_item(b, faults) for b in models.find(state, app, sid, a, x)]}


# -- set temporary callee ------------------------------------------------------------------------


async def set_temp_callee(ctx: RequestContext) -> dict[str, Any]:
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults)
    sid = f.string("subscriptionId", 1, 64)
    orig = f.user_number("origNum", high=31)
    x = f.user_number("privateNum", high=32)
    required = VALIDATE_SKIP_REQUIRED not in faults and CALLEE_NUM_OPTIONAL not in faults
    callee = f.string("calleeNum", 4, 32, required=required)  # AX-406
    if callee is not None and VALIDATE_SKIP_NUMBERS not in faults and not is_global(callee):
        raise invalid("calleeNum is not in global format.")  # 400/95 numbers are allowed
    if CALLEE_DURATION_UNCHECKED in faults:
        duration = f.integer("duration", -(2**31), 2**31, CALLEE_DEFAULT_DURATION_S)
    else:
        duration = f.integer("duration", 1, CALLEE_MAX_DURATION_S, CALLEE_DEFAULT_DURATION_S)  # AX-405
    max_duration = f.integer("maxDuration", 0, MAX_CALL_MINUTES)
    user_data = f.user_data()  # AX-409
    with state.lock:  # AX-407: neither subscriptionId nor privateNum is refused by the model
        models.set_temp_callee(state, app, sid, x, orig, callee, duration, max_duration, user_data)
    return {}


ROUTES = {
    (URI, "POST"): bind,
    (URI, "DELETE"): unbind,
    (URI, "PUT"): modify,
    (URI, "GET"): query,
    (CALLEE_URI, "PUT"): set_temp_callee,
}


# -- test hooks ----------------------------------------------------------------------------------------


def hook_bindings(state: EmulatorState, app_key: str | None) -> list[dict[str, Any]]:
    """The AX bindings for ``GET /_emulator/bindings``, with their temporary callee."""
    out: list[dict[str, Any]] = []
    with state.lock:
        for binding in state.ax.all():
            if app_key is not None and binding.app_key != app_key:
                continue
            tc = models.temp_callee_of(state, binding)
            out.append(
                {
                    "mode": MODE,
                    "app_key": binding.app_key,
                    **binding_item(binding),
                    "createTime": format_utc(binding.created),
                    "expireTime": None,
                    "tempCallee": None
                    if tc is None
                    else {
                        "calleeNum": tc.callee,
                        "duration": tc.duration,
                        "maxDuration": tc.max_duration,
                        "userData": tc.user_data,
                        "setTime": format_utc(tc.set_at),
                        "expireTime": None if tc.expires_at is None else format_utc(tc.expires_at),
                    },
                }
            )
    return out
