"""Parameter validation shared by the mode handlers; every failure is 403 1010002 with detail.

``Fields`` wraps one request's parameters (JSON body or query string) together with the enabled
faults, so a rule's check and the fault that disables it sit side by side.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from typing import Any

from .codes import ApiError, invalid
from .faults import (
    HTTP_PLUS_TOLERANT,
    VALIDATE_FOREIGN_NUMBERS,
    VALIDATE_SERVICE_NUMBERS,
    VALIDATE_SKIP_NUMBERS,
    VALIDATE_SKIP_RANGES,
    VALIDATE_SKIP_USER_DATA,
    VALIDATE_SKIP_VOICE_FILES,
)
from .numbers import FOREIGN_RE, is_area_code, is_global, is_user_number

_log = logging.getLogger("pnconform.emulator")

AXB_USER_FIELDS = ("callerNum", "calleeNum")


class Fields:
    """Typed access to request parameters; a JSON null counts as an absent field."""

    def __init__(
        self, data: Mapping[str, Any], faults: frozenset[str], voice_files: frozenset[str] = frozenset()
    ) -> None:
        self.data = data
        self.faults = faults
        self.voice_files = voice_files

    def has(self, name: str) -> bool:
        return self.data.get(name) is not None

    def raw(self, name: str) -> Any:
        return self.data.get(name)

    # -- strings and numbers ------------------------------------------------------------------

    def string(self, name: str, low: int, high: int, required: bool = False) -> str | None:
        value = self.raw(name)
        if value is None:
            if required:
                raise invalid(f"{name} is missing.")
            return None
        if not isinstance(value, str):
            raise invalid(f"{name} must be a string.")
        if not low <= len(value) <= high:
            raise invalid(f"{name} length must be {low}-{high}.")
        return value

    def user_number(self, name: str, required: bool = False, high: int = 31) -> str | None:
        """A/B in a JSON body: String(4-31) then global format (NUM-001, NUM-004, NUM-006)."""
        if VALIDATE_SKIP_NUMBERS in self.faults:
            return self.string(name, 0, 10**6, required)
        value = self.string(name, 4, high, required)
        if value is None:
            return None
        if name in AXB_USER_FIELDS:  # the two faults bend the AXB bind's A and B only
            if VALIDATE_SERVICE_NUMBERS in self.faults and is_global(value):
                return value  # NUM-006 bent: 400 and 95 numbers pass
            if VALIDATE_FOREIGN_NUMBERS in self.faults and FOREIGN_RE.fullmatch(value):
                return value  # NUM-007 bent: numbers of other countries and regions pass
        if not is_user_number(value):
            raise invalid(f"{name} is not in global format.")
        return value

    def x_number(self, name: str) -> str | None:
        """An explicit X in a JSON body; whether it exists is a business rule (1012007)."""
        return self.user_number(name)

    def query_number(self, name: str, high: int = 31) -> str | None:
        """A number in a query string: only the length is checked here; a malformed or
        unescaped-``+`` value simply matches nothing (NUM-003), unless http.plus_tolerant."""
        value = self.raw(name)
        if value is None or value == "":
            return None
        if HTTP_PLUS_TOLERANT in self.faults and value.startswith(" "):
            value = "+" + value[1:]
        if VALIDATE_SKIP_NUMBERS not in self.faults and not 4 <= len(value) <= high:
            raise invalid(f"{name} length must be 4-{high}.")
        return value

    def area_code(self, name: str = "areaCode") -> str | None:
        value = self.raw(name)
        if value is None or value == "":
            return None  # design.md: "" means absent
        if not isinstance(value, str) or not is_area_code(value):
            raise invalid(f"{name} is not a valid area code.")
        return value

    # -- enums and ranges -----------------------------------------------------------------------

    def integer(self, name: str, low: int, high: int, default: int | None = None) -> int | None:
        """An Integer field: JSON booleans and strings are not integers."""
        value = self.raw(name)
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool):
            raise invalid(f"{name} must be an integer.")
        if VALIDATE_SKIP_RANGES not in self.faults and not low <= value <= high:
            raise invalid(f"{name} must be {low}-{high}.")
        return value

    def enum_string(self, name: str, allowed: Collection[str], default: str | None = None) -> str | None:
        value = self.raw(name)
        if value is None:
            return default
        if not isinstance(value, str):
            raise invalid(f"{name} must be a string.")
        if VALIDATE_SKIP_RANGES not in self.faults and value not in allowed:
            raise invalid(f"{name} must be one of {', '.join(sorted(allowed))}.")
        return value

    def record_flag(self, name: str = "recordFlag") -> bool | None:
        """Boolean or "true"/"false" (the official samples send both forms)."""
        value = self.raw(name)
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
        raise invalid(f"{name} must be true or false.")

    def string_bool(self, name: str) -> bool | None:
        """String enum "true"/"false" (privateSms)."""
        value = self.raw(name)
        if value is None:
            return None
        if value in ("true", "false"):
            return value == "true"
        raise invalid(f'{name} must be "true" or "false".')

    # -- free text and voice files ------------------------------------------------------------------

    def user_data(self, name: str = "userData") -> str | None:
        """GEN-118: 1-256 characters, ASCII only, no braces."""
        value = self.raw(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise invalid(f"{name} must be a string.")
        if VALIDATE_SKIP_USER_DATA in self.faults:
            return value
        if not 1 <= len(value) <= 256 or not value.isascii() or "{" in value or "}" in value:
            raise invalid(f"{name} must be 1-256 ASCII characters without braces.")
        return value

    def voice(
        self, name: str, low: int = 0, data: Mapping[str, Any] | None = None, label: str | None = None
    ) -> str | None:
        """A voice file name that must be an approved file of the app (AXB-019)."""
        value = (self.data if data is None else data).get(name)
        label = label or name
        if value is None:
            return None
        if not isinstance(value, str):
            raise invalid(f"{label} must be a string.")
        if not low <= len(value) <= 128:
            raise invalid(f"{label} length must be {low}-128.")
        if value and VALIDATE_SKIP_VOICE_FILES not in self.faults and value not in self.voice_files:
            _log.info("%s %r is not a voice file of the app: approve it with --voice-file or voice_files", label, value)
            raise invalid(f"{value} does not exist.")
        return value or None

    def pre_voice(self, name: str = "preVoice") -> dict[str, str] | None:
        value = self.raw(name)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            raise invalid(f"{name} must be an object.")
        out: dict[str, str] = {}
        for tone in ("callerHintTone", "calleeHintTone"):
            checked = self.voice(tone, 0, data=value, label=f"{name}.{tone}")
            if checked is not None:
                out[tone] = checked
        return out


def require_object(body: Any) -> Mapping[str, Any]:
    if not isinstance(body, dict):
        raise ApiError("1010002", "The request body must be a JSON object.")
    return body
