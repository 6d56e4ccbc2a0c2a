"""Steps shared by every feature: answer checks, platform settings, auth and transport.

The common features address the AXB app ("the app queries X"): their numbers and requests go
through the AXB spec object. Requests go through `PrivateNumberClient`; broken auth headers are
derived from `pnconform.auth` helpers and sent unsigned, never assembled from scratch.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, NoReturn

import pytest
from parse import with_pattern
from pytest_bdd import given, then, when

from pnconform.auth import AKSK_AUTHORIZATION, aksk_digest, aksk_headers, new_nonce, utc_created, wsse_headers
from pnconform.client import AXB_PATH, Response
from pnconform.hooks import RestoringHooks
from pnconform.tags import rule_ids
from pnconform.violation import RuleViolation
from steps.common.context import Ctx, assert_refused, assert_success, check_envelope, unknown_id
from steps.common.modes import AXB
from steps.params import one_of, parse, parse_codes, same_text

FLOW_CONTROL_TEXT = "The flow control upper limit is reached on the platform"


def blame(request: pytest.FixtureRequest, rules: set[str], message: str) -> NoReturn:
    """Fail the scenario's tags among ``rules`` (a check about those rules only), else every tag."""
    __tracebackhide__ = True
    hit = [r for r in rule_ids(m.name for m in request.node.iter_markers()) if r in rules]
    if hit:
        raise RuleViolation(message, hit)
    raise AssertionError(message)


def app_headers(ctx: Ctx, **kwargs: Any) -> dict[str, str]:
    """Correct AKSK headers of the AXB app, with the given overrides (nonce, created, ...)."""
    app = ctx.target.app(AXB.mode)
    return aksk_headers(app.app_key, app.app_secret, **kwargs)


def send_unsigned(ctx: Ctx, headers: dict[str, str], **params: Any) -> Response:
    ctx.last = AXB.client(ctx).request("GET", AXB_PATH, params=params, headers=headers, sign=False)
    return ctx.last


@then("the request succeeds")
def request_succeeds(ctx: Ctx) -> None:
    assert_success(ctx.response)


@then(parse("the request is refused with {codes:Codes}"))
def request_refused_with(ctx: Ctx, codes: str) -> None:
    assert_refused(ctx.response, parse_codes(codes))


@then(parse("the request succeeds or is refused with {codes:Codes}"))
def request_succeeds_or_refused(ctx: Ctx, codes: str) -> None:
    if ctx.response.resultcode == "0":
        assert_success(ctx.response)
    else:
        assert_refused(ctx.response, parse_codes(codes))


@then(parse("the HTTP status is {status:Int}"))
def http_status_is(ctx: Ctx, status: int) -> None:
    assert ctx.response.status == status, f"expected HTTP {status}: {ctx.response!r}"


@then(parse('the answer carries resultcode "{code:Digits}" as a JSON string'))
def resultcode_is_string(ctx: Ctx, request: pytest.FixtureRequest, code: str) -> None:
    check_envelope(ctx.response)
    assert ctx.response.resultcode == code, f"expected resultcode {code!r}: {ctx.response!r}"
    envelope_lengths(ctx.response, request)


def envelope_lengths(r: Response, request: pytest.FixtureRequest) -> None:
    """GEN-006: resultcode String(1-32), resultdesc String(1-256)."""
    if not (1 <= len(r.resultcode) <= 32 and 1 <= len(r.resultdesc) <= 256):
        blame(request, {"GEN-006"}, f"resultcode must be 1-32 and resultdesc 1-256 characters: {r!r}")


@then(parse('the answer\'s description reads "{text:Quoted}"'))
def description_reads(ctx: Ctx, request: pytest.FixtureRequest, text: str) -> None:
    check_envelope(ctx.response)
    if not same_text(ctx.response.resultdesc, text):
        # GEN-007 / CODE-0: the text is wrong, not the envelope, the code or the HTTP status.
        blame(request, {"GEN-007", "CODE-0"}, f"expected resultdesc {text!r}: {ctx.response!r}")


@then("the answer body parses as JSON whatever its Content-Type")
def answer_is_json(ctx: Ctx, request: pytest.FixtureRequest) -> None:
    # GEN-008: the kit reads the body as JSON and never relies on the response Content-Type.
    if ctx.response.body is None:
        blame(request, {"GEN-006", "GEN-008"}, f"the answer body does not parse as a JSON object: {ctx.response!r}")


@then("the answer has a non-empty description")
def description_present(ctx: Ctx, request: pytest.FixtureRequest) -> None:
    check_envelope(ctx.response)
    envelope_lengths(ctx.response, request)


@then(parse('the description starts with "{text:Quoted}"'))
def description_starts_with(ctx: Ctx, text: str) -> None:
    check_envelope(ctx.response)
    assert ctx.response.resultdesc.casefold().startswith(text.casefold()), ctx.response


@then(parse('the description names "{text:Quoted}"'))
def description_names(ctx: Ctx, text: str) -> None:
    check_envelope(ctx.response)
    assert text in ctx.response.resultdesc, f"resultdesc should name {text!r}: {ctx.response!r}"


# -- clock, app state, protection settings (test hooks) ---------------------------------------


@given(parse("{seconds:Int} seconds pass"))
@when(parse("{seconds:Int} seconds pass"))
def seconds_pass(hooks: RestoringHooks, seconds: int) -> None:
    hooks.advance(seconds)


@given(parse("the app is {state:AppState}", AppState=one_of("unavailable", "frozen")))
def app_state(ctx: Ctx, hooks: RestoringHooks, state: str) -> None:
    hooks.set_app_state(ctx.target.app(AXB.mode).app_key, state)


# A TEST-NET-1 address (RFC 5737): never the address of a real client.
FOREIGN_CLIENT_IP = "192.0.2.10"


@given("the app takes requests only from an IP address the client does not use")
def ip_whitelist_elsewhere(ctx: Ctx, hooks: RestoringHooks) -> None:
    # AUTH-010: the hooks fixture gives the app its own whitelist back after the scenario.
    hooks.set_app_state(ctx.target.app(AXB.mode).app_key, ip_whitelist=[FOREIGN_CLIENT_IP])


@given("the app does not record calls")
def app_without_recording(ctx: Ctx, hooks: RestoringHooks) -> None:
    # AXB-020 / D-15: the app's recording attribute, restored after the scenario.
    hooks.set_app_state(ctx.target.app(AXB.mode).app_key, recording=False)


@given(parse("the platform takes at most {n:Int} requests per minute"))
def platform_flow_control(hooks: RestoringHooks, n: int) -> None:
    hooks.patch_settings(flow_control_per_min=n)


@given(parse("a requester may send at most {n:Int} requests per minute"))
def requester_limit(hooks: RestoringHooks, n: int) -> None:
    hooks.patch_settings(requester_limit_per_min=n)


@given(parse("the platform blocks a client after {n:Int} authentication failures"))
def auth_blocking(hooks: RestoringHooks, n: int) -> None:
    hooks.patch_settings(auth_block_after_failures=n)


@when(parse("the app sends {n:Int} queries of {x:X}"))
def send_queries(ctx: Ctx, n: int, x: str) -> None:
    # Twice the limit plus two: at least limit+1 fall into one counting minute.
    ctx.batch = [AXB.client(ctx).axb_query(relationNum=AXB.num(ctx, x)) for _ in range(n)]
    ctx.last = ctx.batch[-1]


@then("a query beyond the limit is refused by flow control")
def refused_by_flow_control(ctx: Ctx) -> None:
    refused = [r for r in ctx.batch if r.resultcode == "1010010"]
    assert refused, f"no request was refused by flow control: {ctx.batch!r}"
    for r in refused:  # D-2: flow control is 403 with its own text, unlike the 401 bad digest
        check_envelope(r)
        assert r.status == 403 and same_text(r.resultdesc, FLOW_CONTROL_TEXT), r


@then(parse("a query beyond the limit is refused with {code:Digits}"))
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
    "but an Authorization header of another scheme": _wsse_authorization('Basic realm="SDP"'),
    "whose Created is not a timestamp": _wsse_created(lambda: "yesterday at noon"),
    "whose Created has a fraction of a second": _wsse_created(
        lambda: datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.123Z")
    ),
}


DEFECT = one_of(*AUTHORIZATION_DEFECTS, *XAKSK_DEFECTS, *WSSE_DEFECTS)
HEADERS = one_of("Authorization", "X-AKSK", "X-WSSE")
PATH = with_pattern(r'/[^"]*')(lambda text: text)  # a path of the unknown-path step


def _broken_headers(ctx: Ctx, header: str, defect: str) -> dict[str, str]:
    """Correct headers of the app with one part of `header` broken as `defect` says."""
    if header == "X-WSSE":  # AUTH-013: the legacy scheme has the same attributes
        app = ctx.target.app(AXB.mode)
        headers = wsse_headers(app.app_key, app.app_secret)
        if defect in WSSE_DEFECTS:
            return WSSE_DEFECTS[defect](headers, app.app_key, app.app_secret)
    else:
        headers = app_headers(
            ctx,
        )
    if defect in WSSE_DEFECTS:
        raise AssertionError(f"{defect!r} is a defect of the legacy X-WSSE header only")
    defects = AUTHORIZATION_DEFECTS if header == "Authorization" else XAKSK_DEFECTS
    broken = defects[defect](headers[header])
    if broken is None:
        del headers[header]
    else:
        headers[header] = broken
    return headers


@when(parse("the app queries {x:X} with the {header:Header} header {defect:Defect}", Header=HEADERS, Defect=DEFECT))
def query_with_broken_header(ctx: Ctx, x: str, header: str, defect: str) -> None:
    send_unsigned(ctx, _broken_headers(ctx, header, defect), relationNum=AXB.num(ctx, x))


@when(
    parse(
        "the app queries an unknown binding with the {header:Header} header {defect:Defect}",
        Header=one_of("Authorization", "X-AKSK"),
        Defect=DEFECT,
    )
)
def query_unknown_with_broken_header(ctx: Ctx, header: str, defect: str) -> None:
    send_unsigned(ctx, _broken_headers(ctx, header, defect), subscriptionId=unknown_id())


def signed_headers(ctx: Ctx, how: str) -> dict[str, str]:
    app = ctx.target.app(AXB.mode)
    if how == "a bare comma between fields":
        return app_headers(ctx, space_after_comma=False)
    if how == "a space after each comma":
        return app_headers(ctx, space_after_comma=True)
    if how == "another secret":
        return aksk_headers(app.app_key, app.app_secret + "-wrong")
    if how == "a digest of another nonce":
        headers = app_headers(
            ctx,
        )
        headers["X-AKSK"] = _replace_attribute(headers["X-AKSK"], "Nonce", new_nonce())
        return headers
    if how == "a digest of another Created":
        nonce, created = new_nonce(), utc_created()
        earlier = utc_created(datetime.now(UTC) - timedelta(seconds=30))
        headers = app_headers(ctx, nonce=nonce, created=created)
        digest = aksk_digest(app.app_secret, nonce, earlier)
        headers["X-AKSK"] = _replace_attribute(headers["X-AKSK"], "PasswordDigest", digest)
        return headers
    if how.startswith("Created "):
        return app_headers(ctx, created=_created(ctx, how.removeprefix("Created ")))
    if how == "an unknown app key":
        return aksk_headers(f"pnconform-unknown-{uuid.uuid4().hex[:8]}", "pnconform-unknown-secret")
    if how == "a nonce of 128 letters and digits":
        return app_headers(ctx, nonce=(new_nonce() * 4)[:128])
    if how == "a one-character nonce":
        return app_headers(ctx, nonce="Z")
    if how == "the documented AKSK digest":
        return app_headers(ctx)
    if how.startswith("the legacy WSSE scheme"):
        return _wsse_signed(ctx, how.removeprefix("the legacy WSSE scheme").removeprefix(" and "))
    raise AssertionError(f"unknown signing variant {how!r}")


def _wsse_signed(ctx: Ctx, defect: str) -> dict[str, str]:
    """AUTH-012: legacy headers, correct or with one defect a verifying platform refuses."""
    app = ctx.target.app(AXB.mode)
    if defect == "":
        return wsse_headers(app.app_key, app.app_secret)
    if defect == "another secret":
        return wsse_headers(app.app_key, app.app_secret + "-wrong")
    if defect == "the AKSK digest":  # the HMAC of AUTH-004 where SHA-256 of Nonce+Created+secret belongs
        nonce, created = new_nonce(), utc_created()
        headers = wsse_headers(app.app_key, app.app_secret, nonce=nonce, created=created)
        digest = aksk_digest(app.app_secret, nonce, created)
        headers["X-WSSE"] = _replace_attribute(headers["X-WSSE"], "PasswordDigest", digest)
        return headers
    if defect == "Created one day ago":
        return wsse_headers(app.app_key, app.app_secret, created=_created(ctx, "one day ago"))
    if defect == "an unknown app key":
        return wsse_headers(f"pnconform-unknown-{uuid.uuid4().hex[:8]}", "pnconform-unknown-secret")
    raise AssertionError(f"unknown WSSE defect {defect!r}")


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
    if moment == "now":
        return utc_created(now)
    if moment == "with a fraction of a second":
        return now.strftime("%Y-%m-%dT%H:%M:%S.123Z")
    raise AssertionError(f"unknown Created {moment!r}")


SIGNING = one_of(
    "a bare comma between fields",
    "a space after each comma",
    "another secret",
    "a digest of another nonce",
    "a digest of another Created",
    "Created one day ago",
    "Created one day ahead",
    "Created half the tolerated skew ago",
    "Created that is not a timestamp",
    "Created now",
    "Created with a fraction of a second",
    "an unknown app key",
    "a nonce of 128 letters and digits",
    "a one-character nonce",
    "the documented AKSK digest",
    "the legacy WSSE scheme",
    "the legacy WSSE scheme and another secret",
    "the legacy WSSE scheme and the AKSK digest",
    "the legacy WSSE scheme and Created one day ago",
    "the legacy WSSE scheme and an unknown app key",
)


@given(parse("the app has sent {n:Int} queries of {x:X} signed with {how:Signing}", Signing=SIGNING))
def sent_signed_queries(ctx: Ctx, n: int, x: str, how: str) -> None:
    for _ in range(n):
        send_unsigned(ctx, signed_headers(ctx, how), relationNum=AXB.num(ctx, x))


@when(parse("the app queries {x:X} signed with {how:Signing}", Signing=SIGNING))
def query_x_signed(ctx: Ctx, x: str, how: str) -> None:
    send_unsigned(ctx, signed_headers(ctx, how), relationNum=AXB.num(ctx, x))


@when(parse("the app queries an unknown binding signed with {how:Signing}", Signing=SIGNING))
def query_unknown_signed(ctx: Ctx, how: str) -> None:
    send_unsigned(ctx, signed_headers(ctx, how), subscriptionId=unknown_id())


@when(parse('the app queries binding "{name:Quoted}" signed with {how:Signing}', Signing=SIGNING))
def query_binding_signed(ctx: Ctx, name: str, how: str) -> None:
    send_unsigned(ctx, signed_headers(ctx, how), subscriptionId=ctx.bindings[name].subscription_id)


# -- transport -------------------------------------------------------------------------------


@when(parse('the app sends a signed {method:Method} to the unknown path "{path:Path}"', Path=PATH))
def send_to_unknown_path(ctx: Ctx, method: str, path: str) -> None:
    ctx.last = AXB.client(ctx).request(method, path)


@when(parse("the app sends a signed {method:Method} to the AXB URI"))
def send_method_to_axb_uri(ctx: Ctx, method: str) -> None:
    ctx.last = AXB.client(ctx).request(method, AXB_PATH, json={})


@then("the answer is HTTP 404 or 405, or carries resultcode 1010006")
def wrong_method_refused(ctx: Ctx) -> None:
    # D-14: a wrong method on a known URI is undocumented; 404, 405 or 1010006 are accepted.
    r = ctx.response
    assert r.status in (404, 405) or r.resultcode == "1010006", f"expected 404, 405 or 1010006: {r!r}"


@when(parse("the app sends a bind whose body is {body:Body}", Body=one_of("not JSON", "a JSON array")))
def send_bad_body(ctx: Ctx, body: str) -> None:
    a, b, x = AXB.num(ctx, "A"), AXB.num(ctx, "B"), AXB.num(ctx, "X")
    if body == "not JSON":
        content = f"callerNum={a}&calleeNum={b}&relationNum={x}"
        ctx.last = AXB.client(ctx).request("POST", AXB_PATH, content=content)
    else:
        ctx.last = AXB.client(ctx).request("POST", AXB_PATH, json=[{"callerNum": a, "calleeNum": b, "relationNum": x}])


@then(parse('the request declared Content-Type "{value:Quoted}"'))
def request_content_type(ctx: Ctx, value: str) -> None:
    headers = {k.lower(): v for k, v in ctx.log.exchanges[-1].request_headers.items()}
    assert headers.get("content-type") == value, f"Content-Type was {headers.get('content-type')!r}"


@then("the request carried no body")
def request_had_no_body(ctx: Ctx) -> None:
    assert ctx.log.exchanges, "no exchange recorded"
    assert ctx.log.exchanges[-1].request_body == "", "GET/DELETE parameters belong in the query string"


@then(parse("the request escaped the plus of {x:Name} as %2B"))
def request_escaped_plus(ctx: Ctx, x: str) -> None:
    url = ctx.log.exchanges[-1].url
    escaped = "%2B" + AXB.num(ctx, x).removeprefix("+")
    assert escaped in url, f"{url} should carry {escaped}"
