"""Steps of the AXB features: bind, unbind, modify, query (10-axb §1-§4, §7).

Numbers are symbolic (see steps/params.py); every binding made here is in a client's ledger,
so the `client_for` fixture unbinds it after the scenario whatever happened.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from pnconform.client import AXB_PATH, PrivateNumberClient, Response
from pnconform.hooks import RestoringHooks
from steps.attribution import check, effect
from steps.common.context import (
    Binding,
    Ctx,
    assert_answer_in_unserved_province,
    assert_refused,
    assert_shown_now,
    assert_success,
    check_envelope,
    other_client,
    unknown_id,
)
from steps.common.context import listed as common_listed
from steps.common.context import listed_item as common_listed_item
from steps.common.modes import AXB
from steps.params import (
    AREA_MATCH,
    FIELDS,
    FORM,
    MOBILE_GLOBAL,
    NAME,
    NUMBER_FORMS,
    USER,
    XNAME,
    parse,
    parse_value,
)

BINDING = r'binding "(?P<name>[^"]+)"'
LIST_KEY = AXB.list_key or "relationNumList"
num = AXB.num  # the number behind a name: A..H users, X.. the AXB app's X


# -- helpers ----------------------------------------------------------------------------------


def item_of(ctx: Ctx, binding: Binding) -> dict[str, Any] | None:
    """The query item of a binding, or None when the target no longer knows it (1012007)."""
    r = AXB.client(ctx).axb_query(subscriptionId=binding.subscription_id)
    if r.resultcode == AXB.not_found:
        return None
    assert_success(r)
    items = r.body.get(LIST_KEY) if r.body else None
    assert isinstance(items, list) and len(items) == 1, f"expected one binding in {r!r}"
    return items[0]


def items_on(ctx: Ctx, x: str) -> list[dict[str, Any]]:
    """Every binding on X, page by page; no match (1012007) is an empty list."""
    items: list[dict[str, Any]] = []
    for page in range(1, 1000):
        r = AXB.client(ctx).axb_query(relationNum=x, pageSize=100, pageIndex=page)
        if r.resultcode == AXB.not_found:
            break
        assert_success(r)
        found = (r.body.get(LIST_KEY) or []) if r.body else []
        items.extend(found)
        total = r.body.get("totalCount") if r.body else None
        if len(found) < 100 or (isinstance(total, int) and len(items) >= total):
            break
    return items


def ids_on(ctx: Ctx, x: str) -> list[str]:
    return [item.get("subscriptionId") for item in items_on(ctx, x)]


def pair(ctx: Ctx, a: str, b: str, x: str | None = None) -> dict[str, Any]:
    fields = {"callerNum": num(ctx, a), "calleeNum": num(ctx, b)}
    if x is not None:
        fields["relationNum"] = num(ctx, x)
    return fields


def send_bind(ctx: Ctx, fields: dict[str, Any], client: PrivateNumberClient | None = None) -> Response:
    """Bind and remember a successful result as the scenario's new binding."""
    r = (client or AXB.client(ctx)).axb_bind(**fields)
    ctx.last = r
    if r.resultcode == "0" and r.body and r.body.get("subscriptionId"):
        name = f"new-{len(ctx.bindings) + 1}"
        relation = r.body.get("relationNum") or fields.get("relationNum", "")
        ctx.new_binding = Binding(name, r.body["subscriptionId"], fields, relation)
        ctx.bindings[name] = ctx.new_binding
    return r


def make_binding(ctx: Ctx, name: str, fields: dict[str, Any]) -> Binding:
    """A precondition binding: it must succeed."""
    r = AXB.client(ctx).axb_bind(**fields)
    assert_success(r)
    assert r.body is not None
    binding = Binding(name, r.body["subscriptionId"], fields, r.body.get("relationNum") or fields["relationNum"])
    ctx.bindings[name] = binding
    return binding


def listed(ctx: Ctx) -> list[dict[str, Any]]:
    return common_listed(ctx, LIST_KEY)


def listed_item(ctx: Ctx, name: str) -> dict[str, Any]:
    return common_listed_item(ctx, name, LIST_KEY)


def duplicate_codes(ctx: Ctx) -> list[str]:
    # D-5: the codes a target may answer for a user number repeated on one X.
    return list(ctx.target.capabilities.codes["axb_duplicate_bind"])


def pair_limit(ctx: Ctx) -> int:
    return int(ctx.target.capabilities.limits["axb_pairs_per_x"])


def bindings_made_on(ctx: Ctx, x: str) -> set[str]:
    return {b.subscription_id for b in ctx.bindings.values() if b.relation_num == num(ctx, x)}


def area_x(ctx: Ctx, *, not_area: str | None) -> str:
    """An X of the app outside `not_area`, preferring the highest number (least likely picked first)."""
    for info in reversed(ctx.target.app("axb").x_numbers):
        if info.area_code and info.area_code != not_area and info.number not in ctx.named.values():
            return info.number
    pytest.skip(f"target '{ctx.target.name}' has no AXB X number outside area {not_area}")


def user_area(ctx: Ctx) -> str:
    area = ctx.target.user_numbers.area_code
    if not area:
        pytest.skip(f"target '{ctx.target.name}' gives no user_numbers.area_code")
    return area


def target_area(ctx: Ctx, key: str) -> str:
    area = ctx.target.areas.get(key)
    if not area:
        pytest.skip(f"target '{ctx.target.name}' gives no areas.{key}")
    served = {x.area_code for x in ctx.target.app("axb").x_numbers}
    assert area not in served, f"areas.{key} ({area}) must be a city where the AXB app has no X"
    return area


# -- Given: numbers -----------------------------------------------------------------------------


@given(parse("{x1:X} and {x2:X} are two numbers of the app"))
def two_x(ctx: Ctx, x1: str, x2: str) -> None:
    num(ctx, x1)
    num(ctx, x2)


@given(parse("{x1:X} and {x2:X} are numbers of the app in different cities"))
def two_x_in_different_cities(ctx: Ctx, x1: str, x2: str) -> None:
    ctx.named[x2] = area_x(ctx, not_area=None)
    ctx.named[x1] = area_x(ctx, not_area=AXB.area(ctx, x2))


@given(parse("{x:X} is a number of the app outside the city of {a:User}"))
def x_outside_city_of_user(ctx: Ctx, x: str, a: str) -> None:
    ctx.named[x] = area_x(ctx, not_area=user_area(ctx))


@given(parse("{x:X} is a number of an app of another mode"))
def x_of_another_app(ctx: Ctx, x: str) -> None:
    ctx.named[x] = ctx.numbers.foreign_x("axb")


@given(parse("{x:X} is a number no app owns"))
def x_of_no_app(ctx: Ctx, x: str) -> None:
    ctx.named[x] = ctx.numbers.unknown_x()


@given(parse("{x:X} is blacklisted"))
def x_blacklisted(ctx: Ctx, hooks: RestoringHooks, x: str) -> None:
    hooks.set_number_status(num(ctx, x), "blacklisted")


@given(parse("{u:User} is a fixed-line number"))
def fixed_line_user(ctx: Ctx, u: str) -> None:
    ctx.named[u] = ctx.numbers.fixed_line()


# -- Given: bindings ----------------------------------------------------------------------------


@given(
    parsers.re(
        rf"an AXB {BINDING} of (?P<a>{NAME}) and (?P<b>{NAME}) on (?P<x>{XNAME})"
        rf"(?: with (?P<fields>{FIELDS})| without a duration)?"
    )
)
def given_binding(ctx: Ctx, name: str, a: str, b: str, x: str, fields: str | None) -> None:
    make_binding(ctx, name, {**pair(ctx, a, b, x), **AXB.fields(ctx, fields)})


def _fill(ctx: Ctx, x: str, count: int, prefix: str, first_duration: int | None = None) -> None:
    for i in range(1, count + 1):
        fields = {"callerNum": ctx.numbers.user(), "calleeNum": ctx.numbers.user(), "relationNum": num(ctx, x)}
        if i == 1 and first_duration is not None:
            fields["duration"] = first_duration
        make_binding(ctx, f"{prefix}-{i}", fields)


@given(
    parsers.re(
        rf"(?P<x>{XNAME}) carries as many bindings as it may hold(?:, one of them lasting (?P<seconds>\d+) seconds)?"
    )
)
def x_full(ctx: Ctx, x: str, seconds: str | None) -> None:
    # AXB-010: distinct fresh pairs up to the target's limit (whatever the X already carries).
    missing = pair_limit(ctx) - len(items_on(ctx, num(ctx, x)))
    assert missing > 0, f"{num(ctx, x)} is already full before the scenario"
    _fill(ctx, x, missing, "filler", int(seconds) if seconds else None)


@given("every X of the app in the province of that city carries a pair, the others none")
def province_x_loaded(ctx: Ctx) -> None:
    """AXB-013: one pair on each X of ``areas.unserved_city_province``, none elsewhere, so that the
    least loaded X of the app lies outside that province: only a target that falls back to the
    province before taking any X answers with an X of the province."""
    province = ctx.target.areas.get("unserved_city_province")
    if not province:
        pytest.skip(f"target '{ctx.target.name}' gives no areas.unserved_city_province")
    xs = ctx.target.app("axb").x_numbers
    if not any(x.province == province for x in xs) or all(x.province == province for x in xs):
        pytest.skip(f"target '{ctx.target.name}' needs AXB X numbers both in and outside {province}")
    for i, info in enumerate(xs):
        if info.province != province:
            assert not items_on(ctx, info.number), f"{info.number} should carry no bindings before the scenario"
            continue
        fields = {"callerNum": ctx.numbers.user(), "calleeNum": ctx.numbers.user(), "relationNum": info.number}
        make_binding(ctx, f"province-{i}", fields)


@given(parse("every X of the app in the city of {a:User} carries as many bindings as it may hold"))
def city_x_full(ctx: Ctx, a: str) -> None:
    """AXB-015: no X of A's city is free."""
    area = user_area(ctx)
    city = [x.number for x in ctx.target.app("axb").x_numbers if x.area_code == area]
    if not city:
        pytest.skip(f"target '{ctx.target.name}' has no AXB X number in area {area}")
    for i, x in enumerate(city):
        missing = pair_limit(ctx) - len(items_on(ctx, x))
        for j in range(missing):
            fields = {"callerNum": ctx.numbers.user(), "calleeNum": ctx.numbers.user(), "relationNum": x}
            make_binding(ctx, f"city-{i}-{j}", fields)


@given(parse("{x:X} takes no further pair"))
def x_takes_no_more(ctx: Ctx, x: str) -> None:
    """AXB-109: the X is really full before a pair leaves it (a wrong answer breaks the capacity
    rule, not the scenario's other tags: unbind, expiry)."""
    fields = {"callerNum": ctx.numbers.user(), "calleeNum": ctx.numbers.user(), "relationNum": num(ctx, x)}
    r = send_bind(ctx, fields)
    codes = list(ctx.target.capabilities.codes["axb_full_x"])
    check_envelope(r)
    check(
        r.resultcode in codes,
        f"a full X took a further pair: expected {' or '.join(codes)}: {r!r}",
        "code",
        ("capacity",),
    )


@given(parse("{x:X} carries {n:Int} bindings"))
def x_carries(ctx: Ctx, x: str, n: int) -> None:
    if n > pair_limit(ctx):
        pytest.skip(f"an X of target '{ctx.target.name}' holds only {pair_limit(ctx)} pairs, {n} needed")
    assert not items_on(ctx, num(ctx, x)), f"{num(ctx, x)} should carry no bindings before the scenario"
    _fill(ctx, x, n, "pair")


@given(parse('the app has unbound binding "{name:Quoted}"'))
def has_unbound(ctx: Ctx, name: str) -> None:
    assert_success(AXB.client(ctx).axb_unbind(subscriptionId=ctx.bindings[name].subscription_id))


@given(parse('the app has modified binding "{name:Quoted}" with {fields:Fields}'))
def has_modified(ctx: Ctx, name: str, fields: str) -> None:
    modify(ctx, name, fields)
    assert_success(ctx.response)


# -- When: bind ---------------------------------------------------------------------------------


@when(
    parsers.re(
        rf"the app binds (?P<a>{NAME}) and (?P<b>{NAME}) on (?P<x>{XNAME})(?: again)?(?: with (?P<fields>{FIELDS}))?"
    )
)
def bind(ctx: Ctx, a: str, b: str, x: str, fields: str | None) -> None:
    send_bind(ctx, {**pair(ctx, a, b, x), **AXB.fields(ctx, fields)})


@when(parse("the app binds {a:Name} and {b:Name} on {x:X} without {field:Word}"))
def bind_without(ctx: Ctx, a: str, b: str, x: str, field: str) -> None:
    fields = pair(ctx, a, b, x)
    del fields[field]
    send_bind(ctx, fields)


@when(
    parsers.re(
        rf"the app binds (?P<a>{NAME}) and (?P<b>{NAME}) on (?P<x>{XNAME}) "
        rf"giving (?P<field>callerNum|calleeNum|relationNum) (?P<form>{FORM})"
    )
)
def bind_malformed(ctx: Ctx, a: str, b: str, x: str, field: str, form: str) -> None:
    fields = pair(ctx, a, b, x)
    fields[field] = NUMBER_FORMS[form](fields[field])
    send_bind(ctx, fields)


@when(parse("the app binds {a:Name} and {b:Name} on {x:X} with a userData of {n:Int} characters"))
def bind_with_long_user_data(ctx: Ctx, a: str, b: str, x: str, n: int) -> None:
    user_data = ("pnconform-" * (n // 10 + 1))[:n]  # plain ASCII, no braces
    send_bind(ctx, {**pair(ctx, a, b, x), "userData": user_data})


@when(parse("the app binds {a:Name} and {b:Name} without naming an X or a city"))
def bind_anywhere(ctx: Ctx, a: str, b: str) -> None:
    send_bind(ctx, pair(ctx, a, b))


@when(
    parsers.re(
        rf"the app binds (?P<a>{NAME}) and (?P<b>{NAME}) in a city where it has no X"
        r"(?:, matching areas (?P<matching>strictly|loosely))?"
    )
)
def bind_in_unserved_city(ctx: Ctx, a: str, b: str, matching: str | None) -> None:
    ctx.chosen_area = target_area(ctx, "unserved_city")
    mode = AREA_MATCH[matching]
    send_bind(ctx, {**pair(ctx, a, b), "areaCode": ctx.chosen_area, "areaMatchMode": mode})


@when(parse("the app binds {a:Name} and {b:Name} in a province where it has no X, matching areas loosely"))
def bind_in_unserved_province(ctx: Ctx, a: str, b: str) -> None:
    ctx.chosen_area = target_area(ctx, "unserved_province_city")
    send_bind(ctx, {**pair(ctx, a, b), "areaCode": ctx.chosen_area, "areaMatchMode": "1"})


@when(parse("the app binds {a:Name} and {b:Name} in the city of {x:X}"))
def bind_in_city_of(ctx: Ctx, a: str, b: str, x: str) -> None:
    ctx.chosen_area = AXB.area(ctx, x)
    send_bind(ctx, {**pair(ctx, a, b), "areaCode": ctx.chosen_area})


@when(parse("the app binds {a:Name} and {b:Name} on {x:X} naming the city of {x2:X}"))
def bind_on_x_naming_city(ctx: Ctx, a: str, b: str, x: str, x2: str) -> None:
    send_bind(ctx, {**pair(ctx, a, b, x), "areaCode": AXB.area(ctx, x2)})


@when(parse('an app of mode "{mode:Word}" binds {a:Name} and {b:Name} on {x:X}'))
def other_mode_binds(ctx: Ctx, mode: str, a: str, b: str, x: str) -> None:
    send_bind(ctx, pair(ctx, a, b, x), client=other_client(ctx, mode))


@when(parse("{n:Int} clients bind {a:User} with distinct new numbers on {x:X} at the same time"))
def concurrent_binds(ctx: Ctx, n: int, a: str, x: str) -> None:
    clients = [ctx.client_for("axb") for _ in range(n)]  # the pool opens a connection per thread as needed
    requests = [
        {"callerNum": num(ctx, a), "calleeNum": ctx.numbers.user(), "relationNum": num(ctx, x)} for _ in range(n)
    ]
    barrier = threading.Barrier(n)
    results: list[Response | BaseException | None] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = clients[i].axb_bind(**requests[i])
        except BaseException as exc:  # re-raised in the main thread
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    ctx.batch = [r for r in results if isinstance(r, Response)]
    assert len(ctx.batch) == n, "a concurrent bind did not finish"
    for r, fields in zip(ctx.batch, requests, strict=True):
        if r.ok and r.body:
            name = f"concurrent-{len(ctx.bindings) + 1}"
            ctx.bindings[name] = Binding(name, r.body["subscriptionId"], fields, fields["relationNum"])


# -- When: unbind -------------------------------------------------------------------------------


@when(parsers.re(rf"the app unbinds {BINDING}(?: again)?"))
def unbind(ctx: Ctx, name: str) -> None:
    ctx.last = AXB.client(ctx).axb_unbind(subscriptionId=ctx.bindings[name].subscription_id)


@when(parse("the app unbinds {x:X}"))
def unbind_x(ctx: Ctx, x: str) -> None:
    ctx.last = AXB.client(ctx).axb_unbind(relationNum=num(ctx, x))


@when(parse('the app unbinds binding "{name:Quoted}" naming {x:X}'))
def unbind_naming_x(ctx: Ctx, name: str, x: str) -> None:
    ctx.last = AXB.client(ctx).axb_unbind(subscriptionId=ctx.bindings[name].subscription_id, relationNum=num(ctx, x))


@when("the app unbinds an unknown binding")
def unbind_unknown(ctx: Ctx) -> None:
    ctx.last = AXB.client(ctx).axb_unbind(subscriptionId=unknown_id())


@when("the app unbinds without naming a binding or an X")
def unbind_nothing(ctx: Ctx) -> None:
    ctx.last = AXB.client(ctx).axb_unbind()


@when(parsers.re(rf"the app (?P<action>unbinds|queries) (?P<x>{XNAME}) with an unescaped plus"))
def unescaped_plus(ctx: Ctx, action: str, x: str) -> None:
    # NUM-003: a raw "+" in a query string decodes to a space on the platform.
    method = "DELETE" if action == "unbinds" else "GET"
    ctx.last = AXB.client(ctx).request(method, f"{AXB_PATH}?relationNum={num(ctx, x)}")


@when(parse("the app unbinds one of the bindings on {x:X}"))
def unbind_one_on_x(ctx: Ctx, x: str) -> None:
    victim = next(b for b in ctx.bindings.values() if b.relation_num == num(ctx, x))
    ctx.last = AXB.client(ctx).axb_unbind(subscriptionId=victim.subscription_id)
    assert_success(ctx.last)


@when(
    parsers.re(
        rf"the app releases the binding of (?P<a>{USER}) on (?P<x>{XNAME}) and binds (?P=a) there anew, "
        r"(?P<n>\d+) times over"
    ),
    converters={"n": int},
)
def unbind_and_rebind(ctx: Ctx, a: str, x: str, n: int) -> None:
    current = next(
        b
        for b in ctx.bindings.values()
        if b.relation_num == num(ctx, x) and num(ctx, a) in (b.fields["callerNum"], b.fields["calleeNum"])
    )
    ctx.batch = []
    for _ in range(n):
        ctx.batch.append(AXB.client(ctx).axb_unbind(subscriptionId=current.subscription_id))
        ctx.batch.append(
            send_bind(ctx, {"callerNum": num(ctx, a), "calleeNum": ctx.numbers.user(), "relationNum": num(ctx, x)})
        )
        if ctx.new_binding is None or ctx.batch[-1].resultcode != "0":
            break
        current = ctx.new_binding


# -- When: modify -------------------------------------------------------------------------------


def modify(ctx: Ctx, name: str, fields: str, client: PrivateNumberClient | None = None) -> None:
    binding = ctx.bindings[name]
    ctx.snapshots.setdefault(name, item_of(ctx, binding) or {})  # for "otherwise unchanged"
    body = AXB.fields(ctx, fields)
    ctx.modified.setdefault(name, set()).update(body)
    ctx.last = (client or AXB.client(ctx)).axb_modify(subscriptionId=binding.subscription_id, **body)


@when(parse('the app modifies binding "{name:Quoted}" with {fields:Fields}'))
def modify_binding(ctx: Ctx, name: str, fields: str) -> None:
    modify(ctx, name, fields)


@when(parse("the app modifies an unknown binding with {fields:Fields}"))
def modify_unknown(ctx: Ctx, fields: str) -> None:
    ctx.last = AXB.client(ctx).axb_modify(subscriptionId=unknown_id(), **AXB.fields(ctx, fields))


@when(parse("the app modifies without naming a binding, with {fields:Fields}"))
def modify_nothing(ctx: Ctx, fields: str) -> None:
    ctx.last = AXB.client(ctx).axb_modify(**AXB.fields(ctx, fields))


# -- When: query --------------------------------------------------------------------------------


@when(parse('the app queries binding "{name:Quoted}"'))
def query_binding(ctx: Ctx, name: str) -> None:
    ctx.last = AXB.client(ctx).axb_query(subscriptionId=ctx.bindings[name].subscription_id)


@when(parse('the app queries binding "{name:Quoted}" naming {x:X}'))
def query_binding_naming_x(ctx: Ctx, name: str, x: str) -> None:
    ctx.last = AXB.client(ctx).axb_query(subscriptionId=ctx.bindings[name].subscription_id, relationNum=num(ctx, x))


@when(parsers.re(rf"the app queries (?P<x>{XNAME})(?: with (?P<fields>{FIELDS}))?"))
def query_x(ctx: Ctx, x: str, fields: str | None) -> None:
    ctx.last = AXB.client(ctx).axb_query(relationNum=num(ctx, x), **AXB.fields(ctx, fields))


@when("the app queries an unknown binding")
def query_unknown(ctx: Ctx) -> None:
    ctx.last = AXB.client(ctx).axb_query(subscriptionId=unknown_id())


@when(parse("the app queries with {fields:Fields}"))
def query_without_x(ctx: Ctx, fields: str) -> None:
    ctx.last = AXB.client(ctx).axb_query(**AXB.fields(ctx, fields))


@when(parse("the app queries {x:X} page by page with pageSize {size:Int}"))
def query_pages(ctx: Ctx, x: str, size: int) -> None:
    ctx.batch = []
    for index in range(1, 100):
        r = AXB.client(ctx).axb_query(relationNum=num(ctx, x), pageSize=size, pageIndex=index)
        ctx.batch.append(r)
        if r.resultcode != "0" or len((r.body or {}).get("relationNumList") or []) < size:
            break
    ctx.last = ctx.batch[0]


# -- When: another mode's app -------------------------------------------------------------------


@when(parsers.re(rf"an app of another mode (?P<action>unbinds|queries) {BINDING}"))
def other_mode_unbinds_or_queries(
    ctx: Ctx, foreign_client_for: Callable[[str], PrivateNumberClient], action: str, name: str
) -> None:
    client = foreign_client_for("axb")
    call = client.axb_unbind if action == "unbinds" else client.axb_query
    ctx.last = call(subscriptionId=ctx.bindings[name].subscription_id)


@when(parse('an app of another mode modifies binding "{name:Quoted}" with {fields:Fields}'))
def other_mode_modifies(
    ctx: Ctx, foreign_client_for: Callable[[str], PrivateNumberClient], name: str, fields: str
) -> None:
    modify(ctx, name, fields, client=foreign_client_for("axb"))


# -- Then: refusals and bind answers ------------------------------------------------------------


@then("the request is refused as a duplicate binding")
def refused_as_duplicate(ctx: Ctx) -> None:
    assert_refused(ctx.response, duplicate_codes(ctx))


@then(parse("the request is refused because {x:X} is full"))
def refused_as_full(ctx: Ctx, x: str) -> None:
    # D-4: 1012008 or 1012009, as the target's capabilities.codes.axb_full_x says.
    assert_refused(ctx.response, list(ctx.target.capabilities.codes["axb_full_x"]))


@then(parse("the answer names {x:X} as the relationNum"))
def answer_names_x(ctx: Ctx, x: str) -> None:
    assert_success(ctx.response)
    shown = ctx.response.body.get("relationNum") if ctx.response.body else None
    effect(shown == num(ctx, x), f"relationNum {shown!r}, expected {num(ctx, x)}: {ctx.response!r}", ("relationNum",))


def _answered_x(ctx: Ctx) -> Any:
    assert_success(ctx.response)
    number = ctx.response.body.get("relationNum") if ctx.response.body else None
    info = AXB.info(ctx, number) if isinstance(number, str) else None
    assert info is not None, f"relationNum {number!r} is not an X of the AXB app: {ctx.response!r}"
    return info


@then("the answer names an X of the app")
def answer_names_app_x(ctx: Ctx) -> None:
    _answered_x(ctx)


@then("the answer names an X of the app in the province of that city")
def answer_names_x_in_province(ctx: Ctx) -> None:
    assert_answer_in_unserved_province(ctx, _answered_x)


@then(parse("the answer names an X of the app in the city of {who:Name}"))
def answer_names_x_in_city(ctx: Ctx, who: str) -> None:
    area = user_area(ctx) if who in "ABCDEFGH" else AXB.area(ctx, who)
    info = _answered_x(ctx)
    assert info.area_code == area, f"{info.number} is in area {info.area_code}, not in {area}"


@then("the answer's relationNum is a mobile number in global format")
def answer_x_is_mobile(ctx: Ctx) -> None:
    assert_success(ctx.response)
    number = ctx.response.body.get("relationNum") if ctx.response.body else None
    assert isinstance(number, str) and MOBILE_GLOBAL.match(number), f"not a mobile number: {number!r}"


# -- Then: what X carries -----------------------------------------------------------------------


@then(parsers.re(rf'(?P<x>{XNAME}) (?:still )?carries only the binding "(?P<name>[^"]+)"'))
def x_carries_only(ctx: Ctx, x: str, name: str) -> None:
    assert ids_on(ctx, num(ctx, x)) == [ctx.bindings[name].subscription_id]


@then(parse('{x:X} carries the bindings "{name:Quoted}" and the new one'))
def x_carries_named_and_new(ctx: Ctx, x: str, name: str) -> None:
    assert ctx.new_binding is not None, "no binding was made in the When step"
    expected = {ctx.bindings[name].subscription_id, ctx.new_binding.subscription_id}
    assert sorted(ids_on(ctx, num(ctx, x))) == sorted(expected)


@then(parsers.re(rf"(?P<x>{XNAME}) carries only the (?:new|last) binding"))
def x_carries_only_new(ctx: Ctx, x: str) -> None:
    assert ctx.new_binding is not None, "no binding was made in the When step"
    assert ids_on(ctx, num(ctx, x)) == [ctx.new_binding.subscription_id]


@then(parse("{x:X} carries no bindings"))
def x_carries_nothing(ctx: Ctx, x: str) -> None:
    assert ids_on(ctx, num(ctx, x)) == []


@then(parse("{x:X} carries exactly the bindings that succeeded"))
def x_carries_successes(ctx: Ctx, x: str) -> None:
    succeeded = {r.body["subscriptionId"] for r in ctx.batch if r.ok and r.body}
    assert set(ids_on(ctx, num(ctx, x))) == succeeded


@then("at most one of the binds succeeds")
def at_most_one_success(ctx: Ctx) -> None:
    wins = [r for r in ctx.batch if r.resultcode == "0"]
    assert len(wins) <= 1, f"{len(wins)} overlapping binds succeeded on one X: {wins!r}"


@then("the other binds are refused as duplicate bindings")
def others_refused(ctx: Ctx) -> None:
    for r in ctx.batch:
        if r.resultcode != "0":
            assert_refused(r, duplicate_codes(ctx))


@then("every one of these requests succeeds")
def every_request_succeeds(ctx: Ctx) -> None:
    assert ctx.batch, "no requests were sent"
    for r in ctx.batch:
        assert_success(r)


# -- Then: one binding --------------------------------------------------------------------------


@then(parsers.re(rf"the {BINDING} (?P<state>still exists|no longer exists)"))
def binding_state(ctx: Ctx, name: str, state: str) -> None:
    exists = item_of(ctx, ctx.bindings[name]) is not None
    effect(exists == (state == "still exists"), f"binding {name!r} {'is gone' if not exists else 'is still there'}")


@then(
    parsers.re(rf"the {BINDING} (?P<state>still exists|no longer exists) (?P<seconds>\d+) seconds later"),
    converters={"seconds": int},
)
def binding_state_later(ctx: Ctx, hooks: RestoringHooks, name: str, state: str, seconds: int) -> None:
    hooks.advance(seconds)
    binding_state(ctx, name, state)


@then(parse('the binding "{name:Quoted}" shows {field:Key} {value:Value}'))
def binding_shows(ctx: Ctx, name: str, field: str, value: str) -> None:
    item = item_of(ctx, ctx.bindings[name])
    assert item is not None, f"binding {name!r} no longer exists"
    expected = AXB.resolve(ctx, parse_value(value))
    effect(item.get(field) == expected, f"{field} of {name!r} is {item.get(field)!r}, expected {expected!r}")


@then(parse('the binding "{name:Quoted}" is otherwise unchanged'))
def binding_otherwise_unchanged(ctx: Ctx, name: str) -> None:
    before = ctx.snapshots[name]
    after = item_of(ctx, ctx.bindings[name])
    assert after is not None, f"binding {name!r} no longer exists"
    skip = ctx.modified.get(name, set()) | {"subscribeTime"}  # subscribeTime = last modification
    # Every field of either item, those only one of them has included (AXB-055: a field that
    # appears or disappears with the modify changed too).
    missing = object()
    changed = {
        k: (before.get(k, missing), after.get(k, missing))
        for k in before.keys() | after.keys()
        if k not in skip and before.get(k, missing) != after.get(k, missing)
    }
    shown = {k: tuple("(absent)" if v is missing else v for v in pair) for k, pair in changed.items()}
    effect(not changed, f"fields changed that were not sent (before, after): {shown}")


# -- Then: query answers ------------------------------------------------------------------------


@then(parse('the answer lists exactly the binding "{name:Quoted}"'))
def lists_exactly_one(ctx: Ctx, name: str) -> None:
    ids = [item.get("subscriptionId") for item in listed(ctx)]
    assert ids == [ctx.bindings[name].subscription_id], f"listed {ids}"


@then(parse("the answer lists exactly the bindings made on {x:X}"))
def lists_bindings_made(ctx: Ctx, x: str) -> None:
    ids = [item.get("subscriptionId") for item in listed(ctx)]
    assert sorted(ids) == sorted(bindings_made_on(ctx, x)), f"listed {ids}"


@then(parse("the pages list exactly the bindings made on {x:X}"))
def pages_list_bindings_made(ctx: Ctx, x: str) -> None:
    ids: list[str] = []
    for r in ctx.batch:
        if r.resultcode == "1012007" and ids:
            break  # a page past the end may answer "no record"
        assert_success(r)
        ids.extend(item.get("subscriptionId") for item in (r.body or {}).get("relationNumList") or [])
    assert sorted(ids) == sorted(bindings_made_on(ctx, x)), f"pages listed {ids}"


@then(parse("the answer lists {n:Int} bindings"))
def lists_n(ctx: Ctx, n: int) -> None:
    assert len(listed(ctx)) == n, f"expected {n} bindings: {ctx.response!r}"


@then(parse("the answer reports a total of {n:Int} bindings"))
def reports_total(ctx: Ctx, n: int) -> None:
    assert_success(ctx.response)
    assert ctx.response.body and ctx.response.body.get("totalCount") == n, ctx.response


@then(parse("the answer is page {index:Int} with a page size of {size:Int}"))
def answer_page(ctx: Ctx, index: int, size: int) -> None:
    assert_success(ctx.response)
    body = ctx.response.body or {}
    assert (body.get("pageIndex"), body.get("pageSize")) == (index, size), ctx.response


@then(parse('the listed binding "{name:Quoted}" shows the values it was bound with'))
def listed_values(ctx: Ctx, name: str) -> None:
    binding = ctx.bindings[name]
    item = listed_item(ctx, name)
    expected = {
        k: v
        for k, v in binding.fields.items()
        if k in ("callerNum", "calleeNum", "callDirection", "duration", "maxDuration")
    }
    expected["relationNum"] = binding.relation_num
    actual = {k: item.get(k) for k in expected}
    effect(actual == expected, f"query shows {actual}, bound with {expected}")


@then(parse('the listed binding "{name:Quoted}" has no {field:Word}'))
def listed_lacks(ctx: Ctx, name: str, field: str) -> None:
    item = listed_item(ctx, name)
    assert field not in item, f"{field} should be absent: {item}"


@then(parse('the listed binding "{name:Quoted}" shows {field:Key} {value:Value}'))
def listed_shows(ctx: Ctx, name: str, field: str, value: str) -> None:
    item = listed_item(ctx, name)
    expected = AXB.resolve(ctx, parse_value(value))
    assert item.get(field) == expected, f"{field} is {item.get(field)!r}, expected {expected!r}"


@then(parse('the listed binding "{name:Quoted}" shows a subscribeTime of the current emulator time'))
def listed_subscribe_time_now(ctx: Ctx, hooks: RestoringHooks, name: str) -> None:
    shown = listed_item(ctx, name).get("subscribeTime")
    assert isinstance(shown, str), f"subscribeTime missing: {ctx.response!r}"
    assert_shown_now(hooks, shown, "the modification")
