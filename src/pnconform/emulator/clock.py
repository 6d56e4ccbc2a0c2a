"""The emulator clock: wall clock plus an offset that test hooks can advance.

Binding expiry, flow-control windows and subscribeTime use it; the AKSK ``Created`` check uses
the plain wall clock (design.md pipeline step 4) so that advancing time never breaks signing.
"""

from __future__ import annotations

import functools
import time
from datetime import UTC, datetime

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class Clock:
    def __init__(self) -> None:
        self._offset = 0.0

    def now(self) -> float:
        return time.time() + self._offset

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("the emulator clock only moves forward")
        self._offset += seconds
        return self.now()

    def reset(self) -> None:
        self._offset = 0.0

    @property
    def offset(self) -> float:
        return self._offset


def format_utc(ts: float) -> str:
    """``yyyy-MM-dd HH:mm:ss`` in UTC, the time format of the API responses."""
    return _format_second(int(ts))


@functools.lru_cache(maxsize=4096)  # a listing formats the same few creation times again and again
def _format_second(second: int) -> str:
    return datetime.fromtimestamp(second, tz=UTC).strftime(TIME_FORMAT)
