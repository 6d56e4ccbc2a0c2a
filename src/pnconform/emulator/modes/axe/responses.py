"""AXE mode: bind / unbind / modify / query (v1.0 and v2.0) and the binding count
(30-axe-axyb-x.md §A, design.md "AXE behaviour", decisions D-7, D-9, D-12, D-13, D-18, D-19, D-23).

One X carries many A, each behind its own extension E; the extension length L (1-4) is an
attribute of the app, so an X holds at most 10**L - 1 bindings. Every check-then-mutate runs
under ``state.lock`` with no ``await`` inside.
"""

from __future__ import annotations

import re
from typing import Any

from .allocation import allocate_x
from .axe_store import AxeBinding
from .clock import format_utc
from .codes import ApiError, invalid
from .context import RequestContext
from .numbers import is_global, is_mobile
from .state import AppRuntime, EmulatorState
from .validation import Fields

MODE = "axe"
URI = "/rest/caas/extendnumber/v1.0"
URI_V2 = "/rest/caas/extendnumber/v2.0"
COUNT_URI = "/rest/caas/virtualnumber/v1.0"
NOT_FOUND = "1016001"  # D-7
EXTENSION_TAKEN = "1020167"  # `No idle extend Number.`
TIME_UNITS = ("0", "1")  # 0 hours, 1 minutes
UNIT_SECONDS = {"0": 3600, "1": 60}
# The client-comment default that D-23 rejects (absent = never); only the axe.default_lifetime fault uses it.
FAULTY_DEFAULT_HOURS = 168
FIRST_CURSOR = "0000000000000_0"
CURSOR_RE = re.compile(r"[0-9]{13}_[0-9]{1,20}")
COUNT_CURSOR_RE = re.compile(r"[0-9]{1,20}")
PAGE_DEFAULT, PAGE_MAX = 50, 100
V2_LIST_KEY = "bindList"  # our reading: the v2.0 response table was not read (AXE-022)
COUNT_LIST_KEY = "numberList"  # our reading: the count response table was not read


# -- shared checks ------------------------------------------------------------------------------


def capacity(app: AppRuntime) -> int:
    """9, 99, 999 or 9999 bindings per X for extension lengths 1-4 (§A.1)."""
    return 10**app.extension_length - 1


def _purge(state: EmulatorState) -> None:
    if "axe.ignore_expiry" not in state.faults:
        state.axe.purge(state.clock.now())


def _owned(state: EmulatorState, app: AppRuntime, binding: AxeBinding) -> bool:
    return binding.app_key == app.app_key or "axe.ignore_ownership" in state.faults


def _is_own_x(state: EmulatorState, app: AppRuntime, x: str) -> bool:
    owner = state.x_owner.get(x)
    return owner is not None and (owner[0] is app or "axe.ignore_ownership" in state.faults)


def _check_display(state: EmulatorState, app: AppRuntime, value: str | None) -> None:
    """D-13: displayNumMode "1" (show the real caller) only on an app that may do so."""
    if value == "1" and not app.transparent_mode_allowed and "axe.allow_transparent" not in state.faults:
        raise ApiError("1020178")


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _optional_string(f: Fields, name: str, high: int) -> str | None:
    """A String(0-high) selector: "" counts as absent."""
    if _blank(f.raw(name)):
        return None
    return f.string(name, 1, high)


def _extension(f: Fields, app: AppRuntime) -> str | None:
    """A customer-chosen extendNum: exactly L digits within 1..10**L-1 (AXE-005); "" = absent."""
    value = f.raw("extendNum")
    if _blank(value):
        return None
    if not isinstance(value, str):
        raise invalid("extendNum must be a string.")
    length = app.extension_length
    if "axe.skip_extension_format" in f.faults:
        return value
    if len(value) != length or not value.isascii() or not value.isdigit() or int(value) == 0:
        raise invalid(f"extendNum must be {length} digits (1-{capacity(app)}).")
    return value


def _callback_num(f: Fields) -> str | None:
    value = f.raw("callbackNum")
    if _blank(value):
        return None
    number = f.string("callbackNum", 1, 32)
    if number is not None and "validate.skip_numbers" not in f.faults and not is_global(number):
        raise invalid("callbackNum is not in global format.")
    return number


def _lifetimes(state: EmulatorState, f: Fields) -> tuple[str | None, int | None, int | None]:
    """timeUnit, bindExpiredTime, callbackExpiredTime; D-23 ranges and AXE-012 ordering."""
    unit = f.raw("timeUnit")
    if unit is not None and "axe.skip_time_unit" in state.faults:
        unit = str(unit) if str(unit) in TIME_UNITS else "0"
    else:
        unit = f.enum_string("timeUnit", TIME_UNITS)
    hours = state.settings["axe_max_bind_hours"]
    high = hours * 60 if unit == "1" else hours
    bind_time = f.integer("bindExpiredTime", 0, high)
    callback_time = f.integer("callbackExpiredTime", 0, high)
    if bind_time and callback_time and bind_time < callback_time and "axe.skip_expiry_order" not in state.faults:
        raise invalid("bindExpiredTime must not be less than callbackExpiredTime.")
    return unit, bind_time, callback_time


def _callbacks(state: EmulatorState, f: Fields, low: int) -> tuple[str | None, str | None]:
    tone = f.voice("callbackTone", low)
    number = _callback_num(f)
    if tone is not None and number is not None and "axe.allow_both_callbacks" not in state.faults:
        raise invalid("callbackTone and callbackNum must not be sent together.")  # AXE-010
    return tone, number


# -- bind --------------------------------------------------------------------------------------------


def _free_extension(state: EmulatorState, app: AppRuntime, x: str) -> str | None:
    """The lowest free extension of X (AXE-002); None when X is full."""
    length = app.extension_length
    if "axe.assign_taken_extension" in state.faults:
        return "1".zfill(length)
    taken = state.axe.extensions_on(x)
    for n in range(1, capacity(app) + 1):
        candidate = str(n).zfill(length)
        if candidate not in taken:
            return candidate
    if "axe.ignore_capacity" in state.faults:
        n = capacity(app) + 1
        while str(n) in taken:
            n += 1
        return str(n)  # one digit too long: the X holds more than its length allows
    return None


def _holds_a(state: EmulatorState, x: str, a: str) -> bool:
    return any(b.a == a for b in state.axe.on_x(x))


def _check_explicit_x(state: EmulatorState, app: AppRuntime, x: str, a: str, extension: str | None) -> str:
    """Checks of a bind on a named X; returns the extension to use."""
    faults = state.faults
    if not _is_own_x(state, app, x):
        raise ApiError("1012001")  # our reading for AXE (GEN-102 documents AXB 1012001, AX 1011001)
    if state.blacklisted(x) and "number.ignore_blacklist" not in faults:
        raise ApiError("1012102")
    if _holds_a(state, x, a) and "axe.allow_duplicate_a" not in faults:
        raise ApiError(state.settings["axe_duplicate_bind_code"])  # D-12: one extension per A per X
    if extension is not None:
        if state.axe.at(x, extension) is not None and "axe.allow_shared_extension" not in faults:
            raise ApiError(EXTENSION_TAKEN)  # AXE-004
        return extension
    free = _free_extension(state, app, x)
    if free is None:
        raise ApiError(EXTENSION_TAKEN)  # AXE-006: no idle extension left on X
    return free


def _allocate(
    state: EmulatorState, app: AppRuntime, area: str | None, match_mode: str, a: str, extension: str | None
) -> str:
    """AXE-008/009: the lowest X of the city that can take A (and the chosen extension)."""
    faults = state.faults

    def usable(x: str) -> bool:
        if _holds_a(state, x, a):
            return False
        if extension is not None:
            return state.axe.at(x, extension) is None
        return _free_extension(state, app, x) is not None

    return allocate_x(
        state,
        app,
        area,
        anywhere=area is None or "axe.ignore_area" in faults,
        loose=match_mode == "1" and "axe.loose_as_strict" not in faults,
        usable=usable,
        fail_code=state.settings["axe_alloc_fail_code"],  # D-19
    )


async def bind(ctx: RequestContext) -> dict[str, Any]:
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults, app.voice_files)
    a = f.user_number("bindNum", required="validate.skip_required" not in faults, high=32)
    if a is None:
        raise ApiError(NOT_FOUND)  # only with validate.skip_required
    x = None if _blank(f.raw("virtualNum")) else f.string("virtualNum", 1, 32)
    if x is not None and "validate.skip_numbers" not in faults and not is_mobile(x):
        raise invalid("virtualNum is not in global format.")
    area = f.area_code()
    match_mode = f.enum_string("areaMatchMode", ("0", "1"), "0")
    extension = _extension(f, app)
    display = f.enum_string("displayNumMode", ("0", "1"), "0")
    record_flag = f.record_flag()
    record_hint_tone = f.voice("recordHintTone", 1)
    tone, number = _callbacks(state, f, 1)
    unit, bind_time, callback_time = _lifetimes(state, f)
    user_data = f.user_data()
    if x is not None and area is not None and "axe.areacode_wins" in faults:
        x = None
    if x is None and area is None and "axe.no_area_required" not in faults:
        raise invalid("virtualNum or areaCode is required.")  # D-18
    _check_display(state, app, display)

    with state.lock:
        _purge(state)
        if x is not None:
            extension = _check_explicit_x(state, app, x, a, extension)
            chosen = x
        else:
            chosen = _allocate(state, app, area, match_mode or "0", a, extension)
            if extension is None:
                extension = _free_extension(state, app, chosen)
        if "axe.ignore_chosen_extension" in faults:
            extension = _free_extension(state, app, chosen)
        assert extension is not None  # the checks above raise before
        if "axe.pad_extension" in faults:
            extension = extension.zfill(4)
        now = state.clock.now()
        lifetime = bind_time
        if bind_time is None and "axe.default_lifetime" in faults:
            lifetime, unit_s = FAULTY_DEFAULT_HOURS, UNIT_SECONDS["0"]
        else:
            unit_s = UNIT_SECONDS[unit or "0"]
        binding = AxeBinding(
            sid=state.axe.new_id(),
            app_key=app.app_key,
            x=chosen,
            a=a,
            extension=extension,
            display_num_mode=display or "0",
            record_flag=bool(record_flag),
            record_hint_tone=record_hint_tone,
            callback_tone=tone,
            callback_num=number,
            time_unit=unit or "0",
            bind_expired_time=bind_time or 0,
            callback_expired_time=callback_time or 0,
            user_data=user_data,
            created=now,
            expires_at=now + lifetime * unit_s if lifetime else None,
            seq=state.axe.next_seq(),
        )
        state.axe.add(binding)
    return {
        "subscriptionId": binding.sid,
        "virtualNum": binding.x,
        "extendNum": binding.extension,
        "bindExpiredTime": binding.bind_expired_time,
        "callbackExpiredTime": binding.callback_expired_time,
    }


# -- selectors: subscriptionId wins, else virtualNum together with extendNum -------------------------


def _select(state: EmulatorState, app: AppRuntime, sid: str | None, x: str | None, extension: str | None) -> AxeBinding:
    """The binding named by the request (call under state.lock, after _purge)."""
    faults = state.faults
    by_numbers = x is not None and (extension is not None or "axe.partial_selector" in faults)
    if sid is not None and not (by_numbers and "axe.numbers_win" in faults):
        binding = state.axe.get(sid)
        if binding is None or not _owned(state, app, binding):
            raise ApiError(_not_found(state))
        return binding
    if by_numbers:
        assert x is not None
        if extension is None:  # only with axe.partial_selector: the first binding of X
            found = [b for b in state.axe.on_x(x) if _owned(state, app, b)][:1]
        else:
            found = [b for b in state.axe.on_x(x) if b.extension == extension and _owned(state, app, b)][:1]
        if not found:
            raise ApiError(_not_found(state))
        return found[0]
    if x is not None or extension is not None:
        raise invalid("virtualNum and extendNum must be sent together.")  # AXE-016
    raise invalid("subscriptionId, or virtualNum together with extendNum, is required.")


def _not_found(state: EmulatorState) -> str:
    return "1012007" if "axe.not_found_code" in state.faults else NOT_FOUND


def _query_selectors(f: Fields) -> tuple[str | None, str | None, str | None]:
    sid = _optional_string(f, "subscriptionId", 64)
    x = f.query_number("virtualNum", high=32)
    extension = _optional_string(f, "extendNum", 4)
    return sid, x, extension


def _body_selectors(f: Fields) -> tuple[str | None, str | None, str | None]:
    sid = _optional_string(f, "subscriptionId", 64)
    x = _optional_string(f, "virtualNum", 32)
    extension = _optional_string(f, "extendNum", 4)
    return sid, x, extension


# -- unbind --------------------------------------------------------------------------------------


async def unbind(ctx: RequestContext) -> dict[str, Any]:
    state, app = ctx.state, ctx.app
    f = Fields(ctx.params, state.faults)
    sid, x, extension = _query_selectors(f)
    with state.lock:
        _purge(state)
        binding = _select(state, app, sid, x, extension)
        if "axe.unbind_noop" not in state.faults:
            state.axe.remove(binding)
    return {}


# -- modify ------------------------------------------------------------------------------------------


async def modify(ctx: RequestContext) -> dict[str, Any]:
    """Absent = unchanged; bind number and extension are not modifiable (§A.5)."""
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults, app.voice_files)
    sid, x, extension = _body_selectors(f)
    display = f.enum_string("displayNumMode", ("0", "1"))
    record_flag = f.record_flag()
    record_hint_tone = f.voice("recordHintTone", 0)
    tone, number = _callbacks(state, f, 0)
    unit, bind_time, callback_time = _lifetimes(state, f)
    user_data = f.user_data()
    _check_display(state, app, display)

    with state.lock:
        _purge(state)
        binding = _select(state, app, sid, x, extension)
        if "axe.modify_clears_fields" in faults:
            binding.display_num_mode, binding.record_flag, binding.user_data = "0", False, None
            binding.record_hint_tone = binding.callback_tone = binding.callback_num = None
        if display is not None:
            binding.display_num_mode = display
        if record_flag is not None:
            binding.record_flag = record_flag
        if f.has("recordHintTone"):
            binding.record_hint_tone = record_hint_tone
        # AXE-019: the two callback fields exclude each other, so setting one drops the other.
        if f.has("callbackTone"):
            binding.callback_tone = tone
            if tone is not None:
                binding.callback_num = None
        if number is not None:
            binding.callback_num, binding.callback_tone = number, None
        if callback_time is not None:
            binding.callback_expired_time = callback_time
        if user_data is not None:
            binding.user_data = user_data
        if bind_time is not None and state.settings["axe_modify_changes_expiry"]:
            unit_s = UNIT_SECONDS[unit or binding.time_unit]
            binding.expires_at = state.clock.now() + bind_time * unit_s if bind_time else None
        if "axe.modify_changes_query_expiry" in faults:
            # D-9 broken: the query should keep showing the bind-time values.
            if unit is not None:
                binding.time_unit = unit
            if bind_time is not None:
                binding.bind_expired_time = bind_time
    return {}


# -- query ---------------------------------------------------------------------------------------------


def binding_item(binding: AxeBinding) -> dict[str, Any]:
    """The fields of one binding as the v1.0 query answers them (§A.6)."""
    item: dict[str, Any] = {
        "subscriptionId": binding.sid,
        "virtualNum": binding.x,
        "extendNum": binding.extension,
        "bindNum": binding.a,
        "displayNumMode": binding.display_num_mode,
        "recordFlag": "true" if binding.record_flag else "false",
    }
    if binding.record_flag and binding.record_hint_tone:
        item["recordHintTone"] = binding.record_hint_tone
    if binding.callback_tone is not None:
        item["callbackTone"] = binding.callback_tone
    if binding.callback_num is not None:
        item["callbackNum"] = binding.callback_num
    item["timeUnit"] = binding.time_unit
    item["bindExpiredTime"] = binding.bind_expired_time
    item["callbackExpiredTime"] = binding.callback_expired_time
    if binding.user_data is not None:
        item["userData"] = binding.user_data
    return item


async def query(ctx: RequestContext) -> dict[str, Any]:
    """v1.0: one binding, its fields at the top level of the answer."""
    state, app = ctx.state, ctx.app
    f = Fields(ctx.params, state.faults)
    sid, x, extension = _query_selectors(f)
    with state.lock:
        _purge(state)
        return binding_item(_select(state, app, sid, x, extension))


def _query_int(f: Fields, name: str, low: int, high: int, default: int) -> int:
    """An Integer in a query string (it arrives as text)."""
    value = f.raw(name)
    if _blank(value):
        return default
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        raise invalid(f"{name} must be an integer.")
    number = int(value)
    if "validate.skip_ranges" not in f.faults and not low <= number <= high:
        raise invalid(f"{name} must be {low}-{high}.")
    return max(number, 1)


def _cursor_of(binding: AxeBinding) -> tuple[int, int]:
    return int(binding.created * 1000), binding.seq


async def query_v2(ctx: RequestContext) -> dict[str, Any]:
    """v2.0: one binding by subscriptionId or X+E, or every binding of X page by page."""
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults)
    sid, x, extension = _query_selectors(f)
    cursor = f.raw("cursor")
    limit = _query_int(f, "limit", 1, PAGE_MAX, PAGE_DEFAULT)
    with state.lock:
        _purge(state)
        if sid is not None or (x is not None and extension is not None):
            return {V2_LIST_KEY: [binding_item(_select(state, app, sid, x, extension))]}  # cursor ignored
        if x is None:
            _select(state, app, None, None, extension)  # raises the 1010002 of a missing selector
        assert x is not None
        if _blank(cursor):
            cursor = FIRST_CURSOR
        if not isinstance(cursor, str) or not CURSOR_RE.fullmatch(cursor):
            raise invalid("cursor must match \\d{13}_\\d{1,20}.")
        ms, seq = cursor.split("_")
        after = (int(ms), int(seq))
        every = sorted((b for b in state.axe.on_x(x) if _owned(state, app, b)), key=_cursor_of)
        if not every:
            raise ApiError(_not_found(state))
        if "axe.v2_cursor_repeats" in faults:
            rest = [b for b in every if _cursor_of(b) >= after]
        else:
            rest = [b for b in every if _cursor_of(b) > after]
        page = rest[:limit]
        out: dict[str, Any] = {V2_LIST_KEY: [binding_item(b) for b in page]}
        if len(rest) > limit:
            last_ms, last_seq = _cursor_of(page[-1])
            out["nextCursor"] = f"{last_ms:013d}_{last_seq}"
        return out


async def binding_count(ctx: RequestContext) -> dict[str, Any]:
    """How many bindings an X of the app carries: one X, or every X page by page."""
    state, app = ctx.state, ctx.app
    f = Fields(ctx.params, state.faults)
    number = f.query_number("number", high=32)
    cursor = f.raw("cursor")
    limit = _query_int(f, "limit", 1, PAGE_MAX, PAGE_DEFAULT)
    with state.lock:
        _purge(state)

        def count(x: str) -> dict[str, Any]:
            return {"number": x, "bindCount": sum(1 for b in state.axe.on_x(x) if b.app_key == app.app_key)}

        if number is not None:  # cursor and limit are ignored
            if not _is_own_x(state, app, number):
                raise ApiError(NOT_FOUND)
            return {COUNT_LIST_KEY: [count(number)]}
        if _blank(cursor):
            cursor = "0"
        if not isinstance(cursor, str) or not COUNT_CURSOR_RE.fullmatch(cursor):
            raise invalid("cursor must be a positive integer of 1-20 digits.")
        start = int(cursor)
        xs = [x.number for x in app.x_numbers]
        out: dict[str, Any] = {COUNT_LIST_KEY: [count(x) for x in xs[start : start + limit]]}
        if start + limit < len(xs):
            out["nextCursor"] = str(start + limit)
        return out


ROUTES = {
    (URI, "POST"): bind,
    (URI, "DELETE"): unbind,
    (URI, "PUT"): modify,
    (URI, "GET"): query,
    (URI_V2, "GET"): query_v2,
    (COUNT_URI, "GET"): binding_count,
}


def hook_bindings(state: EmulatorState, app_key: str | None) -> list[dict[str, Any]]:
    """The live AXE bindings for ``GET /_emulator/bindings`` (with creation and expiry times)."""
    with state.lock:
        _purge(state)
        return [
            {
                "mode": MODE,
                "app_key": b.app_key,
                **binding_item(b),
                "createTime": format_utc(b.created),
                "expireTime": None if b.expires_at is None else format_utc(b.expires_at),
            }
            for b in state.axe.all()
            if app_key is None or b.app_key == app_key
        ]
