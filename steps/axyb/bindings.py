"""Steps of the AXYB features: two-step bind, unbind, query (30-axe-axyb-x §B).

Every step text names "AXYB" so that it never matches an AXB or AX step. User numbers A..H come
from the shared context. X and Y are never named up front: the platform allocates them, step 1
(A + X) by ``areaCode``, step 2 (B + Y) for the step-1 subscriptionId. Two cities of the app's
pool matter: "its city", where the app has the most numbers (X are taken there), and "the
single-number city", where it has exactly one (a Y asked for there can only be that number, which
lets the Y-reuse rules AXYB-006..008 force the choice of Y). Every step-1 binding is in the
AXYB client's ledger; cleanup removes B's Y bindings before A's X.

Accepted alternative codes come from `target.capabilities.codes`:
  axyb_app_key     app_key URL parameter missing or not the signing app's (D-11), 1010002, 1010003
  axyb_alloc_fail  no allocatable number (D-19), 1011002, 1012008
Limits from `target.capabilities.limits`: axyb_x_per_a (5), axyb_relations_per_y (1000; the
scenario that fills a Y skips when it is above max_fill).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from pnconform.client import AXYB_PATH, PrivateNumberClient, Response
from pnconform.hooks import RestoringHooks
from pnconform.targets import DEFAULT_LIMITS
from steps.attribution import effect
from steps.common.context import (
    Binding,
    Ctx,
    accepted_codes,
    assert_answer_in_unserved_province,
    assert_refused,
    assert_shown_now,
    assert_success,
    check_envelope,
    unknown_id,
)
from steps.common.modes import AXYB
from steps.params import AREA_MATCH, FIELDS, NUMBER_FORMS, USER, parse, parse_fields, parse_value, set_path

NAME = r'"(?P<name>[^"]+)"'
NOT_FOUND = "1016001"  # D-7: unknown, removed or expired AXYB binding
LIST_KEY = "xyRelationNumList"
APP_KEY_VARIANT = r"without the app_key|with the app_key of another app"


@dataclass
class AxybScenario:
    """What an AXYB scenario remembers beyond `Ctx`: the Y each B was given."""

    ys: dict[str, str] = field(default_factory=dict)  # user name (B) -> its Y
    area: str | None = None  # the city of the last bind by area


@pytest.fixture
def axyb_client(ctx: Ctx) -> PrivateNumberClient:
    """The one client of the AXYB app used by a scenario (cleaned up by `client_for`)."""
    return AXYB.client(ctx)


@pytest.fixture
def axyb() -> AxybScenario:
    return AxybScenario()


# -- helpers ----------------------------------------------------------------------------------


codes = accepted_codes


def limit(ctx: Ctx, key: str) -> int:
    return int(ctx.target.capabilities.limits.get(key, DEFAULT_LIMITS[key]))


def pool(ctx: Ctx) -> list[Any]:
    return list(ctx.target.app("axyb").x_numbers)


def info(ctx: Ctx, number: Any) -> Any:
    return next((x for x in pool(ctx) if x.number == number), None)


def main_city(ctx: Ctx) -> str:
    """The city where the AXYB app has the most numbers."""
    counts = Counter(x.area_code for x in pool(ctx) if x.area_code)
    if not counts:
        pytest.skip(f"target '{ctx.target.name}' gives no area_code for its AXYB numbers")
    return counts.most_common(1)[0][0]


def numbers_in(ctx: Ctx, area: str) -> int:
    return sum(1 for x in pool(ctx) if x.area_code == area)


def single_city(ctx: Ctx) -> str:
    counts = Counter(x.area_code for x in pool(ctx) if x.area_code)
    singles = sorted(area for area, n in counts.items() if n == 1 and area != main_city(ctx))
    if not singles:
        pytest.skip(f"target '{ctx.target.name}' has no city with exactly one AXYB number (needed to force the Y)")
    return singles[0]


def unserved_area(ctx: Ctx, key: str) -> str:
    area = ctx.target.areas.get(key)
    if not area:
        pytest.skip(f"target '{ctx.target.name}' gives no areas.{key}")
    if area in {x.area_code for x in pool(ctx)}:
        pytest.skip(f"areas.{key} ({area}) is a city where the AXYB app has numbers")
    return area


def fields_of(ctx: Ctx, text: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for key, value in parse_fields(text) if text else []:
        set_path(body, key, AXYB.resolve(ctx, value))
    return body


def remember(ctx: Ctx, name: str, fields: dict[str, Any], r: Response) -> Binding:
    assert r.body is not None
    binding = Binding(name, r.body["subscriptionId"], fields, r.body.get("relationNumber") or "")
    ctx.bindings[name] = binding
    return binding


def bind_ax(ctx: Ctx, client: PrivateNumberClient, a: str, extra: dict[str, Any], **kw: Any) -> Response:
    fields = {"origNum": AXYB.num(ctx, a), "areaCode": main_city(ctx), **extra}
    r = client.axyb_bind_ax(**fields, **kw)
    ctx.last = r
    if r.resultcode == "0" and r.body and r.body.get("subscriptionId"):
        name = f"new-{len(ctx.bindings) + 1}"
        ctx.new_binding = remember(ctx, name, fields, r)
    return r


def make_ax(ctx: Ctx, client: PrivateNumberClient, name: str, a: str, extra: dict[str, Any] | None = None) -> Binding:
    """A precondition binding: it must succeed."""
    fields = {"origNum": AXYB.num(ctx, a), "areaCode": main_city(ctx), **(extra or {})}
    r = client.axyb_bind_ax(**fields)
    assert_success(r)
    return remember(ctx, name, fields, r)


def bind_yb(
    ctx: Ctx, axyb: AxybScenario, client: PrivateNumberClient, b: str, sid: str, extra: dict[str, Any]
) -> Response:
    r = client.axyb_bind_yb(sid, origNum=AXYB.num(ctx, b), **extra)
    ctx.last = r
    if r.resultcode == "0" and r.body and r.body.get("relationNumber"):
        axyb.ys[b] = r.body["relationNumber"]
    return r


def found(r: Response) -> list[dict[str, Any]]:
    """The xyRelationNumList of a query; "no record" (1016001) is nothing."""
    if r.resultcode == NOT_FOUND:
        check_envelope(r)
        return []
    assert_success(r)
    items = r.body.get(LIST_KEY) if r.body else None
    assert isinstance(items, list), f"the answer has no {LIST_KEY}: {r!r}"
    return items


def items_of(ctx: Ctx, client: PrivateNumberClient, name: str) -> list[dict[str, Any]]:
    items = found(client.axyb_query(subscriptionId=ctx.bindings[name].subscription_id))
    sid = ctx.bindings[name].subscription_id
    assert all(item.get("bindId") == sid for item in items), f"a query by subscriptionId lists others: {items}"
    return items


def listed(ctx: Ctx) -> list[dict[str, Any]]:
    assert_success(ctx.response)
    items = ctx.response.body.get(LIST_KEY) if ctx.response.body else None
    assert isinstance(items, list) and items, f"the answer has no {LIST_KEY} entries: {ctx.response!r}"
    return items


def app_key_for(ctx: Ctx, variant: str) -> str | None:
    if variant == "without the app_key":
        return None
    others = [app.app_key for mode, app in ctx.target.apps.items() if mode != "axyb"]
    if not others:
        pytest.skip(f"target '{ctx.target.name}' has no app of another mode")
    return others[0]


# -- Given ----------------------------------------------------------------------------------------


@given(parsers.re(rf"an AXYB binding {NAME} of (?P<a>{USER})(?: with (?P<fields>{FIELDS}))?"))
def given_ax(ctx: Ctx, axyb_client: PrivateNumberClient, name: str, a: str, fields: str | None) -> None:
    make_ax(ctx, axyb_client, name, a, fields_of(ctx, fields))


@given(
    parsers.re(
        rf"(?P<b>{USER}) is bound to AXYB binding {NAME}"
        r"(?P<single> through the single-number city)?(?: with (?P<fields>" + FIELDS + r"))?"
    )
)
def given_yb(
    ctx: Ctx,
    axyb: AxybScenario,
    axyb_client: PrivateNumberClient,
    b: str,
    name: str,
    single: str | None,
    fields: str | None,
) -> None:
    extra = fields_of(ctx, fields)
    if single:
        extra["areaCode"] = single_city(ctx)
    assert_success(bind_yb(ctx, axyb, axyb_client, b, ctx.bindings[name].subscription_id, extra))


@given(parse("{a:User} holds AXYB bindings up to the X limit"))
def holds_limit(ctx: Ctx, axyb_client: PrivateNumberClient, a: str) -> None:
    n = limit(ctx, "axyb_x_per_a")
    if numbers_in(ctx, main_city(ctx)) <= n:
        pytest.skip(f"the AXYB app needs more than {n} numbers in {main_city(ctx)} to tell the limit from a full pool")
    for i in range(1, n + 1):
        make_ax(ctx, axyb_client, f"{a}-{i}", a)


@given("the single-number city's number serves AXYB bindings up to the Y limit")
def fill_y(ctx: Ctx, axyb: AxybScenario, axyb_client: PrivateNumberClient) -> None:
    # AXYB-008: each AX binding counts once, so the Y limit takes as many AX bindings.
    n = limit(ctx, "axyb_relations_per_y")
    max_fill = limit(ctx, "max_fill")
    if n > max_fill:
        pytest.skip(f"filling a Y takes {n} AXYB bindings, above limits.max_fill ({max_fill}) of the target")
    if numbers_in(ctx, main_city(ctx)) <= n:
        pytest.skip(f"the AXYB app needs more than {n} numbers in {main_city(ctx)} to fill a Y")
    area = single_city(ctx)
    ys = set()
    for i in range(1, n + 1):
        fields = {"origNum": ctx.numbers.user(), "areaCode": main_city(ctx)}
        r = axyb_client.axyb_bind_ax(**fields)
        assert_success(r)
        binding = remember(ctx, f"fill-{i}", fields, r)
        r = axyb_client.axyb_bind_yb(binding.subscription_id, origNum=ctx.numbers.user(), areaCode=area)
        assert_success(r)
        ys.add(r.body.get("relationNumber") if r.body else None)
    assert len(ys) == 1, f"the single-number city {area} gave several Y: {ys}"
    axyb.ys["the filled Y"] = str(ys.pop())


# -- When: bind -----------------------------------------------------------------------------------


@when(parsers.re(rf"the AXYB app binds (?P<a>{USER}) in its city(?: with (?P<fields>{FIELDS}))?$"))
def bind_in_city(ctx: Ctx, axyb: AxybScenario, axyb_client: PrivateNumberClient, a: str, fields: str | None) -> None:
    axyb.area = main_city(ctx)
    bind_ax(ctx, axyb_client, a, fields_of(ctx, fields))


@when(parsers.re(rf"the AXYB app binds (?P<a>{USER}) in its city (?P<variant>{APP_KEY_VARIANT})"))
def bind_app_key(ctx: Ctx, axyb_client: PrivateNumberClient, a: str, variant: str) -> None:
    bind_ax(ctx, axyb_client, a, {}, app_key=app_key_for(ctx, variant))


@when(parse("the AXYB app binds {a:User} naming no city"))
def bind_no_city(ctx: Ctx, axyb_client: PrivateNumberClient, a: str) -> None:
    ctx.last = axyb_client.axyb_bind_ax(origNum=AXYB.num(ctx, a))


@when(parse("the AXYB app binds {a:User} in its city giving origNum {form:Form}"))
def bind_malformed_a(ctx: Ctx, axyb_client: PrivateNumberClient, a: str, form: str) -> None:
    ctx.last = axyb_client.axyb_bind_ax(origNum=NUMBER_FORMS[form](AXYB.num(ctx, a)), areaCode=main_city(ctx))


@when(
    parsers.re(
        rf"the AXYB app binds (?P<a>{USER}) in a (?P<where>city|province) where it has no number"
        r"(?:, matching areas (?P<matching>strictly|loosely))?"
    )
)
def bind_unserved(
    ctx: Ctx, axyb: AxybScenario, axyb_client: PrivateNumberClient, a: str, where: str, matching: str | None
) -> None:
    axyb.area = unserved_area(ctx, "unserved_city" if where == "city" else "unserved_province_city")
    mode = AREA_MATCH[matching]
    bind_ax(ctx, axyb_client, a, {"areaCode": axyb.area, "areaMatchMode": mode})


@when(parsers.re(rf"the AXYB app binds (?P<b>{USER}) to {NAME}(?: again)?(?: with (?P<fields>{FIELDS}))?$"))
def bind_b(
    ctx: Ctx, axyb: AxybScenario, axyb_client: PrivateNumberClient, b: str, name: str, fields: str | None
) -> None:
    bind_yb(ctx, axyb, axyb_client, b, ctx.bindings[name].subscription_id, fields_of(ctx, fields))


@when(
    parsers.re(
        rf"the AXYB app binds (?P<b>{USER}) to {NAME} through the single-number city"
        r"(?:, matching areas (?P<matching>strictly|loosely))?"
    )
)
def bind_b_single(
    ctx: Ctx, axyb: AxybScenario, axyb_client: PrivateNumberClient, b: str, name: str, matching: str | None
) -> None:
    extra = {"areaCode": single_city(ctx), "areaMatchMode": AREA_MATCH[matching]}
    bind_yb(ctx, axyb, axyb_client, b, ctx.bindings[name].subscription_id, extra)


@when(parse('the AXYB app binds {b:User} to "{name:Quoted}" giving origNum {form:Form}'))
def bind_b_malformed(ctx: Ctx, axyb_client: PrivateNumberClient, b: str, name: str, form: str) -> None:
    sid = ctx.bindings[name].subscription_id
    ctx.last = axyb_client.axyb_bind_yb(sid, origNum=NUMBER_FORMS[form](AXYB.num(ctx, b)))


@when(parse("the AXYB app binds {b:User} to an unknown AXYB binding"))
def bind_b_unknown(ctx: Ctx, axyb: AxybScenario, axyb_client: PrivateNumberClient, b: str) -> None:
    bind_yb(ctx, axyb, axyb_client, b, unknown_id(), {})


# -- When: unbind ---------------------------------------------------------------------------------


@when(parsers.re(rf"the AXYB app unbinds {NAME}(?: again)?$"))
def unbind(ctx: Ctx, axyb_client: PrivateNumberClient, name: str) -> None:
    ctx.last = axyb_client.axyb_unbind(subscriptionId=ctx.bindings[name].subscription_id)


@when(parsers.re(rf"the AXYB app (?P<action>unbinds|queries) {NAME} (?P<variant>{APP_KEY_VARIANT})"))
def unbind_or_query_app_key(ctx: Ctx, axyb_client: PrivateNumberClient, action: str, name: str, variant: str) -> None:
    call = axyb_client.axyb_unbind if action == "unbinds" else axyb_client.axyb_query
    ctx.last = call(subscriptionId=ctx.bindings[name].subscription_id, app_key=app_key_for(ctx, variant))


@when(
    parsers.re(
        rf"the AXYB app unbinds (?:the Y of (?P<y>{USER}))?(?: and )?(?:the B number (?P<b>{USER}))? from {NAME}"
    )
)
def unbind_yb(
    ctx: Ctx, axyb: AxybScenario, axyb_client: PrivateNumberClient, y: str | None, b: str | None, name: str
) -> None:
    assert y or b, "name the Y of a user, the B number, or both"
    ctx.last = axyb_client.axyb_unbind(
        subscriptionId=ctx.bindings[name].subscription_id,
        yNum=axyb.ys[y] if y else None,
        bNum=AXYB.num(ctx, b) if b else None,
    )


# -- When: query ----------------------------------------------------------------------------------


@when(parsers.re(rf"the AXYB app queries {NAME}$"))
def query(ctx: Ctx, axyb_client: PrivateNumberClient, name: str) -> None:
    ctx.last = axyb_client.axyb_query(subscriptionId=ctx.bindings[name].subscription_id)


@when(parse('the AXYB app queries the X of "{name:Quoted}"'))
def query_x(ctx: Ctx, axyb_client: PrivateNumberClient, name: str) -> None:
    ctx.last = axyb_client.axyb_query(relationNum=ctx.bindings[name].relation_num)


@when(parse('the AXYB app queries "{name:Quoted}" together with the X of "{other:Quoted}"'))
def query_both(ctx: Ctx, axyb_client: PrivateNumberClient, name: str, other: str) -> None:
    ctx.last = axyb_client.axyb_query(
        subscriptionId=ctx.bindings[name].subscription_id, relationNum=ctx.bindings[other].relation_num
    )


@when("the AXYB app queries without a binding")
def query_nothing(ctx: Ctx, axyb_client: PrivateNumberClient) -> None:
    ctx.last = axyb_client.axyb_query()


# -- When: other interfaces and apps ----------------------------------------------------------------


@when("the AXYB app sends a signed PUT to the AXYB URI")
def put_axyb(ctx: Ctx, axyb_client: PrivateNumberClient) -> None:
    ctx.last = axyb_client.request("PUT", AXYB_PATH, params={"app_key": axyb_client.app_key}, json={})


@when(parsers.re(rf"an app of another mode calls the AXYB (?P<api>bind|unbind|query) interface for {NAME}"))
def other_mode_calls(ctx: Ctx, foreign_client_for: Callable[[str], PrivateNumberClient], api: str, name: str) -> None:
    # GEN-101: a correctly signed app of another mode, naming its own key in the URL.
    client = foreign_client_for("axyb")
    sid = ctx.bindings[name].subscription_id
    if api == "bind":
        ctx.last = client.axyb_bind_yb(sid, origNum=ctx.numbers.user())
    elif api == "unbind":
        ctx.last = client.axyb_unbind(subscriptionId=sid)
    else:
        ctx.last = client.axyb_query(subscriptionId=sid)


# -- Then: answers --------------------------------------------------------------------------------


@then("the request is refused for its AXYB app_key")
def refused_app_key(ctx: Ctx) -> None:
    assert_refused(ctx.response, codes(ctx, "axyb_app_key"))


@then("the request is refused as an AXYB allocation failure")
def refused_alloc(ctx: Ctx) -> None:
    assert_refused(ctx.response, codes(ctx, "axyb_alloc_fail"))


LIMIT_CODES = {"axyb_limit": ["1011003"]}  # D-10: undocumented; the AX analogue (emulator axyb_limit_code)


@then("the request is refused as an A over its AXYB X limit")
def refused_limit(ctx: Ctx) -> None:
    # AXYB-003 / D-10: the code of the AX analogue unless the target names its own.
    assert_refused(ctx.response, codes(ctx, "axyb_limit", LIMIT_CODES))


@then(parsers.re(rf"(?P<a>{USER}) holds exactly the AXYB bindings up to the X limit"))
def holds_exactly_limit(ctx: Ctx, axyb_client: PrivateNumberClient, a: str) -> None:
    # AXYB-003: the refused bind created nothing; every X of the app is read back for A's relations.
    number = AXYB.num(ctx, a)
    held = {
        item.get("bindId")
        for x in pool(ctx)
        for item in found(axyb_client.axyb_query(relationNum=x.number))
        if item.get("numA") == number
    }
    n = limit(ctx, "axyb_x_per_a")
    effect(len(held) == n, f"{a} holds {len(held)} AXYB bindings after the refused bind, expected {n}: {sorted(held)}")


def answered_number(ctx: Ctx) -> Any:
    assert_success(ctx.response)
    number = ctx.response.body.get("relationNumber") if ctx.response.body else None
    found_info = info(ctx, number)
    assert found_info is not None, f"relationNumber {number!r} is not a number of the AXYB app: {ctx.response!r}"
    return found_info


@then("the answer names an AXYB number of the app in its city")
def answer_in_city(ctx: Ctx, axyb: AxybScenario) -> None:
    number = answered_number(ctx)
    assert number.area_code == axyb.area, f"{number.number} is in {number.area_code}, not in {axyb.area}"


@then("the answer names an AXYB number of the app in the province of that city")
def answer_in_province(ctx: Ctx) -> None:
    assert_answer_in_unserved_province(ctx, answered_number)


@then(parse('the answer names an AXYB number other than the X of "{name:Quoted}"'))
def answer_not_x(ctx: Ctx, name: str) -> None:
    number = answered_number(ctx).number
    effect(number != ctx.bindings[name].relation_num, f"{number} is the X of {name!r}")


@then(parse("the answer names the Y of {b:User}"))
def answer_y_of(ctx: Ctx, axyb: AxybScenario, b: str) -> None:
    assert_success(ctx.response)
    number = ctx.response.body.get("relationNumber") if ctx.response.body else None
    effect(number == axyb.ys[b], f"relationNumber {number!r} is not the Y of {b} ({axyb.ys[b]})")


@then(parsers.re(rf"(?P<c>{USER}) did not get the (?:Y of (?P<b>{USER})|filled Y)"))
def not_that_y(ctx: Ctx, axyb: AxybScenario, c: str, b: str | None) -> None:
    # AXYB-007/008: the platform assigns another Y or refuses; either way not that Y.
    y = axyb.ys[b] if b else axyb.ys["the filled Y"]
    r = ctx.response
    check_envelope(r)
    if r.resultcode == "0":
        number = r.body.get("relationNumber") if r.body else None
        assert number != y, f"{AXYB.num(ctx, c)} was given {y}, which it must not get: {r!r}"
    else:
        assert r.status >= 400, f"a refusal needs an error status: {r!r}"


# -- Then: bindings -------------------------------------------------------------------------------


@then(parsers.re(rf"the AXYB binding {NAME} (?P<state>still exists|no longer exists)"))
def binding_state(ctx: Ctx, axyb_client: PrivateNumberClient, name: str, state: str) -> None:
    exists = bool(items_of(ctx, axyb_client, name))
    effect(exists == (state == "still exists"), f"binding {name!r} {'is gone' if not exists else 'is still there'}")


@then(parse('the AXYB binding "{name:Quoted}" holds {a:User} on its X with no Y'))
def binding_without_y(ctx: Ctx, axyb_client: PrivateNumberClient, name: str, a: str) -> None:
    items = items_of(ctx, axyb_client, name)
    assert len(items) == 1, f"expected the AX part alone: {items}"
    item = items[0]
    assert (item.get("numA"), item.get("numX")) == (AXYB.num(ctx, a), ctx.bindings[name].relation_num), item
    assert not item.get("numY") and not item.get("numB"), f"a Y/B is still listed: {item}"


@then(parsers.re(rf"the AXYB binding {NAME} pairs (?P<b>{USER}) with (?:its|the) Y(?: of (?P<c>{USER}))?"))
def binding_pairs(
    ctx: Ctx, axyb: AxybScenario, axyb_client: PrivateNumberClient, name: str, b: str, c: str | None
) -> None:
    items = items_of(ctx, axyb_client, name)
    y = axyb.ys[c or b]
    pairs = [(i.get("numB"), i.get("numY")) for i in items]
    assert (AXYB.num(ctx, b), y) in pairs, f"{AXYB.num(ctx, b)} with {y} is not listed: {pairs}"


@then(parse('the AXYB binding "{name:Quoted}" has no Y for {b:User}'))
def binding_lacks_b(ctx: Ctx, axyb_client: PrivateNumberClient, name: str, b: str) -> None:
    items = items_of(ctx, axyb_client, name)
    assert items, f"binding {name!r} is gone altogether"
    assert all(i.get("numB") != AXYB.num(ctx, b) for i in items), f"{AXYB.num(ctx, b)} is still listed: {items}"


@then(parse('the X of AXYB binding "{name:Quoted}" serves {a:User} only'))
def x_serves_only(ctx: Ctx, axyb_client: PrivateNumberClient, name: str, a: str) -> None:
    items = found(axyb_client.axyb_query(relationNum=ctx.bindings[name].relation_num))
    assert items and {i.get("numA") for i in items} == {AXYB.num(ctx, a)}, f"the X serves {items}"


# -- Then: query answers --------------------------------------------------------------------------


@then(parsers.re(rf"the answer lists only the AXYB binding {NAME}(?: with (?P<n>\d+) relations?)?"))
def lists_only(ctx: Ctx, name: str, n: str | None) -> None:
    items = listed(ctx)
    ids = {i.get("bindId") for i in items}
    assert ids == {ctx.bindings[name].subscription_id}, f"listed {ids}"
    if n is not None:
        assert len(items) == int(n), f"expected {n} entries: {items}"


@then(parsers.re(rf"the listed AXYB relation of (?P<b>{USER}) shows (?P<a>{USER}), the X of {NAME}, its Y and (?P=b)"))
def listed_relation(ctx: Ctx, axyb: AxybScenario, b: str, a: str, name: str) -> None:
    item = next((i for i in listed(ctx) if i.get("numB") == AXYB.num(ctx, b)), None)
    assert item is not None, f"no entry for {AXYB.num(ctx, b)}: {ctx.response!r}"
    expected = (AXYB.num(ctx, a), ctx.bindings[name].relation_num, axyb.ys[b], AXYB.num(ctx, b))
    assert (item.get("numA"), item.get("numX"), item.get("numY"), item.get("numB")) == expected, item


@then(parse("every listed AXYB relation shows {field:Word} {value:Value}"))
def every_listed_shows(ctx: Ctx, field: str, value: str) -> None:
    expected = AXYB.resolve(ctx, parse_value(value))
    for item in listed(ctx):
        assert item.get(field) == expected, f"{field} is {item.get(field)!r}, expected {expected!r}: {item}"


@then("every listed AXYB relation shows a subscribeTime of the current emulator time")
def listed_subscribe_time(ctx: Ctx, hooks: RestoringHooks) -> None:
    for item in listed(ctx):
        shown = item.get("subscribeTime")
        assert isinstance(shown, str), f"subscribeTime missing: {item}"
        assert_shown_now(hooks, shown, f"the bind ({hooks.now()})")


@then("the AXYB request escaped every plus as %2B")
def escaped_plus(ctx: Ctx) -> None:
    # NUM-003: a raw "+" in a query string decodes to a space on the platform.
    url = ctx.log.exchanges[-1].url
    query_string = url.partition("?")[2]
    assert "%2B" in query_string and "+" not in query_string, f"{url} should carry its numbers as %2B…"
