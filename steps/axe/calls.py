"""Call steps of the axe mode (the shared call steps live in steps/calls/calls.py)."""

from __future__ import annotations

from pytest_bdd import then

from steps import attribution
from steps.calls.calls import CallScenario, awaited, party
from steps.common.context import Ctx
from steps.params import parse


@then(parse("the callin event of the call names {x:Party} as the callee"))
def callin_names_callee(ctx: Ctx, calls: CallScenario, x: str) -> None:
    # AXE-028: in the A-callback scenario the callin event's called number is X.
    info = awaited(lambda: calls.event("callin"), "push", ("callee",))
    message = f"callin called {info.get('called')!r}, expected {party(ctx, x)}: {info}"
    attribution.push(info.get("called") == party(ctx, x), message, ("callee",))
