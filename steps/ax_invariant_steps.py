"""Steps of features/ax/invariants.feature: run the AX state machine against the target.

Like the AXB invariants (steps/invariant_steps.py), the When step runs the whole Hypothesis
search and keeps its failure, so the Then step is the one that fails, with the model's message
and the replayable call list. Every step text names "AX" so that none matches an AXB step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from pytest_bdd import given, then, when

from pnconform.client import PrivateNumberClient
from pnconform.hooks import RestoringHooks
from pnconform.numbers import NumberPool
from pnconform.oracle.ax_machine import AxRun, run_invariants
from pnconform.oracle.ax_model import DEFAULT_DUPLICATE_CODES, MAX_X_PER_A
from pnconform.targets import Target

MACHINE_X = 8  # X numbers per run: more than 5 so that an A meets its limit on free X (AX-005)


@dataclass
class AxInvariantRun:
    max_examples: int = 0
    step_count: int = 0
    summary: str = ""
    failure: BaseException | None = None


@pytest.fixture
def ax_invariant_run() -> AxInvariantRun:
    return AxInvariantRun()


def _foreign_x(numbers: NumberPool) -> str | None:
    """An X of another app of the target, when it has one (1011001 / 1011004 checks)."""
    try:
        return numbers.foreign_x("ax")
    except pytest.skip.Exception:
        return None


@given("the target's Hypothesis budget for the AX invariants")
def ax_hypothesis_budget(target: Target, ax_invariant_run: AxInvariantRun) -> None:
    ax_invariant_run.max_examples = target.hypothesis["max_examples"]
    ax_invariant_run.step_count = target.hypothesis["stateful_step_count"]


def _run(
    target: Target,
    numbers: NumberPool,
    client_for: Callable[[str], PrivateNumberClient],
    ax_invariant_run: AxInvariantRun,
    hooks: RestoringHooks | None = None,
) -> None:
    client = client_for("ax")
    xs = [x.number for x in numbers.x_list("ax")][:MACHINE_X]
    run = AxRun(
        client=client,
        fresh_number=numbers.user,
        x_numbers=xs,
        foreign_x=_foreign_x(numbers),
        duplicate_codes=tuple(target.capabilities.codes.get("ax_duplicate_bind") or DEFAULT_DUPLICATE_CODES),
        advance_clock=hooks.advance if hooks else None,
        hook_bindings=(lambda: hooks.bindings(mode="ax", app_key=client.app_key)) if hooks else None,
    )
    try:
        ax_invariant_run.summary = run_invariants(
            run, max_examples=ax_invariant_run.max_examples, step_count=ax_invariant_run.step_count
        )
    except Exception as exc:  # reported by the Then step
        ax_invariant_run.failure = exc
        ax_invariant_run.summary = f"AX invariants failed after {run.examples} machine runs, {run.calls} calls"
    if len(xs) <= MAX_X_PER_A:
        ax_invariant_run.summary += f"; only {len(xs)} AX X numbers: the 6th-X limit (AX-005) is not reached"
    if run.foreign_x is None:
        ax_invariant_run.summary += (
            "; no X of another app on this target: 1011001/1011004 (AX-027, AX-106) not exercised"
        )
    if run.cleanup_problems:
        ax_invariant_run.summary += f"; cleanup problems: {run.cleanup_problems[:3]}"
    print(ax_invariant_run.summary)


@when("random sequences of AX bind, unbind, modify, query and set-temporary-callee calls run against the target")
def ax_run_plain(
    target: Target,
    numbers: NumberPool,
    client_for: Callable[[str], PrivateNumberClient],
    ax_invariant_run: AxInvariantRun,
) -> None:
    _run(target, numbers, client_for, ax_invariant_run)


@when("random sequences of AX calls and clock advances run against the target, watched through the test hooks")
def ax_run_with_clock(
    target: Target,
    numbers: NumberPool,
    client_for: Callable[[str], PrivateNumberClient],
    ax_invariant_run: AxInvariantRun,
    hooks: RestoringHooks,
) -> None:
    _run(target, numbers, client_for, ax_invariant_run, hooks)


@then("every AX response and listing matched the model")
def ax_every_response_matched(ax_invariant_run: AxInvariantRun) -> None:
    if ax_invariant_run.failure is not None:
        raise ax_invariant_run.failure
