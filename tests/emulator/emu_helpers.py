"""Helpers of the emulator unit tests: an in-process client, signed requests, hooks.

Requests are signed here with hashlib/hmac directly, not with ``pnconform.auth`` or the
emulator's own code, so a mistake in either cannot hide itself.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from pnconform.emulator import builtin_config, create_app

AXB = "/rest/caas/relationnumber/partners/v1.0"
AUTHORIZATION = 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"'
X1, X2, X3, X4 = "+8617010000001", "+8617010000002", "+8617010000003", "+8617010000004"
X_020 = "+8617010000005"
X_010 = "+8617010000007"
AX_X = "+8617020000001"


def created_now(offset: float = 0) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + offset))


def aksk_headers(
    app_key: str, secret: str, created: str | None = None, nonce: str | None = None, sep: str = ","
) -> dict[str, str]:
    nonce = nonce or uuid.uuid4().hex
    created = created or created_now()
    digest = base64.b64encode(hmac.new(secret.encode(), (nonce + created).encode(), hashlib.sha256).digest()).decode()
    token = sep.join(
        [
            f'UsernameToken Username="{app_key}"',
            f'PasswordDigest="{digest}"',
            f'Nonce="{nonce}"',
            f'Created="{created}"',
        ]
    )
    return {"Authorization": AUTHORIZATION, "X-AKSK": token, "Content-Type": "application/json;charset=UTF-8"}


def wsse_headers(app_key: str, secret: str, created: str | None = None) -> dict[str, str]:
    nonce, created = uuid.uuid4().hex, created or created_now()
    digest = base64.b64encode(hashlib.sha256((nonce + created + secret).encode()).digest()).decode()
    return {
        "Authorization": 'WSSE realm="SDP",profile="UsernameToken",type="Appkey"',
        "X-WSSE": f'UsernameToken Username="{app_key}",PasswordDigest="{digest}",Nonce="{nonce}",Created="{created}"',
    }


class AsgiClient:
    """A synchronous client over ``httpx.ASGITransport`` (no server, no threads)."""

    def __init__(self, app: Any, client: tuple[str, int] = ("127.0.0.1", 50000)) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=client), base_url="http://emulator")

    def request(self, method: str, url: str, **kw: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.http.request(method, url, **kw))

    def get(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("POST", url, **kw)

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.close()


class Api:
    """A tiny signed client over AsgiClient; ``user()`` hands out fresh A/B numbers."""

    def __init__(self, client: AsgiClient, app_key: str = "emu-axb-app", secret: str = "emu-axb-secret") -> None:
        self.client = client
        self.app_key = app_key
        self.secret = secret
        self._next = 0

    def as_app(self, app_key: str, secret: str) -> Api:
        return Api(self.client, app_key, secret)

    def user(self) -> str:
        self._next += 1
        return f"+8613800{self._next:06d}"

    def request(
        self,
        method: str,
        path: str = AXB,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        content: bytes | None = None,
    ) -> Any:
        h = aksk_headers(self.app_key, self.secret) if headers is None else headers
        return self.client.request(method, path, json=json, params=params, headers=h, content=content)

    def bind(self, **body: Any) -> Any:
        return self.request("POST", json=body)

    def unbind(self, **params: Any) -> Any:
        return self.request("DELETE", params=params)

    def modify(self, **body: Any) -> Any:
        return self.request("PUT", json=body)

    def query(self, **params: Any) -> Any:
        return self.request("GET", params=params)

    def pair(self, x: str = X1, **extra: Any) -> dict[str, Any]:
        """Bind a fresh pair on x; assert success; return the body."""
        r = self.bind(callerNum=self.user(), calleeNum=self.user(), relationNum=x, **extra)
        assert r.status_code == 200, r.text
        return r.json()

    # hooks
    def hook(self, method: str, path: str, **kw: Any) -> Any:
        r = self.client.request(method, f"/_emulator{path}", **kw)
        assert r.status_code == 200, r.text
        return r.json()

    def faults(self, *names: str) -> None:
        self.hook("PUT", "/faults", json={"enabled": list(names)})

    def settings(self, **values: Any) -> None:
        self.hook("PATCH", "/settings", json=values)

    def advance(self, seconds: float) -> None:
        self.hook("POST", "/clock/advance", json={"seconds": seconds})


def code_of(response: Any) -> tuple[int, str]:
    return response.status_code, response.json()["resultcode"]


# -- AX ----------------------------------------------------------------------------------------

AX = "/rest/provision/caas/privatenumber/v1.0"
AX_CALLEE = "/rest/caas/privatenumber/calleenumber/v1.0"
AX_XS = tuple(f"+86170200000{n:02d}" for n in range(1, 9))  # the built-in AX app's X numbers


class AxApi(Api):
    """Api signed as the built-in AX app, with the AX interfaces."""

    def __init__(self, client: AsgiClient, app_key: str = "emu-ax-app", secret: str = "emu-ax-secret") -> None:
        super().__init__(client, app_key, secret)

    def bind(self, **body: Any) -> Any:
        return self.request("POST", AX, json=body)

    def unbind(self, **params: Any) -> Any:
        return self.request("DELETE", AX, params=params)

    def modify(self, **body: Any) -> Any:
        return self.request("PUT", AX, json=body)

    def query(self, **params: Any) -> Any:
        return self.request("GET", AX, params=params)

    def set_callee(self, **body: Any) -> Any:
        return self.request("PUT", AX_CALLEE, json=body)

    def ax_bind(self, x: str = AX_XS[0], a: str | None = None, **extra: Any) -> dict[str, Any]:
        """Bind a (fresh) A on x; assert success; return the body."""
        r = self.bind(origNum=a or self.user(), privateNum=x, **extra)
        assert r.status_code == 200, r.text
        return r.json()

    def ax_bindings(self) -> list[dict[str, Any]]:
        return self.hook("GET", "/bindings", params={"mode": "ax"})["bindings"]


def check_fault_switch(
    make_api: Callable[[AsgiClient], Api], scenario: Callable[[Any], Any], clean: Any, faulty: Any, name: str
) -> None:
    """``scenario`` gives ``clean`` on a fresh emulator, ``faulty`` with fault ``name`` on, and
    ``clean`` again once the fault is switched off through the hooks."""
    client = AsgiClient(create_app(builtin_config()))
    try:
        assert scenario(make_api(client)) == clean, "clean emulator"
    finally:
        client.close()
    client = AsgiClient(create_app(builtin_config()))
    try:
        api = make_api(client)
        api.faults(name)
        assert scenario(api) == faulty, f"with {name}"
        api.faults()
        api.hook("POST", "/reset")
        assert scenario(api) == clean, f"after switching {name} off"
    finally:
        client.close()
