"""Hands out the numbers a run may use: fresh user numbers from the target's range, X from its pools."""

from __future__ import annotations

import itertools
import threading

import pytest

from pnconform.targets import Target, TargetError, XNumber

UNKNOWN_X = "+8617099999999"


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
