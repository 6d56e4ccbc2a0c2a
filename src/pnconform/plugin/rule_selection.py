"""`--rule ID[,ID...]`: run only the scenarios (and outline rows) tagged with one of these rules.

`-m "AXB-004 or AXB-010"` selects the same items, but only after pytest has made an item of every
scenario of the suite (some 1,400, ~0.2 s on 2 cores) and then deselected them. Here a scenario that
checks none of the rules is never made into an item: a run for a few rules costs what their
scenarios cost (re-running the rules a run failed; the self-test's ~280 runs, one per fault).
The verdict needs nothing from here: rules left out are `not-selected`, so the run is partial.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry

from pnconform.catalogue import unknown_rules_problem
from pnconform.session import wanted_rules


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("pnconform").addoption(
        "--rule",
        action="append",
        default=[],
        metavar="ID[,ID...]",
        help="only the scenarios checking these rules (repeatable), e.g. --rule AXB-004,CODE-1012010",
    )


def pytest_configure(config: pytest.Config) -> None:
    problem = unknown_rules_problem(wanted_rules(config))
    if problem:
        raise pytest.UsageError(problem)


def _checks_any(function: Any, rules: frozenset[str]) -> bool:
    """Whether the scenario's tags, or one of its Examples' tags, name one of the rules."""
    marks = getattr(function, "pytestmark", ())
    if {m.name for m in marks} & rules:
        return True
    rows = (row for m in marks if m.name == "parametrize" for row in m.args[1])
    return any({mark.name for mark in getattr(row, "marks", ())} & rules for row in rows)


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(collector: pytest.Collector, name: str, obj: object) -> list | None:
    rules = wanted_rules(collector.config)
    if rules and obj in scenario_wrapper_template_registry and not _checks_any(obj, rules):
        return []  # no item at all (None would let pytest make them)
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The rows of a kept outline that are tagged with other rules only."""
    rules = wanted_rules(config)
    if not rules:
        return
    keep, drop = [], []
    for item in items:
        (keep if {m.name for m in item.iter_markers()} & rules else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
