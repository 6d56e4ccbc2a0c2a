"""features/axe/invariants.feature: the AXE state machine's run, built from the target.

The steps are shared by every mode: the budget and Then step in steps/common/invariants.py, the
When step in steps/common/mode_steps.py, which calls `run_axe`; steps/invariant_support.py runs it.
"""

from __future__ import annotations

from pnconform.numbers import NumberPool
from pnconform.oracle.axe.machine import MACHINE_X, POOL_SIZE, AxeRun, run_invariants
from pnconform.oracle.axe.model import DEFAULT_DUPLICATE_CODES, DEFAULT_FOREIGN_CODES, DEFAULT_FULL_CODES
from pnconform.targets import DEFAULT_LIMITS, Target
from steps.common.invariants import ClientFor, Hooks, InvariantRun, foreign_x, registers_run, run_machine


def _codes(target: Target, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(target.capabilities.codes.get(key) or default)


@registers_run("AXE")
def run_axe(target: Target, numbers: NumberPool, client_for: ClientFor, state: InvariantRun, hooks: Hooks) -> None:
    client = client_for("axe")
    length = int(target.capabilities.limits.get("axe_extension_length", DEFAULT_LIMITS["axe_extension_length"]))
    run = AxeRun(
        client=client,
        fresh_number=numbers.user,
        x_numbers=[x.number for x in numbers.x_list("axe")][:MACHINE_X],
        extension_length=length,
        foreign_x=foreign_x(numbers, "axe"),  # GEN-102 checks
        voice_file=target.voice_files[0] if target.voice_files else None,
        duplicate_codes=_codes(target, "axe_duplicate_bind", DEFAULT_DUPLICATE_CODES),
        full_codes=_codes(target, "axe_full_x", DEFAULT_FULL_CODES),
        foreign_codes=_codes(target, "axe_foreign_x", DEFAULT_FOREIGN_CODES),
        advance_clock=hooks.advance if hooks else None,
        hook_bindings=(lambda: hooks.bindings(mode="axe", app_key=client.app_key)) if hooks else None,
    )

    def notes(run: AxeRun) -> list[str]:
        out = []
        if 10**length - 1 >= POOL_SIZE:
            out.append(
                f"{length}-digit extensions: an X holds {10**length - 1} bindings, "
                "the machine does not fill one (AXE-006)"
            )
        if run.foreign_x is None:
            out.append("no X of another app on this target: GEN-102 not exercised")
        return out

    run_machine(state, "AXE", run, run_invariants, notes)
