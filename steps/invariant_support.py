"""What the invariant steps of every mode share: the run's state, the budget, the report.

The When step of each mode's invariants runs the whole Hypothesis search (a long step) and keeps
its failure, so that the Then step is the one that fails, with the model's message and the
replayable call list. Only the building of each mode's run stays in the mode's step module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pytest

from pnconform.client import PrivateNumberClient
from pnconform.hooks import RestoringHooks
from pnconform.numbers import NumberPool
from pnconform.targets import Target

ClientFor = Callable[[str], PrivateNumberClient]  # the `client_for` fixture
Hooks = RestoringHooks | None  # the `hooks` fixture, when the sentence moves the clock


@dataclass
class InvariantRun:
    max_examples: int = 0
    step_count: int = 0
    shrink_seconds: int = 30
    fill: Any = None  # AXB: the FillSet of the X filled up to one pair below its limit
    summary: str = ""
    failure: BaseException | None = None


def take_budget(target: Target, state: InvariantRun) -> None:
    state.max_examples = target.hypothesis["max_examples"]
    state.step_count = target.hypothesis["stateful_step_count"]
    state.shrink_seconds = target.hypothesis["shrink_seconds"]


def foreign_x(numbers: NumberPool, mode: str) -> str | None:
    """An X of another app of the target, when it has one."""
    try:
        return numbers.foreign_x(mode)
    except pytest.skip.Exception:
        return None


def run_machine(
    state: InvariantRun,
    label: str,
    run: Any,
    run_invariants: Callable[..., str],
    notes: Callable[[Any], Iterable[str]],
) -> None:
    """Run the search; keep its failure for the Then step; add `notes(run)` and cleanup problems."""
    try:
        state.summary = run_invariants(
            run, max_examples=state.max_examples, step_count=state.step_count, shrink_seconds=state.shrink_seconds
        )
    except Exception as exc:  # reported by the Then step
        state.failure = exc
        state.summary = f"{label} invariants failed after {run.examples} machine runs, {run.calls} calls"
    for note in notes(run):
        state.summary += f"; {note}"
    if run.cleanup_problems:
        state.summary += f"; cleanup problems: {run.cleanup_problems[:3]}"
    print(state.summary)


def raise_failure(state: InvariantRun) -> None:
    if state.failure is not None:
        raise state.failure
