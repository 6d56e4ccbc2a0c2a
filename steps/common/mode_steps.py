"""Steps worded alike for several binding modes: one definition each, the mode word captured.

"the AX app ..." and "the AXE app ..." send the same call to their own app: the captured mode
picks the mode's spec object (`steps.common.modes`), which names its client methods, its fields
and how it reads a binding back. Steps whose behaviour differs between the modes stay in each
mode's package.

This module also holds the one When step of the invariant features: the sentence names the
mode and whether the clock moves; each mode's invariants module registers its run (`RUNS`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from pnconform.client import PrivateNumberClient
from pnconform.numbers import NumberPool
from pnconform.targets import Target
from steps.attribution import effect
from steps.common.context import Ctx, assert_success, unknown_id
from steps.common.invariants import RUNS, InvariantRun
from steps.common.modes import SPECS, ModeSpec
from steps.params import AREA_MATCH, AX_X, FIELDS, FORM, NUMBER_FORMS, USER, one_of, parse, parse_value

ANY_MODE = one_of("AX", "AXE", "AXYB")  # {mode:AnyMode}
AX_OR_AXE = one_of("AX", "AXE")  # {mode:AxMode}: the modes whose bindings are read back alike
AX_OR_AXE_RE = r"(?P<mode>AXE|AX)"  # the same in a `parsers.re` step text
AX_OR_AXE_X = AX_X  # the X names of the AX features (X..X6) and the AXE features (X..X4)
AX_OR_AXE_NUMBER = r"origNum|privateNum|bindNum|virtualNum"  # the user and X fields of AX and AXE


def spec(mode: str) -> ModeSpec:
    return SPECS[mode]


def step(text: str, **types: Callable[[str], Any]) -> Any:
    """A step text of this module: {mode:AnyMode} is AX, AXE or AXYB, {mode:AxMode} AX or AXE."""
    return parse(text, AnyMode=ANY_MODE, AxMode=AX_OR_AXE, **types)


# -- Given ----------------------------------------------------------------------------------------


@given(step('the {mode:AnyMode} app has unbound binding "{name:Quoted}"'))
def has_unbound(ctx: Ctx, mode: str, name: str) -> None:
    m = spec(mode)
    assert_success(m.unbind(m.client(ctx), subscriptionId=ctx.bindings[name].subscription_id))


# -- Given: AX and AXE bindings ------------------------------------------------------------------


@given(
    parsers.re(
        rf'an {AX_OR_AXE_RE} binding "(?P<name>[^"]+)" of (?P<a>{USER}) on (?P<x>{AX_OR_AXE_X})'
        rf"(?: with (?P<fields>{FIELDS}))?"
    )
)
def given_binding(ctx: Ctx, mode: str, name: str, a: str, x: str, fields: str | None) -> None:
    m = spec(mode)
    m.make_binding(ctx, name, {m.user_field: m.num(ctx, a), m.x_field: m.num(ctx, x), **m.fields(ctx, fields)})


# -- When: AX and AXE bind ------------------------------------------------------------------------


def number_field(m: ModeSpec, field: str) -> str:
    """A number field a sentence names: the mode's user or X field, never another mode's."""
    assert field in (m.user_field, m.x_field), f"{m.label} has no number field {field}"
    return field


@when(
    parsers.re(
        rf"the {AX_OR_AXE_RE} app binds (?P<a>{USER}) to (?P<x>{AX_OR_AXE_X})(?: again)?"
        rf"(?: with (?P<fields>{FIELDS}))?"
    )
)
def bind(ctx: Ctx, mode: str, a: str, x: str, fields: str | None) -> None:
    m = spec(mode)
    m.send_bind(ctx, {m.user_field: m.num(ctx, a), m.x_field: m.num(ctx, x), **m.fields(ctx, fields)})


@when(parse("the {mode:OnlyAx} app binds {x:AxX} without an origNum", OnlyAx=one_of("AX")))
@when(parse("the {mode:OnlyAxe} app binds {x:AxX} without a bindNum", OnlyAxe=one_of("AXE")))
def bind_without_a(ctx: Ctx, mode: str, x: str) -> None:
    m = spec(mode)
    m.send_bind(ctx, {m.x_field: m.num(ctx, x)})


@when(
    parsers.re(
        rf"the {AX_OR_AXE_RE} app binds (?P<a>{USER}) to (?P<x>{AX_OR_AXE_X}) "
        rf"giving (?P<field>{AX_OR_AXE_NUMBER}) (?P<form>{FORM})"
    )
)
def bind_malformed(ctx: Ctx, mode: str, a: str, x: str, field: str, form: str) -> None:
    m = spec(mode)
    body = {m.user_field: m.num(ctx, a), m.x_field: m.num(ctx, x)}
    body[number_field(m, field)] = NUMBER_FORMS[form](body[field])
    m.send_bind(ctx, body)


@when(
    parsers.re(
        rf"the {AX_OR_AXE_RE} app binds (?P<a>{USER}) in the city of (?P<x>{AX_OR_AXE_X})"
        rf"(?: with (?P<fields>{FIELDS}))?"
    )
)
def bind_in_city(ctx: Ctx, mode: str, a: str, x: str, fields: str | None) -> None:
    m = spec(mode)
    ctx.chosen_area = m.area(ctx, x)
    body = {m.user_field: m.num(ctx, a), "areaCode": ctx.chosen_area, **dict(m.by_area), **m.fields(ctx, fields)}
    m.send_bind(ctx, body)


@when(step("the {mode:AxMode} app binds {a:User} to {x:AxX} naming a city where it has no X"))
def bind_x_naming_unserved(ctx: Ctx, mode: str, a: str, x: str) -> None:
    m = spec(mode)
    body = {m.user_field: m.num(ctx, a), m.x_field: m.num(ctx, x), "areaCode": m.unserved_area(ctx, "unserved_city")}
    m.send_bind(ctx, {**body, **dict(m.by_area)})


@when(
    parsers.re(
        rf"the {AX_OR_AXE_RE} app binds (?P<a>{USER}) in a (?P<where>city|province) where it has no X"
        r"(?:, matching areas (?P<matching>strictly|loosely))?"
    )
)
def bind_unserved(ctx: Ctx, mode: str, a: str, where: str, matching: str | None) -> None:
    m = spec(mode)
    ctx.chosen_area = m.unserved_area(ctx, "unserved_city" if where == "city" else "unserved_province_city")
    body = {m.user_field: m.num(ctx, a), "areaCode": ctx.chosen_area, **dict(m.by_area)}
    m.send_bind(ctx, {**body, "areaMatchMode": AREA_MATCH[matching]})


@when(step("the {mode:AxMode} app binds {a:User} naming neither an X nor a city"))
def bind_without_x(ctx: Ctx, mode: str, a: str) -> None:
    m = spec(mode)
    m.send_bind(ctx, {m.user_field: m.num(ctx, a)})


# -- When: an app of another mode calls AX or AXE ---------------------------------------------------

OTHER_MODE_APIS = "bind|unbind|modify|query|set-temporary-callee|v2 query|binding count"
OTHER_MODE_MODIFY: dict[str, dict[str, Any]] = {"AX": {"maxDuration": 5}, "AXE": {"userData": "other-mode"}}
SNAPSHOT_BEFORE_OTHER_MODE = {"AXE"}  # its feature then checks "the AXE binding ... is unchanged"


@when(
    parsers.re(
        rf"an app of another mode calls the {AX_OR_AXE_RE} (?P<api>{OTHER_MODE_APIS}) interface "
        r'for (?P=mode) binding "(?P<name>[^"]+)"'
    )
)
def other_mode_calls(
    ctx: Ctx, foreign_client_for: Callable[[str], PrivateNumberClient], mode: str, api: str, name: str
) -> None:
    # AX-009, GEN-101: a correctly signed app of another mode; nothing may change.
    m = spec(mode)
    if mode in SNAPSHOT_BEFORE_OTHER_MODE:
        m.snapshot(ctx, name)
    client = foreign_client_for(m.mode)
    binding = ctx.bindings[name]
    sid = binding.subscription_id
    if api == "bind":
        ctx.last = m.bind(client, **{m.user_field: ctx.numbers.user(), m.x_field: binding.relation_num})
    elif api == "unbind":
        ctx.last = m.unbind(client, subscriptionId=sid)
    elif api == "modify":
        assert m.modify is not None
        ctx.last = m.modify(client, subscriptionId=sid, **OTHER_MODE_MODIFY[mode])
    elif api == "query":
        ctx.last = m.query(client, subscriptionId=sid)
    elif (mode, api) == ("AX", "set-temporary-callee"):
        ctx.last = client.ax_set_temporary_callee(subscriptionId=sid, calleeNum=ctx.numbers.user())
    elif (mode, api) == ("AXE", "v2 query"):
        ctx.last = client.axe_query_v2(subscriptionId=sid)
    elif (mode, api) == ("AXE", "binding count"):
        ctx.last = client.axe_binding_count(number=binding.relation_num)
    else:
        raise AssertionError(f"{m.label} has no {api} interface")


# -- When: unbind, modify, query --------------------------------------------------------------------


@when(step('the {mode:AxMode} app unbinds binding "{name:Quoted}"'))
@when(step('the {mode:AxMode} app unbinds binding "{name:Quoted}" again'))
def unbind(ctx: Ctx, mode: str, name: str) -> None:
    m = spec(mode)
    ctx.last = m.unbind(m.client(ctx), subscriptionId=ctx.bindings[name].subscription_id)


@when(step("the {mode:AnyMode} app unbinds an unknown binding"))
def unbind_unknown(ctx: Ctx, mode: str) -> None:
    m = spec(mode)
    ctx.last = m.unbind(m.client(ctx), subscriptionId=unknown_id())


@when(step('the {mode:AxMode} app modifies binding "{name:Quoted}" with {fields:Fields}'))
def modify_binding(ctx: Ctx, mode: str, name: str, fields: str) -> None:
    spec(mode).modify_binding(ctx, name, {"subscriptionId": ctx.bindings[name].subscription_id}, fields)


@when(step('the {mode:AxMode} app modifies binding "{name:Quoted}" sending only its subscriptionId'))
def modify_nothing(ctx: Ctx, mode: str, name: str) -> None:
    spec(mode).modify_binding(ctx, name, {"subscriptionId": ctx.bindings[name].subscription_id}, None)


@when(step("the {mode:AxMode} app modifies an unknown binding with {fields:Fields}"))
def modify_unknown(ctx: Ctx, mode: str, fields: str) -> None:
    m = spec(mode)
    assert m.modify is not None
    ctx.last = m.modify(m.client(ctx), subscriptionId=unknown_id(), **m.fields(ctx, fields))


@when(step('the {mode:AxMode} app queries binding "{name:Quoted}"'))
def query_binding(ctx: Ctx, mode: str, name: str) -> None:
    m = spec(mode)
    ctx.last = m.query(m.client(ctx), subscriptionId=ctx.bindings[name].subscription_id)


@when(step("the {mode:AxMode} app queries without parameters"))
def query_nothing(ctx: Ctx, mode: str) -> None:
    m = spec(mode)
    ctx.last = m.query(m.client(ctx))


@when(step("the {mode:AnyMode} app queries an unknown binding"))
def query_unknown(ctx: Ctx, mode: str) -> None:
    m = spec(mode)
    ctx.last = m.query(m.client(ctx), subscriptionId=unknown_id())


# -- Then -----------------------------------------------------------------------------------------


@then(step("the answer carries a new subscriptionId"))
@then(step("the answer carries a new {mode:AnyMode} subscriptionId"))
def new_subscription_id(ctx: Ctx, mode: str | None = None) -> None:
    assert_success(ctx.response)
    sid = ctx.response.body.get("subscriptionId") if ctx.response.body else None
    ok = isinstance(sid, str) and 1 <= len(sid) <= 64
    effect(ok, f"subscriptionId must be String(1-64): {ctx.response!r}", subject=("subscriptionId",))
    others = {b.subscription_id for b in ctx.bindings.values() if b is not ctx.new_binding}
    effect(sid not in others, f"subscriptionId {sid} was already given to another binding", ("subscriptionId",))


@then(step('the {mode:AxMode} binding "{name:Quoted}" {state:State}', State=one_of("still exists", "no longer exists")))
def binding_state(ctx: Ctx, mode: str, name: str, state: str) -> None:
    exists = spec(mode).item_of(ctx, ctx.bindings[name]) is not None
    effect(exists == (state == "still exists"), f"binding {name!r} {'is gone' if not exists else 'is still there'}")


@then(step('the {mode:AxMode} binding "{name:Quoted}" shows {field:Key} {value:Value}'))
def binding_shows(ctx: Ctx, mode: str, name: str, field: str, value: str) -> None:
    m = spec(mode)
    item = m.item_of(ctx, ctx.bindings[name])
    assert item is not None, f"binding {name!r} no longer exists"
    expected = m.resolve(ctx, parse_value(value))
    effect(item.get(field) == expected, f"{field} of {name!r} is {item.get(field)!r}, expected {expected!r}")


# -- invariants: one When step for every mode -------------------------------------------------------

SEQUENCES: dict[str, tuple[str, bool]] = {  # sentence -> (the mode whose run it is, with clock)
    "AXB bind, unbind, modify and query calls run against the target": ("AXB", False),
    "AXB calls and clock advances run against the target": ("AXB", True),
    "AX bind, unbind, modify, query and set-temporary-callee calls run against the target": ("AX", False),
    "AX calls and clock advances run against the target, watched through the test hooks": ("AX", True),
    "AXE bind, unbind, modify and query calls run against the target": ("AXE", False),
    "AXE calls and clock advances run against the target, watched through the test hooks": ("AXE", True),
    "AXYB bind, unbind and query calls run against the target": ("AXYB", False),
    "AXYB calls and clock advances run against the target, watched through the test hooks": ("AXYB", True),
}


@when(parse("random sequences of {what:Sequence}", Sequence=one_of(*SEQUENCES)))
def run_sequences(
    request: pytest.FixtureRequest,
    target: Target,
    numbers: NumberPool,
    client_for: Callable[[str], PrivateNumberClient],
    invariant_run: InvariantRun,
    what: str,
) -> None:
    mode, with_clock = SEQUENCES[what]
    hooks = request.getfixturevalue("hooks") if with_clock else None  # skips on a target without hooks
    RUNS[mode](target, numbers, client_for, invariant_run, hooks)
