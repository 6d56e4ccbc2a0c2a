"""Server-side AKSK / WSSE verification (AUTH-001..AUTH-013).

Independent of the client-side ``pnconform.auth`` on purpose: two implementations written from
the spec catch each other's mistakes. Order (design.md pipeline steps 2-5): Authorization
header (400) -> X-AKSK / X-WSSE parts and, for WSSE, the Created format (400) -> app key /
state (403) -> digest, Created (401) -> flow control, IP whitelist, requester limit,
auth-failure block (403).
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import hmac
import ipaddress
import logging
import re
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from .codes import BAD_DIGEST, FLOW_CONTROL, ApiError
from .faults import (
    APP_IGNORE_IP_WHITELIST,
    APP_IGNORE_STATE,
    AUTH_DIGEST_UNPADDED,
    AUTH_ENDLESS_BLOCK,
    AUTH_IGNORE_CREATED,
    AUTH_NO_BLOCKING,
    AUTH_NO_FLOW_CONTROL,
    AUTH_NO_REQUESTER_LIMIT,
    AUTH_NONCE_MAX_32,
    AUTH_SHORT_BLOCK,
    AUTH_SKIP_APP_KEY,
    AUTH_SKIP_DIGEST,
    AUTH_SKIP_HEADER_CHECKS,
    AUTH_SKIP_WSSE_HEADER_CHECKS,
    AUTH_SKIP_XAKSK_CHECKS,
    AUTH_STRICT_SEPARATOR,
    AUTH_WSSE_ANY_DIGEST,
)

if TYPE_CHECKING:
    from .state import AppRuntime, EmulatorState

_log = logging.getLogger("pnconform.emulator")

# name="value" pairs; whitespace around separators is free (AUTH-003 accepts ", " and ",").
_ATTR_RE = re.compile(r'([A-Za-z]+)\s*=\s*"([^"]*)"')
_CREATED_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
_SPACE_AFTER_COMMA = re.compile(r",\s")


@dataclass(frozen=True)
class _Scheme:
    name: str
    token_header: str
    # codes for: header missing, Username, Nonce, Created, PasswordDigest missing
    missing: tuple[str, str, str, str, str]
    # the fault that turns this scheme's token checks into a bad digest (401 1010010)
    skip_fault: str


AKSK = _Scheme("AKSK", "x-aksk", ("1023033", "1023034", "1023035", "1023036", "1023037"), AUTH_SKIP_XAKSK_CHECKS)
WSSE = _Scheme("WSSE", "x-wsse", ("1023026", "1023027", "1023028", "1023029", "1023030"), AUTH_SKIP_WSSE_HEADER_CHECKS)


def aksk_digest(secret: str, nonce: str, created: str) -> str:
    """AUTH-004: Base64(HMAC-SHA256(key=app_secret, msg=Nonce+Created))."""
    mac = hmac.new(secret.encode(), (nonce + created).encode(), hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


def wsse_digest(secret: str, nonce: str, created: str) -> str:
    """AUTH-012: Base64(SHA256(Nonce+Created+app_secret))."""
    return base64.b64encode(hashlib.sha256((nonce + created + secret).encode()).digest()).decode()


def parse_attributes(text: str) -> dict[str, str]:
    """``name="value"`` attributes keyed by lower-case name (first occurrence wins)."""
    attrs: dict[str, str] = {}
    for name, value in _ATTR_RE.findall(text):
        attrs.setdefault(name.lower(), value)
    return attrs


def parse_created(created: str) -> float | None:
    """Epoch seconds of ``YYYY-MM-DDTHH:MM:SSZ`` or None when malformed."""
    if not _CREATED_RE.fullmatch(created):
        return None
    try:
        # The pattern above fixed the shape; fromisoformat is ~10x faster than strptime (hot path).
        return datetime.fromisoformat(created[:-1]).replace(tzinfo=UTC).timestamp()
    except ValueError:
        pass
    try:  # what fromisoformat refuses and strptime takes (a leap second, :60)
        return float(calendar.timegm(time.strptime(created, "%Y-%m-%dT%H:%M:%SZ")))
    except ValueError:
        return None


def _check_authorization(header: str | None, accept_wsse: bool) -> _Scheme:
    """AUTH-001 in the order of its codes."""
    if header is None:
        raise ApiError("1023006")
    scheme_name, _, rest = header.strip().partition(" ")
    if scheme_name == "AKSK":
        scheme = AKSK
    elif scheme_name == "WSSE" and accept_wsse:
        scheme = WSSE
    else:
        if scheme_name == "WSSE":  # answered as the platform would; the person watching learns why
            _log.info("a WSSE-signed request got 1023006: WSSE is off (start with --accept-wsse, D-27)")
        # Not an Authorization of an accepted scheme: no AKSK Authorization was sent.
        raise ApiError("1023006")
    attrs = parse_attributes(rest)
    if "realm" not in attrs:
        raise ApiError("1023007")
    if "profile" not in attrs:
        raise ApiError("1023008")
    if attrs["realm"] != "SDP":
        raise ApiError("1023009")
    if attrs["profile"] != "UsernameToken":
        raise ApiError("1023010")
    if "type" in attrs and attrs["type"] != "Appkey":
        raise ApiError("1023011")
    if "type" not in attrs:
        raise ApiError("1023012")
    return scheme


def _guess_scheme(header: str | None, accept_wsse: bool) -> _Scheme:
    """With auth.skip_header_checks the Authorization only picks the token header."""
    if accept_wsse and header is not None and header.strip().startswith("WSSE"):
        return WSSE
    return AKSK


def _wsse_token_without_wsse_authorization(headers: Mapping[str, str], authorization: str | None) -> bool:
    """AUTH-013 / 1023013: an X-WSSE token whose Authorization names neither scheme.

    Settled against the digest (issue 15): with no Authorization at all, header presence is checked
    first (AUTH-011) and the answer is AUTH-001's 1023006; an AKSK Authorization makes an AKSK
    request, whose missing X-AKSK is AUTH-002's 1023033, with WSSE on or off. A request that
    carries X-AKSK is an AKSK request too: a stray X-WSSE next to it changes nothing.
    """
    if "x-wsse" not in headers or "x-aksk" in headers or authorization is None:
        return False
    return authorization.strip().partition(" ")[0] not in ("WSSE", "AKSK")


class RequestGuard:
    """Flow control, per-requester limit and auth-failure blocking on the emulator clock.

    Mutated only from the event loop without awaits in between, so no lock is needed.
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._flow_minute = -1
        self._flow_count = 0
        self._req_minute = -1
        self._req_counts: dict[str, int] = {}
        self._failures: dict[str, deque[float]] = {}

    def flow_exceeded(self, now: float, limit: int) -> bool:
        minute = int(now // 60)
        if minute != self._flow_minute:
            self._flow_minute, self._flow_count = minute, 0
        self._flow_count += 1
        return self._flow_count > limit

    def requester_exceeded(self, ip: str, now: float, limit: int) -> bool:
        minute = int(now // 60)
        if minute != self._req_minute:
            self._req_minute, self._req_counts = minute, {}
        count = self._req_counts.get(ip, 0) + 1
        self._req_counts[ip] = count
        return count > limit

    def record_failure(self, ip: str, now: float) -> None:
        q = self._failures.setdefault(ip, deque(maxlen=1000))
        q.append(now)

    def blocked(self, ip: str, now: float, after: int, block_s: int) -> bool:
        q = self._failures.get(ip)
        if not q:
            return False
        while q and q[0] <= now - block_s:
            q.popleft()
        return len(q) >= after


def _ip_allowed(ip: str, whitelist: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> bool:
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(addr in net for net in whitelist)


def authenticate(headers: Mapping[str, str], client_ip: str, state: EmulatorState) -> AppRuntime:
    """The calling app, or ApiError with the documented code. Counts 401s for blocking."""
    try:
        return _authenticate(headers, client_ip, state)
    except ApiError as exc:
        if exc.status == 401 and state.settings["auth_block_after_failures"] > 0:
            state.guard.record_failure(client_ip, state.clock.now())
        raise


def _authenticate(headers: Mapping[str, str], client_ip: str, state: EmulatorState) -> AppRuntime:
    faults = state.faults
    settings = state.settings
    accept_wsse = settings["accept_wsse"]
    authorization = headers.get("authorization")
    if accept_wsse and _wsse_token_without_wsse_authorization(headers, authorization):
        raise ApiError(BAD_DIGEST if WSSE.skip_fault in faults else "1023013")
    if AUTH_SKIP_HEADER_CHECKS in faults:
        scheme = _guess_scheme(authorization, accept_wsse)
    else:
        scheme = _check_authorization(authorization, accept_wsse)

    token = headers.get(scheme.token_header)
    if token is not None and AUTH_STRICT_SEPARATOR in faults and _SPACE_AFTER_COMMA.search(token):
        raise ApiError(BAD_DIGEST)
    attrs = parse_attributes(token) if token is not None else {}
    username = attrs.get("username", "")
    nonce = attrs.get("nonce", "")
    created = attrs.get("created", "")
    digest = attrs.get("passworddigest", "")
    for missing, key in zip(
        (token is None, not username, not nonce, not created, not digest), scheme.missing, strict=True
    ):
        if missing:
            raise ApiError(BAD_DIGEST if scheme.skip_fault in faults else key)
    if AUTH_NONCE_MAX_32 in faults and len(nonce) > 32:  # AUTH-006: 1-128 characters
        raise ApiError(BAD_DIGEST)
    if scheme is WSSE and parse_created(created) is None:
        # AUTH-013 / 1023031: the legacy scheme reports a malformed Created as a header-format
        # error (400); AKSK answers it with 401 1010013 after the digest (below).
        raise ApiError(BAD_DIGEST if scheme.skip_fault in faults else "1023031")

    app = state.apps.get(username)
    if app is None:
        raise ApiError(BAD_DIGEST if AUTH_SKIP_APP_KEY in faults else "1010003")
    if APP_IGNORE_STATE not in faults:
        if app.state == "unavailable":
            raise ApiError("1010008")
        if app.state == "frozen":
            raise ApiError("1010029")

    # AUTH-004 / AUTH-005 (AKSK), AUTH-012 (WSSE: verified like AKSK)
    if AUTH_SKIP_DIGEST not in faults and not (scheme is WSSE and AUTH_WSSE_ANY_DIGEST in faults):
        compute = aksk_digest if scheme is AKSK else wsse_digest
        expected = compute(app.secret, nonce, created)
        if AUTH_DIGEST_UNPADDED in faults:
            expected = expected.rstrip("=")
        if not hmac.compare_digest(expected.encode(), digest.encode()):
            raise ApiError(BAD_DIGEST)
    if AUTH_IGNORE_CREATED not in faults:
        ts = parse_created(created)
        if ts is None or abs(time.time() - ts) > settings["created_skew_s"]:
            raise ApiError("1010013")

    now = state.clock.now()
    # GEN-115: platform flow control (CODE-1010010-403), then the per-requester limit (CODE-1011006)
    flow_control = settings["flow_control_per_min"] if AUTH_NO_FLOW_CONTROL not in faults else 0
    if flow_control and state.guard.flow_exceeded(now, flow_control):
        raise ApiError(FLOW_CONTROL)
    if app.whitelist and APP_IGNORE_IP_WHITELIST not in faults and not _ip_allowed(client_ip, app.whitelist):
        raise ApiError("1020166")
    requester_limit = settings["requester_limit_per_min"] if AUTH_NO_REQUESTER_LIMIT not in faults else 0
    if requester_limit and state.guard.requester_exceeded(client_ip, now, requester_limit):
        raise ApiError("1011006")
    # AUTH-010 / CODE-1020176: blocked for about 30 minutes (auth_block_s) after repeated failures
    block_s = settings["auth_block_s"]
    if AUTH_SHORT_BLOCK in faults:
        block_s = 600
    elif AUTH_ENDLESS_BLOCK in faults:
        block_s = 10**9
    after = settings["auth_block_after_failures"] if AUTH_NO_BLOCKING not in faults else 0
    if after and state.guard.blocked(client_ip, now, after, block_s):
        raise ApiError("1020176")
    return app
