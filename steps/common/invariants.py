"""What the invariant steps of every mode share: the run's state, the budget, the report.

Its steps (a plugin module): the budget Given and the "every ... matched the model" Then of every
invariant feature; the When step is `steps.common.mode_steps.run_sequences`, which calls the run a
mode's invariants module registered in `RUNS` (`@registers_run("AX")`).

The When step of each mode's invariants runs the whole Hypothesis search (a long step) and keeps
its failure, so that the Then step is the one that fails, with the model's message and the
replayable call list. Only the building of each mode's run stays in the mode's step module.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from pytest_bdd import given, parsers, then

from pnconform.client import PrivateNumberClient
from pnconform.hooks import RestoringHooks
from pnconform.numbers import NumberPool
from pnconform.targets import DEFAULT_CODES, DEFAULT_LIMITS, Target

ClientFor = Callable[[str], PrivateNumberClient]  # the `client_for` fixture
Hooks = RestoringHooks | None  # the `hooks` fixture, when the sentence moves the clock


Run = Callable[[Target, NumberPool, ClientFor, "InvariantRun", Hooks], None]
RUNS: dict[str, Run] = {}  # mode label -> the run its invariants module builds


def registers_run(label: str) -> Callable[[Run], Run]:
    def register(run: Run) -> Run:
        RUNS[label] = run
        return run

    return register


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


def axyb_setting(target: Target, numbers: NumberPool) -> dict[str, Any]:
    """What both AXYB machines take from the target: its numbers by city, the city X come from,
    a city with a single number for Y (Y reuse then happens), and the AXYB limits and codes."""
    pool = {x.number: x.area_code for x in numbers.x_list("axyb") if x.area_code}
    if len(pool) < 2:
        pytest.skip(f"target '{target.name}' gives fewer than two AXYB numbers with an area_code")
    counts = Counter(pool.values())
    x_city = counts.most_common(1)[0][0]
    singles = sorted(area for area, n in counts.items() if n == 1 and area != x_city)
    limits, codes = target.capabilities.limits, target.capabilities.codes
    return {
        "numbers": pool,
        "x_city": x_city,
        "y_city": singles[0] if singles else None,
        "max_x_per_a": int(limits.get("axyb_x_per_a", DEFAULT_LIMITS["axyb_x_per_a"])),
        "max_relations_per_y": int(limits.get("axyb_relations_per_y", DEFAULT_LIMITS["axyb_relations_per_y"])),
        "alloc_codes": tuple(codes.get("axyb_alloc_fail") or DEFAULT_CODES["axyb_alloc_fail"]),
    }


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


@pytest.fixture
def invariant_run() -> InvariantRun:
    """The state of one scenario's invariant run, whichever mode it checks."""
    return InvariantRun()


@given(parsers.re(r"the target's Hypothesis budget for (?:AXB|the (?:AX|AXE|AXYB) invariants)"))
def hypothesis_budget(target: Target, invariant_run: InvariantRun) -> None:
    take_budget(target, invariant_run)


@then(
    parsers.re(
        r"every (?:response|AX response and listing|AXE response and read-back|AXYB response and listing)"
        r" matched the model"
    )
)
def every_response_matched(invariant_run: InvariantRun) -> None:
    raise_failure(invariant_run)
