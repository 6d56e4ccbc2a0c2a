"""Steps of features/axe/invariants.feature: run the AXE state machine against the target.

Like the AXB and AX invariants, the When step runs the whole Hypothesis search and keeps its
failure, so the Then step is the one that fails, with the model's message and the replayable
call list. Every step text names "AXE" so that none matches an AXB or AX step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from pytest_bdd import given, then, when

from pnconform.client import PrivateNumberClient
from pnconform.hooks import RestoringHooks
from pnconform.numbers import NumberPool
from pnconform.oracle.axe_machine import MACHINE_X, POOL_SIZE, AxeRun, run_invariants
from pnconform.oracle.axe_model import DEFAULT_DUPLICATE_CODES, DEFAULT_FOREIGN_CODES, DEFAULT_FULL_CODES
from pnconform.targets import DEFAULT_LIMITS, Target


@dataclass
class AxeInvariantRun:
    max_examples: int = 0
    step_count: int = 0
    summary: str = ""
    failure: BaseException | None = None


@pytest.fixture
def axe_invariant_run() -> AxeInvariantRun:
    return AxeInvariantRun()


def _foreign_x(numbers: NumberPool) -> str | None:
    """An X of another app of the target, when it has one (GEN-102 checks)."""
    try:
        return numbers.foreign_x("axe")
    except pytest.skip.Exception:
        return None


def _codes(target: Target, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(target.capabilities.codes.get(key) or default)


@given("the target's Hypothesis budget for the AXE invariants")
def axe_hypothesis_budget(target: Target, axe_invariant_run: AxeInvariantRun) -> None:
    axe_invariant_run.max_examples = target.hypothesis["max_examples"]
    axe_invariant_run.step_count = target.hypothesis["stateful_step_count"]


def _run(
    target: Target,
    numbers: NumberPool,
    client_for: Callable[[str], PrivateNumberClient],
    axe_invariant_run: AxeInvariantRun,
    hooks: RestoringHooks | None = None,
) -> None:
    client = client_for("axe")
    length = int(target.capabilities.limits.get("axe_extension_length", DEFAULT_LIMITS["axe_extension_length"]))
    run = AxeRun(
        client=client,
        fresh_number=numbers.user,
        x_numbers=[x.number for x in numbers.x_list("axe")][:MACHINE_X],
        extension_length=length,
        foreign_x=_foreign_x(numbers),
        voice_file=target.voice_files[0] if target.voice_files else None,
        duplicate_codes=_codes(target, "axe_duplicate_bind", DEFAULT_DUPLICATE_CODES),
        full_codes=_codes(target, "axe_full_x", DEFAULT_FULL_CODES),
        foreign_codes=_codes(target, "axe_foreign_x", DEFAULT_FOREIGN_CODES),
        advance_clock=hooks.advance if hooks else None,
        hook_bindings=(lambda: hooks.bindings(mode="axe", app_key=client.app_key)) if hooks else None,
    )
    try:
        axe_invariant_run.summary = run_invariants(
            run, max_examples=axe_invariant_run.max_examples, step_count=axe_invariant_run.step_count
        )
    except Exception as exc:  # reported by the Then step
        axe_invariant_run.failure = exc
        axe_invariant_run.summary = f"AXE invariants failed after {run.examples} machine runs, {run.calls} calls"
    if 10**length - 1 >= POOL_SIZE:
        axe_invariant_run.summary += (
            f"; {length}-digit extensions: an X holds {10**length - 1} bindings, "
            "the machine does not fill one (AXE-006)"
        )
    if run.foreign_x is None:
        axe_invariant_run.summary += "; no X of another app on this target: GEN-102 not exercised"
    if run.cleanup_problems:
        axe_invariant_run.summary += f"; cleanup problems: {run.cleanup_problems[:3]}"
    print(axe_invariant_run.summary)


@when("random sequences of AXE bind, unbind, modify and query calls run against the target")
def axe_run_plain(
    target: Target,
    numbers: NumberPool,
    client_for: Callable[[str], PrivateNumberClient],
    axe_invariant_run: AxeInvariantRun,
) -> None:
    _run(target, numbers, client_for, axe_invariant_run)


@when("random sequences of AXE calls and clock advances run against the target, watched through the test hooks")
def axe_run_with_clock(
    target: Target,
    numbers: NumberPool,
    client_for: Callable[[str], PrivateNumberClient],
    axe_invariant_run: AxeInvariantRun,
    hooks: RestoringHooks,
) -> None:
    _run(target, numbers, client_for, axe_invariant_run, hooks)


@then("every AXE response and read-back matched the model")
def axe_every_response_matched(axe_invariant_run: AxeInvariantRun) -> None:
    if axe_invariant_run.failure is not None:
        raise axe_invariant_run.failure
