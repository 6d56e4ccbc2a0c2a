"""The request fields each operation reads, declared once and checked against the emulator.

The handlers read their fields inline (``Fields(...)``), so the description cannot be read off
them without rewriting them. This table restates what they read instead, and
``tests/test_openapi.py`` sends each declaration to the embedded emulator (omit a required
field, send a wrong JSON type, send a valid minimal request) so it cannot drift silently.
Whether a field travels in the JSON body or the query string comes from the route table (a field
marked ``in_query`` goes in the URL even on a JSON-body route).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..emulator.calls import api as calls
from ..emulator.config import SETTINGS
from ..emulator.modes.ax import models as ax_models
from ..emulator.modes.ax import responses as ax
from ..emulator.modes.axb import models as axb_models
from ..emulator.modes.axb import responses as axb
from ..emulator.modes.axe import responses as axe
from ..emulator.modes.axyb import responses as axyb
from ..emulator.numbers import AREA_CODE_RE

# int_or_digits: an Integer, or a String of digits taken as one (AXYB duration is "Integer/String").
Kind = Literal["string", "integer", "int_or_digits", "flag", "string_bool", "object", "number"]


@dataclass(frozen=True)
class Param:
    """One field as the handler reads it (``number``: a phone number in global format)."""

    name: str
    kind: Kind
    required: bool = False
    min_length: int | None = None
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    enum: tuple[str, ...] = ()
    pattern: str | None = None  # a regular expression the whole value must match
    example: Any = None
    note: str = ""
    in_query: bool = False  # in the URL even on a JSON-body route (AXYB app_key, D-11)


@dataclass(frozen=True)
class Operation:
    """An operation's fields; ``one_of``: groups of which one field must be given."""

    summary: str
    params: tuple[Param, ...]
    one_of: tuple[tuple[str, ...], ...] = ()
    needs_binding: bool = False  # a valid request names an existing binding (its subscriptionId)
    needs_call: bool = False  # a valid request names a call in progress (its sessionid)
    needs_recording: bool = False  # a valid request names a recording of the app (fileName, recordDomain)
    missing_code: str = "1010002"  # the refusal when a one-of group is absent, where the mode documents another
    invalid_code: str = "1010002"  # the refusal of a missing or malformed field, where the interface has another


def _num(name: str, required: bool = False, high: int = 31, example: str | None = None) -> Param:
    return Param(name, "number", required, min_length=4, max_length=high, example=example)


def _voice(name: str, low: int = 0) -> Param:
    return Param(name, "string", min_length=low, max_length=128, note="an approved voice file of the app")


_USER_DATA = Param("userData", "string", min_length=1, max_length=256, note="ASCII, no braces (GEN-118)")
_PRE_VOICE = Param("preVoice", "object", note="callerHintTone / calleeHintTone: approved voice files")
_SID = Param("subscriptionId", "string", min_length=1, max_length=64)
_QSID = Param("subscriptionId", "string", max_length=64)
_AXB_QSID = Param("subscriptionId", "string", note="not length-checked")
_FLAG = Param("recordFlag", "flag")
_SMS = Param("privateSms", "string_bool")
_AXB_MAX_CALL = Param("maxDuration", "integer", minimum=0, maximum=axb_models.MAX_CALL_MINUTES, note="minutes")
_AX_MAX_CALL = Param("maxDuration", "integer", minimum=0, maximum=ax_models.MAX_CALL_MINUTES, note="minutes")
_DIRECTION = Param("callDirection", "integer", minimum=0, maximum=2)
_MATCH = Param("areaMatchMode", "string", enum=("0", "1"))
_AREA = Param(
    "areaCode",
    "string",
    pattern=f"^{AREA_CODE_RE.pattern}$",
    example="0755",
    note="a city code with its leading 0 (GEN-109)",
)

AXB: Mapping[tuple[str, str], Operation] = {
    (axb.URI, "POST"): Operation(
        "AXB bind",
        (
            _num("callerNum", True, example="+8613800000001"),
            _num("calleeNum", True, example="+8613900000001"),
            _num("relationNum"),
            _AREA,
            _MATCH,
            _DIRECTION,
            Param("duration", "integer", minimum=0, maximum=axb_models.MAX_DURATION_S, note="seconds; 0: none"),
            _AXB_MAX_CALL,
            _FLAG,
            _voice("recordHintTone", 1),
            _voice("lastMinVoice"),
            _SMS,
            _PRE_VOICE,
            _USER_DATA,
        ),
    ),
    (axb.URI, "DELETE"): Operation(
        "AXB unbind",
        (_AXB_QSID, _num("relationNum")),
        one_of=(("subscriptionId", "relationNum"),),
        needs_binding=True,
        missing_code="1012001",  # AXB-046: neither parameter
    ),
    (axb.URI, "PUT"): Operation(
        "AXB modify",
        (
            Param("subscriptionId", "string", True, min_length=1, max_length=64),
            _num("callerNum"),
            _num("calleeNum"),
            _DIRECTION,
            Param("duration", "integer", minimum=0, maximum=axb_models.MAX_DURATION_S),
            _AXB_MAX_CALL,
            _voice("lastMinVoice"),
            _SMS,
            _FLAG,
            _PRE_VOICE,
            _USER_DATA,
        ),
        needs_binding=True,
    ),
    (axb.URI, "GET"): Operation(
        "AXB query",
        (
            _AXB_QSID,
            _num("relationNum"),
            _num("callerNum", high=128),
            _num("calleeNum", high=128),
            Param("pageIndex", "integer", minimum=1),
            Param("pageSize", "integer", note="10-100; otherwise 50"),
        ),
        needs_binding=True,
    ),
}

AX: Mapping[tuple[str, str], Operation] = {
    (ax.URI, "POST"): Operation(
        "AX bind",
        (
            _num("origNum", True, high=32, example="+8613800000002"),
            _num("privateNum", high=32, example="+8617020000001"),
            _AREA,
            Param("privateNumType", "string", enum=ax.PRIVATE_NUM_TYPES, note="required with areaCode"),
            _MATCH,
            Param("calleeNumDisplay", "string", enum=("0", "1")),
            _SMS,
            _FLAG,
            _voice("recordHintTone", 1),
            _PRE_VOICE,
            _AX_MAX_CALL,
            _voice("lastMinVoice"),
            _USER_DATA,
            Param("turnFlag", "string", enum=("on", "off")),
            _DIRECTION,
        ),
        one_of=(("privateNum", "areaCode"),),
    ),
    (ax.URI, "DELETE"): Operation(
        "AX unbind",
        (_QSID, _num("privateNum", high=32), Param("origNum", "string", note="not evaluated (AX-105)")),
        needs_binding=True,
    ),
    (ax.URI, "PUT"): Operation(
        "AX modify",
        (
            _SID,
            _num("privateNum", high=32),
            _num("origNum", high=32),
            _SMS,
            _FLAG,
            _AX_MAX_CALL,
            _voice("lastMinVoice"),
            _USER_DATA,
            Param("turnFlag", "string", enum=("on", "off")),
        ),
        one_of=(("subscriptionId", "privateNum"),),
        needs_binding=True,
    ),
    (ax.URI, "GET"): Operation(
        "AX query", (_QSID, _num("origNum", high=32), _num("privateNum", high=32)), needs_binding=True
    ),
    (ax.CALLEE_URI, "PUT"): Operation(
        "AX set a temporary callee",
        (
            _SID,
            _num("origNum"),
            _num("privateNum", high=32),
            Param("calleeNum", "string", True, min_length=4, max_length=32, example="+8613900000002"),
            Param("duration", "integer", minimum=1, maximum=ax_models.CALLEE_MAX_DURATION_S, note="seconds"),
            _AX_MAX_CALL,
            _USER_DATA,
        ),
        needs_binding=True,
    ),
}

# -- AXE (30 §A) -----------------------------------------------------------------------------------

_AXE_HOURS = SETTINGS["axe_max_bind_hours"].default  # D-23; x 60 in minutes
_EXTENSION = "the app's extension length (1-4 digits, AXE-005)"


def _axe_lifetime(name: str, note: str) -> Param:
    return Param(
        name,
        "integer",
        minimum=0,
        maximum=_AXE_HOURS * 60,
        note=f"{note}; in timeUnit, at most {_AXE_HOURS} hours or {_AXE_HOURS * 60} minutes (D-23)",
    )


_TIME_UNIT = Param("timeUnit", "string", enum=axe.TIME_UNITS, note="0 hours (absent), 1 minutes (AXE-011)")
_BIND_EXPIRED = _axe_lifetime("bindExpiredTime", "0 or absent: never; not below callbackExpiredTime (AXE-012)")
_CALLBACK_EXPIRED = _axe_lifetime("callbackExpiredTime", "lifetime of the callback records")
_DISPLAY = Param("displayNumMode", "string", enum=("0", "1"), note="1 (the real caller) only where allowed (AXE-020)")
_CALLBACK_NUM = Param("callbackNum", "number", min_length=4, max_length=32, note="not with callbackTone (AXE-010)")
# Selectors: subscriptionId wins (AXE-017), else virtualNum together with extendNum (AXE-016).
_AXE_QSID = Param("subscriptionId", "string", max_length=64, note="wins over virtualNum + extendNum (AXE-017)")
_AXE_QX = Param("virtualNum", "number", min_length=4, max_length=32, note="with extendNum (AXE-016)")
_AXE_E = Param("extendNum", "string", max_length=4, note="with virtualNum (AXE-016)")
_AXE_SELECT = (("subscriptionId", "virtualNum"),)
_LIMIT = Param("limit", "integer", minimum=1, maximum=axe.PAGE_MAX, note=f"default {axe.PAGE_DEFAULT}")

AXE: Mapping[tuple[str, str], Operation] = {
    (axe.URI, "POST"): Operation(
        "AXE bind",
        (
            _num("bindNum", True, high=32, example="+8613800000003"),
            Param(
                "virtualNum",
                "number",
                min_length=4,
                max_length=32,
                example="+8617030000001",
                note='a mobile X of the app; wins over areaCode (AXE-008); "" = absent',
            ),
            _AREA,
            _MATCH,
            Param(
                "extendNum",
                "string",
                max_length=4,
                pattern="^[0-9]*$",
                note=f'exactly {_EXTENSION}, not all zeros; "" or absent: the lowest free one (AXE-002)',
            ),
            _DISPLAY,
            _FLAG,
            _voice("recordHintTone", 1),
            Param(
                "callbackTone",
                "string",
                min_length=1,
                max_length=128,
                note="an approved voice file; not with callbackNum (AXE-010)",
            ),
            _CALLBACK_NUM,
            _TIME_UNIT,
            _BIND_EXPIRED,
            _CALLBACK_EXPIRED,
            _USER_DATA,
        ),
        one_of=(("virtualNum", "areaCode"),),  # D-18
    ),
    (axe.URI, "DELETE"): Operation("AXE unbind", (_AXE_QSID, _AXE_QX, _AXE_E), one_of=_AXE_SELECT, needs_binding=True),
    (axe.URI, "PUT"): Operation(
        "AXE modify (absent: unchanged; the bind number and extension are not modifiable)",
        (
            Param("subscriptionId", "string", max_length=64, note='wins (AXE-017); "" = absent'),
            Param("virtualNum", "number", max_length=32, note="with extendNum (AXE-016); not format-checked"),
            _AXE_E,
            _DISPLAY,
            _FLAG,
            _voice("recordHintTone"),
            Param(
                "callbackTone", "string", max_length=128, note="an approved voice file; not with callbackNum (AXE-010)"
            ),
            _CALLBACK_NUM,
            _TIME_UNIT,
            _BIND_EXPIRED,
            _CALLBACK_EXPIRED,
            _USER_DATA,
        ),
        one_of=_AXE_SELECT,
        needs_binding=True,
    ),
    (axe.URI, "GET"): Operation("AXE query", (_AXE_QSID, _AXE_QX, _AXE_E), one_of=_AXE_SELECT, needs_binding=True),
    (axe.URI_V2, "GET"): Operation(
        "AXE query v2.0: one binding, or every binding of virtualNum page by page",
        (
            _AXE_QSID,
            Param("virtualNum", "number", min_length=4, max_length=32, note="alone: list its bindings"),
            _AXE_E,
            Param(
                "cursor",
                "string",
                pattern=f"^{axe.CURSOR_RE.pattern}$",
                note=f"listing only: first page {axe.FIRST_CURSOR} (absent), then the answer's nextCursor",
            ),
            _LIMIT,
        ),
        one_of=_AXE_SELECT,
        needs_binding=True,
    ),
    (axe.COUNT_URI, "GET"): Operation(
        "AXE binding count: of one X, or of every X of the app page by page",
        (
            Param(
                "number",
                "number",
                min_length=4,
                max_length=32,
                note="an X of the app; cursor and limit are then ignored",
            ),
            Param(
                "cursor",
                "string",
                pattern=f"^{axe.COUNT_CURSOR_RE.pattern}$",
                note="first page 0 (absent), then the answer's nextCursor",
            ),
            _LIMIT,
        ),
    ),
}

# -- AXYB (30 §B) ----------------------------------------------------------------------------------

_APP_KEY = Param(
    "app_key",
    "string",
    True,
    min_length=1,
    max_length=axyb.APP_KEY_MAX,
    in_query=True,
    note="the APP_Key the request is signed with (D-11; another: 1010003)",
)


def _axyb_duration(name: str, note: str) -> Param:
    low, high = axyb.MIN_DURATION_S, axyb.MAX_DURATION_S
    return Param(name, "int_or_digits", minimum=0, maximum=high, note=f"seconds: 0 or {low}-{high} (AXYB-016); {note}")


def _yb_voice(name: str, who: str) -> Param:
    return Param(name, "string", min_length=1, max_length=128, note=f"an approved voice file: {who}")


_AXYB_QSID = Param("subscriptionId", "string", max_length=64)

AXYB: Mapping[tuple[str, str], Operation] = {
    (axyb.URI, "POST"): Operation(
        "AXYB bind: step 1 binds A to an X (AX); with subscriptionId, step 2 binds B to a Y (YB)",
        (
            _APP_KEY,
            Param("subscriptionId", "string", min_length=1, max_length=64, note="step 2: the id of step 1"),
            _num("origNum", True, high=32, example="+8613800000004"),
            _AREA,
            _MATCH,
            _DIRECTION,
            _axyb_duration("duration", "0: never; absent: the axyb_default_duration_s setting (D-24); step 1"),
            _axyb_duration("ybDuration", "0: as long as the AX part; step 2 wins, capped at duration (D-24)"),
            _FLAG,
            _voice("recordHintTone", 1),
            _yb_voice("preVoiceX", "A dialling Y hears it; step 1"),
            _yb_voice("preVoiceY", "B dialling X hears it; step 2"),
            _USER_DATA,
        ),
        one_of=(("areaCode", "subscriptionId"),),  # D-18: step 1 names no X, so the city is needed
    ),
    (axyb.URI, "DELETE"): Operation(
        "AXYB unbind: AX and every YB; with yNum or bNum, that YB only",
        (
            _APP_KEY,
            _AXYB_QSID,
            Param("yNum", "number", min_length=4, max_length=32, note="wins over bNum (AXYB-019)"),
            Param("bNum", "number", min_length=4, max_length=32),
        ),
        one_of=(("subscriptionId", "yNum", "bNum"),),
        needs_binding=True,
    ),
    (axyb.URI, "GET"): Operation(
        "AXYB query",
        (
            _APP_KEY,
            Param("subscriptionId", "string", max_length=64, note="wins over relationNum (AXYB-020)"),
            Param("relationNum", "number", min_length=4, max_length=32, note="an X, or X+Y (axyb_query_x_plus_y)"),
        ),
        one_of=(("subscriptionId", "relationNum"),),
        needs_binding=True,
    ),
}

# -- every mode: call stop (00 §6) and recording download (00 §7) -----------------------------------

CALLS: Mapping[tuple[str, str], Operation] = {
    (calls.CALL_STOP_URI, "POST"): Operation(
        "Call stop: end a call of the app in progress",
        (
            Param("sessionid", "string", True, min_length=1, max_length=256, note="the calls' sessionId (STOP-002)"),
            Param("signal", "string", True, enum=("call_stop",), example="call_stop"),
        ),
        needs_call=True,
        invalid_code="1020001",  # STOP-006, D-25: the call-stop table's parameter error
    ),
    (calls.RECORD_URI, "GET"): Operation(
        "Recording download URL: 301 with Location (REC-002)",
        (
            Param("fileName", "string", True, min_length=1, max_length=128, note="the CDR's recordObjectName"),
            Param("recordDomain", "string", True, min_length=1, max_length=128, note="the CDR's recordDomain"),
        ),
        needs_recording=True,
    ),
}

OPERATIONS: Mapping[tuple[str, str], Operation] = {**AXB, **AX, **AXE, **AXYB, **CALLS}
"""Every operation of the route table with its declared fields."""
