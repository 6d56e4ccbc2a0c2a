"""A tiny integrator service: it hides the two parties' real numbers behind a privacy number.

`PrivacyCalls` binds A and B on a privacy number X through the Huawei Cloud PrivateNumber AXB API
(signed with AKSK), and `callbacks_app()` is the endpoint where the platform pushes call events
and call records (CDRs). Nothing here knows about the emulator: in production `base_url` is the
platform's address and the key and secret come from the console.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

AXB_PATH = "/rest/caas/relationnumber/partners/v1.0"
NONCE_ALPHABET = string.ascii_letters + string.digits


def aksk_headers(app_key: str, app_secret: str) -> dict[str, str]:
    """The AKSK headers of one request: PasswordDigest = Base64(HMAC-SHA256(secret, Nonce + Created))."""
    nonce = "".join(secrets.choice(NONCE_ALPHABET) for _ in range(13))
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    digest = base64.b64encode(hmac.new(app_secret.encode(), (nonce + created).encode(), hashlib.sha256).digest())
    return {
        "Authorization": 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"',
        "X-AKSK": (
            f'UsernameToken Username="{app_key}",PasswordDigest="{digest.decode()}",Nonce="{nonce}",Created="{created}"'
        ),
    }


class PrivacyNumberError(Exception):
    """The platform refused a request: ``resultcode`` says why (e.g. 1012010: a number is already bound)."""

    def __init__(self, resultcode: str, resultdesc: str) -> None:
        super().__init__(f"{resultcode}: {resultdesc}")
        self.resultcode = resultcode
        self.resultdesc = resultdesc


@dataclass(frozen=True)
class Binding:
    subscription_id: str
    privacy_number: str  # X: what A and B dial to reach each other
    a: str
    b: str


class PrivacyCalls:
    """Binds A and B on a privacy number (AXB) and releases the binding."""

    def __init__(self, base_url: str, app_key: str, app_secret: str, *, timeout: float = 10.0) -> None:
        self._app_key = app_key
        self._app_secret = app_secret
        self._http = httpx.Client(base_url=base_url, timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def _request(self, method: str, **kwargs: Any) -> dict[str, Any]:
        headers = {"Content-Type": "application/json;charset=UTF-8", **aksk_headers(self._app_key, self._app_secret)}
        response = self._http.request(method, AXB_PATH, headers=headers, **kwargs)
        try:
            body = response.json()
        except ValueError:
            raise PrivacyNumberError("http", f"HTTP {response.status_code}: not JSON") from None
        if body.get("resultcode") != "0":
            raise PrivacyNumberError(str(body.get("resultcode")), str(body.get("resultdesc", "")))
        return body

    def bind(self, a: str, b: str, *, privacy_number: str | None = None, area_code: str | None = None) -> Binding:
        """Bind A and B on a privacy number: the given one, or one the platform picks (in A's city
        or in ``area_code``)."""
        request: dict[str, Any] = {"callerNum": a, "calleeNum": b}
        if privacy_number is not None:
            request["relationNum"] = privacy_number
        if area_code is not None:
            request["areaCode"] = area_code
        body = self._request("POST", json=request)
        return Binding(body["subscriptionId"], body["relationNum"], a, b)

    def unbind(self, subscription_id: str) -> None:
        self._request("DELETE", params={"subscriptionId": subscription_id})


# -- the platform's callbacks ----------------------------------------------------------------------


@dataclass
class CallbackInbox:
    """What the platform pushed, kept in memory (a real service would store it)."""

    events: list[dict[str, Any]] = field(default_factory=list)  # {"eventType", "statusInfo": {...}}
    cdrs: list[dict[str, Any]] = field(default_factory=list)  # one item of a push's feeLst each
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, body: dict[str, Any]) -> None:
        with self._lock:
            if body.get("eventType") == "fee":
                self.cdrs.extend(body.get("feeLst", []))
            else:
                self.events.append(body)

    def events_of(self, session_id: str) -> list[str]:
        """The event types received for one call, in arrival order."""
        with self._lock:
            return [e["eventType"] for e in self.events if e.get("statusInfo", {}).get("sessionId") == session_id]

    def cdr_of(self, session_id: str) -> dict[str, Any] | None:
        with self._lock:
            return next((c for c in self.cdrs if c.get("sessionId") == session_id), None)


def callbacks_app() -> Starlette:
    """One endpoint, ``POST /privacy/callbacks``, for call events and CDRs (configure it as both
    the call-status and the CDR address); ``app.state.inbox`` holds what arrived."""
    inbox = CallbackInbox()

    async def receive(request: Request) -> JSONResponse:
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse({"resultcode": "1", "resultdesc": "not JSON"}, status_code=400)
        if isinstance(body, dict):
            inbox.add(body)
        return JSONResponse({"resultcode": "0"})

    app = Starlette(routes=[Route("/privacy/callbacks", receive, methods=["POST"])])
    app.state.inbox = inbox
    return app
