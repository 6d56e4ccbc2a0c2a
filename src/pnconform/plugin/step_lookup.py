"""Memoise pytest-bdd's step-definition lookup per (step type, step text, test module).

pytest-bdd finds a step's definition by walking every fixture name for every step it runs
(`find_fixturedefs_for_step`: ~185 names, ~900k `getfixturedefs` calls in a full run, about 15 %
of an example scenario's time). Which definitions can parse a step, and are visible from a
module, does not change during a session: the step definitions are plugins registered before
collection (the root conftest). So the first answer per (type, text, module) is kept.

A patch of pytest-bdd internals: where the function is missing (another pytest-bdd version),
nothing is patched and pytest-bdd does its own lookup.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from pytest_bdd import scenario as bdd_scenario

_ORIGINAL = getattr(bdd_scenario, "find_fixturedefs_for_step", None)


def pytest_configure(config: pytest.Config) -> None:
    if _ORIGINAL is None or getattr(bdd_scenario.find_fixturedefs_for_step, "memoised", False):
        return
    cache: dict[tuple[str, str, str], list[Any]] = {}

    def find_fixturedefs_for_step(step: Any, fixturemanager: Any, node: Any) -> Iterator[Any]:
        key = (step.type, step.name, str(getattr(node, "path", "")))
        found = cache.get(key)
        if found is None:
            found = cache[key] = list(_lookup(step, fixturemanager, node))
        return iter(found)

    find_fixturedefs_for_step.memoised = True  # type: ignore[attr-defined]
    bdd_scenario.find_fixturedefs_for_step = find_fixturedefs_for_step
    config.add_cleanup(lambda: setattr(bdd_scenario, "find_fixturedefs_for_step", _ORIGINAL))


def _lookup(step: Any, fixturemanager: Any, node: Any) -> Iterable[Any]:
    assert _ORIGINAL is not None
    return _ORIGINAL(step=step, fixturemanager=fixturemanager, node=node)
