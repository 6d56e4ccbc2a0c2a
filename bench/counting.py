"""A pytest plugin for bench.py: every HTTP request of a conformance run, counted per scenario.

It wraps ``httpx.Client.send`` and ``httpx.AsyncClient.send`` for the run: the kit's API calls
and test-hook calls, and the embedded emulator's pushes to the callback receiver (the emulator
runs in a thread of the same process), so the transport floor counts every request, not only
the ones the reports attach.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest


@dataclass
class ItemCost:
    nodeid: str
    invariants: bool
    seconds: float
    requests: int


@dataclass(eq=False)  # a plugin object: pluggy keeps it in sets (hashable by identity)
class RequestCounter:
    """Counts requests while installed; ``items`` holds each scenario's wall time and request count."""

    requests: int = 0
    items: list[ItemCost] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _count(self) -> None:
        with self._lock:
            self.requests += 1

    def pytest_configure(self, config: pytest.Config) -> None:
        sync_send, async_send = httpx.Client.send, httpx.AsyncClient.send
        counter = self

        def send(client: httpx.Client, request: httpx.Request, **kwargs: Any) -> httpx.Response:
            counter._count()
            return sync_send(client, request, **kwargs)

        async def asend(client: httpx.AsyncClient, request: httpx.Request, **kwargs: Any) -> httpx.Response:
            counter._count()
            return await async_send(client, request, **kwargs)

        httpx.Client.send = send  # type: ignore[method-assign]
        httpx.AsyncClient.send = asend  # type: ignore[method-assign]
        config.add_cleanup(lambda: self._restore(sync_send, async_send))

    @staticmethod
    def _restore(sync_send: Any, async_send: Any) -> None:
        httpx.Client.send = sync_send  # type: ignore[method-assign]
        httpx.AsyncClient.send = async_send  # type: ignore[method-assign]

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Iterator[None]:
        before, started = self.requests, time.perf_counter()
        yield
        invariants = item.get_closest_marker("invariants") is not None
        self.items.append(ItemCost(item.nodeid, invariants, time.perf_counter() - started, self.requests - before))
