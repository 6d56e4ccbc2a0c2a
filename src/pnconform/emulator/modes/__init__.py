"""Mode registry: which URI + method is served by which mode's handler.

Adding a mode = one module exposing ``MODE`` and ``ROUTES`` ({(uri, method): handler}) and one
line in ``_MODULES``. URIs of modes not implemented yet (00-common §1.1) answer 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType

from . import ax, axb, axe, axyb
from .calls import api as calls_api
from .context import Handler

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


_MODULES: tuple[ModuleType, ...] = (axb, ax, axyb, axe)


def build_routes() -> dict[tuple[str, str], Route]:
    routes: dict[tuple[str, str], Route] = {}
    for module in _MODULES:
        for (uri, method), handler in module.ROUTES.items():
            routes[(uri, method)] = Route(module.MODE, handler, method in ("POST", "PUT"))
    # Calls: call stop and recording download, interfaces of every mode (D-25).
    for (uri, method), handler in calls_api.ROUTES.items():
        routes[(uri, method)] = Route(None, handler, method in ("POST", "PUT"))
    return routes


def implemented_modes() -> tuple[str, ...]:
    return tuple(m.MODE for m in _MODULES)
