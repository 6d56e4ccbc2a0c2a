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
    base_url: str = ""  # how the client reached us (the recording download's Location points here)


Handler = Callable[[RequestContext], Awaitable[dict[str, Any]]]
