"""AXB mode, the answers: bind / unbind / modify / query (10-axb.md, design.md "AXB behaviour").

Each handler parses its request (1010002 on a bad field), takes ``state.lock``, applies the
rules of ``models`` and answers. Every check-then-mutate runs under ``state.lock`` with no
``await`` inside, so concurrent requests cannot break the no-overlap rule; only the
``axb.unlocked`` fault yields between the check and the insert of a bind.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from typing import TYPE_CHECKING, Any

from ...clock import format_utc
from ...codes import ApiError, invalid
from ...faults import VALIDATE_SKIP_REQUIRED
from ...numbers import is_mobile
from ...validation import Fields
from . import models
from .faults import (
    ANSWER_WITHOUT_X,
    AREACODE_WINS,
    HINT_TONE_ALWAYS,
    LONG_SUBSCRIPTION_ID,
    MODIFY_MOVES_X,
    PAGE_SIZE_UNCLAMPED,
    PARTIAL_WRITE,
    QUERY_DROPS_LAST,
    QUERY_UNKNOWN_200,
    QUERY_WRONG_MAX_DURATION,
    RECORDFLAG_NEEDS_RECORDING,
    REFUSE_FIXED_LINE,
    UNLOCKED,
)
from .models import MAX_CALL_MINUTES, MAX_DURATION_S, Binding, BindRequest

if TYPE_CHECKING:
    from ...context import RequestContext
    from ...state import EmulatorState

MODE = "axb"
URI = "/rest/caas/relationnumber/partners/v1.0"
UNLOCKED_YIELD_S = 0.1  # wide enough that 8 clients' requests (TLS handshakes included) all fall inside

_INT_RE = re.compile(r"[+-]?[0-9]{1,9}")


# -- bind --------------------------------------------------------------------------------------------


async def bind(ctx: RequestContext) -> dict[str, Any]:
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults, app.voice_files)
    required = VALIDATE_SKIP_REQUIRED not in faults
    a = f.user_number("callerNum", required=required)  # AXB-002, AXB-003, AXB-102
    b = f.user_number("calleeNum", required=required)
    if a is None or b is None:
        raise ApiError("1012007")  # only with validate.skip_required: no such record to bind
    if a == b:
        raise invalid("callerNum and calleeNum must be different.")
    if REFUSE_FIXED_LINE in faults and not (is_mobile(a) and is_mobile(b)):
        raise invalid("callerNum and calleeNum must be mobile numbers.")  # AXB-102 broken
    try:
        return await _bind(ctx, f, a, b)
    except ApiError as exc:
        if PARTIAL_WRITE in faults and exc.code == "1010002":
            # The fault: the pair was written before the rest of the request was read (CODE-1010002:
            # a refused request changes nothing).
            x = ctx.params.get("relationNum")
            chosen = x if isinstance(x, str) and any(n.number == x for n in app.x_numbers) else None
            req = BindRequest(a=a, b=b, x=chosen)
            with state.lock, contextlib.suppress(ApiError):  # the pair may not fit: then nothing is written
                models.insert(state, app, req, models.choose_x(state, app, req))
        raise


async def _bind(ctx: RequestContext, f: Fields, a: str, b: str) -> dict[str, Any]:
    state, app = ctx.state, ctx.app
    faults = state.faults
    x = f.x_number("relationNum")
    area = f.area_code()
    match_mode = f.enum_string("areaMatchMode", ("0", "1"), "0")
    direction = f.integer("callDirection", 0, 2, 0)  # AXB-016
    duration = f.integer("duration", 0, MAX_DURATION_S, 0)  # AXB-017
    max_duration = f.integer("maxDuration", 0, MAX_CALL_MINUTES, 0)  # AXB-018
    record_flag = f.record_flag()
    record_hint_tone = f.voice("recordHintTone", 1)  # AXB-019: a voice file of the app
    last_min_voice = f.voice("lastMinVoice")
    private_sms = f.string_bool("privateSms")
    pre_voice = f.pre_voice()
    user_data = f.user_data()  # AXB-023
    if record_flag and not app.recording and RECORDFLAG_NEEDS_RECORDING in faults:
        # AXB-020, D-15: the flag is only "effective" on an app that records; the bind is accepted.
        raise ApiError("1012012")
    if x is not None and area is not None and AREACODE_WINS in faults:
        x = None  # AXB-014 broken: relationNum wins over areaCode
    req = BindRequest(
        a=a,
        b=b,
        x=x,
        area=area,
        match_mode=match_mode or "0",
        call_direction=direction or 0,
        duration=duration or 0,
        max_duration=max_duration or 0,
        record_flag=bool(record_flag),
        record_hint_tone=record_hint_tone,
        last_min_voice=last_min_voice,
        private_sms=private_sms is not False,
        private_sms_sent=private_sms,
        pre_voice=pre_voice,
        user_data=user_data,
    )
    if UNLOCKED in faults:
        with state.lock:
            chosen = models.choose_x(state, app, req)
        await asyncio.sleep(UNLOCKED_YIELD_S)  # the fault: others may bind the same numbers now
        with state.lock:
            binding = models.insert(state, app, req, chosen)
    else:
        with state.lock:
            binding = models.insert(state, app, req, models.choose_x(state, app, req))

    out = core_fields(binding)  # AXB-001
    if ANSWER_WITHOUT_X in faults:
        del out["relationNum"]  # AXB-001 broken
    if LONG_SUBSCRIPTION_ID in faults:
        out["subscriptionId"] = binding.sid.ljust(65, "0")  # AXB-001, GEN-010, GEN-120 broken
    if pre_voice is not None:
        out["preVoice"] = pre_voice
    return out


# -- unbind --------------------------------------------------------------------------------------


async def unbind(ctx: RequestContext) -> dict[str, Any]:
    state, app = ctx.state, ctx.app
    f = Fields(ctx.params, state.faults)
    sid = f.raw("subscriptionId") or None
    x = f.query_number("relationNum")  # AXB-045: an unescaped `+` matches no X
    with state.lock:
        models.unbind(state, app, sid, x)
    return {}


# -- modify ------------------------------------------------------------------------------------------


async def modify(ctx: RequestContext) -> dict[str, Any]:
    state, app = ctx.state, ctx.app
    faults = state.faults
    f = Fields(ctx.params, faults, app.voice_files)
    sid = f.string("subscriptionId", 1, 64, required=VALIDATE_SKIP_REQUIRED not in faults)  # AXB-058
    new_a = f.user_number("callerNum")
    new_b = f.user_number("calleeNum")
    direction = f.integer("callDirection", 0, 2)
    duration = f.integer("duration", 0, MAX_DURATION_S)  # AXB-053
    max_duration = f.integer("maxDuration", 0, MAX_CALL_MINUTES)
    last_min_voice = f.voice("lastMinVoice") if f.has("lastMinVoice") else None
    private_sms = f.string_bool("privateSms")
    record_flag = f.record_flag()
    pre_voice = f.pre_voice()
    user_data = f.user_data()
    changes: dict[str, Any] = {}
    if direction is not None:
        changes["call_direction"] = direction
    if max_duration is not None:
        changes["max_duration"] = max_duration
    if f.has("lastMinVoice"):
        changes["last_min_voice"] = last_min_voice
    if private_sms is not None:
        changes["private_sms"] = private_sms
        changes["private_sms_sent"] = private_sms
    if record_flag is not None:
        changes["record_flag"] = record_flag
    if pre_voice is not None:
        changes["pre_voice"] = pre_voice
    if user_data is not None:
        changes["user_data"] = user_data
    new_x = f.x_number("relationNum") if MODIFY_MOVES_X in faults else None  # AXB-059: never read
    with state.lock:
        models.modify(state, app, sid, new_a, new_b, duration, changes, new_x)
    return {}


class _NotFoundWith200(ApiError):
    """1012007 with HTTP 200 (the axb.query_unknown_200 fault): not a refusal under D-1."""

    def __init__(self) -> None:
        super().__init__("1012007")

    @property
    def status(self) -> int:
        return 200


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
    if PAGE_SIZE_UNCLAMPED in faults:
        size = 100 if size is None else max(size, 0)
    elif size is None or not 10 <= size <= 100:
        size = 50  # AXB-065, AXB-066: absent or out of range -> 50
    return index, size


def core_fields(binding: Binding) -> dict[str, Any]:
    """The fields both the bind response and a query item carry (AXB-001, AXB-060)."""
    return {
        "subscriptionId": binding.sid,
        "relationNum": binding.x,
        "callerNum": binding.a,
        "calleeNum": binding.b,
        "callDirection": binding.call_direction,
        "duration": binding.duration,
        "maxDuration": binding.max_duration,
    }


def binding_item(binding: Binding, faults: frozenset[str] = frozenset()) -> dict[str, Any]:
    """One relationNumList entry."""
    item = core_fields(binding)
    if QUERY_WRONG_MAX_DURATION in faults:
        item["maxDuration"] = 0  # AXB-060 broken
    item["recordFlag"] = "true" if binding.record_flag else "false"
    if binding.record_flag and binding.record_hint_tone:
        item["recordHintTone"] = binding.record_hint_tone  # AXB-068: only with recordFlag true
    elif HINT_TONE_ALWAYS in faults:
        item["recordHintTone"] = binding.record_hint_tone or ""  # AXB-068 broken
    item["privateSms"] = "true" if binding.private_sms else "false"
    item["subscribeTime"] = format_utc(binding.subscribe_time)  # AXB-069: creation or last modify
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
    if sid is not None and QUERY_UNKNOWN_200 in faults and models.never_issued(sid):
        raise _NotFoundWith200()  # AXB-067 broken
    with state.lock:
        found, paged = models.find(state, app, sid, x, caller, callee)
        if paged and QUERY_DROPS_LAST in faults and len(found) > 1:
            found = found[:-1]  # AXB-061 broken
        page = found[(index - 1) * size : index * size] if paged else found  # AXB-065, AXB-066
        items = [binding_item(bnd, faults) for bnd in page]
    return {"pageIndex": index if paged else 1, "pageSize": size, "totalCount": len(found), "relationNumList": items}


ROUTES = {(URI, "POST"): bind, (URI, "DELETE"): unbind, (URI, "PUT"): modify, (URI, "GET"): query}


# -- test hooks ----------------------------------------------------------------------------------------


def hook_bindings(state: EmulatorState, app_key: str | None) -> list[dict[str, Any]]:
    """The live AXB bindings for ``GET /_emulator/bindings`` (with creation and expiry times)."""
    out: list[dict[str, Any]] = []
    with state.lock:
        models.purge(state)
        for binding in state.axb.all():
            if app_key is not None and binding.app_key != app_key:
                continue
            expires = binding.expires_at
            out.append(
                {
                    "mode": MODE,
                    "app_key": binding.app_key,
                    **binding_item(binding),
                    "createTime": format_utc(binding.created),
                    "expireTime": None if expires is None else format_utc(expires),
                }
            )
    return out
