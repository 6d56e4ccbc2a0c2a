"""Client of the test-hooks contract (`/_emulator/...`, see README "Test hooks")."""

from __future__ import annotations

from typing import Any

import httpx

HOOKS_PREFIX = "/_emulator"


class HooksError(RuntimeError):
    pass


class HooksClient:
    def __init__(self, base_url: str, *, timeout: float = 10.0, verify: bool = True) -> None:
        self._http = httpx.Client(base_url=base_url.rstrip("/") + HOOKS_PREFIX, timeout=timeout, verify=verify)

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self._http.request(method, path, **kwargs)
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

    def set_number_status(self, number: str, status: str) -> None:
        self._call("POST", "/numbers/status", json={"number": number, "status": status})

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


class RestoringHooks(HooksClient):
    """A hooks client that undoes, at `restore()`, every state it changed (one test's worth)."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(base_url, **kwargs)
        self._numbers: dict[str, str] = {}
        self._apps: dict[str, dict[str, Any]] = {}  # app_key -> attributes before the first change
        self._settings: dict[str, Any] | None = None
        self._faults: list[str] | None = None

    def set_number_status(self, number: str, status: str) -> None:
        self._numbers.setdefault(number, "normal")
        super().set_number_status(number, status)

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
        if self._settings is not None:
            super().patch_settings(**self._settings)
        if self._faults is not None:
            super().set_faults(self._faults)
        self.close()
