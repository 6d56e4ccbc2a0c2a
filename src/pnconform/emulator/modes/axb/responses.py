"""AXB mode: bind / unbind / modify / query (10-axb.md, design.md "AXB behaviour").

Every check-then-mutate runs under ``state.lock`` with no ``await`` inside, so concurrent
requests cannot break the no-overlap rule; only the ``axb.unlocked`` fault yields between the
check and the insert of a bind.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable
from typing import Any

from .allocation import allocate_x
from .axb_store import Binding
from .clock import format_utc
from .codes import ApiError, invalid
from .context import RequestContext
from .numbers import area_of
from .state import AppRuntime, EmulatorState
from .validation import Fields

MODE = "axb"
URI = "/rest/caas/relationnumber/partners/v1.0"
MAX_DURATION_S = 7_776_000  # 90 days
MAX_CALL_MINUTES = 1440
UNLOCKED_YIELD_S = 0.005

_INT_RE = re.compile(r"[+-]?[0-9]{1,9}")


# -- shared checks ------------------------------------------------------------------------------


def _purge(state: EmulatorState) -> None:
    if "axb.ignore_duration" not in state.faults:
        state.axb.purge(state.clock.now())


def _own_binding(state: EmulatorState, app: AppRuntime, sid: str) -> Binding:
    binding = state.axb.get(sid)
    if binding is None or binding.app_key != app.app_key:
        raise ApiError("1012007")
    return binding


def _check_x_of_app(state: EmulatorState, app: AppRuntime, x: str) -> None:
    """Unbind/query by relationNum: an X that is not the app's (or no X at all, e.g. an
    unescaped ``+``) is 1012001."""
    owner = state.x_owner.get(x)
    if owner is None or (owner[0] is not app and "app.ignore_ownership" not in state.faults):
        raise ApiError("1012001")


def _overlap(state: EmulatorState, x: str, numbers: Iterable[str], exclude: Binding | None = None) -> str | None:
    """The first number already held on X by a pair other than ``exclude``."""
    if "axb.allow_overlap" in state.faults:
        return None
    for n in numbers:
        count = state.axb.user_count(x, n)
        if exclude is not None:
            count -= (n == exclude.a) + (n == exclude.b)
        if count > 0:
            return n
    return None


def _full(state: EmulatorState, x: str) -> bool:
    return "axb.ignore_capacity" not in state.faults and state.axb.count_on(x) >= state.settings["axb_max_pairs_per_x"]


# -- bind --------------------------------------------------------------------------------------------


def _check_explicit_x(state: EmulatorState, app: AppRuntime, x: str, a: str, b: str) -> None:
    owner = state.x_owner.get(x)
    if owner is None:
        raise ApiError("1012007")
    if owner[0] is not app and "app.ignore_ownership" not in state.faults:
        raise ApiError("1012001")
    if state.blacklisted(x) and "number.ignore_blacklist" not in state.faults:
        raise ApiError("1012102")
    taken = _overlap(state, x, (a, b))
    if taken is not None:
        raise ApiError("1012008" if "axb.duplicate_code" in state.faults else "1012010", number=taken)
    if _full(state, x):
        raise ApiError(state.settings["axb_full_x_code"])


def _allocate(state: EmulatorState, app: AppRuntime, area: str | None, match_mode: str, a: str, b: str) -> str:
    """GEN-109 / AXB-012..015: the least loaded usable X of the city (of A when no areaCode),
    then (loose) the province, then any X of the app; ties go to the lowest number."""
    faults = state.faults
    return allocate_x(
        state,
        app,
        area or area_of(a, state.mobile_prefix_areas),
        anywhere="axb.ignore_area" in faults,
        loose=match_mode == "1" and "axb.loose_as_strict" not in faults,
        usable=lambda x: not _full(state, x) and _overlap(state, x, (a, b)) is None,
        fail_code="1012008",
        order=lambda x: (state.axb.count_on(x), x),
    )


async def bind(ctx: RequestContext) -> dict[str, Any]:
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults, app.voice_files)
    required = "validate.skip_required" not in faults
    a = f.user_number("callerNum", required=required)
    b = f.user_number("calleeNum", required=required)
    if a is None or b is None:
        raise ApiError("1012007")  # only with validate.skip_required: no such record to bind
    if a == b:
        raise invalid("callerNum and calleeNum must be different.")
    x = f.x_number("relationNum")
    area = f.area_code()
    match_mode = f.enum_string("areaMatchMode", ("0", "1"), "0")
    direction = f.integer("callDirection", 0, 2, 0)
    duration = f.integer("duration", 0, MAX_DURATION_S, 0)
    max_duration = f.integer("maxDuration", 0, MAX_CALL_MINUTES, 0)
    record_flag = f.record_flag()
    record_hint_tone = f.voice("recordHintTone", 1)
    last_min_voice = f.voice("lastMinVoice")
    private_sms = f.string_bool("privateSms")
    pre_voice = f.pre_voice()
    user_data = f.user_data()
    if record_flag and not app.recording and "axb.recordflag_needs_recording" in faults:
        # D-15: the flag is only "effective" on an app that records; the bind is accepted.
        raise ApiError("1012012")
    if x is not None and area is not None and "axb.areacode_wins" in faults:
        x = None

    def check() -> str:
        _purge(state)
        if x is not None:
            _check_explicit_x(state, app, x, a, b)
            return x
        return _allocate(state, app, area, match_mode or "0", a, b)

    def insert(chosen: str) -> Binding:
        now = state.clock.now()
        binding = Binding(
            sid=state.axb.new_id(),
            app_key=app.app_key,
            x=chosen,
            a=a,
            b=b,
            call_direction=direction or 0,
            duration=duration or 0,
            max_duration=max_duration or 0,
            record_flag=bool(record_flag),
            record_hint_tone=record_hint_tone,
            last_min_voice=last_min_voice,
            private_sms=private_sms is not False,
            pre_voice=pre_voice,
            user_data=user_data,
            created=now,
            start=now,
            subscribe_time=now,
            seq=state.axb.next_seq(),
        )
        state.axb.add(binding)
        return binding

    if "axb.unlocked" in faults:
        with state.lock:
            chosen = check()
        await asyncio.sleep(UNLOCKED_YIELD_S)  # the fault: others may bind the same numbers now
        with state.lock:
            binding = insert(chosen)
    else:
        with state.lock:
            binding = insert(check())

    out = core_fields(binding)
    if pre_voice is not None:
        out["preVoice"] = pre_voice
    return out


# -- unbind --------------------------------------------------------------------------------------


async def unbind(ctx: RequestContext) -> dict[str, Any]:
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults)
    sid = f.raw("subscriptionId") or None
    x = f.query_number("relationNum")
    keep = "axb.unbind_noop" in faults
    with state.lock:
        _purge(state)
        if sid is not None and not (x is not None and "axb.relationnum_wins" in faults):
            binding = _own_binding(state, app, sid)
            if not keep:
                state.axb.remove(binding)
            return {}
        if x is None:
            raise ApiError("1012001")  # neither parameter (AXB-046)
        _check_x_of_app(state, app, x)
        pairs = state.axb.on_x(x)
        if not pairs:
            raise ApiError("1012007")
        if "axb.unbind_one" in faults:
            pairs = pairs[:1]
        if not keep:
            for binding in pairs:
                state.axb.remove(binding)
    return {}


# -- modify ------------------------------------------------------------------------------------------


async def modify(ctx: RequestContext) -> dict[str, Any]:
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults, app.voice_files)
    sid = f.string("subscriptionId", 1, 64, required="validate.skip_required" not in faults)
    new_a = f.user_number("callerNum")
    new_b = f.user_number("calleeNum")
    direction = f.integer("callDirection", 0, 2)
    duration = f.integer("duration", 0, MAX_DURATION_S)
    max_duration = f.integer("maxDuration", 0, MAX_CALL_MINUTES)
    last_min_voice = f.voice("lastMinVoice") if f.has("lastMinVoice") else None
    private_sms = f.string_bool("privateSms")
    record_flag = f.record_flag()
    pre_voice = f.pre_voice()
    user_data = f.user_data()

    with state.lock:
        _purge(state)
        if sid is None:
            raise ApiError("1012007")  # only with validate.skip_required
        binding = _own_binding(state, app, sid)
        a = new_a if new_a is not None else binding.a
        b = new_b if new_b is not None else binding.b
        if a == b:
            raise invalid("callerNum and calleeNum must be different.")
        taken = _overlap(state, binding.x, (a, b), exclude=binding)
        if taken is not None:
            raise ApiError("1012010", number=taken)
        if "axb.modify_noop" in faults:
            return {}
        now = state.clock.now()
        if (a, b) != (binding.a, binding.b):
            state.axb.set_numbers(binding, a, b)
        if direction is not None:
            binding.call_direction = direction
        if max_duration is not None:
            binding.max_duration = max_duration
        if f.has("lastMinVoice"):
            binding.last_min_voice = last_min_voice
        if private_sms is not None:
            binding.private_sms = private_sms
        if record_flag is not None:
            binding.record_flag = record_flag
        if pre_voice is not None:
            binding.pre_voice = pre_voice
        if user_data is not None:
            binding.user_data = user_data
        if duration is not None:
            # GEN-107: the countdown restarts at the modify (the fault keeps the bind time).
            binding.duration = duration
            if "axb.no_duration_restart" not in faults:
                binding.start = now
            state.axb.schedule(binding)
        binding.subscribe_time = now
    return {}


# -- query ---------------------------------------------------------------------------------------------


def _query_int(f: Fields, name: str) -> int | None:
    value = f.raw(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _INT_RE.fullmatch(value):
        raise invalid(f"{name} must be an integer.")
    return int(value)


def _page(f: Fields, faults: frozenset[str]) -> tuple[int, int]:
    index = _query_int(f, "pageIndex")
    if index is None:
        index = 1
    elif index < 1:
        raise invalid("pageIndex must be >= 1.")
    size = _query_int(f, "pageSize")
    if "axb.page_size_unclamped" in faults:
        size = 100 if size is None else max(size, 0)
    elif size is None or not 10 <= size <= 100:
        size = 50  # AXB-066: absent or out of range -> 50
    return index, size


def core_fields(binding: Binding) -> dict[str, Any]:
    """The fields both the bind response and a query item carry."""
    return {
        "subscriptionId": binding.sid,
        "relationNum": binding.x,
        "callerNum": binding.a,
        "calleeNum": binding.b,
        "callDirection": binding.call_direction,
        "duration": binding.duration,
        "maxDuration": binding.max_duration,
    }


def binding_item(binding: Binding) -> dict[str, Any]:
    """One relationNumList entry."""
    item = core_fields(binding)
    item["recordFlag"] = "true" if binding.record_flag else "false"
    if binding.record_flag and binding.record_hint_tone:
        item["recordHintTone"] = binding.record_hint_tone
    item["privateSms"] = "true" if binding.private_sms else "false"
    item["subscribeTime"] = format_utc(binding.subscribe_time)
    if binding.pre_voice is not None:
        item["preVoice"] = dict(binding.pre_voice)
    if binding.user_data is not None:
        item["userData"] = binding.user_data
    return item


async def query(ctx: RequestContext) -> dict[str, Any]:
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults)
    index, size = _page(f, faults)
    sid = f.raw("subscriptionId") or None
    x = f.query_number("relationNum")
    caller = f.query_number("callerNum", high=128)
    callee = f.query_number("calleeNum", high=128)
    with state.lock:
        _purge(state)
        if sid is not None and not (x is not None and "axb.relationnum_wins" in faults):
            found = [_own_binding(state, app, sid)]
            paged = False
        elif x is not None:
            _check_x_of_app(state, app, x)
            found = [
                bnd
                for bnd in state.axb.on_x(x)
                if (caller is None or bnd.a == caller) and (callee is None or bnd.b == callee)
            ]
            paged = caller is None and callee is None
        else:
            raise invalid("subscriptionId or relationNum is required.")
        if not found:
            raise ApiError("1012007")
        page = found[(index - 1) * size : index * size] if paged else found
        items = [binding_item(bnd) for bnd in page]
    return {"pageIndex": index if paged else 1, "pageSize": size, "totalCount": len(found), "relationNumList": items}


ROUTES = {(URI, "POST"): bind, (URI, "DELETE"): unbind, (URI, "PUT"): modify, (URI, "GET"): query}
