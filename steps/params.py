"""Shared vocabulary of the step definitions: symbolic numbers, field lists, number forms, codes.

Steps name numbers symbolically (A..H are fresh user numbers, X, X1..X3 numbers of the app's
pool) and list request fields as ``key value and key value``, where a value is a JSON literal,
a symbolic number, ``the approved tone`` or ``the city of X2``. The regexes here are strict on
purpose: two step texts never match the same sentence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from parse import with_pattern
from pytest_bdd import parsers

USER = r"[A-H]"
XNAME = r"X[1-3]?"
NAME = rf"(?:{USER}|{XNAME})"
APPROVED_TONE = "the approved tone"

_LITERAL = r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null'
_VALUE = rf"{_LITERAL}|{APPROVED_TONE}|the city of {XNAME}|{NAME}"
VALUE = rf"(?:{_VALUE})"
_PAIR = rf"[A-Za-z][\w.]* (?:{_VALUE})"
# One or more `key value` joined by " and ": usable inside a step regex.
FIELDS = rf"{_PAIR}(?: and {_PAIR})*"
_ONE_PAIR = re.compile(rf"(?P<key>[A-Za-z][\w.]*) (?P<value>{_VALUE})(?: and |$)")

CODES = r"\d+(?: or \d+)*"

# "matching areas strictly|loosely" of a bind by city -> its areaMatchMode (None: not sent).
AREA_MATCH: dict[str | None, str | None] = {None: None, "strictly": "0", "loosely": "1"}


@dataclass(frozen=True)
class Value:
    """A value of a step's field list, resolved later against the scenario context."""

    kind: str  # "literal" | "number" | "tone" | "city"
    payload: Any


def parse_value(text: str) -> Value:
    if text == APPROVED_TONE:
        return Value("tone", None)
    if text.startswith("the city of "):
        return Value("city", text.removeprefix("the city of "))
    if re.fullmatch(NAME, text):
        return Value("number", text)
    return Value("literal", json.loads(text))


def parse_fields(text: str) -> list[tuple[str, Value]]:
    """`duration 600 and calleeNum C` -> [("duration", 600), ("calleeNum", <C>)]."""
    pairs: list[tuple[str, Value]] = []
    pos = 0
    while pos < len(text):
        match = _ONE_PAIR.match(text, pos)
        if match is None:
            raise ValueError(f"cannot read the field list {text!r} at {text[pos:]!r}")
        pairs.append((match["key"], parse_value(match["value"])))
        pos = match.end()
    return pairs


def set_path(target: dict[str, Any], dotted: str, value: Any) -> None:
    """`preVoice.callerHintTone` sets a field of the nested object `preVoice`."""
    *parents, leaf = dotted.split(".")
    for parent in parents:
        target = target.setdefault(parent, {})
    target[leaf] = value


def parse_codes(text: str) -> list[str]:
    return text.split(" or ")


# -- deliberately malformed numbers, derived from a valid one (never hard-coded) --------------

NumberForm = Callable[[str], str]

NUMBER_FORMS: dict[str, NumberForm] = {
    "in national format": lambda n: n.removeprefix("+86"),
    "without the plus": lambda n: n.removeprefix("+"),
    "with a 0086 prefix": lambda n: "0086" + n.removeprefix("+86"),
    "with a space inside": lambda n: n[:3] + " " + n[3:],
    "with a trunk 0 after +86": lambda n: "+860" + n.removeprefix("+86"),
    "padded to 32 characters": lambda n: n + "0" * (32 - len(n)),
    "cut to 3 characters": lambda n: n[:3],
    # NUM-006: service numbers are no user numbers; NUM-007: mainland China only.
    "as a 400 number": lambda n: "+86400" + n[-7:],
    "as a 95 number": lambda n: "+8695" + n[-7:],
    "as a Hong Kong number": lambda n: "+852" + n[-8:],
    "as a US number": lambda n: "+1" + n[-10:],
}
FORM = "|".join(re.escape(f) for f in NUMBER_FORMS)

MOBILE_GLOBAL = re.compile(r"^\+861[3-9]\d{9}$")

# -- HTTP status of a result code (decision D-1) ----------------------------------------------

_HTTP_500 = {"1010001", "1023001", "1023002", "1020001", "1020002", "1020150", "1020152"}
_HTTP_401 = {"1010010", "1010013"}  # 1010010 here is the bad digest; flow control has its own step


def expected_status(code: str) -> int:
    if code == "0":
        return 200
    if code in _HTTP_500:
        return 500
    if code.startswith("1023"):
        return 400
    if code in _HTTP_401:
        return 401
    return 403


def same_text(actual: str, expected: str) -> bool:
    """GEN-007 / §5: compare descriptions case-insensitively, ignoring a trailing period."""
    return actual.strip().rstrip(".").casefold() == expected.strip().rstrip(".").casefold()


# -- step texts: `parse("the AX app binds {a:User} to {x:AxX}")` ------------------------------------


def _type(pattern: str, convert: Callable[[str], Any] = str) -> Callable[[str], Any]:
    return with_pattern(pattern)(lambda text: convert(text))


AX_X = r"X[1-6]?"  # the X names of the AX features (and of calls)
AXE_X = r"X[1-4]?"  # the X names of the AXE features
PARTY = r"(?:[A-H]|X[1-6]?|Y)"  # whoever takes part in a call: a user, an X, an AXYB Y

# The placeholders of the step texts: each as strict as the regex it replaces, so that two step
# texts still never match the same sentence.
TYPES: dict[str, Callable[[str], Any]] = {
    "User": _type(USER),  # A..H
    "X": _type(XNAME),  # X, X1..X3 (AXB and the common features)
    "AxX": _type(AX_X),
    "AxeX": _type(AXE_X),
    "Name": _type(NAME),  # a user or an AXB X
    "Party": _type(PARTY),
    "Fields": _type(FIELDS),  # key value and key value
    "Value": _type(VALUE),
    "Codes": _type(CODES),  # 1012005 or 1012006
    "Form": _type(FORM),  # a malformed number form, NUMBER_FORMS
    "Int": _type(r"\d+", int),
    "Digits": _type(r"\d+"),  # a number kept as its text
    "Quoted": _type(r'[^"]+'),  # the text between double quotes: "order"
    "Text": _type(r'[^"]*'),  # the same, possibly empty
    "Word": _type(r"\w+"),
    "Key": _type(r"[\w.]+"),  # a field name, dotted for a nested field
    "Method": _type(r"[A-Z]+"),
}


def parse(text: str, **types: Callable[[str], Any]) -> parsers.parse:
    """`parsers.parse` with the suite's placeholder types (and ``types``), case-sensitive."""
    return parsers.parse(text, extra_types={**TYPES, **types}, case_sensitive=True)


def one_of(*choices: str) -> Callable[[str], str]:
    """A placeholder type matching exactly one of ``choices``."""
    return _type("|".join(re.escape(c) for c in sorted(choices, key=len, reverse=True)))
