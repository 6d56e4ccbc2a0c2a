"""Steps shared by every feature: the scenario context, answer checks, auth and transport.

The context (`ctx`) holds what a scenario names: symbolic numbers, bindings, the last answer.
Requests go through `PrivateNumberClient`; broken auth headers are derived from
`pnconform.auth` helpers and sent unsigned, never assembled from scratch.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from pnconform.auth import AKSK_AUTHORIZATION, aksk_digest, aksk_headers, new_nonce, utc_created, wsse_headers
from pnconform.client import AXB_PATH, ExchangeLog, PrivateNumberClient, Response
from pnconform.hooks import RestoringHooks
from pnconform.numbers import NumberPool
from pnconform.targets import DEFAULT_CODES, Target, TargetError
from steps.attribution import check
from steps.params import CODES, NAME, USER, XNAME, Value, expected_status, parse_codes, same_text

FLOW_CONTROL_TEXT = "The flow control upper limit is reached on the platform"


# -- scenario context -----------------------------------------------------------------------


@dataclass
class Binding:
    name: str
    subscription_id: str
    fields: dict[str, Any]  # the bind request as sent
    relation_num: str


@dataclass
class Ctx:
    target: Target
    numbers: NumberPool
    client_for: Callable[[str], PrivateNumberClient]
    log: ExchangeLog
    named: dict[str, str] = field(default_factory=dict)
    bindings: dict[str, Binding] = field(default_factory=dict)
    last: Response | None = None
    batch: list[Response] = field(default_factory=list)  # answers of one step that sends several
    snapshots: dict[str, dict[str, Any]] = field(default_factory=dict)  # query items before a modify
    modified: dict[str, set[str]] = field(default_factory=dict)
    new_binding: Binding | None = None  # the binding the last successful "When ... binds" made
    chosen_area: str | None = None

    @cached_property
    def client(self) -> PrivateNumberClient:
        return self.client_for("axb")

    @property
    def response(self) -> Response:
        assert self.last is not None, "no request was sent in this scenario"
        return self.last

    # numbers -----------------------------------------------------------------------------

    def num(self, name: str) -> str:
        """The number behind a symbolic name; user numbers are fresh, X numbers distinct."""
        if name not in self.named:
            if re.fullmatch(USER, name):
                self.named[name] = self.numbers.user()
            else:
                self.named[name] = self._distinct_x()
        return self.named[name]

    def _distinct_x(self, area_code: str | None = None) -> str:
        taken = set(self.named.values())
        pool = self.numbers.x_list("axb", area_code)
        for _ in range(len(pool)):
            candidate = self.numbers.x("axb", area_code)
            if candidate not in taken:
                return candidate
        pytest.skip(f"target '{self.target.name}' has too few AXB X numbers for this scenario")

    def x_info(self, number: str) -> Any:
        for x in self.target.app("axb").x_numbers:
            if x.number == number:
                return x
        return None

    def area_of(self, name: str) -> str:
        info = self.x_info(self.num(name))
        if info is None or not info.area_code:
            pytest.skip(f"target '{self.target.name}' gives no area_code for {self.num(name)}")
        return info.area_code

    def resolve(self, value: Value) -> Any:
        if value.kind == "number":
            return self.num(value.payload)
        if value.kind == "tone":
            if not self.target.voice_files:
                pytest.skip(f"target '{self.target.name}' lists no approved voice_files")
            return self.target.voice_files[0]
        if value.kind == "city":
            return self.area_of(value.payload)
        return value.payload

    # lookups -----------------------------------------------------------------------------

    def item_of(self, binding: Binding) -> dict[str, Any] | None:
        """The query item of a binding, or None when the target no longer knows it (1012007)."""
        r = self.client.axb_query(subscriptionId=binding.subscription_id)
        if r.resultcode == "1012007":
            return None
        assert_success(r)
        items = r.body.get("relationNumList") if r.body else None
        assert isinstance(items, list) and len(items) == 1, f"expected one binding in {r!r}"
        return items[0]

    def items_on(self, x: str) -> list[dict[str, Any]]:
        """Every binding on X, page by page; no match (1012007) is an empty list."""
        items: list[dict[str, Any]] = []
        for page in range(1, 1000):
            r = self.client.axb_query(relationNum=x, pageSize=100, pageIndex=page)
            if r.resultcode == "1012007":
                break
            assert_success(r)
            found = (r.body.get("relationNumList") or []) if r.body else []
            items.extend(found)
            total = r.body.get("totalCount") if r.body else None
            if len(found) < 100 or (isinstance(total, int) and len(items) >= total):
                break
        return items

    def ids_on(self, x: str) -> list[str]:
        return [item.get("subscriptionId") for item in self.items_on(x)]

    def app_headers(self, **kwargs: Any) -> dict[str, str]:
        """Correct AKSK headers of the AXB app, with the given overrides (nonce, created, ...)."""
        app = self.target.app("axb")
        return aksk_headers(app.app_key, app.app_secret, **kwargs)

    def send_unsigned(self, headers: dict[str, str], **params: Any) -> Response:
        self.last = self.client.request("GET", AXB_PATH, params=params, headers=headers, sign=False)
        return self.last


@pytest.fixture
def ctx(
    target: Target,
    numbers: NumberPool,
    client_for: Callable[[str], PrivateNumberClient],
    exchange_log: ExchangeLog,
) -> Ctx:
    return Ctx(target=target, numbers=numbers, client_for=client_for, log=exchange_log)


def unknown_id() -> str:
    """A subscriptionId no target has handed out."""
    return f"pnconform-unknown-{uuid.uuid4().hex}"


# -- answer checks --------------------------------------------------------------------------


def check_envelope(r: Response) -> None:
    """GEN-006: a JSON object with resultcode as a string and a non-empty resultdesc."""
    check(r.body is not None, f"the answer is not a JSON object: {r!r}", "envelope")
    check(isinstance(r.resultcode, str), f"resultcode must be a JSON string: {r!r}", "envelope")
    check(isinstance(r.resultdesc, str) and r.resultdesc.strip(), f"resultdesc missing or empty: {r!r}", "envelope")


def assert_success(r: Response) -> None:
    check_envelope(r)
    assert r.resultcode == "0", f'expected success (resultcode "0"): {r!r}'
    assert r.status == 200, f"expected HTTP 200 with resultcode 0: {r!r}"


def assert_refused(r: Response, codes: list[str]) -> None:
    """One of the accepted codes, with the HTTP status decision D-1 gives it."""
    check_envelope(r)
    status_fits = r.status == expected_status(r.resultcode)
    message = f"expected resultcode {' or '.join(codes)}: {r!r}"
    if status_fits:  # a well-formed answer with the wrong code breaks no rule about the answer's form
        # A refusal with another code breaks the rules naming the code it should have carried;
        # an answer 0 refused nothing: every rule the refusal stands for is at fault.
        check(r.resultcode in codes, message, "code", codes if r.resultcode != "0" else ())
    assert r.resultcode in codes, message
    assert status_fits, f"resultcode {r.resultcode} goes with HTTP {expected_status(r.resultcode)} (D-1): {r!r}"


def listed(ctx: Ctx, list_key: str) -> list[dict[str, Any]]:
    """The binding list (``list_key``, e.g. relationNumList) of the last, successful query."""
    assert_success(ctx.response)
    items = ctx.response.body.get(list_key) if ctx.response.body else None
    assert isinstance(items, list), f"the answer has no {list_key}: {ctx.response!r}"
    return items


def listed_item(ctx: Ctx, name: str, list_key: str) -> dict[str, Any]:
    """The entry of the last query's list that is binding ``name``."""
    wanted = ctx.bindings[name].subscription_id
    for item in listed(ctx, list_key):
        if item.get("subscriptionId") == wanted:
            return item
    raise AssertionError(f"binding {name!r} ({wanted}) is not listed: {ctx.response!r}")


TIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # subscribeTime and the hooks clock: UTC yyyy-MM-dd HH:mm:ss


def assert_shown_now(hooks: RestoringHooks, shown: str, what: str) -> None:
    """A subscribeTime within five seconds of the emulator's clock: ``what`` names the event."""
    delta = datetime.strptime(hooks.now(), TIME_FORMAT) - datetime.strptime(shown, TIME_FORMAT)
    assert abs(delta.total_seconds()) <= 5, f"subscribeTime {shown} is not the time of {what}"


def assert_answer_in_unserved_province(ctx: Ctx, answered: Callable[[Ctx], Any]) -> None:
    """The number ``answered(ctx)`` describes lies in ``areas.unserved_city_province``."""
    province = ctx.target.areas.get("unserved_city_province")
    if not province:
        pytest.skip(f"target '{ctx.target.name}' gives no areas.unserved_city_province")
    info = answered(ctx)
    assert info.province == province, f"{info.number} is in {info.province}, not in {province}"


def accepted_codes(ctx: Ctx, key: str, defaults: dict[str, list[str]] | None = None) -> list[str]:
    """The codes the target's ``capabilities.codes.<key>`` accepts, else the defaults."""
    return list(ctx.target.capabilities.codes.get(key) or (DEFAULT_CODES if defaults is None else defaults)[key])


@then("the request succeeds")
def request_succeeds(ctx: Ctx) -> None:
    assert_success(ctx.response)


@then(parsers.re(rf"the request is refused with (?P<codes>{CODES})"))
def request_refused_with(ctx: Ctx, codes: str) -> None:
    assert_refused(ctx.response, parse_codes(codes))


@then("the request is refused")
def request_refused(ctx: Ctx) -> None:
    r = ctx.response
    check_envelope(r)
    assert r.resultcode != "0" and r.status >= 400, f"expected a refusal: {r!r}"
    assert r.status == expected_status(r.resultcode), f"HTTP status does not fit the code (D-1): {r!r}"


@then(parsers.re(rf"the request succeeds or is refused with (?P<codes>{CODES})"))
def request_succeeds_or_refused(ctx: Ctx, codes: str) -> None:
    if ctx.response.resultcode == "0":
        assert_success(ctx.response)
    else:
        assert_refused(ctx.response, parse_codes(codes))


@then(parsers.re(r"the HTTP status is (?P<status>\d+)"), converters={"status": int})
def http_status_is(ctx: Ctx, status: int) -> None:
    assert ctx.response.status == status, f"expected HTTP {status}: {ctx.response!r}"


@then(parsers.re(r'the answer carries resultcode "(?P<code>\d+)" as a JSON string'))
def resultcode_is_string(ctx: Ctx, code: str) -> None:
    check_envelope(ctx.response)
    assert ctx.response.resultcode == code, f"expected resultcode {code!r}: {ctx.response!r}"


@then(parsers.re(r"the answer's description reads \"(?P<text>[^\"]+)\""))
def description_reads(ctx: Ctx, text: str) -> None:
    check_envelope(ctx.response)
    assert same_text(ctx.response.resultdesc, text), f"expected resultdesc {text!r}: {ctx.response!r}"


@then("the answer has a non-empty description")
def description_present(ctx: Ctx) -> None:
    check_envelope(ctx.response)


@then(parsers.re(r'the description starts with "(?P<text>[^"]+)"'))
def description_starts_with(ctx: Ctx, text: str) -> None:
    check_envelope(ctx.response)
    assert ctx.response.resultdesc.casefold().startswith(text.casefold()), ctx.response


@then(parsers.re(r'the description names "(?P<text>[^"]+)"'))
def description_names(ctx: Ctx, text: str) -> None:
    check_envelope(ctx.response)
    assert text in ctx.response.resultdesc, f"resultdesc should name {text!r}: {ctx.response!r}"


# -- clock, app state, protection settings (test hooks) ---------------------------------------


@given(parsers.re(r"(?P<seconds>\d+) seconds pass"), converters={"seconds": int})
@when(parsers.re(r"(?P<seconds>\d+) seconds pass"), converters={"seconds": int})
def seconds_pass(hooks: RestoringHooks, seconds: int) -> None:
    hooks.advance(seconds)


@given(parsers.re(r"the app is (?P<state>unavailable|frozen)"))
def app_state(ctx: Ctx, hooks: RestoringHooks, state: str) -> None:
    hooks.set_app_state(ctx.target.app("axb").app_key, state)


# A TEST-NET-1 address (RFC 5737): never the address of a real client.
FOREIGN_CLIENT_IP = "192.0.2.10"


@given("the app takes requests only from an IP address the client does not use")
def ip_whitelist_elsewhere(ctx: Ctx, hooks: RestoringHooks) -> None:
    # AUTH-010: the hooks fixture gives the app its own whitelist back after the scenario.
    hooks.set_app_state(ctx.target.app("axb").app_key, ip_whitelist=[FOREIGN_CLIENT_IP])


@given("the app does not record calls")
def app_without_recording(ctx: Ctx, hooks: RestoringHooks) -> None:
    # AXB-020 / D-15: the app's recording attribute, restored after the scenario.
    hooks.set_app_state(ctx.target.app("axb").app_key, recording=False)


@given(parsers.re(r"the platform takes at most (?P<n>\d+) requests per minute"), converters={"n": int})
def platform_flow_control(hooks: RestoringHooks, n: int) -> None:
    hooks.patch_settings(flow_control_per_min=n)


@given(parsers.re(r"a requester may send at most (?P<n>\d+) requests per minute"), converters={"n": int})
def requester_limit(hooks: RestoringHooks, n: int) -> None:
    hooks.patch_settings(requester_limit_per_min=n)


@given(parsers.re(r"the platform blocks a client after (?P<n>\d+) authentication failures"), converters={"n": int})
def auth_blocking(hooks: RestoringHooks, n: int) -> None:
    hooks.patch_settings(auth_block_after_failures=n)


@when(parsers.re(rf"the app sends (?P<n>\d+) queries of (?P<x>{XNAME})"), converters={"n": int})
def send_queries(ctx: Ctx, n: int, x: str) -> None:
    # Twice the limit plus two: at least limit+1 fall into one counting minute.
    ctx.batch = [ctx.client.axb_query(relationNum=ctx.num(x)) for _ in range(n)]
    ctx.last = ctx.batch[-1]


@then("a query beyond the limit is refused by flow control")
def refused_by_flow_control(ctx: Ctx) -> None:
    refused = [r for r in ctx.batch if r.resultcode == "1010010"]
    assert refused, f"no request was refused by flow control: {ctx.batch!r}"
    for r in refused:  # D-2: flow control is 403 with its own text, unlike the 401 bad digest
        check_envelope(r)
        assert r.status == 403 and same_text(r.resultdesc, FLOW_CONTROL_TEXT), r


@then(parsers.re(r"a query beyond the limit is refused with (?P<code>\d+)"))
def query_beyond_limit_refused(ctx: Ctx, code: str) -> None:
    refused = [r for r in ctx.batch if r.resultcode == code]
    assert refused, f"no request was refused with {code}: {ctx.batch!r}"
    for r in refused:
        assert_refused(r, [code])


# -- auth ------------------------------------------------------------------------------------


def _drop_attribute(header: str, name: str) -> str:
    """Remove one `name="value"` attribute (and its separator) from an auth header."""
    out = re.sub(rf'{name}="[^"]*",?\s*', "", header, count=1)
    return out.rstrip(", ")


def _replace_attribute(header: str, name: str, value: str) -> str:
    return re.sub(rf'{name}="[^"]*"', f'{name}="{value}"', header, count=1)


AUTHORIZATION_DEFECTS: dict[str, Callable[[str], str | None]] = {
    "missing": lambda h: None,
    "without realm": lambda h: _drop_attribute(h, "realm"),
    "without profile": lambda h: _drop_attribute(h, "profile"),
    "without type": lambda h: _drop_attribute(h, "type"),
    "with another realm": lambda h: _replace_attribute(h, "realm", "OTHER"),
    "with another profile": lambda h: _replace_attribute(h, "profile", "OtherToken"),
    "with another type": lambda h: _replace_attribute(h, "type", "Other"),
}
XAKSK_DEFECTS: dict[str, Callable[[str], str | None]] = {
    "missing": lambda h: None,
    **{
        f"without {attr}": (lambda a: lambda h: _drop_attribute(h, a))(attr)
        for attr in ("Username", "Nonce", "Created", "PasswordDigest")
    },
}


def _wsse_created(created: Callable[[], str]) -> Callable[[dict[str, str], str, str], dict[str, str]]:
    """Legacy headers signed correctly over a Created of the wrong format."""
    return lambda headers, app_key, secret: wsse_headers(app_key, secret, created=created())


def _wsse_authorization(value: str | None) -> Callable[[dict[str, str], str, str], dict[str, str]]:
    """Legacy headers whose Authorization is replaced by `value` (None: left out)."""

    def broken(headers: dict[str, str], app_key: str, secret: str) -> dict[str, str]:
        out = {k: v for k, v in headers.items() if k != "Authorization"}
        if value is not None:
            out["Authorization"] = value
        return out

    return broken


# AUTH-013: defects of a legacy request that are not a missing X-WSSE part; each gets the correct
# legacy headers of the app and the app's key and secret.
WSSE_DEFECTS: dict[str, Callable[[dict[str, str], str, str], dict[str, str]]] = {
    "but no Authorization header": _wsse_authorization(None),
    "but an AKSK Authorization header": _wsse_authorization(AKSK_AUTHORIZATION),
    "whose Created is not a timestamp": _wsse_created(lambda: "yesterday at noon"),
    "whose Created has a fraction of a second": _wsse_created(
        lambda: datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.123Z")
    ),
}


def _defects_regex(names: dict[str, Any]) -> str:
    return "|".join(re.escape(n) for n in names)


DEFECT = rf"{_defects_regex(AUTHORIZATION_DEFECTS)}|{_defects_regex(XAKSK_DEFECTS)}|{_defects_regex(WSSE_DEFECTS)}"


def _broken_headers(ctx: Ctx, header: str, defect: str) -> dict[str, str]:
    """Correct headers of the app with one part of `header` broken as `defect` says."""
    if header == "X-WSSE":  # AUTH-013: the legacy scheme has the same attributes
        app = ctx.target.app("axb")
        headers = wsse_headers(app.app_key, app.app_secret)
        if defect in WSSE_DEFECTS:
            return WSSE_DEFECTS[defect](headers, app.app_key, app.app_secret)
    else:
        headers = ctx.app_headers()
    if defect in WSSE_DEFECTS:
        raise AssertionError(f"{defect!r} is a defect of the legacy X-WSSE header only")
    defects = AUTHORIZATION_DEFECTS if header == "Authorization" else XAKSK_DEFECTS
    broken = defects[defect](headers[header])
    if broken is None:
        del headers[header]
    else:
        headers[header] = broken
    return headers


@when(
    parsers.re(
        rf"the app queries (?P<x>{XNAME}) with the (?P<header>Authorization|X-AKSK|X-WSSE) header (?P<defect>{DEFECT})"
    )
)
def query_with_broken_header(ctx: Ctx, x: str, header: str, defect: str) -> None:
    ctx.send_unsigned(_broken_headers(ctx, header, defect), relationNum=ctx.num(x))


@when(
    parsers.re(
        rf"the app queries an unknown binding with the (?P<header>Authorization|X-AKSK) header (?P<defect>{DEFECT})"
    )
)
def query_unknown_with_broken_header(ctx: Ctx, header: str, defect: str) -> None:
    ctx.send_unsigned(_broken_headers(ctx, header, defect), subscriptionId=unknown_id())


def _signed_headers(ctx: Ctx, how: str) -> dict[str, str]:
    app = ctx.target.app("axb")
    if how == "a bare comma between fields":
        return ctx.app_headers(space_after_comma=False)
    if how == "a space after each comma":
        return ctx.app_headers(space_after_comma=True)
    if how == "another secret":
        return aksk_headers(app.app_key, app.app_secret + "-wrong")
    if how == "a digest of another nonce":
        headers = ctx.app_headers()
        headers["X-AKSK"] = _replace_attribute(headers["X-AKSK"], "Nonce", new_nonce())
        return headers
    if how == "a digest of another Created":
        nonce, created = new_nonce(), utc_created()
        earlier = utc_created(datetime.now(UTC) - timedelta(seconds=30))
        headers = ctx.app_headers(nonce=nonce, created=created)
        digest = aksk_digest(app.app_secret, nonce, earlier)
        headers["X-AKSK"] = _replace_attribute(headers["X-AKSK"], "PasswordDigest", digest)
        return headers
    if how.startswith("Created "):
        return ctx.app_headers(created=_created(ctx, how.removeprefix("Created ")))
    if how == "an unknown app key":
        return aksk_headers(f"pnconform-unknown-{uuid.uuid4().hex[:8]}", "pnconform-unknown-secret")
    if how == "a nonce of 128 letters and digits":
        return ctx.app_headers(nonce=(new_nonce() * 4)[:128])
    if how == "the legacy WSSE scheme":
        return wsse_headers(app.app_key, app.app_secret)
    raise AssertionError(f"unknown signing variant {how!r}")


def _created(ctx: Ctx, moment: str) -> str:
    now = datetime.now(UTC)
    if moment == "one day ago":
        return utc_created(now - timedelta(days=1))
    if moment == "one day ahead":
        return utc_created(now + timedelta(days=1))
    if moment == "half the tolerated skew ago":
        return utc_created(now - timedelta(seconds=ctx.target.capabilities.created_skew_s // 2))
    if moment == "that is not a timestamp":
        return "yesterday at noon"
    raise AssertionError(f"unknown Created {moment!r}")


SIGNING = (
    r"a bare comma between fields|a space after each comma|another secret|a digest of another nonce"
    r"|a digest of another Created|Created one day ago|Created one day ahead"
    r"|Created half the tolerated skew ago|Created that is not a timestamp|an unknown app key"
    r"|a nonce of 128 letters and digits|the legacy WSSE scheme"
)


@given(
    parsers.re(rf"the app has sent (?P<n>\d+) queries of (?P<x>{XNAME}) signed with (?P<how>{SIGNING})"),
    converters={"n": int},
)
def sent_signed_queries(ctx: Ctx, n: int, x: str, how: str) -> None:
    for _ in range(n):
        ctx.send_unsigned(_signed_headers(ctx, how), relationNum=ctx.num(x))


@when(parsers.re(rf"the app queries (?P<x>{XNAME}) signed with (?P<how>{SIGNING})"))
def query_x_signed(ctx: Ctx, x: str, how: str) -> None:
    ctx.send_unsigned(_signed_headers(ctx, how), relationNum=ctx.num(x))


@when(parsers.re(rf"the app queries an unknown binding signed with (?P<how>{SIGNING})"))
def query_unknown_signed(ctx: Ctx, how: str) -> None:
    ctx.send_unsigned(_signed_headers(ctx, how), subscriptionId=unknown_id())


@when(parsers.re(rf'the app queries binding "(?P<name>[^"]+)" signed with (?P<how>{SIGNING})'))
def query_binding_signed(ctx: Ctx, name: str, how: str) -> None:
    ctx.send_unsigned(_signed_headers(ctx, how), subscriptionId=ctx.bindings[name].subscription_id)


# -- transport -------------------------------------------------------------------------------


@when(parsers.re(r'the app sends a signed (?P<method>[A-Z]+) to the unknown path "(?P<path>/[^"]*)"'))
def send_to_unknown_path(ctx: Ctx, method: str, path: str) -> None:
    ctx.last = ctx.client.request(method, path)


@when(parsers.re(r"the app sends a signed (?P<method>[A-Z]+) to the AXB URI"))
def send_method_to_axb_uri(ctx: Ctx, method: str) -> None:
    ctx.last = ctx.client.request(method, AXB_PATH, json={})


@then("the answer is HTTP 404 or 405, or carries resultcode 1010006")
def wrong_method_refused(ctx: Ctx) -> None:
    # D-14: a wrong method on a known URI is undocumented; 404, 405 or 1010006 are accepted.
    r = ctx.response
    assert r.status in (404, 405) or r.resultcode == "1010006", f"expected 404, 405 or 1010006: {r!r}"


@when(parsers.re(r"the app sends a bind whose body is (?P<body>not JSON|a JSON array)"))
def send_bad_body(ctx: Ctx, body: str) -> None:
    a, b, x = ctx.num("A"), ctx.num("B"), ctx.num("X")
    if body == "not JSON":
        content = f"callerNum={a}&calleeNum={b}&relationNum={x}"
        ctx.last = ctx.client.request("POST", AXB_PATH, content=content)
    else:
        ctx.last = ctx.client.request("POST", AXB_PATH, json=[{"callerNum": a, "calleeNum": b, "relationNum": x}])


@then(parsers.re(r'the request declared Content-Type "(?P<value>[^"]+)"'))
def request_content_type(ctx: Ctx, value: str) -> None:
    headers = {k.lower(): v for k, v in ctx.log.exchanges[-1].request_headers.items()}
    assert headers.get("content-type") == value, f"Content-Type was {headers.get('content-type')!r}"


@then("the request carried no body")
def request_had_no_body(ctx: Ctx) -> None:
    assert ctx.log.exchanges, "no exchange recorded"
    assert ctx.log.exchanges[-1].request_body == "", "GET/DELETE parameters belong in the query string"


@then(parsers.parse('the request declared the content type "{content_type}"'))
def request_declared_content_type(ctx: Ctx, content_type: str) -> None:
    # GEN-003: the header is sent on GET and DELETE too; the success of the call shows it is accepted.
    headers = {k.lower(): v for k, v in ctx.log.exchanges[-1].request_headers.items()}
    assert headers.get("content-type") == content_type


@then(parsers.re(rf"the request escaped the plus of (?P<x>{NAME}) as %2B"))
def request_escaped_plus(ctx: Ctx, x: str) -> None:
    url = ctx.log.exchanges[-1].url
    escaped = "%2B" + ctx.num(x).removeprefix("+")
    assert escaped in url, f"{url} should carry {escaped}"


def other_client(ctx: Ctx, mode: str) -> PrivateNumberClient:
    """A correctly signed client of another mode's app (skips when the target has none)."""
    try:
        return ctx.client_for(mode)
    except TargetError as exc:
        pytest.skip(str(exc))
