"""Steps of features/axyb/invariants.feature: run the AXYB state machine against the target.

Like the AXB and AX invariants, the When step runs the whole Hypothesis search and keeps its
failure, so the Then step is the one that fails, with the model's message and the replayable
call list. Every step text names "AXYB" so that none matches another mode's step.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from pytest_bdd import given, then, when

from pnconform.client import PrivateNumberClient
from pnconform.hooks import RestoringHooks
from pnconform.numbers import NumberPool
from pnconform.oracle.axyb_machine import AxybRun, run_invariants
from pnconform.targets import DEFAULT_CODES, DEFAULT_LIMITS, Target


@dataclass
class AxybInvariantRun:
    max_examples: int = 0
    step_count: int = 0
    summary: str = ""
    failure: BaseException | None = None


@pytest.fixture
def axyb_invariant_run() -> AxybInvariantRun:
    return AxybInvariantRun()


@given("the target's Hypothesis budget for the AXYB invariants")
def axyb_hypothesis_budget(target: Target, axyb_invariant_run: AxybInvariantRun) -> None:
    axyb_invariant_run.max_examples = target.hypothesis["max_examples"]
    axyb_invariant_run.step_count = target.hypothesis["stateful_step_count"]


def _run(
    target: Target,
    numbers: NumberPool,
    client_for: Callable[[str], PrivateNumberClient],
    state: AxybInvariantRun,
    hooks: RestoringHooks | None = None,
) -> None:
    pool = {x.number: x.area_code for x in numbers.x_list("axyb") if x.area_code}
    if len(pool) < 2:
        pytest.skip(f"target '{target.name}' gives fewer than two AXYB numbers with an area_code")
    counts = Counter(pool.values())
    x_city = counts.most_common(1)[0][0]
    singles = sorted(area for area, n in counts.items() if n == 1 and area != x_city)
    limits, codes = target.capabilities.limits, target.capabilities.codes
    run = AxybRun(
        client=client_for("axyb"),
        fresh_number=numbers.user,
        numbers=pool,
        x_city=x_city,
        y_city=singles[0] if singles else None,
        max_x_per_a=int(limits.get("axyb_x_per_a", DEFAULT_LIMITS["axyb_x_per_a"])),
        max_relations_per_y=int(limits.get("axyb_relations_per_y", DEFAULT_LIMITS["axyb_relations_per_y"])),
        alloc_codes=tuple(codes.get("axyb_alloc_fail") or DEFAULT_CODES["axyb_alloc_fail"]),
        advance_clock=hooks.advance if hooks else None,
    )
    try:
        state.summary = run_invariants(run, max_examples=state.max_examples, step_count=state.step_count)
    except Exception as exc:  # reported by the Then step
        state.failure = exc
        state.summary = f"AXYB invariants failed after {run.examples} machine runs, {run.calls} calls"
    if run.y_city is None:
        state.summary += "; no city with a single AXYB number: Y reuse (AXYB-006..008) is left to chance"
    if run.cleanup_problems:
        state.summary += f"; cleanup problems: {run.cleanup_problems[:3]}"
    print(state.summary)


@when("random sequences of AXYB bind, unbind and query calls run against the target")
def axyb_run_plain(
    target: Target,
    numbers: NumberPool,
    client_for: Callable[[str], PrivateNumberClient],
    axyb_invariant_run: AxybInvariantRun,
) -> None:
    _run(target, numbers, client_for, axyb_invariant_run)


@when("random sequences of AXYB calls and clock advances run against the target, watched through the test hooks")
def axyb_run_with_clock(
    target: Target,
    numbers: NumberPool,
    client_for: Callable[[str], PrivateNumberClient],
    axyb_invariant_run: AxybInvariantRun,
    hooks: RestoringHooks,
) -> None:
    _run(target, numbers, client_for, axyb_invariant_run, hooks)


@then("every AXYB response and listing matched the model")
def axyb_every_response_matched(axyb_invariant_run: AxybInvariantRun) -> None:
    if axyb_invariant_run.failure is not None:
        raise axyb_invariant_run.failure
