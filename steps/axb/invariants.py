"""features/axb/invariants.feature: the AXB state machine's run, built from the target, and its fill.

The budget Given and the Then step are every mode's (steps/common/invariants.py); the When step
(steps/common/mode_steps.py) runs the whole Hypothesis search (a long step) with `run_axb`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytest_bdd import given

from pnconform.client import PrivateNumberClient
from pnconform.numbers import NumberPool
from pnconform.oracle.axb.machine import AxbRun, FillSet, run_invariants
from pnconform.targets import Target
from steps.common.invariants import ClientFor, Hooks, InvariantRun, foreign_x, registers_run, run_machine

MACHINE_X = 3  # X numbers per run: few enough that user numbers collide, more than one for AXB-009


@given("an X of the AXB app filled up to one pair below its pair limit")
def filled_x(
    target: Target,
    numbers: NumberPool,
    client_for: Callable[[str], PrivateNumberClient],
    invariant_run: InvariantRun,
) -> None:
    """One free slot: a second pair of the example on that X meets the limit (AXB-010, AXB-109)."""
    limits = target.capabilities.limits
    if limits["axb_pairs_per_x"] > limits["max_fill"]:  # also skipped from the tag; keep the step honest
        pytest.skip(f"pair limit {limits['axb_pairs_per_x']} is above limits.max_fill ({limits['max_fill']})")
    client = client_for("axb")  # its own ledger: the fill survives the per-example cleanups
    # An X with no bindings at all, so that the number of pairs on it is known exactly.
    empty = [x.number for x in numbers.x_list("axb") if client.axb_query(relationNum=x.number).resultcode == "1012007"]
    if not empty:
        pytest.fail("no X of the AXB app is free of bindings; the pairs-per-X limit cannot be reached exactly")
    fill = FillSet(client, empty[0], max(limits["axb_pairs_per_x"] - 1, 0), numbers.user)
    fill.top_up()
    invariant_run.fill = fill


@registers_run("AXB")
def run_axb(target: Target, numbers: NumberPool, client_for: ClientFor, state: InvariantRun, hooks: Hooks) -> None:
    fill = state.fill
    xs = [x.number for x in numbers.x_list("axb")]
    if fill:  # the filled X plus one other
        xs = [fill.x, *[x for x in xs if x != fill.x][:1]]
    run = AxbRun(
        client=client_for("axb"),
        fresh_number=numbers.user,
        x_numbers=xs[:MACHINE_X],
        foreign_x=foreign_x(numbers, "axb"),  # 1012001 checks
        duplicate_codes=tuple(target.capabilities.codes["axb_duplicate_bind"]),
        full_codes=tuple(target.capabilities.codes["axb_full_x"]),
        max_pairs_per_x=target.capabilities.limits["axb_pairs_per_x"],
        advance_clock=hooks.advance if hooks else None,
        fill=fill,
    )
    run_machine(
        state,
        "AXB",
        run,
        run_invariants,
        lambda run: (
            ["no X of another app on this target: 1012001 (AXB-011, AXB-045) not exercised"]
            if run.foreign_x is None
            else []
        ),
    )
