"""features/axyb/invariants.feature: the AXYB state machine's run, built from the target.

The steps are shared by every mode: the budget and Then step in steps/invariant_steps.py, the
When step in steps/mode_steps.py, which calls `run_axyb`; steps/invariant_support.py runs it.
"""

from __future__ import annotations

from collections import Counter

import pytest

from pnconform.numbers import NumberPool
from pnconform.oracle.axyb_machine import AxybRun, run_invariants
from pnconform.targets import DEFAULT_CODES, DEFAULT_LIMITS, Target
from steps.invariant_support import ClientFor, Hooks, InvariantRun, run_machine


def run_axyb(target: Target, numbers: NumberPool, client_for: ClientFor, state: InvariantRun, hooks: Hooks) -> None:
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
