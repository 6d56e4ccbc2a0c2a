"""Memoise pytest-bdd's step-definition lookup per (step type, step text, test module).

pytest-bdd finds a step's definition by walking every fixture name for every step it runs
(`find_fixturedefs_for_step`: ~185 names, ~900k `getfixturedefs` calls in a full run, about 15 %
of an example scenario's time). Which definitions can parse a step, and are visible from a
module, does not change during a session: the step definitions are plugins registered before
collection (the root conftest). So the first answer per (type, text, module) is kept, and in later
sessions of the same process only the step functions it named are looked up again.

A patch of pytest-bdd internals: where the function is missing (another pytest-bdd version),
nothing is patched and pytest-bdd does its own lookup.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import Any

import pytest

# The module: `from pytest_bdd import scenario` is the function of that name, which pytest_bdd's package
# re-exports over its module (an earlier version of this plugin patched nothing because of it).
bdd_scenario = importlib.import_module("pytest_bdd.scenario")
_ORIGINAL = getattr(bdd_scenario, "find_fixturedefs_for_step", None)
_GETFIXTUREDEFS = getattr(bdd_scenario, "getfixturedefs", None)

# (step type, step text, test module) -> the (fixture name, step function) pairs that matched.
# Kept across sessions of one process (the self-test's suite runner runs hundreds): a later session
# only asks pytest for those names' definitions visible from the node, not for all ~185 names.
_MATCHED: dict[tuple[str, str, str], list[tuple[str, Any]]] = {}


def pytest_configure(config: pytest.Config) -> None:
    if _ORIGINAL is None or getattr(bdd_scenario.find_fixturedefs_for_step, "memoised", False):
        return
    cache: dict[tuple[str, str, str], list[Any]] = {}  # this session's fixture definitions

    def find_fixturedefs_for_step(step: Any, fixturemanager: Any, node: Any) -> Iterator[Any]:
        key = (step.type, step.name, str(getattr(node, "path", "")))
        found = cache.get(key)
        if found is None:
            found = cache[key] = _known(key, fixturemanager, node) or list(_lookup(step, fixturemanager, node))
            _MATCHED[key] = [(fixturedef.argname, fixturedef.func) for fixturedef in found]
        return iter(found)

    find_fixturedefs_for_step.memoised = True  # type: ignore[attr-defined]
    bdd_scenario.find_fixturedefs_for_step = find_fixturedefs_for_step
    config.add_cleanup(lambda: setattr(bdd_scenario, "find_fixturedefs_for_step", _ORIGINAL))


def _known(key: tuple[str, str, str], fixturemanager: Any, node: Any) -> list[Any]:
    """This session's definitions of the step functions an earlier session matched (empty: look up)."""
    if _GETFIXTUREDEFS is None:
        return []
    found = []
    for name, func in _MATCHED.get(key, ()):
        found += [d for d in _GETFIXTUREDEFS(fixturemanager, name, node) or () if d.func is func]
    return found


def _lookup(step: Any, fixturemanager: Any, node: Any) -> Iterable[Any]:
    assert _ORIGINAL is not None
    return _ORIGINAL(step=step, fixturemanager=fixturemanager, node=node)
