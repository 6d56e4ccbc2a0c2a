"""features/ax/invariants.feature: the AX state machine's run, built from the target.

The steps are shared by every mode: the budget and Then step in steps/common/invariants.py, the
When step in steps/common/mode_steps.py, which calls `run_ax`; steps/invariant_support.py runs it.
"""

from __future__ import annotations

from pnconform.numbers import NumberPool
from pnconform.oracle.ax.machine import AxRun, run_invariants
from pnconform.oracle.ax.model import DEFAULT_DUPLICATE_CODES, MAX_X_PER_A
from pnconform.targets import Target
from steps.common.invariants import ClientFor, Hooks, InvariantRun, foreign_x, registers_run, run_machine

MACHINE_X = 8  # X numbers per run: more than 5 so that an A meets its limit on free X (AX-005)


@registers_run("AX")
def run_ax(target: Target, numbers: NumberPool, client_for: ClientFor, state: InvariantRun, hooks: Hooks) -> None:
    client = client_for("ax")
    xs = [x.number for x in numbers.x_list("ax")][:MACHINE_X]
    run = AxRun(
        client=client,
        fresh_number=numbers.user,
        x_numbers=xs,
        foreign_x=foreign_x(numbers, "ax"),  # 1011001 / 1011004 checks
        duplicate_codes=tuple(target.capabilities.codes.get("ax_duplicate_bind") or DEFAULT_DUPLICATE_CODES),
        advance_clock=hooks.advance if hooks else None,
        hook_bindings=(lambda: hooks.bindings(mode="ax", app_key=client.app_key)) if hooks else None,
    )

    def notes(run: AxRun) -> list[str]:
        out = []
        if len(xs) <= MAX_X_PER_A:
            out.append(f"only {len(xs)} AX X numbers: the 6th-X limit (AX-005) is not reached")
        if run.foreign_x is None:
            out.append("no X of another app on this target: 1011001/1011004 (AX-027, AX-106) not exercised")
        return out

    run_machine(state, "AX", run, run_invariants, notes)
