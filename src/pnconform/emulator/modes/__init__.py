"""Mode registry: which URI + method is served by which mode's handler, and what each mode
brings to the call simulator and the test hooks.

One package per mode (moto's per-service layout): ``models`` (store and rules, plain Python),
``responses`` (request parsing and answers: ``MODE``, ``ROUTES``, ``hook_bindings``),
``routing`` (calls) and ``sms`` where the mode forwards messages. Adding a mode = one package
and its lines below. URIs of modes not implemented yet (00-common §1.1) answer 404.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from starlette.requests import Request

from ..calls import api as calls_api
from ..calls.model import ModeCalls
from ..config import MODES
from ..context import Handler
from ..hooks import PREFIX, HookError, HookHandler
from .ax import responses as ax
from .ax import routing as ax_routing
from .ax import sms as ax_sms
from .axb import responses as axb
from .axb import routing as axb_routing
from .axb import sms as axb_sms
from .axe import responses as axe
from .axe import routing as axe_routing
from .axyb import responses as axyb
from .axyb import routing as axyb_routing
from .x import routing as x_routing
from .x import sms as x_sms

if TYPE_CHECKING:
    from ..state import EmulatorState

# Documented client->platform URIs per mode, for reference and the banner.
MODE_URIS: Mapping[str, tuple[str, ...]] = {
    "axb": ("/rest/caas/relationnumber/partners/v1.0",),
    "ax": ("/rest/provision/caas/privatenumber/v1.0", "/rest/caas/privatenumber/calleenumber/v1.0"),
    "axe": ("/rest/caas/extendnumber/v1.0", "/rest/caas/extendnumber/v2.0", "/rest/caas/virtualnumber/v1.0"),
    "axyb": ("/rest/omp/xyrelationnumber/v1.0",),
    "x": (),
}


@dataclass(frozen=True)
class Route:
    mode: str | None  # None: an interface every mode may call (no 1010040 check)
    handler: Handler
    json_body: bool


_MODULES: tuple[ModuleType, ...] = (axb, ax, axyb, axe)  # the modes with an API (X mode has none, XM-001)

# Calls and messages per mode (calls.runtime, calls.sms): routing, the X-mode Block callin, SMS.
MODE_CALLS: Mapping[str, ModeCalls] = {
    "axb": ModeCalls(axb_routing.route, sms=axb_sms.route_sms),
    "ax": ModeCalls(ax_routing.route, sms=ax_sms.route_sms),
    "axe": ModeCalls(axe_routing.route),  # no SMS (D-21)
    "axyb": ModeCalls(axyb_routing.route),  # no SMS (D-21)
    "x": ModeCalls(x_routing.route, ask=x_routing.ask_customer, sms=x_sms.route_sms),
}

# GET /_emulator/bindings: each mode lists its own live bindings (X mode keeps none).
_HOOK_BINDINGS: Mapping[str, Callable[[EmulatorState, str | None], list[dict[str, Any]]]] = {
    "axb": axb.hook_bindings,
    "ax": ax.hook_bindings,
    "axyb": axyb.hook_bindings,
    "axe": axe.hook_bindings,
}


def build_routes() -> dict[tuple[str, str], Route]:
    routes: dict[tuple[str, str], Route] = {}
    for module in _MODULES:
        for (uri, method), handler in module.ROUTES.items():
            routes[(uri, method)] = Route(module.MODE, handler, method in ("POST", "PUT"))
    # Calls: call stop and recording download, interfaces of every mode (D-25).
    for (uri, method), handler in calls_api.ROUTES.items():
        routes[(uri, method)] = Route(None, handler, method in ("POST", "PUT"))
    return routes


def faulted_route(faults: frozenset[str], path: str, method: str) -> Route | None:
    """A route that only a fault switch opens (e.g. AXYB-023 bent: a PUT modify); None without one."""
    if not faults:
        return None
    handler = axyb.faulted_routes(faults).get((path, method))
    return Route(axyb.MODE, handler, method in ("POST", "PUT")) if handler is not None else None


def implemented_modes() -> tuple[str, ...]:
    """Every mode the emulator serves: those with a binding API, and X (calls and SMS only)."""
    return tuple(dict.fromkeys([*(m.MODE for m in _MODULES), *MODE_CALLS]))


async def list_bindings(state: EmulatorState, request: Request) -> dict[str, Any]:
    mode = request.query_params.get("mode") or None
    app_key = request.query_params.get("app_key") or None
    if mode is not None and mode not in MODES:
        raise HookError(400, f"unknown mode {mode!r}")
    out: list[dict[str, Any]] = []
    for name, listing in _HOOK_BINDINGS.items():
        if mode in (None, name):
            out.extend(listing(state, app_key))
    return {"bindings": out}


HOOK_ROUTES: dict[tuple[str, str], HookHandler] = {(f"{PREFIX}/bindings", "GET"): list_bindings}
