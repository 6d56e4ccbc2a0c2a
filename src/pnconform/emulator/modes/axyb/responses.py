"""AXYB mode, the answers: two-step bind, unbind and query on ``/rest/omp/xyrelationnumber/v1.0``
(30-axe-axyb-x.md §B, design.md "AXYB behaviour", decisions D-7, D-10, D-11, D-18, D-19, D-24).

Step 1 binds A to an X allocated by ``areaCode``; step 2 (a body carrying ``subscriptionId``)
binds B to a Y for that AX relation (the rules: ``models``). Each handler parses its request,
takes ``state.lock``, applies the rules of ``models`` and answers; every check-then-mutate runs
under ``state.lock`` with no ``await`` inside. There is no modify (AXYB-023: PUT is a 404).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...clock import format_utc
from ...codes import ApiError, invalid
from ...validation import Fields
from . import models
from .faults import APP_KEY_UNCHECKED, BNUM_WINS, MODIFY_ACCEPTED, RELATIONNUM_WINS, SKIP_DURATION_RANGE
from .models import AxybRelation

if TYPE_CHECKING:
    from ...context import RequestContext
    from ...state import EmulatorState

MODE = "axyb"
URI = "/rest/omp/xyrelationnumber/v1.0"
MAX_DURATION_S = 7_776_000  # 90 days
MIN_DURATION_S = 60
APP_KEY_MAX = 128  # D-11: 1-128 on every interface
MATCH_MODES = ("0", "1")


# -- shared checks ------------------------------------------------------------------------------


def _check_app_key(ctx: RequestContext) -> None:
    """D-11: the ``app_key`` URL parameter is mandatory (missing or too long: 1010002); one that
    is not the key the request was signed with: 1010003 ``Invalid app_key.`` (our choice: it names
    no app this request may act for)."""
    if APP_KEY_UNCHECKED in ctx.state.faults:
        return
    value = ctx.query.get("app_key")
    if value is None or value == "":
        raise invalid("app_key is missing.")
    if len(value) > APP_KEY_MAX:
        raise invalid(f"app_key length must be 1-{APP_KEY_MAX}.")
    if value != ctx.app.app_key:
        raise ApiError("1010003")  # D-11


def _duration(f: Fields, name: str, default: int | None) -> int | None:
    """Seconds: 0 = never, else 60-7776000 (AXYB-016). ``duration`` is Integer/String in the
    table, so a string of digits is taken too; a JSON boolean is neither."""
    value = f.raw(name)
    if value is None:
        return default
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise invalid(f"{name} must be an integer.")
    if SKIP_DURATION_RANGE in f.faults:
        return max(value, 0)
    if value != 0 and not MIN_DURATION_S <= value <= MAX_DURATION_S:
        raise invalid(f"{name} must be 0 or {MIN_DURATION_S}-{MAX_DURATION_S}.")
    return value


def _query_string(f: Fields, name: str, high: int) -> str | None:
    value = f.raw(name)
    if value is None or value == "":
        return None
    if len(value) > high:
        raise invalid(f"{name} length must be 1-{high}.")
    return value


# -- bind --------------------------------------------------------------------------------------------


def _bind_ax(ctx: RequestContext, f: Fields) -> dict[str, Any]:
    """Step 1: A gets an X of the city (AXYB-001/002/003)."""
    state, app = ctx.state, ctx.app
    settings = state.settings
    a = f.user_number("origNum", required=True, high=32)
    assert a is not None
    area = f.area_code()
    match_mode = f.enum_string("areaMatchMode", MATCH_MODES, "0")
    direction = f.integer("callDirection", 0, 2, 0)
    duration = _duration(f, "duration", settings["axyb_default_duration_s"])  # AXYB-016
    yb_duration = _duration(f, "ybDuration", 0)
    record_flag = f.record_flag()
    record_hint_tone = f.voice("recordHintTone", 1)
    pre_voice_x = f.voice("preVoiceX", 1)
    user_data = f.user_data()
    if area is None:
        raise invalid("areaCode is required.")  # D-18: step 1 names no X, so the city is needed

    with state.lock:
        relation = models.bind_ax(
            state,
            app,
            area,
            match_mode or "0",
            a=a,
            call_direction=direction or 0,
            duration=duration or 0,
            yb_duration=yb_duration or 0,
            record_flag=bool(record_flag),
            record_hint_tone=record_hint_tone,
            pre_voice_x=pre_voice_x,
            user_data=user_data,
        )
    return {"subscriptionId": relation.sid, "relationNumber": relation.x}  # AXYB-001


def _bind_yb(ctx: RequestContext, f: Fields, sid: str) -> dict[str, Any]:
    """Step 2: B gets a Y for the AX relation ``sid`` (AXYB-004..008)."""
    state, app = ctx.state, ctx.app
    b = f.user_number("origNum", required=True, high=32)
    assert b is not None
    area = f.area_code()
    match_mode = f.enum_string("areaMatchMode", MATCH_MODES, "0")
    pre_voice_y = f.voice("preVoiceY", 1)
    yb_duration = _duration(f, "ybDuration", None)
    user_data = f.user_data()

    with state.lock:
        return models.bind_yb(state, app, sid, b, area, match_mode or "0", yb_duration, pre_voice_y, user_data)


async def bind(ctx: RequestContext) -> dict[str, Any]:
    _check_app_key(ctx)
    f = Fields(ctx.params, ctx.state.faults, ctx.app.voice_files)
    sid = f.string("subscriptionId", 1, 64)
    if sid is None:
        return _bind_ax(ctx, f)
    return _bind_yb(ctx, f, sid)


# -- unbind --------------------------------------------------------------------------------------


async def unbind(ctx: RequestContext) -> dict[str, Any]:
    """``subscriptionId`` alone removes AX and every YB (AXYB-017); with ``yNum`` or ``bNum`` only
    the matching YB (AXYB-018/019, ``yNum`` wins). ``yNum``/``bNum`` without a subscriptionId
    (String(0-64) on the page) remove the matching YB parts of the app's relations."""
    _check_app_key(ctx)
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults)
    sid = _query_string(f, "subscriptionId", 64)
    y = f.query_number("yNum", high=32)
    b = f.query_number("bNum", high=32)
    if y is not None and b is not None:
        if BNUM_WINS in faults:
            y = None
        else:
            b = None  # yNum wins
    with state.lock:
        models.unbind(state, app, sid, y, b)
    return {}


# -- query ---------------------------------------------------------------------------------------------


def relation_items(relation: AxybRelation) -> list[dict[str, Any]]:
    """The xyRelationNumList entries of one AX relation: one per YB part, or one without
    numY/numB while it has none (AXYB-014)."""
    base: dict[str, Any] = {
        "bindId": relation.sid,  # the step-1 subscriptionId
        "numA": relation.a,
        "numX": relation.x,
    }
    tail: dict[str, Any] = {
        "recordFlag": "true" if relation.record_flag else "false",
        "subscribeTime": format_utc(relation.subscribe_time),
        "callDirection": relation.call_direction,
        "duration": str(relation.duration),
    }
    if relation.record_hint_tone is not None:
        tail["recordHintTone"] = relation.record_hint_tone
    if relation.pre_voice_x is not None:
        tail["preVoiceX"] = relation.pre_voice_x
    if not relation.ybs:
        item = {**base, **tail, "ybDuration": str(relation.yb_duration)}
        if relation.user_data is not None:
            item["userData"] = relation.user_data
        return [item]
    items = []
    for part in sorted(relation.ybs, key=lambda p: p.seq):
        item = {**base, "numY": part.y, "numB": part.b, **tail, "ybDuration": str(part.yb_duration)}
        if part.pre_voice_y is not None:
            item["preVoiceY"] = part.pre_voice_y
        user_data = part.user_data if part.user_data is not None else relation.user_data
        if user_data is not None:
            item["userData"] = user_data
        items.append(item)
    return items


def _split_x_plus_y(value: str) -> tuple[str, str | None]:
    """``X`` or ``X+Y`` (two global numbers concatenated, PHP sample; unconfirmed)."""
    cut = value.find("+", 1)
    return (value, None) if cut < 0 else (value[:cut], value[cut:])


async def query(ctx: RequestContext) -> dict[str, Any]:
    """``subscriptionId`` wins over ``relationNum`` (AXYB-020); no match → 1016001 (D-7)."""
    _check_app_key(ctx)
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults)
    sid = _query_string(f, "subscriptionId", 64)
    number = f.query_number("relationNum", high=32)
    if sid is not None and number is not None and RELATIONNUM_WINS in faults:
        sid = None
    with state.lock:
        models.purge(state)
        if sid is not None:  # AXYB-020
            relation = state.axyb.get(sid)
            items = relation_items(relation) if relation is not None and relation.app_key == app.app_key else []
        elif number is not None:
            x, y = _split_x_plus_y(number) if state.settings["axyb_query_x_plus_y"] else (number, None)
            items = [
                item
                for relation in state.axyb.on_x(x)
                if relation.app_key == app.app_key
                for item in relation_items(relation)
                if y is None or item.get("numY") == y
            ]
        else:
            raise invalid("subscriptionId or relationNum is required.")
        if not items:
            raise ApiError("1016001")  # AXYB-013, AXYB-017: expired or unbound relations are not found
        return {"xyRelationNumList": items}


ROUTES = {
    (URI, "POST"): bind,
    (URI, "DELETE"): unbind,
    (URI, "GET"): query,
}


async def _modify_accepted(ctx: RequestContext) -> dict[str, Any]:
    return {}  # AXYB-023 broken: there is no AXYB modify, yet a PUT answers 0


def faulted_routes(faults: frozenset[str]) -> dict[tuple[str, str], Any]:
    """Routes that exist only while a fault switch is on (AXYB-023: a PUT is not a route)."""
    return {(URI, "PUT"): _modify_accepted} if MODIFY_ACCEPTED in faults else {}


# -- test hooks ----------------------------------------------------------------------------------------


def _expire_time(ts: float | None) -> str | None:
    return None if ts is None else format_utc(ts)


def hook_bindings(state: EmulatorState, app_key: str | None) -> list[dict[str, Any]]:
    """What ``GET /_emulator/bindings?mode=axyb`` lists: one entry per AX relation, its YB parts
    inside, with the expiry times on the emulator clock (expired ones purged first)."""
    with state.lock:
        models.purge(state)
        return [
            {
                "mode": MODE,
                "app_key": relation.app_key,
                "subscriptionId": relation.sid,
                "numA": relation.a,
                "numX": relation.x,
                "callDirection": relation.call_direction,
                "duration": relation.duration,
                "ybDuration": relation.yb_duration,
                "createTime": format_utc(relation.created),
                "expireTime": _expire_time(relation.expires_at),
                "ybParts": [
                    {
                        "numY": part.y,
                        "numB": part.b,
                        "ybDuration": part.yb_duration,
                        "createTime": format_utc(part.created),
                        "expireTime": _expire_time(part.expires_at),
                    }
                    for part in sorted(relation.ybs, key=lambda p: p.seq)
                ],
            }
            for relation in state.axyb.all()
            if app_key is None or relation.app_key == app_key
        ]
