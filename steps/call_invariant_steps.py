"""Steps of features/calls/invariants.feature: AXB binds, unbinds and modifies mixed with calls.

The budget Given and the "every response matched the model" Then are the invariant features'
own (steps/invariant_steps.py); the When step here runs the whole Hypothesis search
(`pnconform.oracle.calls_machine`) and keeps its failure for the Then step.
"""

from __future__ import annotations

from typing import Any

from pytest_bdd import when

from pnconform.numbers import NumberPool
from pnconform.oracle.calls_machine import CallsRun, run_invariants
from pnconform.targets import Target
from steps.invariant_support import ClientFor, InvariantRun, run_machine

MACHINE_X = 2  # X numbers per run: a caller bound on one X and calling the other meets 8014 often
# The search places real simulated calls, each followed by a push flush and two receiver waits:
# the target's budget is capped so that a run stays short (about 12-20 s on the reference target).
MAX_EXAMPLES = 25
MAX_STEPS = 15


@when("random sequences of AXB binds, unbinds, direction changes and calls through X run against the target")
def run_call_sequences(
    target: Target,
    numbers: NumberPool,
    client_for: ClientFor,
    invariant_run: InvariantRun,
    hooks: Any,
    receiver: Any,
) -> None:
    invariant_run.max_examples = min(invariant_run.max_examples, MAX_EXAMPLES)
    invariant_run.step_count = min(invariant_run.step_count, MAX_STEPS)
    run = CallsRun(
        client=client_for("axb"),
        fresh_number=numbers.user,
        x_numbers=[x.number for x in numbers.x_list("axb")][:MACHINE_X],
        hooks=hooks,
        receiver=receiver,
        duplicate_codes=tuple(target.capabilities.codes["axb_duplicate_bind"]),
        full_codes=tuple(target.capabilities.codes["axb_full_x"]),
        max_pairs_per_x=target.capabilities.limits["axb_pairs_per_x"],
    )
    run_machine(
        invariant_run,
        "AXB calls",
        run,
        run_invariants,
        lambda run: [f"{run.placed} simulated calls"],
    )
