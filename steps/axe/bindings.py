"""Steps of the AXE features: bind, unbind, modify, query v1.0/v2.0 (30-axe-axyb-x §A).

Every step text names "AXE" (the AXE app, an AXE binding, the AXE answer) so that it never
matches an AXB or AX step. User numbers A..H come from the shared context; X, X1..X4 are
numbers of the AXE app's pool (`AXE.num`, the mode spec of `steps.common.modes`). Every
binding made here is in the AXE client's ledger, so the `client_for` fixture unbinds it after
the scenario.

The extension length L of the target's AXE app comes from `capabilities.limits.axe_extension_length`;
accepted alternative codes from `capabilities.codes`:
  axe_duplicate_bind  the same A again on the same X (D-12), default 1013102, 1012010
  axe_alloc_fail      no X of the city can take the binding (D-19), default 1012008, 1011002
  axe_full_x          every extension of X is taken (AXE-006), default 1020167, 1012008, 1011002
  axe_foreign_x       an X of another app or of none (GEN-102), default 1012001, 1011001

The steps worded alike for AX and AXE (an AXE binding "b" of A on X, the AXE app binds A to X
..., giving a malformed number, in a city, where it has no X, an app of another mode calls the
AXE ... interface) are one definition each in `steps.common.mode_steps`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from pnconform.client import AXE_PATH, PrivateNumberClient, Response
from pnconform.hooks import RestoringHooks
from pnconform.targets import DEFAULT_LIMITS
from steps.attribution import effect
from steps.common.context import (
    Binding,
    Ctx,
    accepted_codes,
    assert_answer_in_unserved_province,
    assert_refused,
    assert_success,
)
from steps.common.modes import AXE
from steps.params import (
    USER,
    parse,
)

AXENAME = r"X[1-4]?"
AXEBINDING = r'AXE binding "(?P<name>[^"]+)"'
BINDING = r'binding "(?P<name>[^"]+)"'
NOT_FOUND = "1016001"  # D-7: unknown, removed, expired or another app's AXE binding
V2_LIST_KEY = "bindList"  # AXE-022: our reading (the v2.0 response table was not read)
FIRST_CURSOR = "0000000000000_0"


# -- helpers ----------------------------------------------------------------------------------


codes = accepted_codes


def extension_length(ctx: Ctx) -> int:
    return int(ctx.target.capabilities.limits.get("axe_extension_length", DEFAULT_LIMITS["axe_extension_length"]))


def capacity(ctx: Ctx) -> int:
    """Bindings one X holds: 9, 99, 999 or 9999 (§A.1)."""
    return 10 ** extension_length(ctx) - 1


def extension_of(binding: Binding) -> str:
    ext = binding.fields.get("extendNum")
    assert isinstance(ext, str) and ext, f"binding {binding.name!r} has no extension"
    return ext


def wrong_extension(ctx: Ctx, what: str) -> str:
    """AXE-005: an extendNum that cannot be one of the app's extensions."""
    length = extension_length(ctx)
    if what == "another length":
        return "1" * (length + 1 if length < 4 else length - 1)
    if what == "more than 4 digits":
        return "12345"
    if what == "letters":
        return "a" * length
    return "0" * length  # only zeros: below the range 1..10**L-1


# -- Given --------------------------------------------------------------------------------------


@given(parse("{x:AxeX} is not a number of the AXE app but of an app of another mode"))
def x_of_other_mode(ctx: Ctx, x: str) -> None:
    ctx.named[x] = ctx.numbers.foreign_x("axe")


@given(parse("{x:AxeX} is not a number of the AXE app nor of any other app"))
def x_of_no_app(ctx: Ctx, x: str) -> None:
    ctx.named[x] = ctx.numbers.unknown_x()


@given(parse("{x:AxeX} of the AXE app is blacklisted"))
def x_blacklisted(ctx: Ctx, hooks: RestoringHooks, x: str) -> None:
    hooks.set_number_status(AXE.num(ctx, x), "blacklisted")  # restored by the hooks fixture


@given(parse("{x:AxeX} holds AXE bindings on every extension"))
def fill_x(ctx: Ctx, x: str) -> None:
    limit = ctx.target.capabilities.limits.get("max_fill", DEFAULT_LIMITS["max_fill"])
    if capacity(ctx) > limit:
        pytest.skip(f"filling an AXE X takes {capacity(ctx)} binds, above limits.max_fill ({limit})")
    for i in range(capacity(ctx)):
        AXE.make_binding(ctx, f"fill-{i + 1}", {"bindNum": ctx.numbers.user(), "virtualNum": AXE.num(ctx, x)})


@given(parse("{n:Int} AXE bindings on {x:AxeX}"))
def n_bindings(ctx: Ctx, n: int, x: str) -> None:
    if n > capacity(ctx):
        pytest.skip(f"an AXE X of target '{ctx.target.name}' holds only {capacity(ctx)} bindings")
    for i in range(n):
        AXE.make_binding(ctx, f"on-{x}-{i + 1}", {"bindNum": ctx.numbers.user(), "virtualNum": AXE.num(ctx, x)})


# -- When: bind -----------------------------------------------------------------------------------


@when(parse('the AXE app binds {a:User} to {x:AxeX} choosing the extension of AXE binding "{name:Quoted}"'))
def bind_taken_extension(ctx: Ctx, a: str, x: str, name: str) -> None:
    ext = extension_of(ctx.bindings[name])
    AXE.send_bind(ctx, {"bindNum": AXE.num(ctx, a), "virtualNum": AXE.num(ctx, x), "extendNum": ext})


@when(parse("the AXE app binds {a:User} to {x:AxeX} choosing a free extension"))
def bind_free_extension(ctx: Ctx, a: str, x: str) -> None:
    taken = {b.fields.get("extendNum") for b in ctx.bindings.values() if b.relation_num == AXE.num(ctx, x)}
    # The highest free extension of the range: not the one a platform picking the lowest would take.
    candidates = (str(n).zfill(extension_length(ctx)) for n in range(capacity(ctx), 0, -1))
    ext = next(e for e in candidates if e not in taken)
    ctx.named["chosen extension"] = ext
    AXE.send_bind(ctx, {"bindNum": AXE.num(ctx, a), "virtualNum": AXE.num(ctx, x), "extendNum": ext})


@when(
    parsers.re(
        rf"the AXE app binds (?P<a>{USER}) to (?P<x>{AXENAME}) with an extension of "
        r"(?P<what>another length|more than 4 digits|letters|only zeros)"
    )
)
def bind_bad_extension(ctx: Ctx, a: str, x: str, what: str) -> None:
    ext = wrong_extension(ctx, what)
    AXE.send_bind(ctx, {"bindNum": AXE.num(ctx, a), "virtualNum": AXE.num(ctx, x), "extendNum": ext})


# -- When: unbind or query by X and extension -------------------------------------------------------

ACTION = r"(?P<action>unbinds|queries)"


def unbind_or_query(client: PrivateNumberClient, action: str) -> Callable[..., Response]:
    """The call an "unbinds" or "queries" sentence sends: both select a binding alike (§A.3, §A.5)."""
    return client.axe_unbind if action == "unbinds" else client.axe_query


@when(parsers.re(rf"the AXE app {ACTION} {BINDING} by its X and extension"))
def select_by_numbers(ctx: Ctx, action: str, name: str) -> None:
    binding = ctx.bindings[name]
    ctx.last = unbind_or_query(AXE.client(ctx), action)(
        virtualNum=binding.relation_num, extendNum=extension_of(binding)
    )


@when(parsers.re(rf"the AXE app {ACTION} {BINDING} naming only its (?P<part>X|extension)"))
def select_by_half(ctx: Ctx, action: str, name: str, part: str) -> None:
    binding = ctx.bindings[name]
    if part == "X":
        ctx.last = unbind_or_query(AXE.client(ctx), action)(virtualNum=binding.relation_num)
    else:
        ctx.last = unbind_or_query(AXE.client(ctx), action)(extendNum=extension_of(binding))


@when(parsers.re(rf'the AXE app {ACTION} {BINDING} naming the X and extension of binding "(?P<other>[^"]+)"'))
def select_by_sid_and_numbers(ctx: Ctx, action: str, name: str, other: str) -> None:
    o = ctx.bindings[other]
    ctx.last = unbind_or_query(AXE.client(ctx), action)(
        subscriptionId=ctx.bindings[name].subscription_id, virtualNum=o.relation_num, extendNum=extension_of(o)
    )


# -- When: unbind ---------------------------------------------------------------------------------


@when(parsers.re(r'the AXE app unbinds the (?P<mode>AX|AXB) binding "(?P<name>[^"]+)"'))
def unbind_other_mode_binding(ctx: Ctx, mode: str, name: str) -> None:
    # D-7: a subscriptionId of another app's binding is not found in AXE.
    ctx.last = AXE.client(ctx).axe_unbind(subscriptionId=ctx.bindings[name].subscription_id)


@when(parse('the AXE app unbinds binding "{name:Quoted}" by its X and extension with an unescaped plus'))
def unbind_raw_plus(ctx: Ctx, name: str) -> None:
    # NUM-003: a raw "+" in a query string decodes to a space on the platform.
    binding = ctx.bindings[name]
    url = f"{AXE_PATH}?virtualNum={binding.relation_num}&extendNum={extension_of(binding)}"
    ctx.last = AXE.client(ctx).request("DELETE", url)


# -- When: modify ---------------------------------------------------------------------------------


@when(parse('the AXE app modifies binding "{name:Quoted}" by its X and extension with {fields:Fields}'))
def modify_by_numbers(ctx: Ctx, name: str, fields: str) -> None:
    binding = ctx.bindings[name]
    selector = {"virtualNum": binding.relation_num, "extendNum": extension_of(binding)}
    AXE.modify_binding(ctx, name, selector, fields)


@when(parse('the AXE app modifies binding "{name:Quoted}" naming only its X with {fields:Fields}'))
def modify_by_x_only(ctx: Ctx, name: str, fields: str) -> None:
    AXE.modify_binding(ctx, name, {"virtualNum": ctx.bindings[name].relation_num}, fields)


# -- When: query ----------------------------------------------------------------------------------


@when(parse("the AXE app pages through the bindings of {x:AxeX} with the v2 query, {n:Digits} at a time"))
def page_v2(ctx: Ctx, x: str, n: str) -> None:
    ctx.batch = []
    cursor: str | None = FIRST_CURSOR
    for _ in range(1000):
        r = AXE.client(ctx).axe_query_v2(virtualNum=AXE.num(ctx, x), limit=n, cursor=cursor)
        ctx.batch.append(r)
        ctx.last = r
        assert_success(r)
        cursor = r.body.get("nextCursor") if r.body else None
        if not cursor:
            break


@when(parse('the AXE app queries {x:AxeX} with the v2 query and cursor "{cursor:Text}"'))
def query_v2_cursor(ctx: Ctx, x: str, cursor: str) -> None:
    ctx.last = AXE.client(ctx).axe_query_v2(virtualNum=AXE.num(ctx, x), cursor=cursor)


# -- When: an app of another mode -----------------------------------------------------------------


# -- Then: bind answers ---------------------------------------------------------------------------


REFUSALS = {
    "a duplicate AXE binding": "axe_duplicate_bind",
    "an AXE allocation failure": "axe_alloc_fail",
    "a full AXE number": "axe_full_x",
    "an AXE number of another app": "axe_foreign_x",
}


@then(parsers.re(rf"the request is refused as (?P<what>{'|'.join(REFUSALS)})"))
def refused_as(ctx: Ctx, what: str) -> None:
    assert_refused(ctx.response, codes(ctx, REFUSALS[what]))


@then(parse("the AXE answer names {x:AxeX} as the virtualNum"))
def answer_names_x(ctx: Ctx, x: str) -> None:
    assert_success(ctx.response)
    assert ctx.response.body and ctx.response.body.get("virtualNum") == AXE.num(ctx, x), ctx.response


def answered_extension(ctx: Ctx) -> str:
    assert_success(ctx.response)
    ext = ctx.response.body.get("extendNum") if ctx.response.body else None
    assert isinstance(ext, str), f"the answer has no extendNum string: {ctx.response!r}"
    return ext


@then("the AXE answer carries an extension of the app's length within its range")
def extension_in_range(ctx: Ctx) -> None:
    ext, length = answered_extension(ctx), extension_length(ctx)
    effect(len(ext) == length and ext.isascii() and ext.isdigit(), f"extendNum {ext!r} is not {length} digits")
    effect(1 <= int(ext) <= capacity(ctx), f"extendNum {ext!r} is outside 1..{capacity(ctx)}")


@then("the AXE answer carries an extension that no other AXE binding of the scenario on that X has")
def extension_unused(ctx: Ctx) -> None:
    ext = answered_extension(ctx)
    x = ctx.response.body.get("virtualNum") if ctx.response.body else None
    others = {
        b.fields.get("extendNum") for b in ctx.bindings.values() if b is not ctx.new_binding and b.relation_num == x
    }
    assert ext not in others, f"extendNum {ext} is already used on {x} by {sorted(o for o in others if o)}"


@then("the AXE answer carries the chosen extension")
def extension_is_chosen(ctx: Ctx) -> None:
    assert answered_extension(ctx) == ctx.named["chosen extension"], ctx.response


@then(parsers.re(r"the AXE answer carries (?P<field>bindExpiredTime|callbackExpiredTime) (?P<value>-?\d+)"))
def answer_carries_time(ctx: Ctx, field: str, value: str) -> None:
    assert_success(ctx.response)
    assert ctx.response.body and ctx.response.body.get(field) == int(value), ctx.response


def answered_x(ctx: Ctx) -> Any:
    return AXE.answered(ctx)


@then("the AXE answer names a number of the app")
def answer_names_app_x(ctx: Ctx) -> None:
    answered_x(ctx)


@then(parse("the AXE answer names a number of the app in the city of {x:AxeX}"))
def answer_names_x_in_city(ctx: Ctx, x: str) -> None:
    info = answered_x(ctx)
    assert info.area_code == AXE.area(ctx, x), f"{info.number} is in {info.area_code}, not in {AXE.area(ctx, x)}"


@then(parse("the AXE answer names a number of the app other than {x:AxeX}"))
def answer_names_other_x(ctx: Ctx, x: str) -> None:
    info = answered_x(ctx)
    assert info.number != AXE.num(ctx, x), f"{info.number} was allocated although it is full"


@then("the AXE answer names a number of the app in the province of that city")
def answer_names_x_in_province(ctx: Ctx) -> None:
    assert_answer_in_unserved_province(ctx, answered_x)


# -- Then: state of bindings ----------------------------------------------------------------------


@then(parse('the AXE binding "{name:Quoted}" still holds its extension on its X'))
def binding_holds_extension(ctx: Ctx, name: str) -> None:
    binding = ctx.bindings[name]
    r = AXE.client(ctx).axe_query(virtualNum=binding.relation_num, extendNum=extension_of(binding))
    assert_success(r)
    assert r.body and r.body.get("subscriptionId") == binding.subscription_id, (
        f"{binding.relation_num} extension {extension_of(binding)} is not binding {name!r}: {r!r}"
    )


def bindings_on(ctx: Ctx, x: str) -> list[dict[str, Any]]:
    """Every binding of the AXE app on X, read through the v2.0 query page by page (AXE-022)."""
    items: list[dict[str, Any]] = []
    cursor: str | None = FIRST_CURSOR
    for _ in range(1000):
        r = AXE.client(ctx).axe_query_v2(virtualNum=x, limit="100", cursor=cursor)
        if r.resultcode == NOT_FOUND:  # no binding on X at all
            break
        assert_success(r)
        page = r.body.get(V2_LIST_KEY) if r.body else None
        assert isinstance(page, list), f"the answer has no {V2_LIST_KEY}: {r!r}"
        items += page
        cursor = r.body.get("nextCursor") if r.body else None
        if not cursor:
            break
    return items


@then(parse("no AXE binding of {a:User} was created on {x:AxeX}"))
def no_binding_created(ctx: Ctx, a: str, x: str) -> None:
    # AXE-004/006/010: a refused bind creates nothing.
    number = AXE.num(ctx, a)
    made = [i for i in bindings_on(ctx, AXE.num(ctx, x)) if i.get("bindNum") == number]
    effect(not made, f"the refused bind created {made}")


@then(parsers.re(rf"the {AXEBINDING} is (?P<how>unchanged|otherwise unchanged)"))
def binding_unchanged(ctx: Ctx, name: str, how: str) -> None:
    before = ctx.snapshots[name]
    after = AXE.item_of(ctx, ctx.bindings[name])
    assert after is not None, f"binding {name!r} no longer exists"
    # AXE-019: the two callback fields exclude each other, so a modified one may drop the other.
    skip = ctx.modified.get(name, set()) if how == "otherwise unchanged" else set()
    if skip & {"callbackTone", "callbackNum"}:
        skip = skip | {"callbackTone", "callbackNum"}
    keys = (set(before) | set(after)) - skip  # a field that appears counts as a change too
    changed = {k: (before.get(k), after.get(k)) for k in keys if after.get(k) != before.get(k)}
    assert not changed, f"fields changed (before, after): {changed}"


@then("the AXE bindings of the scenario on each X have different extensions")
def distinct_extensions(ctx: Ctx) -> None:
    # AXE-007: read each binding back; no two on one X may share an extension.
    seen: dict[tuple[str, str], str] = {}
    for binding in ctx.bindings.values():
        item = AXE.item_of(ctx, binding)
        assert item is not None, f"binding {binding.name!r} no longer exists"
        key = (item.get("virtualNum"), item.get("extendNum"))
        assert key not in seen, f"{binding.name!r} and {seen[key]!r} share extension {key[1]} on {key[0]}"
        seen[key] = binding.name


# -- Then: query answers --------------------------------------------------------------------------


@then(parse('the AXE answer is the binding "{name:Quoted}"'))
def answer_is_binding(ctx: Ctx, name: str) -> None:
    assert_success(ctx.response)
    sid = ctx.response.body.get("subscriptionId") if ctx.response.body else None
    assert sid == ctx.bindings[name].subscription_id, f"answered {sid}, expected binding {name!r}: {ctx.response!r}"


@then(parse('the AXE answer shows binding "{name:Quoted}" with the values it was bound with'))
def answer_shows_bind_values(ctx: Ctx, name: str) -> None:
    # AXE-021: the query's field set (§A.6) with the bind-time values.
    binding = ctx.bindings[name]
    answer_is_binding(ctx, name)
    body = ctx.response.body or {}
    for field in ("virtualNum", "extendNum", "bindNum", "displayNumMode", "recordFlag", "timeUnit"):
        assert isinstance(body.get(field), str), f"{field} missing or not a string: {ctx.response!r}"
    for field in ("bindExpiredTime", "callbackExpiredTime"):
        assert isinstance(body.get(field), int), f"{field} missing or not an integer: {ctx.response!r}"
    assert (body["virtualNum"], body["extendNum"]) == (binding.relation_num, extension_of(binding))
    sent = binding.fields
    for field, value in sent.items():
        if field in ("areaCode", "areaMatchMode") or value is None:
            continue
        shown = body.get(field)
        if field == "recordFlag":
            value = str(value).lower()
        assert shown == value, f"{field} shows {shown!r}, bound with {value!r}: {ctx.response!r}"


@then("every AXE binding of the scenario on that X was listed exactly once")
def listed_once(ctx: Ctx) -> None:
    ids: list[str] = []
    for r in ctx.batch:
        assert_success(r)
        items = r.body.get(V2_LIST_KEY) if r.body else None
        assert isinstance(items, list), f"the answer has no {V2_LIST_KEY}: {r!r}"
        ids += [item.get("subscriptionId") for item in items]
    made = [b.subscription_id for b in ctx.bindings.values()]
    assert sorted(ids) == sorted(made), f"listed {ids}, bound {made}"
    assert len(ctx.batch) > 1, "the bindings fit one page: paging was not exercised"
