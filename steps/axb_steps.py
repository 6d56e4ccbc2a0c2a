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
from steps.attribution import effect
from steps.common_steps import (
    Binding,
    Ctx,
    assert_answer_in_unserved_province,
    assert_refused,
    assert_shown_now,
    assert_success,
    other_client,
    unknown_id,
)
from steps.common_steps import listed as common_listed
from steps.common_steps import listed_item as common_listed_item
from steps.params import (
    AREA_MATCH,
    FIELDS,
    FORM,
    MOBILE_GLOBAL,
    NAME,
    NUMBER_FORMS,
    USER,
    VALUE,
    XNAME,
    parse_fields,
    parse_value,
    set_path,
)

BINDING = r'binding "(?P<name>[^"]+)"'


# -- helpers ----------------------------------------------------------------------------------


def request_fields(ctx: Ctx, text: str | None) -> dict[str, Any]:
    """The request body a `key value and key value` list describes (dotted keys nest)."""
    body: dict[str, Any] = {}
    for key, value in parse_fields(text) if text else []:
        set_path(body, key, ctx.resolve(value))
    return body


def pair(ctx: Ctx, a: str, b: str, x: str | None = None) -> dict[str, Any]:
    fields = {"callerNum": ctx.num(a), "calleeNum": ctx.num(b)}
    if x is not None:
        fields["relationNum"] = ctx.num(x)
    return fields


def send_bind(ctx: Ctx, fields: dict[str, Any], client: PrivateNumberClient | None = None) -> Response:
    """Bind and remember a successful result as the scenario's new binding."""
    r = (client or ctx.client).axb_bind(**fields)
    ctx.last = r
    if r.resultcode == "0" and r.body and r.body.get("subscriptionId"):
        name = f"new-{len(ctx.bindings) + 1}"
        relation = r.body.get("relationNum") or fields.get("relationNum", "")
        ctx.new_binding = Binding(name, r.body["subscriptionId"], fields, relation)
        ctx.bindings[name] = ctx.new_binding
    return r


def make_binding(ctx: Ctx, name: str, fields: dict[str, Any]) -> Binding:
    """A precondition binding: it must succeed."""
    r = ctx.client.axb_bind(**fields)
    assert_success(r)
    assert r.body is not None
    binding = Binding(name, r.body["subscriptionId"], fields, r.body.get("relationNum") or fields["relationNum"])
    ctx.bindings[name] = binding
    return binding


LIST_KEY = "relationNumList"


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
    return {b.subscription_id for b in ctx.bindings.values() if b.relation_num == ctx.num(x)}


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


@given(parsers.re(rf"(?P<x1>{XNAME}) and (?P<x2>{XNAME}) are two numbers of the app"))
def two_x(ctx: Ctx, x1: str, x2: str) -> None:
    ctx.num(x1)
    ctx.num(x2)


@given(parsers.re(rf"(?P<x1>{XNAME}) and (?P<x2>{XNAME}) are numbers of the app in different cities"))
def two_x_in_different_cities(ctx: Ctx, x1: str, x2: str) -> None:
    ctx.named[x2] = area_x(ctx, not_area=None)
    ctx.named[x1] = area_x(ctx, not_area=ctx.area_of(x2))


@given(parsers.re(rf"(?P<x>{XNAME}) is a number of the app outside the city of (?P<a>{USER})"))
def x_outside_city_of_user(ctx: Ctx, x: str, a: str) -> None:
    ctx.named[x] = area_x(ctx, not_area=user_area(ctx))


@given(parsers.re(rf"(?P<x>{XNAME}) is a number of an app of another mode"))
def x_of_another_app(ctx: Ctx, x: str) -> None:
    ctx.named[x] = ctx.numbers.foreign_x("axb")


@given(parsers.re(rf"(?P<x>{XNAME}) is a number no app owns"))
def x_of_no_app(ctx: Ctx, x: str) -> None:
    ctx.named[x] = ctx.numbers.unknown_x()


@given(parsers.re(rf"(?P<x>{XNAME}) is blacklisted"))
def x_blacklisted(ctx: Ctx, hooks: RestoringHooks, x: str) -> None:
    hooks.set_number_status(ctx.num(x), "blacklisted")


@given(parsers.re(rf"(?P<u>{USER}) is a fixed-line number"))
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
    make_binding(ctx, name, {**pair(ctx, a, b, x), **request_fields(ctx, fields)})


def _fill(ctx: Ctx, x: str, count: int, prefix: str, first_duration: int | None = None) -> None:
    for i in range(1, count + 1):
        fields = {"callerNum": ctx.numbers.user(), "calleeNum": ctx.numbers.user(), "relationNum": ctx.num(x)}
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
    missing = pair_limit(ctx) - len(ctx.items_on(ctx.num(x)))
    assert missing > 0, f"{ctx.num(x)} is already full before the scenario"
    _fill(ctx, x, missing, "filler", int(seconds) if seconds else None)


@given(parsers.re(rf"(?P<x>{XNAME}) carries (?P<n>\d+) bindings"), converters={"n": int})
def x_carries(ctx: Ctx, x: str, n: int) -> None:
    if n > pair_limit(ctx):
        pytest.skip(f"an X of target '{ctx.target.name}' holds only {pair_limit(ctx)} pairs, {n} needed")
    assert not ctx.items_on(ctx.num(x)), f"{ctx.num(x)} should carry no bindings before the scenario"
    _fill(ctx, x, n, "pair")


@given(parsers.re(rf"the app has unbound {BINDING}"))
def has_unbound(ctx: Ctx, name: str) -> None:
    assert_success(ctx.client.axb_unbind(subscriptionId=ctx.bindings[name].subscription_id))


@given(parsers.re(rf"the app has modified {BINDING} with (?P<fields>{FIELDS})"))
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
    send_bind(ctx, {**pair(ctx, a, b, x), **request_fields(ctx, fields)})


@when(parsers.re(rf"the app binds (?P<a>{NAME}) and (?P<b>{NAME}) on (?P<x>{XNAME}) without (?P<field>\w+)"))
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


@when(
    parsers.re(
        rf"the app binds (?P<a>{NAME}) and (?P<b>{NAME}) on (?P<x>{XNAME}) "
        r"with a userData of (?P<n>\d+) characters"
    ),
    converters={"n": int},
)
def bind_with_long_user_data(ctx: Ctx, a: str, b: str, x: str, n: int) -> None:
    user_data = ("pnconform-" * (n // 10 + 1))[:n]  # plain ASCII, no braces
    send_bind(ctx, {**pair(ctx, a, b, x), "userData": user_data})


@when(parsers.re(rf"the app binds (?P<a>{NAME}) and (?P<b>{NAME}) without naming an X or a city"))
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


@when(
    parsers.re(
        rf"the app binds (?P<a>{NAME}) and (?P<b>{NAME}) in a province where it has no X, matching areas loosely"
    )
)
def bind_in_unserved_province(ctx: Ctx, a: str, b: str) -> None:
    ctx.chosen_area = target_area(ctx, "unserved_province_city")
    send_bind(ctx, {**pair(ctx, a, b), "areaCode": ctx.chosen_area, "areaMatchMode": "1"})


@when(parsers.re(rf"the app binds (?P<a>{NAME}) and (?P<b>{NAME}) in the city of (?P<x>{XNAME})"))
def bind_in_city_of(ctx: Ctx, a: str, b: str, x: str) -> None:
    ctx.chosen_area = ctx.area_of(x)
    send_bind(ctx, {**pair(ctx, a, b), "areaCode": ctx.chosen_area})


@when(
    parsers.re(rf"the app binds (?P<a>{NAME}) and (?P<b>{NAME}) on (?P<x>{XNAME}) naming the city of (?P<x2>{XNAME})")
)
def bind_on_x_naming_city(ctx: Ctx, a: str, b: str, x: str, x2: str) -> None:
    send_bind(ctx, {**pair(ctx, a, b, x), "areaCode": ctx.area_of(x2)})


@when(parsers.re(rf'an app of mode "(?P<mode>\w+)" binds (?P<a>{NAME}) and (?P<b>{NAME}) on (?P<x>{XNAME})'))
def other_mode_binds(ctx: Ctx, mode: str, a: str, b: str, x: str) -> None:
    send_bind(ctx, pair(ctx, a, b, x), client=other_client(ctx, mode))


@when(
    parsers.re(rf"(?P<n>\d+) clients bind (?P<a>{USER}) with distinct new numbers on (?P<x>{XNAME}) at the same time"),
    converters={"n": int},
)
def concurrent_binds(ctx: Ctx, n: int, a: str, x: str) -> None:
    clients = [ctx.client_for("axb") for _ in range(n)]  # one connection each: real concurrency
    requests = [{"callerNum": ctx.num(a), "calleeNum": ctx.numbers.user(), "relationNum": ctx.num(x)} for _ in range(n)]
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
    ctx.last = ctx.client.axb_unbind(subscriptionId=ctx.bindings[name].subscription_id)


@when(parsers.re(rf"the app unbinds (?P<x>{XNAME})"))
def unbind_x(ctx: Ctx, x: str) -> None:
    ctx.last = ctx.client.axb_unbind(relationNum=ctx.num(x))


@when(parsers.re(rf"the app unbinds {BINDING} naming (?P<x>{XNAME})"))
def unbind_naming_x(ctx: Ctx, name: str, x: str) -> None:
    ctx.last = ctx.client.axb_unbind(subscriptionId=ctx.bindings[name].subscription_id, relationNum=ctx.num(x))


@when("the app unbinds an unknown binding")
def unbind_unknown(ctx: Ctx) -> None:
    ctx.last = ctx.client.axb_unbind(subscriptionId=unknown_id())


@when("the app unbinds without naming a binding or an X")
def unbind_nothing(ctx: Ctx) -> None:
    ctx.last = ctx.client.axb_unbind()


@when(parsers.re(rf"the app (?P<action>unbinds|queries) (?P<x>{XNAME}) with an unescaped plus"))
def unescaped_plus(ctx: Ctx, action: str, x: str) -> None:
    # NUM-003: a raw "+" in a query string decodes to a space on the platform.
    method = "DELETE" if action == "unbinds" else "GET"
    ctx.last = ctx.client.request(method, f"{AXB_PATH}?relationNum={ctx.num(x)}")


@when(parsers.re(rf"the app unbinds one of the bindings on (?P<x>{XNAME})"))
def unbind_one_on_x(ctx: Ctx, x: str) -> None:
    victim = next(b for b in ctx.bindings.values() if b.relation_num == ctx.num(x))
    ctx.last = ctx.client.axb_unbind(subscriptionId=victim.subscription_id)
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
        if b.relation_num == ctx.num(x) and ctx.num(a) in (b.fields["callerNum"], b.fields["calleeNum"])
    )
    ctx.batch = []
    for _ in range(n):
        ctx.batch.append(ctx.client.axb_unbind(subscriptionId=current.subscription_id))
        ctx.batch.append(
            send_bind(ctx, {"callerNum": ctx.num(a), "calleeNum": ctx.numbers.user(), "relationNum": ctx.num(x)})
        )
        if ctx.new_binding is None or ctx.batch[-1].resultcode != "0":
            break
        current = ctx.new_binding


# -- When: modify -------------------------------------------------------------------------------


def modify(ctx: Ctx, name: str, fields: str, client: PrivateNumberClient | None = None) -> None:
    binding = ctx.bindings[name]
    ctx.snapshots.setdefault(name, ctx.item_of(binding) or {})  # for "otherwise unchanged"
    body = request_fields(ctx, fields)
    ctx.modified.setdefault(name, set()).update(body)
    ctx.last = (client or ctx.client).axb_modify(subscriptionId=binding.subscription_id, **body)


@when(parsers.re(rf"the app modifies {BINDING} with (?P<fields>{FIELDS})"))
def modify_binding(ctx: Ctx, name: str, fields: str) -> None:
    modify(ctx, name, fields)


@when(parsers.re(rf"the app modifies an unknown binding with (?P<fields>{FIELDS})"))
def modify_unknown(ctx: Ctx, fields: str) -> None:
    ctx.last = ctx.client.axb_modify(subscriptionId=unknown_id(), **request_fields(ctx, fields))


@when(parsers.re(rf"the app modifies without naming a binding, with (?P<fields>{FIELDS})"))
def modify_nothing(ctx: Ctx, fields: str) -> None:
    ctx.last = ctx.client.axb_modify(**request_fields(ctx, fields))


# -- When: query --------------------------------------------------------------------------------


@when(parsers.re(rf"the app queries {BINDING}"))
def query_binding(ctx: Ctx, name: str) -> None:
    ctx.last = ctx.client.axb_query(subscriptionId=ctx.bindings[name].subscription_id)


@when(parsers.re(rf"the app queries {BINDING} naming (?P<x>{XNAME})"))
def query_binding_naming_x(ctx: Ctx, name: str, x: str) -> None:
    ctx.last = ctx.client.axb_query(subscriptionId=ctx.bindings[name].subscription_id, relationNum=ctx.num(x))


@when(parsers.re(rf"the app queries (?P<x>{XNAME})(?: with (?P<fields>{FIELDS}))?"))
def query_x(ctx: Ctx, x: str, fields: str | None) -> None:
    ctx.last = ctx.client.axb_query(relationNum=ctx.num(x), **request_fields(ctx, fields))


@when("the app queries an unknown binding")
def query_unknown(ctx: Ctx) -> None:
    ctx.last = ctx.client.axb_query(subscriptionId=unknown_id())


@when(parsers.re(rf"the app queries with (?P<fields>{FIELDS})"))
def query_without_x(ctx: Ctx, fields: str) -> None:
    ctx.last = ctx.client.axb_query(**request_fields(ctx, fields))


@when(parsers.re(rf"the app queries (?P<x>{XNAME}) page by page with pageSize (?P<size>\d+)"), converters={"size": int})
def query_pages(ctx: Ctx, x: str, size: int) -> None:
    ctx.batch = []
    for index in range(1, 100):
        r = ctx.client.axb_query(relationNum=ctx.num(x), pageSize=size, pageIndex=index)
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


@when(parsers.re(rf"an app of another mode modifies {BINDING} with (?P<fields>{FIELDS})"))
def other_mode_modifies(
    ctx: Ctx, foreign_client_for: Callable[[str], PrivateNumberClient], name: str, fields: str
) -> None:
    modify(ctx, name, fields, client=foreign_client_for("axb"))


# -- Then: refusals and bind answers ------------------------------------------------------------


@then("the request is refused as a duplicate binding")
def refused_as_duplicate(ctx: Ctx) -> None:
    assert_refused(ctx.response, duplicate_codes(ctx))


@then(parsers.re(rf"the request is refused because (?P<x>{XNAME}) is full"))
def refused_as_full(ctx: Ctx, x: str) -> None:
    # D-4: 1012008 or 1012009, as the target's capabilities.codes.axb_full_x says.
    assert_refused(ctx.response, list(ctx.target.capabilities.codes["axb_full_x"]))


@then(parsers.re(rf"the answer names (?P<x>{XNAME}) as the relationNum"))
def answer_names_x(ctx: Ctx, x: str) -> None:
    assert_success(ctx.response)
    assert ctx.response.body and ctx.response.body.get("relationNum") == ctx.num(x), ctx.response


def _answered_x(ctx: Ctx) -> Any:
    assert_success(ctx.response)
    number = ctx.response.body.get("relationNum") if ctx.response.body else None
    info = ctx.x_info(number) if isinstance(number, str) else None
    assert info is not None, f"relationNum {number!r} is not an X of the AXB app: {ctx.response!r}"
    return info


@then("the answer names an X of the app")
def answer_names_app_x(ctx: Ctx) -> None:
    _answered_x(ctx)


@then("the answer names an X of the app in the province of that city")
def answer_names_x_in_province(ctx: Ctx) -> None:
    assert_answer_in_unserved_province(ctx, _answered_x)


@then(parsers.re(rf"the answer names an X of the app in the city of (?P<who>{NAME})"))
def answer_names_x_in_city(ctx: Ctx, who: str) -> None:
    area = user_area(ctx) if who in "ABCDEFGH" else ctx.area_of(who)
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
    assert ctx.ids_on(ctx.num(x)) == [ctx.bindings[name].subscription_id]


@then(parsers.re(rf'(?P<x>{XNAME}) carries the bindings "(?P<name>[^"]+)" and the new one'))
def x_carries_named_and_new(ctx: Ctx, x: str, name: str) -> None:
    assert ctx.new_binding is not None, "no binding was made in the When step"
    expected = {ctx.bindings[name].subscription_id, ctx.new_binding.subscription_id}
    assert sorted(ctx.ids_on(ctx.num(x))) == sorted(expected)


@then(parsers.re(rf"(?P<x>{XNAME}) carries only the (?:new|last) binding"))
def x_carries_only_new(ctx: Ctx, x: str) -> None:
    assert ctx.new_binding is not None, "no binding was made in the When step"
    assert ctx.ids_on(ctx.num(x)) == [ctx.new_binding.subscription_id]


@then(parsers.re(rf"(?P<x>{XNAME}) carries no bindings"))
def x_carries_nothing(ctx: Ctx, x: str) -> None:
    assert ctx.ids_on(ctx.num(x)) == []


@then(parsers.re(rf"(?P<x>{XNAME}) carries exactly the bindings that succeeded"))
def x_carries_successes(ctx: Ctx, x: str) -> None:
    succeeded = {r.body["subscriptionId"] for r in ctx.batch if r.ok and r.body}
    assert set(ctx.ids_on(ctx.num(x))) == succeeded


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
    exists = ctx.item_of(ctx.bindings[name]) is not None
    effect(exists == (state == "still exists"), f"binding {name!r} {'is gone' if not exists else 'is still there'}")


@then(
    parsers.re(rf"the {BINDING} (?P<state>still exists|no longer exists) (?P<seconds>\d+) seconds later"),
    converters={"seconds": int},
)
def binding_state_later(ctx: Ctx, hooks: RestoringHooks, name: str, state: str, seconds: int) -> None:
    hooks.advance(seconds)
    binding_state(ctx, name, state)


@then(parsers.re(rf"the {BINDING} shows (?P<field>[\w.]+) (?P<value>{VALUE})"))
def binding_shows(ctx: Ctx, name: str, field: str, value: str) -> None:
    item = ctx.item_of(ctx.bindings[name])
    assert item is not None, f"binding {name!r} no longer exists"
    expected = ctx.resolve(parse_value(value))
    effect(item.get(field) == expected, f"{field} of {name!r} is {item.get(field)!r}, expected {expected!r}")


@then(parsers.re(rf"the {BINDING} is otherwise unchanged"))
def binding_otherwise_unchanged(ctx: Ctx, name: str) -> None:
    before = ctx.snapshots[name]
    after = ctx.item_of(ctx.bindings[name])
    assert after is not None, f"binding {name!r} no longer exists"
    skip = ctx.modified.get(name, set()) | {"subscribeTime"}  # subscribeTime = last modification
    changed = {k: (v, after.get(k)) for k, v in before.items() if k not in skip and after.get(k) != v}
    assert not changed, f"fields changed that were not sent (before, after): {changed}"


# -- Then: query answers ------------------------------------------------------------------------


@then(parsers.re(r'the answer lists exactly the binding "(?P<name>[^"]+)"'))
def lists_exactly_one(ctx: Ctx, name: str) -> None:
    ids = [item.get("subscriptionId") for item in listed(ctx)]
    assert ids == [ctx.bindings[name].subscription_id], f"listed {ids}"


@then(parsers.re(rf"the answer lists exactly the bindings made on (?P<x>{XNAME})"))
def lists_bindings_made(ctx: Ctx, x: str) -> None:
    ids = [item.get("subscriptionId") for item in listed(ctx)]
    assert sorted(ids) == sorted(bindings_made_on(ctx, x)), f"listed {ids}"


@then(parsers.re(rf"the pages list exactly the bindings made on (?P<x>{XNAME})"))
def pages_list_bindings_made(ctx: Ctx, x: str) -> None:
    ids: list[str] = []
    for r in ctx.batch:
        if r.resultcode == "1012007" and ids:
            break  # a page past the end may answer "no record"
        assert_success(r)
        ids.extend(item.get("subscriptionId") for item in (r.body or {}).get("relationNumList") or [])
    assert sorted(ids) == sorted(bindings_made_on(ctx, x)), f"pages listed {ids}"


@then(parsers.re(r"the answer lists (?P<n>\d+) bindings"), converters={"n": int})
def lists_n(ctx: Ctx, n: int) -> None:
    assert len(listed(ctx)) == n, f"expected {n} bindings: {ctx.response!r}"


@then(parsers.re(r"the answer reports a total of (?P<n>\d+) bindings"), converters={"n": int})
def reports_total(ctx: Ctx, n: int) -> None:
    assert_success(ctx.response)
    assert ctx.response.body and ctx.response.body.get("totalCount") == n, ctx.response


@then(
    parsers.re(r"the answer is page (?P<index>\d+) with a page size of (?P<size>\d+)"),
    converters={"index": int, "size": int},
)
def answer_page(ctx: Ctx, index: int, size: int) -> None:
    assert_success(ctx.response)
    body = ctx.response.body or {}
    assert (body.get("pageIndex"), body.get("pageSize")) == (index, size), ctx.response


@then(parsers.re(r'the listed binding "(?P<name>[^"]+)" shows the values it was bound with'))
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
    assert actual == expected, f"query shows {actual}, bound with {expected}"


@then(parsers.re(r'the listed binding "(?P<name>[^"]+)" has no (?P<field>\w+)'))
def listed_lacks(ctx: Ctx, name: str, field: str) -> None:
    item = listed_item(ctx, name)
    assert field not in item, f"{field} should be absent: {item}"


@then(parsers.re(rf'the listed binding "(?P<name>[^"]+)" shows (?P<field>[\w.]+) (?P<value>{VALUE})'))
def listed_shows(ctx: Ctx, name: str, field: str, value: str) -> None:
    item = listed_item(ctx, name)
    expected = ctx.resolve(parse_value(value))
    assert item.get(field) == expected, f"{field} is {item.get(field)!r}, expected {expected!r}"


@then(parsers.re(r'the listed binding "(?P<name>[^"]+)" shows a subscribeTime of the current emulator time'))
def listed_subscribe_time_now(ctx: Ctx, hooks: RestoringHooks, name: str) -> None:
    shown = listed_item(ctx, name).get("subscribeTime")
    assert isinstance(shown, str), f"subscribeTime missing: {ctx.response!r}"
    assert_shown_now(hooks, shown, "the modification")
