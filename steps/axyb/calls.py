"""Call steps of the axyb mode (the shared call steps live in steps/calls/calls.py)."""

from __future__ import annotations

from pytest_bdd import then

from pnconform.client import PrivateNumberClient
from steps.attribution import effect
from steps.axyb.bindings import items_of
from steps.common.context import Ctx
from steps.common.modes import AXYB
from steps.params import parse


@then(parse('the AXYB binding "{name:Quoted}" pairs {b:User} with the Y {a:User} saw'))
def pairs_with_seen_y(ctx: Ctx, axyb_client: PrivateNumberClient, name: str, b: str, a: str) -> None:
    # AXYB-012: the Y assigned by B's first call shows in the query as numY beside numB.
    del a  # the Y was named by "Y is the number A saw on that call"
    pairs = [(i.get("numB"), i.get("numY")) for i in items_of(ctx, axyb_client, name)]
    wanted = (AXYB.num(ctx, b), ctx.named.get("Y"))
    effect(wanted in pairs, f"{wanted} is not listed: {pairs}")
