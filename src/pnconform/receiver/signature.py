"""Verifying the signature a callback carries (EVT-005, AUTH-014; legacy WSSE EVT-006).

The verdict is a short word; neither the secret nor a full digest is ever stored or logged.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Mapping

from pnconform.auth import aksk_digest, wsse_digest

_FIELD = re.compile(r'(\w+)="([^"]*)"')
_NONCE = re.compile(r"^[0-9A-Za-z]{1,128}$")
_CREATED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")

# Verdicts: "aksk" / "wsse" (valid), "unverified" (no secret known for the app), or a defect:
# "missing", "malformed: …", "unknown app …", "bad digest", "bad nonce", "bad created".


def token_fields(value: str) -> dict[str, str]:
    return dict(_FIELD.findall(value)) if value.strip().startswith("UsernameToken") else {}


def app_key_of(headers: Mapping[str, str]) -> str | None:
    lower = {k.lower(): v for k, v in headers.items()}
    value = lower.get("x-aksk") or lower.get("x-wsse") or ""
    return token_fields(value).get("Username")


def verify(headers: Mapping[str, str], secrets: Mapping[str, str]) -> str:
    """Check `Authorization` + `X-AKSK` (or the legacy `X-WSSE`) against the app's secret."""
    lower = {k.lower(): v for k, v in headers.items()}
    authorization = lower.get("authorization", "")
    if "x-aksk" in lower:
        scheme, value, prefix = "aksk", lower["x-aksk"], "AKSK "
    elif "x-wsse" in lower:
        scheme, value, prefix = "wsse", lower["x-wsse"], "WSSE "
    else:
        return "missing"
    if not authorization.startswith(prefix) or 'profile="UsernameToken"' not in authorization:
        return f"malformed: Authorization {authorization[:40]!r} does not match X-{scheme.upper()}"
    fields = token_fields(value)
    missing = [k for k in ("Username", "PasswordDigest", "Nonce", "Created") if k not in fields]
    if missing:
        return f"malformed: X-{scheme.upper()} lacks {', '.join(missing)}"
    if not _NONCE.match(fields["Nonce"]):
        return "bad nonce (1-128 letters/digits)"
    if not _CREATED.match(fields["Created"]):
        return f"bad created {fields['Created']!r} (yyyy-MM-ddTHH:mm:ssZ)"
    secret = secrets.get(fields["Username"])
    if secret is None:
        return "unverified" if not secrets else f"unknown app {fields['Username']!r}"
    make = aksk_digest if scheme == "aksk" else wsse_digest
    expected = make(secret, fields["Nonce"], fields["Created"])
    if not hmac.compare_digest(expected.encode(), fields["PasswordDigest"].encode()):
        return "bad digest"
    return scheme
