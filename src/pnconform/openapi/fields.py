"""The request fields each operation reads, declared once and checked against the emulator.

The handlers read their fields inline (``Fields(...)``), so the description cannot be read off
them without rewriting them. This table restates what they read instead, and
``tests/test_openapi.py`` sends each declaration to the embedded emulator (omit a required
field, send a wrong JSON type, send a valid minimal request) so it cannot drift silently.
Whether a field travels in the JSON body or the query string comes from the route table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..emulator.modes.ax import models as ax_models
from ..emulator.modes.ax import responses as ax
from ..emulator.modes.axb import models as axb_models
from ..emulator.modes.axb import responses as axb

Kind = Literal["string", "integer", "flag", "string_bool", "object", "number"]


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
    example: Any = None
    note: str = ""


@dataclass(frozen=True)
class Operation:
    """An operation's fields; ``one_of``: groups of which one field must be given."""

    summary: str
    params: tuple[Param, ...]
    one_of: tuple[tuple[str, ...], ...] = ()
    needs_binding: bool = False  # a valid request names an existing binding (its subscriptionId)
    missing_code: str = "1010002"  # the refusal when a one-of group is absent, where the mode documents another


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
_AREA = Param("areaCode", "string", note="an area code without the leading 0, e.g. 755")

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

OPERATIONS: Mapping[tuple[str, str], Operation] = {**AXB, **AX}
"""Every operation with declared fields; the other routes are described without parameters."""
