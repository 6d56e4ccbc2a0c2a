"""Steps of the AX features: bind, unbind, modify, query, set temporary callee (20-ax §1-§6).

Every step text names "AX" (the AX app, an AX binding) so that it never matches an AXB step.
User numbers A..H come from the shared context; X, X1..X6 are numbers of the AX app's pool
(`AX.num`, the mode spec of `steps.common.modes`). Every binding made here is
in the AX client's ledger, so the `client_for` fixture unbinds it after the scenario.

Accepted alternative codes come from `target.capabilities.codes`:
  ax_duplicate_bind  identical re-bind of A on X (D-6), default 1016002, 1011002, 1011005

The steps worded alike for AX and AXE (an AX binding "b" of A on X, the AX app binds A to X
..., giving a malformed number, in a city, where it has no X, an app of another mode calls the
AX ... interface) are one definition each in `steps.common.mode_steps`.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from pnconform.client import AX_PATH, Response
from pnconform.hooks import RestoringHooks
from steps import attribution
from steps.common.context import (
    Ctx,
    accepted_codes,
    assert_answer_in_unserved_province,
    assert_refused,
    assert_shown_now,
    assert_success,
    unknown_id,
)
from steps.common.context import listed as common_listed
from steps.common.context import listed_item as common_listed_item
from steps.common.modes import AX
from steps.params import (
    FIELDS,
    USER,
    parse,
    parse_value,
)

AXNAME = r"X[1-6]?"
AXBINDING = r'AX binding "(?P<name>[^"]+)"'
BINDING = r'binding "(?P<name>[^"]+)"'
NOT_FOUND = "1016001"  # D-7: unknown, removed or expired AX binding
MAX_X_PER_A = 5  # AX-005: one A holds at most 5 X
DEFAULT_CODES = {"ax_duplicate_bind": ["1016002", "1011002", "1011005"]}  # D-6


# -- helpers ----------------------------------------------------------------------------------


def codes(ctx: Ctx, key: str) -> list[str]:
    return accepted_codes(ctx, key, DEFAULT_CODES)


def found(r: Response) -> list[dict[str, Any]]:
    """The privateNumList of a query; "no record" (1016001) or an empty list is nothing."""
    if r.resultcode == NOT_FOUND:
        return []
    assert_success(r)
    items = r.body.get("privateNumList") if r.body else None
    assert isinstance(items, list), f"the answer has no privateNumList: {r!r}"
    return items


LIST_KEY = AX.list_key or "privateNumList"


def listed(ctx: Ctx) -> list[dict[str, Any]]:
    return common_listed(ctx, LIST_KEY)


def listed_item(ctx: Ctx, name: str) -> dict[str, Any]:
    return common_listed_item(ctx, name, LIST_KEY)


# -- Given: numbers -------------------------------------------------------------------------------


@given(parse("{x:AxX} belongs to an app of another mode"))
def x_of_other_mode(ctx: Ctx, x: str) -> None:
    ctx.named[x] = ctx.numbers.foreign_x("ax")


@given(parse("{x:AxX} belongs to no app"))
def x_of_no_app(ctx: Ctx, x: str) -> None:
    ctx.named[x] = ctx.numbers.unknown_x()


@given(parse("{x1:AxX} and {x2:AxX} are two numbers of the AX app"))
def two_x(ctx: Ctx, x1: str, x2: str) -> None:
    AX.num(ctx, x1)
    AX.num(ctx, x2)


# -- Given: bindings ------------------------------------------------------------------------------


@given(parse("{a:User} holds AX bindings on {n:Int} numbers of the app"))
def holds_n(ctx: Ctx, a: str, n: int) -> None:
    for i in range(1, n + 1):
        AX.make_binding(ctx, f"{a}-{i}", {"origNum": AX.num(ctx, a), "privateNum": AX.num(ctx, f"X{i}")})


# -- When: bind -----------------------------------------------------------------------------------


@when(parse("the AX app binds {a:User} to another number of the app"))
def bind_another_x(ctx: Ctx, a: str) -> None:
    AX.send_bind(ctx, {"origNum": AX.num(ctx, a), "privateNum": AX.num(ctx, "X6")})


@when(parsers.re(rf"the AX app binds (?P<a>{USER}) naming (?P<how>a city without a number type)"))
def bind_city_without_type(ctx: Ctx, a: str, how: str) -> None:
    # "naming neither an X nor a city" is worded alike for AXE: `steps.common.mode_steps`.
    areas = [x.area_code for x in AX.x_numbers(ctx) if x.area_code]
    if not areas:
        pytest.skip(f"target '{ctx.target.name}' gives no area_code for its AX X numbers")
    AX.send_bind(ctx, {"origNum": AX.num(ctx, a), "areaCode": areas[0]})


# -- When: unbind ---------------------------------------------------------------------------------


@when(parse('the AX app unbinds binding "{name:Quoted}" naming {x:AxX}'))
def unbind_naming_x(ctx: Ctx, name: str, x: str) -> None:
    ctx.last = AX.client(ctx).ax_unbind(subscriptionId=ctx.bindings[name].subscription_id, privateNum=AX.num(ctx, x))


@when(parsers.re(rf"the AX app unbinds (?P<x>{AXNAME})(?: naming origNum (?P<a>{USER}))?"))
def unbind_x(ctx: Ctx, x: str, a: str | None) -> None:
    ctx.last = AX.client(ctx).ax_unbind(privateNum=AX.num(ctx, x), origNum=AX.num(ctx, a) if a else None)


@when(parse("the AX app unbinds by origNum {a:User} only"))
def unbind_by_a(ctx: Ctx, a: str) -> None:
    ctx.last = AX.client(ctx).ax_unbind(origNum=AX.num(ctx, a))


@when(parse("the AX app unbinds {x:AxX} with an unescaped plus"))
def unbind_raw_plus(ctx: Ctx, x: str) -> None:
    # AX-108 / NUM-003: a raw "+" in a query string decodes to a space on the platform.
    ctx.last = AX.client(ctx).request("DELETE", f"{AX_PATH}?privateNum={AX.num(ctx, x)}")


# -- When: modify ---------------------------------------------------------------------------------


@when(parse('the AX app modifies binding "{name:Quoted}" by its X with {fields:Fields}'))
def modify_by_x(ctx: Ctx, name: str, fields: str) -> None:
    AX.modify_binding(ctx, name, {"privateNum": ctx.bindings[name].relation_num}, fields)


@when(parse("the AX app modifies the binding of {x:AxX} with {fields:Fields}"))
def modify_on_x(ctx: Ctx, x: str, fields: str) -> None:
    # AX-204: without a subscriptionId the X selects the binding; an X that is not the app's is named as such.
    ctx.last = AX.client(ctx).ax_modify(privateNum=AX.num(ctx, x), **AX.fields(ctx, fields))


@when(parse('the AX app modifies the AXB binding "{name:Quoted}" with {fields:Fields}'))
def modify_axb_binding(ctx: Ctx, name: str, fields: str) -> None:
    # D-7: a subscriptionId of another app's binding is not found in AX.
    ctx.last = AX.client(ctx).ax_modify(subscriptionId=ctx.bindings[name].subscription_id, **AX.fields(ctx, fields))


# -- When: query ----------------------------------------------------------------------------------


@when(parse('the AX app queries binding "{name:Quoted}" together with {fields:Fields}'))
def query_binding_with(ctx: Ctx, name: str, fields: str) -> None:
    ctx.last = AX.client(ctx).ax_query(subscriptionId=ctx.bindings[name].subscription_id, **AX.fields(ctx, fields))


@when(parse("the AX app queries with {fields:Fields}"))
def query_with(ctx: Ctx, fields: str) -> None:
    ctx.last = AX.client(ctx).ax_query(**AX.fields(ctx, fields))


# -- When: set temporary callee -------------------------------------------------------------------


@when(parsers.re(rf"the AX app sets (?P<c>{USER}) as temporary callee of {BINDING}(?: with (?P<fields>{FIELDS}))?"))
def set_callee(ctx: Ctx, c: str, name: str, fields: str | None) -> None:
    ctx.last = AX.client(ctx).ax_set_temporary_callee(
        subscriptionId=ctx.bindings[name].subscription_id, calleeNum=AX.num(ctx, c), **AX.fields(ctx, fields)
    )


@when(parse("the AX app sets {c:User} as temporary callee of {a:User} on {x:AxX}"))
def set_callee_by_numbers(ctx: Ctx, c: str, a: str, x: str) -> None:
    ctx.last = AX.client(ctx).ax_set_temporary_callee(
        origNum=AX.num(ctx, a), privateNum=AX.num(ctx, x), calleeNum=AX.num(ctx, c)
    )


@when(parse("the AX app sets {c:User} as temporary callee on {x:AxX}"))
def set_callee_on_x(ctx: Ctx, c: str, x: str) -> None:
    ctx.last = AX.client(ctx).ax_set_temporary_callee(privateNum=AX.num(ctx, x), calleeNum=AX.num(ctx, c))


@when(parse('the AX app sets a temporary callee of binding "{name:Quoted}" without calleeNum'))
def set_callee_without_callee(ctx: Ctx, name: str) -> None:
    ctx.last = AX.client(ctx).ax_set_temporary_callee(subscriptionId=ctx.bindings[name].subscription_id)


@when(parse("the AX app sets {c:User} as temporary callee naming no binding"))
def set_callee_nowhere(ctx: Ctx, c: str) -> None:
    ctx.last = AX.client(ctx).ax_set_temporary_callee(calleeNum=AX.num(ctx, c))


@when(parse("the AX app sets {c:User} as temporary callee of an unknown binding"))
def set_callee_unknown(ctx: Ctx, c: str) -> None:
    ctx.last = AX.client(ctx).ax_set_temporary_callee(subscriptionId=unknown_id(), calleeNum=AX.num(ctx, c))


# -- When: an app of another mode -----------------------------------------------------------------


# -- Then: answers --------------------------------------------------------------------------------


@then("the request is refused as a duplicate AX binding")
def refused_as_duplicate(ctx: Ctx) -> None:
    assert_refused(ctx.response, codes(ctx, "ax_duplicate_bind"))


@then(parsers.re(rf"the answer names (?P<n>{USER}|{AXNAME}) as the (?P<field>origNum|privateNum)"))
def answer_names(ctx: Ctx, n: str, field: str) -> None:
    assert_success(ctx.response)
    shown = ctx.response.body.get(field) if ctx.response.body else None
    # What a correct answer says (AX-020, AX-022): a rule about this field, not about the code.
    attribution.effect(shown == AX.num(ctx, n), f"{field} is {shown!r}, not {n}: {ctx.response!r}", (field,))


def answered_x(ctx: Ctx) -> Any:
    return AX.answered(ctx)


@then("the answer names an AX number of the app")
def answer_names_app_x(ctx: Ctx) -> None:
    answered_x(ctx)


@then(parse("the answer names an AX number of the app in the city of {x:AxX}"))
def answer_names_x_in_city(ctx: Ctx, x: str) -> None:
    info = answered_x(ctx)
    assert info.area_code == AX.area(ctx, x), f"{info.number} is in {info.area_code}, not in {AX.area(ctx, x)}"


@then("the answer names an AX number of the app in the province of that city")
def answer_names_x_in_province(ctx: Ctx) -> None:
    assert_answer_in_unserved_province(ctx, answered_x)


# -- Then: state of bindings ----------------------------------------------------------------------


@then(parse('the AX binding "{name:Quoted}" still exists {seconds:Int} seconds later'))
def binding_exists_later(ctx: Ctx, hooks: RestoringHooks, name: str, seconds: int) -> None:
    hooks.advance(seconds)
    assert AX.item_of(ctx, ctx.bindings[name]) is not None, f"binding {name!r} is gone"


@then(parsers.re(rf"the {AXBINDING} is (?P<how>unchanged|otherwise unchanged)"))
def binding_unchanged(ctx: Ctx, name: str, how: str) -> None:
    before = ctx.snapshots[name]
    after = AX.item_of(ctx, ctx.bindings[name])
    assert after is not None, f"binding {name!r} no longer exists"
    skip = {"subscribeTime"} | (ctx.modified.get(name, set()) if how == "otherwise unchanged" else set())
    keys = (set(before) | set(after)) - skip  # a field that appears counts as a change too
    changed = {k: (before.get(k), after.get(k)) for k in keys if after.get(k) != before.get(k)}
    assert not changed, f"fields changed (before, after): {changed}"


@then(parse("{x:AxX} is bound to {a:User} only"))
def x_bound_to(ctx: Ctx, x: str, a: str) -> None:
    items = found(AX.client(ctx).ax_query(privateNum=AX.num(ctx, x)))
    assert [i.get("origNum") for i in items] == [AX.num(ctx, a)], f"{AX.num(ctx, x)} is bound as {items}"


@then(parse("{x:AxX} is bound to no one"))
def x_unbound(ctx: Ctx, x: str) -> None:
    items = found(AX.client(ctx).ax_query(privateNum=AX.num(ctx, x)))
    assert items == [], f"{AX.num(ctx, x)} is still bound: {items}"


@then(parse("{a:User} holds AX bindings on {n:Int} numbers"))
def a_holds(ctx: Ctx, a: str, n: int) -> None:
    items = found(AX.client(ctx).ax_query(origNum=AX.num(ctx, a)))
    xs = {i.get("privateNum") for i in items}
    assert len(items) == n and len(xs) == n, f"{AX.num(ctx, a)} holds {sorted(xs)} ({len(items)} entries)"


# -- Then: query answers --------------------------------------------------------------------------


@then(parse('the answer lists exactly the AX binding "{name:Quoted}"'))
def lists_exactly(ctx: Ctx, name: str) -> None:
    ids = [item.get("subscriptionId") for item in listed(ctx)]
    assert ids == [ctx.bindings[name].subscription_id], f"listed {ids}"


@then(parse("the answer lists exactly the AX bindings of {a:User}"))
def lists_bindings_of(ctx: Ctx, a: str) -> None:
    ids = sorted(item.get("subscriptionId") for item in listed(ctx))
    made = sorted(b.subscription_id for b in ctx.bindings.values() if b.fields.get("origNum") == AX.num(ctx, a))
    assert ids == made, f"listed {ids}, bound {made}"


@then(parse("every listed AX binding shows {field:Word} {value:Value}"))
def every_listed_shows(ctx: Ctx, field: str, value: str) -> None:
    expected = AX.resolve(ctx, parse_value(value))
    for item in listed(ctx):
        assert item.get(field) == expected, f"{field} is {item.get(field)!r}, expected {expected!r}: {item}"


@then("every listed AX binding names a different X with a subscriptionId")
def listed_distinct(ctx: Ctx) -> None:
    items = listed(ctx)
    xs = [item.get("privateNum") for item in items]
    assert len(set(xs)) == len(xs), f"an X is listed twice: {xs}"
    for item in items:
        sid = item.get("subscriptionId")
        assert isinstance(sid, str) and 1 <= len(sid) <= 64, f"bad subscriptionId in {item}"


@then(parse('the listed AX binding "{name:Quoted}" shows the numbers it was bound with'))
def listed_numbers(ctx: Ctx, name: str) -> None:
    binding = ctx.bindings[name]
    item = listed_item(ctx, name)
    actual = (item.get("origNum"), item.get("privateNum"))
    assert actual == (binding.fields["origNum"], binding.relation_num), f"listed {actual}"


@then(parse('the listed AX binding "{name:Quoted}" has no {field:Word}'))
def listed_lacks(ctx: Ctx, name: str, field: str) -> None:
    item = listed_item(ctx, name)
    assert field not in item, f"{field} should be absent: {item}"


@then(parse('the listed AX binding "{name:Quoted}" shows a subscribeTime of the current emulator time'))
def listed_subscribe_time(ctx: Ctx, hooks: RestoringHooks, name: str) -> None:
    shown = listed_item(ctx, name).get("subscribeTime")
    assert isinstance(shown, str), f"subscribeTime missing: {ctx.response!r}"
    assert_shown_now(hooks, shown, f"the bind ({hooks.now()})")
