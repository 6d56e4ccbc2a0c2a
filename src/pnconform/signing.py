"""How a request was signed, in a form that can be recorded and re-signed without the secret.

A recording keeps the signature headers redacted (`client.redact_header`). To replay a request
whose headers a scenario built itself (broken or stale auth), the replay needs to know whether the
digest was right for the app's secret and how far `Created` was from the send time; both are
worked out here while the secret is still at hand, and only those facts are kept.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from pnconform.auth import aksk_digest, utc_created, wsse_digest

SIGNATURE_HEADERS = {"x-aksk": "aksk", "x-wsse": "wsse"}
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
_CREATED_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def attributes(value: str) -> dict[str, str]:
    """The `Name="value"` attributes of an X-AKSK/X-WSSE header."""
    return dict(_ATTRIBUTE.findall(value))


def replace_attribute(value: str, name: str, new: str) -> str:
    return re.sub(rf'({name}=")([^"]*)(")', lambda m: f"{m.group(1)}{new}{m.group(3)}", value)


def digest(scheme: str, secret: str, nonce: str, created: str) -> str:
    return (aksk_digest if scheme == "aksk" else wsse_digest)(secret, nonce, created)


def _created_offset(created: str, now: datetime) -> int | None:
    try:
        moment = datetime.strptime(created, _CREATED_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None  # not a timestamp of the documented format: replayed as it is
    return round((moment - now).total_seconds())


def describe(headers: dict[str, str], auth: str, secret: str, *, by_client: bool) -> dict[str, Any]:
    """`{"by": "client", "scheme": ...}` for the client's own signature; for headers a scenario
    built: which signature header, whether its digest matches `secret`, Created minus now."""
    if by_client:
        return {"by": "client", "scheme": auth}
    for name, value in headers.items():
        scheme = SIGNATURE_HEADERS.get(name.lower())
        if scheme is None:
            continue
        attrs = attributes(value)
        nonce, created, sent = attrs.get("Nonce"), attrs.get("Created"), attrs.get("PasswordDigest")
        valid = None not in (nonce, created, sent) and digest(scheme, secret, nonce, created) == sent  # type: ignore[arg-type]
        offset = None if created is None else _created_offset(created, datetime.now(UTC))
        return {"by": "scenario", "scheme": scheme, "header": name, "digest_valid": valid, "created_offset_s": offset}
    return {"by": "scenario", "scheme": None}


def resign(headers: dict[str, str], signing: dict[str, Any], secrets: dict[str, str]) -> dict[str, str]:
    """The recorded (redacted) headers of a scenario-built request, made sendable again: Created
    moved by the recorded offset, the digest recomputed when it was right, else a wrong one."""
    out = dict(headers)
    name = signing.get("header")
    if not name or name not in out:
        return out
    value = out[name]
    attrs = attributes(value)
    if signing.get("created_offset_s") is not None and "Created" in attrs:
        created = datetime.now(UTC).timestamp() + signing["created_offset_s"]
        attrs["Created"] = utc_created(datetime.fromtimestamp(created, UTC))
        value = replace_attribute(value, "Created", attrs["Created"])
    if "PasswordDigest" in attrs:
        secret = secrets.get(attrs.get("Username", ""))
        if signing.get("digest_valid") and secret and "Nonce" in attrs and "Created" in attrs:
            new = digest(signing["scheme"], secret, attrs["Nonce"], attrs["Created"])
        else:  # the recorded digest was wrong: send a wrong one of the same shape (ASCII, base64)
            new = re.sub(r"[^A-Za-z0-9+/=]", "", attrs["PasswordDigest"])[:6].ljust(43, "A") + "="
        value = replace_attribute(value, "PasswordDigest", new)
    out[name] = value
    return out
