"""Which covered rules the fault switches prove able to fail (`rules with a caught fault: N / M`).

A rule counts as caught when a fault switch declares it and that switch's self-test passed: the
self-test (test_selftest.py) asserts that the run with the switch on blames exactly the declared
rules that a scenario of the reference target checks.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pnconform.catalogue import rules_by_id
from pnconform.emulator import FAULTS
from pnconform.reporting.coverage import rules_covered
from pnconform.targets import load_target

ROOT = Path(__file__).resolve().parents[1]


@cache
def checkable_covered() -> frozenset[str]:
    """The rules a scenario of the reference target checks: covered, of an offered mode, checkable there."""
    capabilities = load_target(ROOT / "targets.yaml", "reference").capabilities
    checkable = {"api", "simulator"} if capabilities.call_simulator else {"api"}
    offered = {"common", "x", *capabilities.modes}
    catalogue = rules_by_id()
    return frozenset(
        rule
        for rule in rules_covered(ROOT / "features")
        if rule in catalogue and catalogue[rule].testable in checkable and catalogue[rule].mode in offered
    )


def expected_rules(fault: str) -> frozenset[str]:
    """The rules a fault's self-test must see blamed: those it declares that the reference target checks."""
    return frozenset(FAULTS[fault].rules) & checkable_covered()


def caught(faults: set[str]) -> frozenset[str]:
    return frozenset().union(*(expected_rules(f) for f in faults if f in FAULTS))
