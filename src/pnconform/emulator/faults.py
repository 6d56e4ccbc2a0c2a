"""Fault switches: the one registry, and the request plumbing's switches.

A fault bends exactly one behaviour so that the kit can prove its tests notice the breakage
(design.md "Fault switches"). Each switch is declared once, as a module-level constant, beside
the code it bends::

    ALLOW_OVERLAP = fault("axb.allow_overlap", ("AXB-004", ...), "user numbers may repeat on one X")

``fault`` registers the switch in ``FAULTS`` (the registry is derived from the declarations,
with the file and line of each: ``declared_at``) and returns its name; the bending code checks
the constant, ``if ALLOW_OVERLAP in state.faults:`` (a frozenset of names: one hash per check).
A misspelt switch is an import error, and grep leads from a switch to every check of it.

Where a switch is declared:

- ``modes/<mode>/faults.py``: the switches only that mode's code checks: its own ``<mode>.*``
  (``xmode.*`` for X mode) and the ``app``/``call``/``sms`` ones that bend only its rules,
  routing or messages;
- ``calls/faults.py``: the call simulator's (``call``, ``push``, ``sms``, ``rec``, ``stop``,
  ``xmode``) checked by the shared call code or by several modes;
- this module: the request plumbing's (``auth``, ``app``, ``envelope``, ``http``, ``validate``,
  ``number``).

tests/emulator/test_emu_fault_declarations.py holds the code to it: no switch checked by a
string literal, every switch checked somewhere, each declared in its place. ``FAULTS`` holds
every switch once ``pnconform.emulator`` is imported (its ``app`` imports every declaring
module), which any import of this module from outside the package implies.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType


@dataclass(frozen=True)
class Fault:
    name: str
    rules: tuple[str, ...]
    description: str


_DECLARED: dict[str, Fault] = {}
_ORIGINS: dict[str, tuple[str, int]] = {}  # name -> (file, line) of its declaration
_NAME = re.compile(r"[a-z]+\.[a-z0-9_]+")

# name -> Fault: a read-only view of the declarations.
FAULTS: MappingProxyType[str, Fault] = MappingProxyType(_DECLARED)


def fault(name: str, rules: tuple[str, ...], description: str) -> str:
    """Declare a fault switch: register it in ``FAULTS``, note the file and line declaring it,
    and return its name, for the module-level constant the bending code checks."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"fault name {name!r} is not <area>.<switch>")
    caller = sys._getframe(1)
    origin = (caller.f_code.co_filename, caller.f_lineno)
    if name in _DECLARED and _ORIGINS[name][0] != origin[0]:
        raise ValueError(f"fault {name!r} is declared twice: {_ORIGINS[name][0]} and {origin[0]}")
    _DECLARED[name] = Fault(name, tuple(rules), description)
    _ORIGINS[name] = origin
    return name


def declared_at(name: str) -> tuple[Path, int]:
    """The file and line declaring fault ``name`` (KeyError for an unknown name)."""
    file, line = _ORIGINS[name]
    return Path(file), line


def unknown_faults(names: object) -> list[str]:
    """The names in ``names`` that are not in the registry (non-strings count as unknown)."""
    if not isinstance(names, (list, tuple, set, frozenset)):
        return [repr(names)]
    return [n if isinstance(n, str) else repr(n) for n in names if not isinstance(n, str) or n not in FAULTS]


def _codes(first: int, last: int) -> tuple[str, ...]:
    return tuple(f"CODE-{n}" for n in range(first, last + 1))


# Authentication (auth.py): the X-AKSK / WSSE headers and their digests.
AUTH_SKIP_DIGEST = fault(
    "auth.skip_digest", ("AUTH-005", "CODE-1010010-401", "STOP-007"), "any PasswordDigest is accepted"
)
AUTH_DIGEST_UNPADDED = fault(
    "auth.digest_unpadded",
    ("AUTH-004",),
    "the PasswordDigest is expected without its Base64 padding: correctly signed requests get 401 1010010",
)
AUTH_NONCE_MAX_32 = fault(
    "auth.nonce_max_32", ("AUTH-006",), "a Nonce longer than 32 characters is refused as a bad digest (401 1010010)"
)
AUTH_BUSINESS_FIRST = fault(
    "auth.business_first",
    ("AUTH-011",),
    "a request that fails authentication is first run through the business rules: their code wins",
)
AUTH_WSSE_ANY_DIGEST = fault("auth.wsse_any_digest", ("AUTH-012",), "a legacy WSSE PasswordDigest is not verified")
AUTH_IGNORE_CREATED = fault(
    "auth.ignore_created", ("AUTH-007", "AUTH-008", "CODE-1010013", "STOP-007"), "Created is not checked"
)
AUTH_NO_FLOW_CONTROL = fault(
    "auth.no_flow_control", ("GEN-115", "CODE-1010010-403"), "the platform-wide flow-control limit is not enforced"
)
AUTH_NO_REQUESTER_LIMIT = fault(
    "auth.no_requester_limit", ("GEN-115", "CODE-1011006"), "the per-requester limit is not enforced"
)
AUTH_NO_BLOCKING = fault(
    "auth.no_blocking", ("AUTH-010", "CODE-1020176"), "repeated authentication failures never block a client"
)
AUTH_SHORT_BLOCK = fault(
    "auth.short_block", ("AUTH-010", "CODE-1020176"), "a blocked client is served again after 10 minutes, not ~30"
)
AUTH_ENDLESS_BLOCK = fault(
    "auth.endless_block", ("AUTH-010", "CODE-1020176"), "a blocked client stays blocked for good"
)
AUTH_SKIP_HEADER_CHECKS = fault(
    "auth.skip_header_checks", ("AUTH-001", *_codes(1023006, 1023012)), "Authorization header not checked at all"
)
AUTH_SKIP_XAKSK_CHECKS = fault(
    "auth.skip_xaksk_checks",
    ("AUTH-002", *_codes(1023033, 1023037)),
    "missing X-AKSK parts are not reported with their codes (treated as bad digest 401 1010010)",
)
AUTH_SKIP_WSSE_HEADER_CHECKS = fault(
    "auth.skip_wsse_header_checks",
    ("AUTH-013", "CODE-1023013", *_codes(1023026, 1023031)),
    "legacy WSSE header-format checks off: a missing WSSE Authorization, missing X-WSSE parts and a "
    "malformed Created are treated as a bad digest (401 1010010)",
)
AUTH_STRICT_SEPARATOR = fault(
    "auth.strict_separator", ("AUTH-003",), "X-AKSK with a space after commas is rejected (401 1010010)"
)
AUTH_SKIP_APP_KEY = fault(
    "auth.skip_app_key",
    ("AUTH-009", "CODE-1010003", "STOP-007"),
    "unknown app key -> bad digest (401 1010010) instead of 1010003",
)

# The calling app (auth.py, app.py): its state, IP whitelist and mode.
APP_IGNORE_IP_WHITELIST = fault(
    "app.ignore_ip_whitelist", ("AUTH-010", "CODE-1020166"), "the app's IP whitelist is not checked"
)
APP_IGNORE_STATE = fault(
    "app.ignore_state",
    ("CODE-1010008", "CODE-1010029", "GEN-103", "AUTH-009", "CODE-1010004", "STOP-007"),
    "app state not checked",
)
APP_IGNORE_MODE = fault(
    "app.ignore_mode", ("GEN-101", "AXB-021", "AXB-108", "CODE-1010040", "XM-001", "AX-009"), "any app may call AXB"
)

# The answer envelope (app.py).
ENVELOPE_INT_RESULTCODE = fault("envelope.int_resultcode", ("GEN-006",), "resultcode sent as a JSON number")
ENVELOPE_NO_RESULTDESC = fault("envelope.no_resultdesc", ("GEN-006",), "resultdesc omitted")
ENVELOPE_STATUS_200 = fault(
    "envelope.status_200",
    ("GEN-009", "AUTH-001", "AUTH-002", *_codes(1023006, 1023012), *_codes(1023033, 1023037)),
    "every error sent with HTTP 200",
)
ENVELOPE_SUCCESS_TEXT = fault("envelope.success_text", ("GEN-007", "CODE-0"), 'success described as "OK"')
ENVELOPE_NOT_JSON = fault(
    "envelope.not_json", ("GEN-006", "GEN-008"), "the answer body is not JSON (a text line before the object)"
)
ENVELOPE_NATIONAL_X = fault(
    "envelope.national_x", ("NUM-005",), "the relationNum of an answer is written without +86 (national format)"
)

# HTTP routing and query strings (app.py, validation.py).
HTTP_UNKNOWN_PATH_403 = fault("http.unknown_path_403", ("GEN-002",), "unknown paths answer 403 1010002")
HTTP_CONTENT_TYPE_WITHOUT_BODY = fault(
    "http.content_type_without_body",
    ("GEN-003",),
    "a GET or DELETE that declares Content-Type application/json;charset=UTF-8 is refused (1010002)",
)
HTTP_QUERY_STRING_IGNORED = fault(
    "http.query_string_ignored", ("GEN-004",), "GET and DELETE parameters are not read from the query string"
)
HTTP_CRASH_ON_DEEP_JSON = fault(
    "http.crash_on_deep_json",
    ("GEN-006", "GEN-009"),
    "a JSON body nested more than 32 levels deep answers HTTP 500 with a plain-text body (no envelope)",
)
HTTP_PLUS_TOLERANT = fault(
    "http.plus_tolerant",
    ("NUM-003", "AX-108", "CODE-1011004", "AXB-045", "CODE-1012001", "CODE-1016001"),
    "an unescaped + (space) in a query string still matches",
)

# Field validation (validation.py and the modes' request parsing).
VALIDATE_SKIP_NUMBERS = fault(
    "validate.skip_numbers",
    (
        "NUM-001",
        "NUM-004",
        "AXB-003",
        "AX-026",
        "CODE-1010002",
        "NUM-002",
        "NUM-006",
        "NUM-007",
        "AXYB-001",
        "AXYB-004",
    ),
    "number format/length not checked",
)
VALIDATE_SERVICE_NUMBERS = fault(
    "validate.service_numbers", ("NUM-006", "CODE-1010002"), "400 and 95 numbers are accepted as A or B of an AXB bind"
)
VALIDATE_FOREIGN_NUMBERS = fault(
    "validate.foreign_numbers",
    ("NUM-007", "CODE-1010002"),
    "numbers outside mainland China (any +country code) are accepted as A or B of an AXB bind",
)
VALIDATE_SKIP_REQUIRED = fault(
    "validate.skip_required",
    ("AXB-002", "AXB-058", "CODE-1010002", "AX-026", "AX-406"),
    "missing mandatory fields not reported (1012007/other)",
)
VALIDATE_SKIP_RANGES = fault(
    "validate.skip_ranges",
    (
        "AXB-016",
        "AXB-017",
        "AXB-018",
        "AXB-053",
        "CODE-1010002",
        "AX-030",
        "AX-035",
        "AX-205",
        "AX-405",
        "AXE-011",
        "AXYB-001",
        "GEN-108",
    ),
    "enum/range checks off",
)
VALIDATE_SKIP_USER_DATA = fault(
    "validate.skip_user_data", ("AXB-023", "GEN-118", "CODE-1010002", "AX-409", "AXYB-001"), "userData not checked"
)
VALIDATE_SKIP_VOICE_FILES = fault(
    "validate.skip_voice_files", ("AXB-019", "CODE-1010002", "AX-034", "AXYB-001"), "voice file names not checked"
)

# X numbers (allocation.py and the modes' bind rules).
NUMBER_IGNORE_BLACKLIST = fault(
    "number.ignore_blacklist", ("AXB-024", "GEN-104", "CODE-1012102"), "blacklisted X still bindable"
)

# Transport (server.py): HTTPS at the access address (GEN-001).
HTTP_PLAIN_HTTP = fault(
    "http.plain_http",
    ("GEN-001",),
    "an emulator asked to serve HTTPS (embedded target `tls: true`, `pnconform emulator --tls`) serves plain HTTP",
)
