"""Client of the test-hooks contract (`/_emulator/...`, see README "Test hooks")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from pnconform import transport
from pnconform.ratelimit import UNLIMITED, Limiter

HOOKS_PREFIX = "/_emulator"


class HooksError(RuntimeError):
    pass


# Who wants to see every test-hook exchange (`pnconform run --record` keeps them for the replay).
_observers: list[Callable[[httpx.Response], None]] = []


def observe(observer: Callable[[httpx.Response], None]) -> None:
    """Call ``observer`` with each hooks response, of every `HooksClient` in this process."""
    _observers.append(observer)


def unobserve(observer: Callable[[httpx.Response], None]) -> None:
    if observer in _observers:
        _observers.remove(observer)


class HooksClient:
    def __init__(
        self, base_url: str, *, timeout: float = 10.0, verify: bool = True, limiter: Limiter | None = None
    ) -> None:
        self._http = transport.pooled(base_url.rstrip("/") + HOOKS_PREFIX, timeout, verify)  # shared pool
        self.limiter = limiter or UNLIMITED  # the target's rate limit: hooks calls count too

    def close(self) -> None:
        """Nothing to release: the transport is pooled per address (`pnconform.transport`)."""

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        with self.limiter.slot():
            response = self._http.request(method, path, **kwargs)
        for observer in list(_observers):
            observer(response)
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code != 200 or not isinstance(body, dict) or body.get("resultcode") != "0":
            raise HooksError(f"{method} {HOOKS_PREFIX}{path}: HTTP {response.status_code} {response.text[:200]}")
        return body

    def reset(self) -> None:
        self._call("POST", "/reset")

    def now(self) -> str:
        return self._call("GET", "/clock")["now"]

    def advance(self, seconds: float) -> str:
        return self._call("POST", "/clock/advance", json={"seconds": seconds})["now"]

    def bindings(self, mode: str | None = None, app_key: str | None = None) -> list[dict[str, Any]]:
        params = {k: v for k, v in {"mode": mode, "app_key": app_key}.items() if v}
        return self._call("GET", "/bindings", params=params)["bindings"]

    def faults(self) -> dict[str, Any]:
        return self._call("GET", "/faults")

    def set_faults(self, names: list[str]) -> None:
        self._call("PUT", "/faults", json={"enabled": list(names)})

    def set_number_status(self, number: str, status: str, cause: str | None = None) -> None:
        body = {"number": number, "status": status}
        if cause is not None:  # calls: the XSTAT-004 cause of "unavailable"
            body["cause"] = cause
        self._call("POST", "/numbers/status", json=body)

    def apps(self) -> list[dict[str, Any]]:
        """Every app: app_key, mode, state, recording, ip_whitelist, x_numbers (never a secret)."""
        return self._call("GET", "/apps")["apps"]

    def set_app_state(
        self,
        app_key: str,
        state: str | None = None,
        *,
        recording: bool | None = None,
        ip_whitelist: list[str] | None = None,
    ) -> dict[str, Any]:
        """Change the given attributes of an app (None = unchanged; ``[]`` = no whitelist).

        Returns the app's attributes after the change."""
        values = {"state": state, "recording": recording, "ip_whitelist": ip_whitelist}
        body: dict[str, Any] = {"app_key": app_key, **{k: v for k, v in values.items() if v is not None}}
        if len(body) == 1:
            raise ValueError("set_app_state needs at least one of state, recording, ip_whitelist")
        result = self._call("POST", "/apps/state", json=body)
        return {k: v for k, v in result.items() if k not in ("resultcode", "resultdesc")}

    def settings(self) -> dict[str, Any]:
        return self._call("GET", "/settings")["settings"]

    def patch_settings(self, **values: Any) -> dict[str, Any]:
        return self._call("PATCH", "/settings", json=values)["settings"]

    # -- call and message simulator (design.md "Call simulator") ---------------------------------

    @staticmethod
    def _strip(body: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in body.items() if k not in ("resultcode", "resultdesc")}

    def place_call(
        self,
        caller: str,
        called: str,
        *,
        digits: str | None = None,
        condition: str = "answer",
        q850: int | None = None,
        talk_s: int | None = 10,
        hangup_by: str = "caller",
    ) -> dict[str, Any]:
        """Simulate a call from ``caller`` to the privacy number ``called``; ``talk_s=None`` keeps
        it going until ``hang_up`` or call stop. ``condition``: what the network and platform do
        with it (design.md "Test hooks contract": ``answer``, ``busy``, ``callee_blacklist`` ...);
        ``q850``: instead, the carrier releases the forwarded leg with that Q.850 cause. Returns
        sessionId and the routing outcome."""
        body: dict[str, Any] = {"caller": caller, "called": called, "talk_s": talk_s, "hangup_by": hangup_by}
        if q850 is not None:
            body["q850"] = q850
        else:
            body["condition"] = condition
        if digits is not None:
            body["digits"] = digits
        return self._strip(self._call("POST", "/calls", json=body))

    def calls(self) -> list[dict[str, Any]]:
        return self._call("GET", "/calls")["calls"]

    def hang_up(self, session_id: str, by: str = "caller") -> dict[str, Any]:
        return self._strip(self._call("POST", "/calls/hangup", json={"sessionId": session_id, "by": by}))

    def send_sms(self, sender: str, to: str, text: str) -> dict[str, Any]:
        return self._strip(self._call("POST", "/sms", json={"from": sender, "to": to, "text": text}))

    def set_callbacks(self, app_key: str, **urls: str | None) -> dict[str, Any]:
        """Set an app's callback URLs: any of call_event_url, fee_url, sms_url, sms_control_url,
        x_status_url (None clears). Returns all five."""
        return self._strip(self._call("POST", "/apps/callbacks", json={"app_key": app_key, **urls}))

    def flush_pushes(self) -> dict[str, Any]:
        """Attempt every push that is due now and wait for the attempts: ``{attempted, pending}``."""
        return self._strip(self._call("POST", "/pushes/flush"))

    def pushes(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Every push with its attempts (kind: event, fee, sms, x_status)."""
        return self._call("GET", "/pushes", params={"kind": kind} if kind else None)["pushes"]


class RestoringHooks(HooksClient):
    """A hooks client that undoes, at `restore()`, every state it changed (one test's worth)."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(base_url, **kwargs)
        self._numbers: dict[str, str] = {}
        self._apps: dict[str, dict[str, Any]] = {}  # app_key -> attributes before the first change
        self._settings: dict[str, Any] | None = None
        self._faults: list[str] | None = None
        self._callbacks: dict[str, dict[str, Any]] = {}  # app_key -> callback URLs before the first change

    def set_number_status(self, number: str, status: str, cause: str | None = None) -> None:
        self._numbers.setdefault(number, "normal")
        super().set_number_status(number, status, cause)

    def set_callbacks(self, app_key: str, **urls: str | None) -> dict[str, Any]:
        if app_key not in self._callbacks:
            self._callbacks[app_key] = super().set_callbacks(app_key)  # no change: the current URLs
            self._callbacks[app_key].pop("app_key", None)
        return super().set_callbacks(app_key, **urls)

    def set_app_state(
        self,
        app_key: str,
        state: str | None = None,
        *,
        recording: bool | None = None,
        ip_whitelist: list[str] | None = None,
    ) -> dict[str, Any]:
        if app_key not in self._apps:
            try:
                original = next((app for app in self.apps() if app.get("app_key") == app_key), None)
            except HooksError:  # a target with the older contract (no GET /apps): apps start normal
                original = {"app_key": app_key, "state": "normal"}
            if original is not None:  # an unknown app is refused by the target below
                self._apps[app_key] = original
        return super().set_app_state(app_key, state, recording=recording, ip_whitelist=ip_whitelist)

    def patch_settings(self, **values: Any) -> dict[str, Any]:
        if self._settings is None:
            self._settings = self.settings()
        return super().patch_settings(**values)

    def set_faults(self, names: list[str]) -> None:
        if self._faults is None:
            self._faults = list(self.faults()["enabled"])
        super().set_faults(names)

    def restore(self) -> None:
        for number, status in self._numbers.items():
            super().set_number_status(number, status)
        for app_key, app in self._apps.items():
            whitelist = app.get("ip_whitelist")
            super().set_app_state(
                app_key,
                app.get("state"),
                recording=app.get("recording"),
                ip_whitelist=None if whitelist is None else list(whitelist),
            )
        for app_key, urls in self._callbacks.items():
            super().set_callbacks(app_key, **urls)
        if self._settings is not None:
            super().patch_settings(**self._settings)
        if self._faults is not None:
            super().set_faults(self._faults)
        self.close()
