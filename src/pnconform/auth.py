"""Client-side request signing: AKSK (current) and WSSE (legacy), per 00-common §3.

The emulator verifies signatures with its own code; keep this module free of emulator imports
so that a bug here cannot hide behind the same bug there.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

AKSK_AUTHORIZATION = 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"'
WSSE_AUTHORIZATION = 'WSSE realm="SDP",profile="UsernameToken",type="Appkey"'


def new_nonce() -> str:
    """A fresh nonce: 32 hex digits, as Huawei's samples do (UUID without dashes)."""
    return uuid.uuid4().hex.upper()


def utc_created(moment: datetime | None = None) -> str:
    """`Created` in `YYYY-MM-DDTHH:MM:SSZ`, true UTC, no fractional seconds (AUTH-007)."""
    moment = moment or datetime.now(UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def aksk_digest(app_secret: str, nonce: str, created: str) -> str:
    """Base64(HMAC-SHA256(key=app_secret, msg=nonce + created)) (AUTH-004)."""
    mac = hmac.new(app_secret.encode(), (nonce + created).encode(), hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


def wsse_digest(app_secret: str, nonce: str, created: str) -> str:
    """Base64(SHA256(nonce + created + app_secret)) (AUTH-012)."""
    return base64.b64encode(hashlib.sha256((nonce + created + app_secret).encode()).digest()).decode()


def _token(app_key: str, digest: str, nonce: str, created: str, space_after_comma: bool) -> str:
    sep = ", " if space_after_comma else ","
    parts = [f'Username="{app_key}"', f'PasswordDigest="{digest}"', f'Nonce="{nonce}"', f'Created="{created}"']
    return "UsernameToken " + sep.join(parts)


def aksk_headers(
    app_key: str,
    app_secret: str,
    *,
    nonce: str | None = None,
    created: str | None = None,
    space_after_comma: bool = False,
) -> dict[str, str]:
    """The `Authorization` and `X-AKSK` headers of one request."""
    return _headers("X-AKSK", AKSK_AUTHORIZATION, aksk_digest, app_key, app_secret, nonce, created, space_after_comma)


def wsse_headers(
    app_key: str,
    app_secret: str,
    *,
    nonce: str | None = None,
    created: str | None = None,
    space_after_comma: bool = False,
) -> dict[str, str]:
    """The legacy `Authorization` and `X-WSSE` headers of one request."""
    return _headers("X-WSSE", WSSE_AUTHORIZATION, wsse_digest, app_key, app_secret, nonce, created, space_after_comma)


def _headers(
    name: str,
    authorization: str,
    digest_of: Callable[[str, str, str], str],
    app_key: str,
    app_secret: str,
    nonce: str | None,
    created: str | None,
    space_after_comma: bool,
) -> dict[str, str]:
    nonce = nonce or new_nonce()
    created = created or utc_created()
    digest = digest_of(app_secret, nonce, created)
    return {"Authorization": authorization, name: _token(app_key, digest, nonce, created, space_after_comma)}


def sign(scheme: str, app_key: str, app_secret: str, **kwargs: object) -> dict[str, str]:
    """Headers for `scheme` ("aksk" or "wsse")."""
    if scheme == "aksk":
        return aksk_headers(app_key, app_secret, **kwargs)  # type: ignore[arg-type]
    if scheme == "wsse":
        return wsse_headers(app_key, app_secret, **kwargs)  # type: ignore[arg-type]
    raise ValueError(f"unknown auth scheme {scheme!r} (use 'aksk' or 'wsse')")
