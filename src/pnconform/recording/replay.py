"""Replaying recordings against an embedded emulator set up like the recorded target.

The emulator gets the target's apps (app keys, X numbers) with fresh secrets; each scenario starts
from a reset emulator, and its requests are sent again in order, re-signed with the emulator's
secrets, with the ids the platform made up replaced by the ones the emulator made up (`IdMap`).
"""

from __future__ import annotations

import dataclasses
import json
import secrets
from typing import Any

import httpx

from pnconform import signing, tls
from pnconform.client import PrivateNumberClient, TargetUnreachable
from pnconform.emulator import AppConfig, ConfigError, EmbeddedEmulator, EmulatorConfig, XNumberConfig
from pnconform.emulator.config import BUILTIN_VOICE_FILES, default_settings
from pnconform.hooks import HooksClient
from pnconform.receiver import Receiver, Reply
from pnconform.recording import store
from pnconform.recording.diff import Difference, IdMap, compare

_APP_FIELDS = {f.name for f in dataclasses.fields(AppConfig)}
DEFAULT_AREA = "0755"  # for an X number the targets file gives without its city


def emulator_config(target: dict[str, Any]) -> EmulatorConfig:
    """An emulator config like the recorded target (RecordingError when it cannot be built)."""
    recorded = target.get("emulator")
    try:
        if recorded:  # recorded from an embedded emulator: its exact apps and settings
            apps = [_app(app) for app in recorded["apps"]]
            settings = recorded["settings"]
        else:
            apps, settings = _apps_of_remote(target), _settings_of_remote(target)
        return EmulatorConfig(apps=apps, settings={**default_settings(), **settings}).validate()
    except (ConfigError, KeyError, TypeError) as exc:
        raise store.RecordingError(f"target '{target.get('name')}': cannot set up an emulator like it: {exc}") from None


def _app(app: dict[str, Any]) -> AppConfig:
    values = {k: v for k, v in app.items() if k in _APP_FIELDS}
    values["x_numbers"] = [XNumberConfig(**x) for x in app.get("x_numbers", [])]
    return AppConfig(**values, app_secret=secrets.token_urlsafe(24))


def _apps_of_remote(target: dict[str, Any]) -> list[AppConfig]:
    limits = target.get("capabilities", {}).get("limits", {})
    apps = []
    for app in target["apps"]:
        xs = [
            XNumberConfig(x["number"], x.get("area_code") or DEFAULT_AREA, x.get("province") or "")
            for x in app["x_numbers"]
        ]
        extension = limits.get("axe_extension_length", 4) if app["mode"] == "axe" else 4
        apps.append(
            AppConfig(
                app["mode"],
                app["app_key"],
                secrets.token_urlsafe(24),
                xs,
                voice_files=list(target.get("voice_files") or BUILTIN_VOICE_FILES),
                extension_length=extension,
            )
        )
    return apps


def _settings_of_remote(target: dict[str, Any]) -> dict[str, Any]:
    caps = target.get("capabilities", {})
    limits = caps.get("limits", {})
    settings: dict[str, Any] = {
        "accept_wsse": bool(caps.get("wsse")),
        "created_skew_s": caps.get("created_skew_s", 300),
    }
    if "axb_pairs_per_x" in limits:
        settings["axb_max_pairs_per_x"] = limits["axb_pairs_per_x"]
    if "axyb_relations_per_y" in limits:
        settings["axyb_max_relations_per_y"] = limits["axyb_relations_per_y"]
    return settings


class ReplayReceiver(Receiver):
    """A callback receiver that answers each kind of push as the recording run's receiver did
    (failures that made the platform re-push, SMS Block and X-mode call-in answers), in order."""

    def answer_as(self, replies: list[dict[str, Any]]) -> None:
        self.recorded: dict[str, list[Reply]] = {}
        for reply in replies:
            delay = float(reply.get("delay_s", 0.0))
            self.recorded.setdefault(reply["kind"], []).append(Reply(reply["status"], reply["body"], delay))

    def _reply_for(self, kind: str, body: Any, mode: str | None) -> Any:
        queue = getattr(self, "recorded", {}).get(kind)
        if queue:
            return queue.pop(0), []
        return super()._reply_for(kind, body, mode)


class Replayer:
    """One running emulator; `replay` sends one recording's requests again."""

    def __init__(self, config: EmulatorConfig, auth: str) -> None:
        self.config = config
        self.auth = auth
        self.emulator = EmbeddedEmulator(config, host="127.0.0.1", port=0).start()
        self.secrets = {app.app_key: app.app_secret for app in config.apps}
        self.hooks = HooksClient(self.emulator.base_url)
        # Callback pushes need someone to answer them, as the recording run's receiver did.
        modes = {app.app_key: app.mode for app in config.apps}
        self.receiver = ReplayReceiver(secrets=self.secrets, app_modes=modes).start()
        self._hooks_http = httpx.Client(base_url=self.emulator.base_url, timeout=30, verify=tls.context())
        self._clients: dict[tuple[str, str], PrivateNumberClient] = {}

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._hooks_http.close()
        self.hooks.close()
        self.receiver.stop()
        self.emulator.stop()

    def _client(self, app_key: str, scheme: str, mode: str) -> PrivateNumberClient:
        key = (app_key, scheme)
        if key not in self._clients:
            secret = self.secrets.get(app_key, "pnconform-unknown-secret")
            self._clients[key] = PrivateNumberClient(
                self.emulator.base_url, app_key, secret, auth=scheme, timeout=30, mode=mode
            )
        return self._clients[key]

    def start_scenario(self) -> None:
        """A fresh emulator: no bindings, clock and apps as configured, the configured settings."""
        self.hooks.reset()
        self.receiver.reset()
        self.hooks.set_faults([])
        self.hooks.patch_settings(**self.config.settings)

    def replay(self, recording: dict[str, Any]) -> list[Difference]:
        self.start_scenario()
        self.receiver.answer_as(recording.get("receiver_replies") or [])
        ids = IdMap()
        differences: list[Difference] = []
        for index, recorded in enumerate(recording["exchanges"], start=1):
            try:
                replayed = self._send(recorded, ids)
            except (TargetUnreachable, httpx.HTTPError) as exc:
                request = f"{recorded['method']} {recorded['path']}"
                differences.append(Difference(index, request, "no answer", recorded.get("status"), str(exc)))
                continue
            differences.extend(compare(index, recorded, replayed, ids))
        return differences

    def _send(self, recorded: dict[str, Any], ids: IdMap) -> dict[str, Any]:
        params = ids.apply(recorded.get("params") or {})
        body = recorded.get("request_body")
        if body and "json" in body:
            data = self._own_callbacks(recorded["path"], ids.apply(body["json"]), ids)
            body = body if data == body["json"] else {"json": data}  # unchanged: the exact text
        content = store.body_text(body)
        if recorded["kind"] == "hooks":
            headers = {"Content-Type": "application/json"} if content else {}
            raw = self._hooks_http.request(
                recorded["method"], recorded["path"], params=params or None, content=content or None, headers=headers
            )
            return {
                "status": raw.status_code,
                "location": raw.headers.get("location"),
                "response_body": store.parse_body(raw.text),
            }
        how = recorded.get("signing") or {"by": "client", "scheme": self.auth}
        scheme = how.get("scheme") or self.auth
        client = self._client(recorded.get("app_key") or "", scheme, recorded.get("mode") or "axb")
        if how.get("by") == "client":
            response = client.request(recorded["method"], recorded["path"], params=params, content=content or None)
        else:
            headers = signing.resign(recorded.get("request_headers") or {}, how, self.secrets)
            response = client.request(
                recorded["method"],
                recorded["path"],
                params=params,
                content=content or None,
                headers=headers,
                sign=False,
            )
        return {
            "status": response.status,
            "location": response.headers.get("location"),
            "response_body": store.parse_body(response.text),
        }

    def _own_callbacks(self, path: str, body: Any, ids: IdMap) -> Any:
        """Callback URLs set through the hooks point at this replay's receiver instead of the recording run's."""
        if not path.endswith("/apps/callbacks") or not isinstance(body, dict):
            return body
        urls = self.receiver.urls()
        for key, value in body.items():
            if key in urls and isinstance(value, str):
                ids.values.setdefault(value, urls[key])  # the hooks' answer echoes them
        return {k: urls[k] if k in urls and v else v for k, v in body.items()}


def describe_key(target: dict[str, Any]) -> str:
    """Recordings of the same target share one emulator."""
    return json.dumps(target, sort_keys=True)
