"""The request context handed to mode handlers (kept apart from modes.py to avoid a cycle)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .state import AppRuntime, EmulatorState


@dataclass(frozen=True)
class RequestContext:
    """The state, the authenticated app and the request parameters (the JSON object body for
    POST/PUT, the query string for GET/DELETE)."""

    state: EmulatorState
    app: AppRuntime
    params: Mapping[str, Any]


Handler = Callable[[RequestContext], Awaitable[dict[str, Any]]]
