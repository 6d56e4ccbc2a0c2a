"""Runtime state of one emulator instance: apps, X numbers, settings, faults, clock, stores.

Built once per app from the config; requests read plain dicts (no per-request copies). The
settings dict and the fault set are replaced, never mutated in place, so a request sees one
consistent version.
"""

from __future__ import annotations

import copy
import ipaddress
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .auth import RequestGuard
from .axb_store import AxbStore
from .clock import Clock
from .config import EmulatorConfig, XNumberConfig, check_faults, check_settings


@dataclass
class AppRuntime:
    """An app as the request pipeline needs it; ``state`` is changed by the hooks."""

    mode: str
    app_key: str
    secret: str
    voice_files: frozenset[str]
    recording: bool
    whitelist: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]
    state: str
    initial_state: str
    x_numbers: tuple[XNumberConfig, ...]  # sorted by number: allocation picks the lowest first


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
                whitelist=tuple(ipaddress.ip_network(n, strict=False) for n in app.ip_whitelist),
                state=app.state,
                initial_state=app.state,
                x_numbers=tuple(sorted(app.x_numbers, key=lambda x: x.number)),
            )
            self.apps[app.app_key] = runtime
            for x in runtime.x_numbers:
                self.x_owner[x.number] = (runtime, x)
                self.area_provinces.setdefault(x.area_code, x.province)
        self.number_status: dict[str, str] = {}
        self.axb = AxbStore()

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
        return self.number_status.get(number) == "blacklisted"

    def province_of(self, area: str | None) -> str | None:
        return self.area_provinces.get(area) if area else None

    # -- reset -------------------------------------------------------------------------------

    def reset(self) -> None:
        """Drop bindings, number/app states, clock offset, counters; faults and settings stay."""
        with self.lock:
            self.axb.clear()
            self.number_status.clear()
            for app in self.apps.values():
                app.state = app.initial_state
            self.clock.reset()
            self.guard.reset()
