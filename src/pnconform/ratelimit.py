"""Per-target request-rate limit: requests per second and requests in flight.

A live platform throttles (1010010 "flow control") and every request may cost money, so every
code path that talks to a target (the API client, the test-hooks client) sends through the one
`Limiter` of that target in this process. Under pytest-xdist each worker process gets its share
(rps/N, concurrent/N, at least 1), so the workers together stay under the target's limit.

Hand-written rather than a library: the kit needs a blocking, thread-safe limiter for a sync
client that caps both the rate and the requests in flight. aiolimiter is asyncio-only, `limits`
only answers yes/no (the caller loops), and pyrate-limiter covers the rate but not the in-flight
cap; a spacing clock plus a semaphore is a dozen lines.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

XDIST_WORKERS_ENV = "PYTEST_XDIST_WORKER_COUNT"


@dataclass(frozen=True)
class RateLimit:
    """`targets.yaml` `rate_limit: {rps, concurrent}`; None means unlimited."""

    rps: float | None = None
    concurrent: int | None = None

    @property
    def unlimited(self) -> bool:
        return self.rps is None and self.concurrent is None

    def share(self, workers: int) -> RateLimit:
        """One process's part when `workers` processes hit the same target (at least 1 each)."""
        if workers <= 1:
            return self
        rps = None if self.rps is None else self.rps / workers
        concurrent = None if self.concurrent is None else max(1, math.ceil(self.concurrent / workers))
        return RateLimit(rps, concurrent)

    def describe(self) -> str:
        if self.unlimited:
            return "unlimited"
        parts = [f"{self.rps:g} requests/s" if self.rps else "any rate"]
        parts.append(f"{self.concurrent} in flight" if self.concurrent else "any number in flight")
        return ", ".join(parts)


class Limiter:
    """Blocks each request until it fits the limit. Thread-safe; one per target per process.

    Requests are spaced evenly, 1/rps apart (no burst): the strictest reading of "N per second",
    so a platform counting per calendar second or per sliding second never sees more than N+1.
    """

    def __init__(self, limit: RateLimit) -> None:
        self.limit = limit
        self._interval = 1.0 / limit.rps if limit.rps else 0.0
        self._lock = threading.Lock()
        self._next_start = 0.0  # monotonic time the next request may start at
        self._slots = threading.BoundedSemaphore(limit.concurrent) if limit.concurrent else None
        self.sent = 0  # requests let through (the plan and the tests read it)

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one request slot while the request is in flight."""
        if self._slots is not None:
            self._slots.acquire()
        try:
            if self._interval:
                with self._lock:  # reserve a start time; sleep outside the lock
                    now = time.monotonic()
                    start = max(now, self._next_start)
                    self._next_start = start + self._interval
                delay = start - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            with self._lock:
                self.sent += 1
            yield
        finally:
            if self._slots is not None:
                self._slots.release()


UNLIMITED = Limiter(RateLimit())

_limiters: dict[tuple[str, str], Limiter] = {}
_registry_lock = threading.Lock()


def xdist_workers() -> int:
    """How many pytest-xdist workers share the target (1 outside xdist)."""
    try:
        return max(1, int(os.environ.get(XDIST_WORKERS_ENV, "1")))
    except ValueError:
        return 1


def limiter_for(target: object) -> Limiter:
    """The process-wide limiter of `target` (a `pnconform.targets.Target`), made on first use."""
    limit: RateLimit = getattr(target, "rate_limit", None) or RateLimit()
    if limit.unlimited:
        return UNLIMITED
    key = (str(getattr(target, "source", "")), str(getattr(target, "name", "")))
    with _registry_lock:
        limiter = _limiters.get(key)
        if limiter is None:
            limiter = _limiters[key] = Limiter(limit.share(xdist_workers()))
        return limiter
