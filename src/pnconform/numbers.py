"""Hands out the numbers a run may use: fresh user numbers from the target's range, X from its pools."""

from __future__ import annotations

import itertools
import os
import threading
from dataclasses import replace

import pytest

from pnconform.targets import NumberRange, Target, TargetError, XNumber

UNKNOWN_X = "+8617099999999"


def worker_slot() -> tuple[int, int]:
    """(index, count) of this pytest-xdist worker; (0, 1) in a serial run."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    count = os.environ.get("PYTEST_XDIST_WORKER_COUNT", "")
    if not worker.startswith("gw") or not worker[2:].isdigit() or not count.isdigit():
        return 0, 1
    return int(worker[2:]), max(int(count), 1)


def slice_range(numbers: NumberRange, index: int, count: int, what: str = "user_numbers") -> NumberRange:
    """Worker `index` of `count`: a disjoint, contiguous share of the range."""
    size = numbers.count // count
    if size == 0:
        raise TargetError(f"{what} ({numbers.count} numbers) cannot be shared by {count} workers; give a larger count")
    return NumberRange(numbers.nth(index * size), size, numbers.area_code)


def partition(target: Target, worker_index: int, worker_count: int) -> Target:
    """The target as worker `worker_index` of `worker_count` sees it: the numbers it alone may use.

    An embedded target is one emulator per worker: nothing is shared, nothing is split. On a shared
    (remote) target the user and fixed-line ranges are split into disjoint slices. X pools stay
    whole: the platform itself allocates X by city (AX, AXB, AXE and AXYB binds without an X), so
    a slice of X cannot keep workers apart; instead every mode's scenarios run on one worker
    (pnconform.parallel groups them), and the mode's whole pool is that worker's."""
    if worker_count <= 1 or target.kind == "embedded":
        return target
    fixed = target.fixed_line_numbers
    return replace(
        target,
        user_numbers=slice_range(target.user_numbers, worker_index, worker_count),
        fixed_line_numbers=fixed and slice_range(fixed, worker_index, worker_count, "fixed_line_numbers"),
    )


class NumberPool:
    def __init__(self, target: Target) -> None:
        self._target = target
        self._lock = threading.Lock()
        self._user = itertools.count()
        self._fixed = itertools.count()
        self._x_turn: dict[tuple[str, str | None], itertools.count] = {}

    def user(self) -> str:
        """A mobile user number never handed out before in this run."""
        with self._lock:
            return self._target.user_numbers.nth(next(self._user))

    def fixed_line(self) -> str:
        if self._target.fixed_line_numbers is None:
            pytest.skip(f"target '{self._target.name}' gives no fixed_line_numbers")
        with self._lock:
            return self._target.fixed_line_numbers.nth(next(self._fixed))

    def x_list(self, mode: str, area_code: str | None = None) -> list[XNumber]:
        xs = [x for x in self._target.app(mode).x_numbers if area_code is None or x.area_code == area_code]
        if not xs:
            where = f" in area {area_code}" if area_code else ""
            raise TargetError(f"target '{self._target.name}' has no {mode} X numbers{where}; add apps.{mode}.x_numbers")
        return xs

    def x(self, mode: str, area_code: str | None = None) -> str:
        """An X of the mode's app; successive calls rotate over the pool (each scenario cleans up)."""
        xs = self.x_list(mode, area_code)
        with self._lock:
            turn = self._x_turn.setdefault((mode, area_code), itertools.count())
            return xs[next(turn) % len(xs)].number

    def foreign_x(self, mode: str) -> str:
        """An X owned by an app of another mode of the same target."""
        for other, app in self._target.apps.items():
            if other != mode and app.x_numbers:
                return app.x_numbers[0].number
        pytest.skip(f"target '{self._target.name}' has no app of a mode other than {mode} with X numbers")

    def unknown_x(self) -> str:
        """A well-formed X that no app of the target owns."""
        return self._target.foreign_x or UNKNOWN_X
