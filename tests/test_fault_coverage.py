"""Every rule a scenario of the reference target checks is declared by a fault switch.

The switch's own self-test (test_selftest.py) then proves the suite blames that rule when the
switch is on; tests/conftest.py prints the figure the passed self-tests prove.
"""

from __future__ import annotations

from fault_figures import caught, checkable_covered

from pnconform.emulator import FAULTS


def test_every_checked_rule_has_a_fault_that_breaks_it() -> None:
    missing = sorted(checkable_covered() - caught(set(FAULTS)))
    covered = len(checkable_covered())
    assert not missing, f"rules with a fault: {covered - len(missing)} / {covered}; none breaks: {' '.join(missing)}"
