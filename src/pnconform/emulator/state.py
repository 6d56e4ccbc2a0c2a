"""Runtime state of one emulator instance: apps, X numbers, settings, faults, clock, stores.

Built once per app from the config; requests read plain dicts (no per-request copies). The
settings dict and the fault set are replaced, never mutated in place, so a request sees one
consistent version.
"""

from __future__ import annotations

import copy
import threading
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .auth import RequestGuard
from .calls.faults import XSTAT_BINDABLE
from .calls.runtime import CallRuntime
from .clock import Clock
from .config import (
    CALLBACK_URL_KEYS,
    EmulatorConfig,
    Network,
    XNumberConfig,
    check_faults,
    check_settings,
    parse_whitelist,
)
from .modes import MODE_CALLS
from .modes.ax.models import AxStore
from .modes.axb.models import AxbStore
from .modes.axe.models import AxeStore
from .modes.axyb.models import AxybStore

__all__ = ["AppRuntime", "EmulatorState", "Network", "parse_whitelist"]


@dataclass
class AppRuntime:
    """An app as the request pipeline needs it.

    ``state``, ``recording`` and the whitelist are changed by the hooks (``set_attributes``)
    and restored from the config by ``EmulatorState.reset``. ``whitelist`` holds the parsed
    networks the pipeline checks, ``ip_whitelist`` the entries as they were given.
    """

    mode: str
    app_key: str
    secret: str
    voice_files: frozenset[str]
    recording: bool
    ip_whitelist: tuple[str, ...]
    whitelist: tuple[Network, ...]
    state: str
    x_numbers: tuple[XNumberConfig, ...]  # sorted by number: allocation picks the lowest first
    transparent_mode_allowed: bool = False  # D-13: AX calleeNumDisplay "1" allowed
    extension_length: int = 4  # AXE: digits per extension (1-4); an X holds 10**L - 1 bindings
    # Calls: callback addresses (CALLBACK_URL_KEYS -> URL); set by the config and the hooks.
    callback_urls: dict[str, str | None] = field(default_factory=dict)

    def set_attributes(
        self, *, state: str | None = None, recording: bool | None = None, ip_whitelist: Iterable[str] | None = None
    ) -> None:
        """Change the given attributes (values checked by the caller); None = unchanged."""
        if ip_whitelist is not None:
            entries = tuple(ip_whitelist)
            self.whitelist = parse_whitelist(entries)
            self.ip_whitelist = entries
        if recording is not None:
            self.recording = recording
        if state is not None:
            self.state = state

    def attributes(self) -> dict[str, Any]:
        """What the hooks show of the app (never the secret)."""
        return {
            "app_key": self.app_key,
            "mode": self.mode,
            "state": self.state,
            "recording": self.recording,
            "ip_whitelist": list(self.ip_whitelist),
            "x_numbers": [
                {"number": x.number, "area_code": x.area_code, "province": x.province} for x in self.x_numbers
            ],
        }


class EmulatorState:
    def __init__(self, cfg: EmulatorConfig) -> None:
        cfg = copy.deepcopy(cfg).validate()  # the caller may keep mutating its own config
        self.config = cfg
        self.settings: dict[str, Any] = dict(cfg.settings)
        self.faults: frozenset[str] = frozenset(cfg.faults)
        self.clock = Clock()
        # Guards every check-then-mutate sequence of the stores. Handlers never await while
        # holding it, so it only matters if state is touched from another thread (hooks in
        # tests, embedded use); it is uncontended on the event loop.
        self.lock = threading.RLock()
        self.guard = RequestGuard()
        # (arrived, answered, method, path) of the latest requests, monotonic seconds: what a client's
        # rate limit looked like from here (GET /_emulator/requests). Kept across resets.
        self.request_times: deque[tuple[float, float, str, str]] = deque(maxlen=100_000)
        self.mobile_prefix_areas = dict(cfg.mobile_prefix_areas)
        self.area_provinces = dict(cfg.area_provinces)
        self.apps: dict[str, AppRuntime] = {}
        self.x_owner: dict[str, tuple[AppRuntime, XNumberConfig]] = {}
        for app in cfg.apps:
            runtime = AppRuntime(
                mode=app.mode,
                app_key=app.app_key,
                secret=app.app_secret,
                voice_files=frozenset(app.voice_files),
                recording=app.recording,
                ip_whitelist=tuple(app.ip_whitelist),
                whitelist=parse_whitelist(app.ip_whitelist),
                state=app.state,
                x_numbers=tuple(sorted(app.x_numbers, key=lambda x: x.number)),
                transparent_mode_allowed=app.transparent_mode_allowed,
                extension_length=app.extension_length,
                callback_urls={key: getattr(app, key) for key in CALLBACK_URL_KEYS},
            )
            self.apps[app.app_key] = runtime
            for x in runtime.x_numbers:
                self.x_owner[x.number] = (runtime, x)
                self.area_provinces.setdefault(x.area_code, x.province)
        self.number_status: dict[str, str] = {}
        self.axb = AxbStore()
        self.ax = AxStore()
        self.axe = AxeStore()
        self.axyb = AxybStore()
        # the call and message simulator (emulator/calls/), with each mode's routing and SMS rules
        self.calls = CallRuntime(self, MODE_CALLS)

    # -- faults and settings ---------------------------------------------------------------

    def has(self, fault: str) -> bool:
        return fault in self.faults

    def set_faults(self, names: Iterable[str]) -> list[str]:
        self.faults = frozenset(check_faults(names))
        return sorted(self.faults)

    def patch_settings(self, values: Mapping[str, Any]) -> dict[str, Any]:
        self.settings = {**self.settings, **check_settings(values)}
        return dict(self.settings)

    # -- numbers ---------------------------------------------------------------------------

    def blacklisted(self, number: str) -> bool:
        # XSTAT-005: suspended, unavailable and binding-frozen X numbers take no new bindings either.
        status = self.number_status.get(number)
        if status in ("suspended", "unavailable", "frozen") and XSTAT_BINDABLE in self.faults:
            return False
        return status in ("blacklisted", "suspended", "unavailable", "frozen")

    def province_of(self, area: str | None) -> str | None:
        return self.area_provinces.get(area) if area else None

    # -- reset -------------------------------------------------------------------------------

    def reset(self) -> None:
        """Drop bindings, number states, clock offset, counters; every app's state, recording
        and IP whitelist come back from the config. Faults and settings stay."""
        with self.lock:
            self.axb.clear()
            self.ax.clear()
            self.axe.clear()
            self.axyb.clear()
            self.number_status.clear()
            for app in self.config.apps:
                self.apps[app.app_key].set_attributes(
                    state=app.state, recording=app.recording, ip_whitelist=app.ip_whitelist
                )
                self.apps[app.app_key].callback_urls = {key: getattr(app, key) for key in CALLBACK_URL_KEYS}
            self.clock.reset()
            self.guard.reset()
            self.calls.reset()
