"""Steps of features/calls/invariants.feature: binds and unbinds of each mode mixed with calls.

The budget Given and the "every response matched the model" Then are the invariant features'
own (steps/common/invariants.py); each When step here runs one mode's whole Hypothesis search
(`pnconform.oracle.*calls_machine`) and keeps its failure for the Then step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pytest_bdd import when

from pnconform.numbers import NumberPool
from pnconform.oracle.ax import calls_machine as ax_calls_machine
from pnconform.oracle.ax.model import DEFAULT_DUPLICATE_CODES as AX_DUPLICATE_CODES
from pnconform.oracle.axb import calls_machine
from pnconform.oracle.axe import calls_machine as axe_calls_machine
from pnconform.oracle.axe import model as axe
from pnconform.oracle.axyb import calls_machine as axyb_calls_machine
from pnconform.targets import DEFAULT_LIMITS, Target
from steps.common.invariants import ClientFor, InvariantRun, axyb_setting, run_machine

MACHINE_X = 2  # X numbers per run: a caller bound on one X and calling the other meets 8014 often
# The search places real simulated calls, each followed by a push flush and two receiver waits:
# the target's budget (30 x 20 on reference/local) is capped so that each mode's run stays well
# under 30 s on the reference target (13-35 s measured on a 2-core box at load 8; about a quarter
# of that unloaded). See docs/design.md "Call routing machines".
MAX_EXAMPLES = 15
MAX_STEPS = 12


def _cap(invariant_run: InvariantRun) -> None:
    invariant_run.max_examples = min(invariant_run.max_examples, MAX_EXAMPLES)
    invariant_run.step_count = min(invariant_run.step_count, MAX_STEPS)


def _common(mode: str, numbers: NumberPool, client_for: ClientFor, hooks: Any, receiver: Any) -> dict[str, Any]:
    """The CallsRun fields every mode shares."""
    return {
        "client": client_for(mode),
        "fresh_number": numbers.user,
        "x_numbers": [x.number for x in numbers.x_list(mode)][:MACHINE_X],
        "hooks": hooks,
        "receiver": receiver,
        "clock": True,  # lifetimes and clock advances: expiry is drawn too
    }


def _run(invariant_run: InvariantRun, label: str, run: Any, run_invariants: Callable[..., str]) -> None:
    _cap(invariant_run)

    def notes(run: Any) -> list[str]:
        skipped = getattr(run, "skipped", 0)  # AXE/AXYB: calls the spec does not settle
        return [f"{run.placed} simulated calls"] + ([f"{skipped} calls not placed (spec silent)"] if skipped else [])

    run_machine(invariant_run, label, run, run_invariants, notes)


@when("random sequences of AXB binds, unbinds, direction changes and calls through X run against the target")
def run_axb_call_sequences(
    target: Target, numbers: NumberPool, client_for: ClientFor, invariant_run: InvariantRun, hooks: Any, receiver: Any
) -> None:
    run = calls_machine.AxbCallsRun(
        **_common("axb", numbers, client_for, hooks, receiver),
        duplicate_codes=tuple(target.capabilities.codes["axb_duplicate_bind"]),
        full_codes=tuple(target.capabilities.codes["axb_full_x"]),
        max_pairs_per_x=target.capabilities.limits["axb_pairs_per_x"],
    )
    _run(invariant_run, "AXB calls", run, calls_machine.run_invariants)


@when("random sequences of AX binds, unbinds, temporary callees, clock moves and calls run against the target")
def run_ax_call_sequences(
    target: Target, numbers: NumberPool, client_for: ClientFor, invariant_run: InvariantRun, hooks: Any, receiver: Any
) -> None:
    run = ax_calls_machine.AxCallsRun(
        **_common("ax", numbers, client_for, hooks, receiver),
        duplicate_codes=tuple(target.capabilities.codes.get("ax_duplicate_bind") or AX_DUPLICATE_CODES),
    )
    _run(invariant_run, "AX calls", run, ax_calls_machine.run_invariants)


@when("random sequences of AXE binds, unbinds, clock moves and calls through X with extensions run against the target")
def run_axe_call_sequences(
    target: Target, numbers: NumberPool, client_for: ClientFor, invariant_run: InvariantRun, hooks: Any, receiver: Any
) -> None:
    caps = target.capabilities
    run = axe_calls_machine.AxeCallsRun(
        **_common("axe", numbers, client_for, hooks, receiver),
        extension_length=int(caps.limits.get("axe_extension_length", DEFAULT_LIMITS["axe_extension_length"])),
        duplicate_codes=tuple(caps.codes.get("axe_duplicate_bind") or axe.DEFAULT_DUPLICATE_CODES),
        full_codes=tuple(caps.codes.get("axe_full_x") or axe.DEFAULT_FULL_CODES),
        foreign_codes=tuple(caps.codes.get("axe_foreign_x") or axe.DEFAULT_FOREIGN_CODES),
    )
    _run(invariant_run, "AXE calls", run, axe_calls_machine.run_invariants)


@when("random sequences of AXYB binds, unbinds, clock moves and calls through X and Y run against the target")
def run_axyb_call_sequences(
    target: Target, numbers: NumberPool, client_for: ClientFor, invariant_run: InvariantRun, hooks: Any, receiver: Any
) -> None:
    setting = axyb_setting(target, numbers)
    run = axyb_calls_machine.AxybCallsRun(
        **{**_common("axyb", numbers, client_for, hooks, receiver), "x_numbers": sorted(setting["numbers"])},
        **setting,
    )
    _run(invariant_run, "AXYB calls", run, axyb_calls_machine.run_invariants)
