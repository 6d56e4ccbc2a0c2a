"""AXE mode, the answers: bind / unbind / modify / query (v1.0 and v2.0) and the binding count
(30-axe-axyb-x.md §A, design.md "AXE behaviour", decisions D-7, D-9, D-12, D-13, D-18, D-19, D-23).

Each handler parses its request (1010002 on a bad field), takes ``state.lock``, applies the
rules of ``models`` and answers. Every check-then-mutate runs under ``state.lock`` with no
``await`` inside.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

from ...clock import format_utc
from ...codes import ApiError, invalid
from ...faults import VALIDATE_SKIP_NUMBERS, VALIDATE_SKIP_RANGES, VALIDATE_SKIP_REQUIRED
from ...numbers import is_global, is_mobile
from ...validation import Fields
from . import models
from .faults import (
    ALLOW_BOTH_CALLBACKS,
    AREACODE_WINS,
    NO_AREA_REQUIRED,
    SKIP_EXPIRY_ORDER,
    SKIP_EXTENSION_FORMAT,
    SKIP_TIME_UNIT,
    V2_CURSOR_REPEATS,
)
from .models import NOT_FOUND, AxeBinding

if TYPE_CHECKING:
    from ...context import RequestContext
    from ...state import AppRuntime, EmulatorState

MODE = "axe"
URI = "/rest/caas/extendnumber/v1.0"
URI_V2 = "/rest/caas/extendnumber/v2.0"
COUNT_URI = "/rest/caas/virtualnumber/v1.0"
TIME_UNITS = ("0", "1")  # 0 hours, 1 minutes (AXE-011)
FIRST_CURSOR = "0000000000000_0"
CURSOR_RE = re.compile(r"[0-9]{13}_[0-9]{1,20}")
COUNT_CURSOR_RE = re.compile(r"[0-9]{1,20}")
PAGE_DEFAULT, PAGE_MAX = 50, 100
V2_LIST_KEY = "bindList"  # our reading: the v2.0 response table was not read (AXE-022)
COUNT_LIST_KEY = "numberList"  # our reading: the count response table was not read


# -- shared checks ------------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _optional_string(f: Fields, name: str, high: int) -> str | None:
    """A String(0-high) selector: "" counts as absent."""
    if _blank(f.raw(name)):
        return None
    return f.string(name, 1, high)


def _extension(f: Fields, app: AppRuntime) -> str | None:
    """A customer-chosen extendNum: exactly L digits within 1..10**L-1 (AXE-005); "" = absent (AXE-002)."""
    value = f.raw("extendNum")
    if _blank(value):
        return None
    if not isinstance(value, str):
        raise invalid("extendNum must be a string.")
    length = app.extension_length
    if SKIP_EXTENSION_FORMAT in f.faults:
        return value
    if len(value) != length or not value.isascii() or not value.isdigit() or int(value) == 0:
        raise invalid(f"extendNum must be {length} digits (1-{models.capacity(app)}).")
    return value


def _callback_num(f: Fields) -> str | None:
    value = f.raw("callbackNum")
    if _blank(value):
        return None
    number = f.string("callbackNum", 1, 32)
    if number is not None and VALIDATE_SKIP_NUMBERS not in f.faults and not is_global(number):
        raise invalid("callbackNum is not in global format.")
    return number


def _lifetimes(state: EmulatorState, f: Fields) -> tuple[str | None, int | None, int | None]:
    """timeUnit, bindExpiredTime, callbackExpiredTime; D-23 ranges and AXE-012 ordering."""
    unit = f.raw("timeUnit")
    if unit is not None and SKIP_TIME_UNIT in state.faults:
        unit = str(unit) if str(unit) in TIME_UNITS else "0"
    else:
        unit = f.enum_string("timeUnit", TIME_UNITS)  # AXE-011
    hours = state.settings["axe_max_bind_hours"]
    high = hours * 60 if unit == "1" else hours
    bind_time = f.integer("bindExpiredTime", 0, high)
    callback_time = f.integer("callbackExpiredTime", 0, high)
    if bind_time and callback_time and bind_time < callback_time and SKIP_EXPIRY_ORDER not in state.faults:
        raise invalid("bindExpiredTime must not be less than callbackExpiredTime.")  # AXE-012
    return unit, bind_time, callback_time


def _callbacks(state: EmulatorState, f: Fields, low: int) -> tuple[str | None, str | None]:
    tone = f.voice("callbackTone", low)
    number = _callback_num(f)
    if tone is not None and number is not None and ALLOW_BOTH_CALLBACKS not in state.faults:
        raise invalid("callbackTone and callbackNum must not be sent together.")  # AXE-010
    return tone, number


# -- bind --------------------------------------------------------------------------------------------


async def bind(ctx: RequestContext) -> dict[str, Any]:
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults, app.voice_files)
    a = f.user_number("bindNum", required=VALIDATE_SKIP_REQUIRED not in faults, high=32)
    if a is None:
        raise ApiError(NOT_FOUND)  # only with validate.skip_required
    x = None if _blank(f.raw("virtualNum")) else f.string("virtualNum", 1, 32)
    if x is not None and VALIDATE_SKIP_NUMBERS not in faults and not is_mobile(x):
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
    if x is not None and area is not None and AREACODE_WINS in faults:
        x = None
    if x is None and area is None and NO_AREA_REQUIRED not in faults:
        raise invalid("virtualNum or areaCode is required.")  # D-18
    models.check_display(state, app, display)  # AXE-020

    with state.lock:
        binding = models.bind(
            state,
            app,
            a,
            x,
            area,
            match_mode or "0",
            extension,
            unit,
            bind_time,
            display_num_mode=display or "0",
            record_flag=bool(record_flag),
            record_hint_tone=record_hint_tone,
            callback_tone=tone,
            callback_num=number,
            callback_expired_time=callback_time or 0,
            user_data=user_data,
        )
    return {
        "subscriptionId": binding.sid,
        "virtualNum": binding.x,
        "extendNum": binding.extension,
        "bindExpiredTime": binding.bind_expired_time,
        "callbackExpiredTime": binding.callback_expired_time,
    }


# -- selectors: subscriptionId wins, else virtualNum together with extendNum -------------------------


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
        models.unbind(state, app, sid, x, extension)
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
    models.check_display(state, app, display)  # AXE-020

    changes: dict[str, Any] = {}
    if display is not None:
        changes["display_num_mode"] = display
    if record_flag is not None:
        changes["record_flag"] = record_flag
    if f.has("recordHintTone"):
        changes["record_hint_tone"] = record_hint_tone
    if f.has("callbackTone"):
        changes["callback_tone"] = tone
    if number is not None:
        changes["callback_num"] = number
    if callback_time is not None:
        changes["callback_expired_time"] = callback_time
    if user_data is not None:
        changes["user_data"] = user_data
    with state.lock:
        models.modify(state, app, sid, x, extension, changes, unit, bind_time)
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
        models.purge(state)
        return binding_item(models.select(state, app, sid, x, extension))


def _query_int(f: Fields, name: str, low: int, high: int, default: int) -> int:
    """An Integer in a query string (it arrives as text)."""
    value = f.raw(name)
    if _blank(value):
        return default
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        raise invalid(f"{name} must be an integer.")
    number = int(value)
    if VALIDATE_SKIP_RANGES not in f.faults and not low <= number <= high:
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
        models.purge(state)
        if sid is not None or (x is not None and extension is not None):
            return {V2_LIST_KEY: [binding_item(models.select(state, app, sid, x, extension))]}  # cursor ignored
        if x is None:
            models.select(state, app, None, None, extension)  # raises the 1010002 of a missing selector
        assert x is not None
        if _blank(cursor):
            cursor = FIRST_CURSOR
        if not isinstance(cursor, str) or not CURSOR_RE.fullmatch(cursor):
            raise invalid("cursor must match \\d{13}_\\d{1,20}.")
        ms, seq = cursor.split("_")
        after = (int(ms), int(seq))
        # The cursor order is creation order: the page starts at a bisection of X's listing (O(page)).
        listing = state.axe.listing(x)
        if not any(models.owned(state, app, b) for b in listing):
            raise ApiError(models.not_found(state))
        start = listing.position(after, _cursor_of, inclusive=V2_CURSOR_REPEATS in faults)
        mine = (b for b in listing.iter_from(start) if models.owned(state, app, b))
        page = list(itertools.islice(mine, limit + 1))  # one more: is there a next page?
        more = len(page) > limit
        page = page[:limit]
        out: dict[str, Any] = {V2_LIST_KEY: [binding_item(b) for b in page]}
        if more:
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
        models.purge(state)

        def count(x: str) -> dict[str, Any]:
            return {"number": x, "bindCount": sum(1 for b in state.axe.on_x(x) if b.app_key == app.app_key)}

        if number is not None:  # cursor and limit are ignored
            if not models.is_own_x(state, app, number):
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
        models.purge(state)
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
