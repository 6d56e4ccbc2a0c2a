"""The request context handed to mode handlers (modes/*/responses.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the state module imports the modes
    from .state import AppRuntime, EmulatorState


@dataclass(frozen=True)
class RequestContext:
    """The state, the authenticated app and the request parameters (the JSON object body for
    POST/PUT, the query string for GET/DELETE). ``query`` is always the URL query string (AXYB
    reads its ``app_key`` URL parameter there, also on POST)."""

    state: EmulatorState
    app: AppRuntime
    params: Mapping[str, Any]
    query: Mapping[str, Any] = field(default_factory=dict)
    request: Any = None  # the Starlette request: its base URL is built only when a handler asks

    @property
    def base_url(self) -> str:
        """How the client reached us (the recording download's Location points here)."""
        return str(self.request.base_url).rstrip("/") if self.request is not None else ""


Handler = Callable[[RequestContext], Awaitable[dict[str, Any]]]
