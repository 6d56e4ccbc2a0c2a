"""Steps of features/axb/invariants.feature: run the AXB state machine against the target.

The When step runs the whole Hypothesis search (a long step) and keeps its failure, so the Then
step is the one that fails, with the model's message and the replayable call list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from pytest_bdd import given, then, when

from pnconform.client import PrivateNumberClient
from pnconform.hooks import RestoringHooks
from pnconform.numbers import NumberPool
from pnconform.oracle.axb_machine import AxbRun, FillSet, run_invariants
from pnconform.targets import Target

MACHINE_X = 3  # X numbers per run: few enough that user numbers collide, more than one for AXB-009


@dataclass
class InvariantRun:
    max_examples: int = 0
    step_count: int = 0
    fill: FillSet | None = None
    summary: str = ""
    failure: BaseException | None = None


@pytest.fixture
def invariant_run() -> InvariantRun:
    return InvariantRun()


def _foreign_x(numbers: NumberPool) -> str | None:
    """An X of another app of the target, when it has one (1012001 checks)."""
    try:
        return numbers.foreign_x("axb")
    except pytest.skip.Exception:
        return None


@given("the target's Hypothesis budget for AXB")
def hypothesis_budget(target: Target, invariant_run: InvariantRun) -> None:
    invariant_run.max_examples = target.hypothesis["max_examples"]
    invariant_run.step_count = target.hypothesis["stateful_step_count"]


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


def _run(
    target: Target,
    numbers: NumberPool,
    client_for: Callable[[str], PrivateNumberClient],
    invariant_run: InvariantRun,
    hooks: RestoringHooks | None = None,
) -> None:
    fill = invariant_run.fill
    xs = [x.number for x in numbers.x_list("axb")]
    if fill:  # the filled X plus one other
        xs = [fill.x, *[x for x in xs if x != fill.x][:1]]
    run = AxbRun(
        client=client_for("axb"),
        fresh_number=numbers.user,
        x_numbers=xs[:MACHINE_X],
        foreign_x=_foreign_x(numbers),
        duplicate_codes=tuple(target.capabilities.codes["axb_duplicate_bind"]),
        full_codes=tuple(target.capabilities.codes["axb_full_x"]),
        max_pairs_per_x=target.capabilities.limits["axb_pairs_per_x"],
        advance_clock=hooks.advance if hooks else None,
        fill=fill,
    )
    try:
        invariant_run.summary = run_invariants(
            run, max_examples=invariant_run.max_examples, step_count=invariant_run.step_count
        )
    except Exception as exc:  # reported by the Then step
        invariant_run.failure = exc
        invariant_run.summary = f"AXB invariants failed after {run.examples} machine runs, {run.calls} calls"
    if run.foreign_x is None:
        invariant_run.summary += "; no X of another app on this target: 1012001 (AXB-011, AXB-045) not exercised"
    if run.cleanup_problems:
        invariant_run.summary += f"; cleanup problems: {run.cleanup_problems[:3]}"
    print(invariant_run.summary)


@when("random sequences of AXB bind, unbind, modify and query calls run against the target")
def run_plain(
    target: Target,
    numbers: NumberPool,
    client_for: Callable[[str], PrivateNumberClient],
    invariant_run: InvariantRun,
) -> None:
    _run(target, numbers, client_for, invariant_run)


@when("random sequences of AXB calls and clock advances run against the target")
def run_with_clock(
    target: Target,
    numbers: NumberPool,
    client_for: Callable[[str], PrivateNumberClient],
    invariant_run: InvariantRun,
    hooks: RestoringHooks,
) -> None:
    _run(target, numbers, client_for, invariant_run, hooks)


@then("every response matched the model")
def every_response_matched(invariant_run: InvariantRun) -> None:
    if invariant_run.failure is not None:
        raise invariant_run.failure
