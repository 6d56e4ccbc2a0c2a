"""features/axyb/invariants.feature: the AXYB state machine's run, built from the target.

The steps are shared by every mode: the budget and Then step in steps/common/invariants.py, the
When step in steps/common/mode_steps.py, which calls `run_axyb`; steps/invariant_support.py runs it.
"""

from __future__ import annotations

from pnconform.numbers import NumberPool
from pnconform.oracle.axyb.machine import AxybRun, run_invariants
from pnconform.targets import Target
from steps.common.invariants import ClientFor, Hooks, InvariantRun, axyb_setting, registers_run, run_machine


@registers_run("AXYB")
def run_axyb(target: Target, numbers: NumberPool, client_for: ClientFor, state: InvariantRun, hooks: Hooks) -> None:
    run = AxybRun(
        client=client_for("axyb"),
        fresh_number=numbers.user,
        **axyb_setting(target, numbers),
        advance_clock=hooks.advance if hooks else None,
    )
    run_machine(
        state,
        "AXYB",
        run,
        run_invariants,
        lambda run: (
            ["no city with a single AXYB number: Y reuse (AXYB-006..008) is left to chance"]
            if run.y_city is None
            else []
        ),
    )
