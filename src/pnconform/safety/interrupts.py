"""Ctrl-C never cuts a cleanup short.

A run's teardown unbinds what its scenario bound on a live target. A Ctrl-C that lands in the
middle of that (the scenarios are short, so it often does) used to abort the loop and leave the
remaining bindings to `pnconform sweep`. During a cleanup, SIGINT is held and raised as
KeyboardInterrupt once the cleanup is done.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


@contextmanager
def sigint_deferred() -> Iterator[None]:
    """Hold SIGINT for the block; raise KeyboardInterrupt after it when one arrived."""
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or previous in (signal.SIG_IGN, None):
        yield  # signals are the main thread's; an ignored SIGINT stays ignored
        return
    received: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            raise KeyboardInterrupt
