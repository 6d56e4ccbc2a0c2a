"""Steps worded alike for several binding modes: one definition each, the mode word captured.

"the AX app ..." and "the AXE app ..." send the same call to their own app: the captured mode
picks the scenario's client of that mode (the ``ax_client``, ``axe_client`` or ``axyb_client``
fixture, so the binding stays in that client's ledger) and its method (``{mode}_unbind``, ...).
Where a step reads a binding back, the mode's own step module (``MODES``) knows how. Steps whose
behaviour differs between the modes stay in each mode's module.

This module also holds the one When step of the invariant features: the sentence names the
mode and whether the clock moves; each mode's step module builds its state machine's run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from pnconform.client import PrivateNumberClient, Response
from pnconform.numbers import NumberPool
from pnconform.targets import Target
from steps import ax_steps, axe_steps
from steps.attribution import effect
from steps.ax_invariant_steps import run_ax
from steps.axe_invariant_steps import run_axe
from steps.axyb_invariant_steps import run_axyb
from steps.common_steps import Ctx, assert_success, unknown_id
from steps.invariant_steps import run_axb
from steps.invariant_support import InvariantRun
from steps.params import FIELDS, VALUE, parse_value

BINDING = r'binding "(?P<name>[^"]+)"'

# The modes whose bindings are read back alike: each module has `item_of`, `modify`, `NUMBERS`.
MODES: dict[str, ModuleType] = {"AX": ax_steps, "AXE": axe_steps}


def mode_client(request: pytest.FixtureRequest, mode: str) -> PrivateNumberClient:
    """The scenario's one client of the mode's app (``ax_client``, ``axe_client``, ...)."""
    return request.getfixturevalue(f"{mode.lower()}_client")


def call(request: pytest.FixtureRequest, mode: str, api: str) -> Callable[..., Response]:
    """The client method of one interface of the mode, e.g. ``axe_unbind``."""
    return getattr(mode_client(request, mode), f"{mode.lower()}_{api}")


# -- Given ----------------------------------------------------------------------------------------


@given(parsers.re(rf"the (?P<mode>AX|AXE|AXYB) app has unbound {BINDING}"))
def has_unbound(ctx: Ctx, request: pytest.FixtureRequest, mode: str, name: str) -> None:
    assert_success(call(request, mode, "unbind")(subscriptionId=ctx.bindings[name].subscription_id))


# -- When: unbind, modify, query --------------------------------------------------------------------


@when(parsers.re(rf"the (?P<mode>AX|AXE) app unbinds {BINDING}(?: again)?"))
def unbind(ctx: Ctx, request: pytest.FixtureRequest, mode: str, name: str) -> None:
    ctx.last = call(request, mode, "unbind")(subscriptionId=ctx.bindings[name].subscription_id)


@when(parsers.re(r"the (?P<mode>AX|AXE|AXYB) app unbinds an unknown binding"))
def unbind_unknown(ctx: Ctx, request: pytest.FixtureRequest, mode: str) -> None:
    ctx.last = call(request, mode, "unbind")(subscriptionId=unknown_id())


@when(parsers.re(rf"the (?P<mode>AX|AXE) app modifies {BINDING} with (?P<fields>{FIELDS})"))
def modify_binding(ctx: Ctx, request: pytest.FixtureRequest, mode: str, name: str, fields: str) -> None:
    selector = {"subscriptionId": ctx.bindings[name].subscription_id}
    MODES[mode].modify(ctx, mode_client(request, mode), name, selector, fields)


@when(parsers.re(rf"the (?P<mode>AX|AXE) app modifies {BINDING} sending only its subscriptionId"))
def modify_nothing(ctx: Ctx, request: pytest.FixtureRequest, mode: str, name: str) -> None:
    selector = {"subscriptionId": ctx.bindings[name].subscription_id}
    MODES[mode].modify(ctx, mode_client(request, mode), name, selector, None)


@when(parsers.re(rf"the (?P<mode>AX|AXE) app modifies an unknown binding with (?P<fields>{FIELDS})"))
def modify_unknown(ctx: Ctx, request: pytest.FixtureRequest, mode: str, fields: str) -> None:
    ctx.last = call(request, mode, "modify")(subscriptionId=unknown_id(), **MODES[mode].NUMBERS.fields(ctx, fields))


@when(parsers.re(rf"the (?P<mode>AX|AXE) app queries {BINDING}"))
def query_binding(ctx: Ctx, request: pytest.FixtureRequest, mode: str, name: str) -> None:
    ctx.last = call(request, mode, "query")(subscriptionId=ctx.bindings[name].subscription_id)


@when(parsers.re(r"the (?P<mode>AX|AXE) app queries without parameters"))
def query_nothing(ctx: Ctx, request: pytest.FixtureRequest, mode: str) -> None:
    ctx.last = call(request, mode, "query")()


@when(parsers.re(r"the (?P<mode>AX|AXE|AXYB) app queries an unknown binding"))
def query_unknown(ctx: Ctx, request: pytest.FixtureRequest, mode: str) -> None:
    ctx.last = call(request, mode, "query")(subscriptionId=unknown_id())


# -- Then -----------------------------------------------------------------------------------------


@then(parsers.re(r"the answer carries a new (?:(?:AX|AXE|AXYB) )?subscriptionId"))
def new_subscription_id(ctx: Ctx) -> None:
    assert_success(ctx.response)
    sid = ctx.response.body.get("subscriptionId") if ctx.response.body else None
    assert isinstance(sid, str) and 1 <= len(sid) <= 64, f"subscriptionId must be String(1-64): {ctx.response!r}"
    others = {b.subscription_id for b in ctx.bindings.values() if b is not ctx.new_binding}
    assert sid not in others, f"subscriptionId {sid} was already given to another binding"


def read_back(ctx: Ctx, request: pytest.FixtureRequest, mode: str, name: str) -> dict[str, Any] | None:
    """The binding as the mode's query shows it, or None when the target no longer knows it."""
    return MODES[mode].item_of(mode_client(request, mode), ctx.bindings[name])


@then(parsers.re(rf"the (?P<mode>AX|AXE) {BINDING} (?P<state>still exists|no longer exists)"))
def binding_state(ctx: Ctx, request: pytest.FixtureRequest, mode: str, name: str, state: str) -> None:
    exists = read_back(ctx, request, mode, name) is not None
    effect(exists == (state == "still exists"), f"binding {name!r} {'is gone' if not exists else 'is still there'}")


@then(parsers.re(rf"the (?P<mode>AX|AXE) {BINDING} shows (?P<field>[\w.]+) (?P<value>{VALUE})"))
def binding_shows(ctx: Ctx, request: pytest.FixtureRequest, mode: str, name: str, field: str, value: str) -> None:
    item = read_back(ctx, request, mode, name)
    assert item is not None, f"binding {name!r} no longer exists"
    expected = MODES[mode].NUMBERS.resolve(ctx, parse_value(value))
    effect(item.get(field) == expected, f"{field} of {name!r} is {item.get(field)!r}, expected {expected!r}")


# -- invariants: one When step for every mode -------------------------------------------------------

RUNS: dict[str, tuple[Callable[..., None], bool]] = {  # sentence -> (the mode's run, with clock)
    "AXB bind, unbind, modify and query calls run against the target": (run_axb, False),
    "AXB calls and clock advances run against the target": (run_axb, True),
    "AX bind, unbind, modify, query and set-temporary-callee calls run against the target": (run_ax, False),
    "AX calls and clock advances run against the target, watched through the test hooks": (run_ax, True),
    "AXE bind, unbind, modify and query calls run against the target": (run_axe, False),
    "AXE calls and clock advances run against the target, watched through the test hooks": (run_axe, True),
    "AXYB bind, unbind and query calls run against the target": (run_axyb, False),
    "AXYB calls and clock advances run against the target, watched through the test hooks": (run_axyb, True),
}


@when(parsers.re(rf"random sequences of (?P<what>{'|'.join(re.escape(w) for w in RUNS)})"))
def run_sequences(
    request: pytest.FixtureRequest,
    target: Target,
    numbers: NumberPool,
    client_for: Callable[[str], PrivateNumberClient],
    invariant_run: InvariantRun,
    what: str,
) -> None:
    run, with_clock = RUNS[what]
    hooks = request.getfixturevalue("hooks") if with_clock else None  # skips on a target without hooks
    run(target, numbers, client_for, invariant_run, hooks)
