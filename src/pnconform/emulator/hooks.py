"""The test-hooks API under /_emulator/ (design.md "Test hooks contract").

The mode-neutral hooks live here; ``GET /_emulator/bindings`` is served by the mode registry
(``modes``: each mode lists its own bindings) and the call hooks by ``calls.hooks``. No
authentication, so by default only loopback clients may call it (setting
``hooks_loopback_only``). Faults never bend these responses: they are the kit's control plane.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request

from .clock import format_utc
from .config import APP_STATES, NUMBER_STATES, ConfigError, parse_whitelist
from .faults import FAULTS

if TYPE_CHECKING:  # annotations only: the state module imports the modes, which serve hooks too
    from .state import AppRuntime, EmulatorState

PREFIX = "/_emulator"


class HookError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


HookHandler = Callable[["EmulatorState", Request], Awaitable[dict[str, Any]]]


async def json_object(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        data = json.loads(raw) if raw.strip() else {}
    except (ValueError, RecursionError):
        raise HookError(400, "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise HookError(400, "the body must be a JSON object")
    return data


async def app_body(
    state: EmulatorState, request: Request, known: Iterable[str], what: str
) -> tuple[dict[str, Any], AppRuntime]:
    """The JSON object of a hook that changes one app: its ``app_key`` must name an app, and
    every other key must be one of ``known`` (``what`` names them in the error)."""
    body = await json_object(request)
    app_key = body.get("app_key")
    app = state.apps.get(app_key) if isinstance(app_key, str) else None
    if app is None:
        raise HookError(400, f"unknown app_key {app_key!r}")
    known = tuple(known)
    unknown = sorted(k for k in body if k != "app_key" and k not in known)
    if unknown:
        raise HookError(400, f"unknown {what} {unknown[0]!r} (known: {', '.join(known)})")
    return body, app


async def reset(state: EmulatorState, request: Request) -> dict[str, Any]:
    state.reset()
    return {}


async def get_clock(state: EmulatorState, request: Request) -> dict[str, Any]:
    return {"now": format_utc(state.clock.now())}


async def advance_clock(state: EmulatorState, request: Request) -> dict[str, Any]:
    seconds = (await json_object(request)).get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds >= 0:
        raise HookError(400, "seconds must be a number >= 0")
    with state.lock:
        now = state.clock.advance(seconds)
    state.calls.after_clock_advance()  # calls: maxDuration cut-offs and re-pushes that fell due
    return {"now": format_utc(now)}


def _faults_body(state: EmulatorState) -> dict[str, Any]:
    return {
        "enabled": sorted(state.faults),
        "available": [{"name": f.name, "rules": list(f.rules), "description": f.description} for f in FAULTS.values()],
    }


async def get_faults(state: EmulatorState, request: Request) -> dict[str, Any]:
    return _faults_body(state)


async def put_faults(state: EmulatorState, request: Request) -> dict[str, Any]:
    enabled = (await json_object(request)).get("enabled")
    if not isinstance(enabled, list):
        raise HookError(400, "enabled must be a list of fault names")
    try:
        state.set_faults(enabled)
    except ConfigError as exc:
        raise HookError(400, str(exc)) from None
    return _faults_body(state)


async def number_status(state: EmulatorState, request: Request) -> dict[str, Any]:
    body = await json_object(request)
    number, status = body.get("number"), body.get("status")
    if not isinstance(number, str) or number not in state.x_owner:
        raise HookError(400, f"{number!r} is not an X number of any app")
    if status not in NUMBER_STATES:
        raise HookError(400, f"status must be one of {', '.join(NUMBER_STATES)}")
    cause = body.get("cause")  # calls: XSTAT-004 cause of "unavailable" (status 10)
    if cause is not None and cause not in ("1", "2", "3", "5", "6", "7", "8", "9"):
        raise HookError(400, "cause must be one of 1, 2, 3, 5, 6, 7, 8, 9 (XSTAT-004)")
    with state.lock:
        old = state.number_status.get(number, "normal")
        if status == "normal":
            state.number_status.pop(number, None)
        else:
            state.number_status[number] = status
    state.calls.x_status_changed(number, old, status, cause)  # XSTAT-001: push numStatus
    return {"number": number, "status": status}


_APP_ATTRIBUTES = ("state", "recording", "ip_whitelist")


def _check_whitelist(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise HookError(400, "ip_whitelist must be a list of IP addresses or networks ([] = no whitelist)")
    try:
        parse_whitelist(value)
    except ValueError as exc:
        raise HookError(400, f"ip_whitelist: {exc}") from None
    return list(value)


async def list_apps(state: EmulatorState, request: Request) -> dict[str, Any]:
    with state.lock:
        return {"apps": [app.attributes() for app in state.apps.values()]}


async def app_state(state: EmulatorState, request: Request) -> dict[str, Any]:
    """Set any of an app's state, recording and IP whitelist; answers its attributes.

    Every value is checked before any is applied, so a 400 changes nothing."""
    body, app = await app_body(state, request, _APP_ATTRIBUTES, "attribute")
    if not any(k in body for k in _APP_ATTRIBUTES):
        raise HookError(400, f"give at least one of {', '.join(_APP_ATTRIBUTES)}")
    new_state = body.get("state")
    if "state" in body and new_state not in APP_STATES:
        raise HookError(400, f"state must be one of {', '.join(APP_STATES)}")
    recording = body.get("recording")
    if "recording" in body and not isinstance(recording, bool):
        raise HookError(400, "recording must be true or false")
    whitelist = _check_whitelist(body["ip_whitelist"]) if "ip_whitelist" in body else None
    with state.lock:
        app.set_attributes(state=new_state, recording=recording, ip_whitelist=whitelist)
        return app.attributes()


async def get_settings(state: EmulatorState, request: Request) -> dict[str, Any]:
    return {"settings": dict(state.settings)}


async def patch_settings(state: EmulatorState, request: Request) -> dict[str, Any]:
    body = await json_object(request)
    try:
        return {"settings": state.patch_settings(body)}
    except ConfigError as exc:
        raise HookError(400, str(exc)) from None


REQUESTS_PATH = f"{PREFIX}/requests"


async def list_requests(state: EmulatorState, request: Request) -> dict[str, Any]:
    """When each of the latest requests (at most 100,000; this one excluded) arrived and was
    answered, in the emulator's monotonic seconds: a client's rate limit as the server saw it."""
    times = list(state.request_times)
    return {"requests": [{"arrived": a, "answered": b, "method": m, "path": p} for a, b, m, p in times]}


ROUTES: dict[tuple[str, str], HookHandler] = {
    (f"{PREFIX}/reset", "POST"): reset,
    (f"{PREFIX}/clock", "GET"): get_clock,
    (f"{PREFIX}/clock/advance", "POST"): advance_clock,
    (f"{PREFIX}/faults", "GET"): get_faults,
    (f"{PREFIX}/faults", "PUT"): put_faults,
    (f"{PREFIX}/numbers/status", "POST"): number_status,
    (f"{PREFIX}/apps", "GET"): list_apps,
    (f"{PREFIX}/apps/state", "POST"): app_state,
    (f"{PREFIX}/settings", "GET"): get_settings,
    (f"{PREFIX}/settings", "PATCH"): patch_settings,
    (REQUESTS_PATH, "GET"): list_requests,
}


def is_loopback(host: str | None) -> bool:
    if host in (None, "", "testclient"):  # in-process ASGI clients
        return True
    try:
        addr = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(addr, "ipv4_mapped", None)
    return (mapped or addr).is_loopback
