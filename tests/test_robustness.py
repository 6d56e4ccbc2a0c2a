"""pnconform.robustness: the malformed requests it draws and how it judges their answers."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pnconform import robustness as rb

ROLES = {
    rb.A: "+8613800000000",
    rb.B: "+8613800000001",
    rb.X: "+8617010000001",
    rb.AREA: "0755",
    rb.SID: "no-such-binding",
    rb.APP_KEY: "app",
}
ALL = [ep for eps in rb.ENDPOINTS.values() for ep in eps]
REAL = (ROLES[rb.A], ROLES[rb.B], ROLES[rb.X])


def _parses_as_valid(request: rb.Malformed) -> bool:
    """Whether the body is a JSON object whose fields are the base request's, untouched."""
    try:
        body = json.loads(request.body or b"")
    except (ValueError, RecursionError):
        return False
    if not isinstance(body, dict):
        return False
    base = {k: rb._resolve(v, ROLES) for k, v in request.endpoint.fields}
    lone = any(isinstance(v, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in v) for v in body.values())
    out_of_range = any(body.get(k) in bad for k, bad in rb.OPTIONAL_BAD.items() if k in request.endpoint.optional)
    return all(body.get(k) == v for k, v in base.items()) and not lone and not out_of_range


@settings(max_examples=300, suppress_health_check=list(HealthCheck), deadline=None)
@given(rb.malformed_requests(ALL, ROLES))
def test_every_drawn_request_is_invalid_whatever_a_lenient_parser_keeps(request: rb.Malformed) -> None:
    if request.kind == rb.METHOD_KIND:
        assert request.method not in ("GET", "POST", "PUT", "DELETE")
    elif request.kind == rb.PATH_KIND:
        assert request.path.split("?")[0] != request.endpoint.path
        assert request.body in (None, b"{}"), "a router that forgives the path still meets an invalid request"
    elif request.endpoint.has_body:
        assert not _parses_as_valid(request), request.render()
    else:
        assert request.body is None and "?" in request.path
        query = request.path.split("?", 1)[1]
        assert not any(number.replace("+", "%2B") in query or number in query for number in REAL), (
            "GET and DELETE never name a real number (a lenient unbind could remove a binding)"
        )


@settings(max_examples=50, suppress_health_check=list(HealthCheck), deadline=None)
@given(st.sampled_from(rb.ENDPOINTS["axb"][:1]).flatmap(lambda ep: rb._body_request(ep, ROLES)))
def test_render_is_replayable_and_cut(request: rb.Malformed) -> None:
    text = request.render(limit=100)
    assert text.startswith(f"POST {rb.ENDPOINTS['axb'][0].path}")
    assert "Authorization / X-AKSK" in text and "PasswordDigest" not in text
    if request.body is not None and len(request.body) > 100:
        assert f"({len(request.body)} bytes in all)" in text


def test_deep_nests_as_asked() -> None:
    assert rb.deep(3, "array") == b"[[[]]]"
    assert json.loads(rb.deep(3, "object")) == {"a": {"a": {"a": 1}}}


BIND = rb.Malformed(rb.ENDPOINTS["axb"][0], "wrong type", "POST", "/p", b"{}")
QUERY = rb.Malformed(rb.ENDPOINTS["axb"][2], "bad query", "GET", "/p?x=%ZZ", None)
PATCH = rb.Malformed(rb.ENDPOINTS["axb"][0], rb.METHOD_KIND, "PATCH", "/p", b"{}")


def env(code: str, desc: object = "Invalid request.") -> dict[str, object]:
    return {"resultcode": code, "resultdesc": desc}


@pytest.mark.parametrize(
    ("request_", "status", "body", "found"),
    [
        (BIND, 403, env("1010002"), []),
        (BIND, 403, env("1012007"), []),  # any code of the documented table
        (BIND, 500, None, [("5xx", "GEN-009"), ("envelope", "GEN-006")]),
        (BIND, 500, env("1010001", "Internal system error."), [("5xx", "GEN-009")]),
        (BIND, 403, {"resultcode": 1010002, "resultdesc": "x"}, [("envelope", "GEN-006")]),
        (BIND, 403, {"resultcode": "1010002"}, [("envelope", "GEN-006")]),
        (BIND, 403, env("9999999"), [("code", "CODE-1010002")]),
        (BIND, 200, env("0", "Success"), [("accepted", "CODE-1010002")]),
        (BIND, 200, env("1010002"), [("status", "GEN-009")]),
        (BIND, 404, {"error": "not found"}, [("envelope", "GEN-006")]),
        (QUERY, 200, env("0", "Success"), []),  # a query or unbind may answer "0"
        (QUERY, 403, env("1012007"), []),
        (PATCH, 404, {"error": "not found"}, []),  # D-14: no API at that method
        (PATCH, 405, None, []),
        (PATCH, 403, env("1010006"), []),  # the sibling platform's "Invalid Rest API."
        (BIND, 401, env("1010010", "Invalid digest."), []),
        (BIND, 400, env("1023006"), []),
    ],
)
def test_judge(request_: rb.Malformed, status: int, body: object, found: list[tuple[str, str]]) -> None:
    assert [(f.kind, f.rule) for f in rb.judge(request_, status, body, json.dumps(body))] == found


def test_documented_codes_are_the_catalogue_tables() -> None:
    codes = rb.documented_codes()
    assert {"1010002", "1012007", "1016001", "1010010", "1023006"} <= codes
    assert "1010006" not in codes  # the sibling VoiceCall platform's, not documented here (5.6)


def test_search_keeps_the_smallest_failing_request_and_counts() -> None:
    tally = rb.Tally(mode="axb", state_note="state: test")

    def send(request: rb.Malformed) -> list[rb.Finding]:
        if request.kind == "huge string":
            return [rb.Finding("5xx", "GEN-009", "HTTP 500")]
        return []

    strategy = st.sampled_from(rb.ENDPOINTS["axb"][:1]).flatmap(lambda ep: rb._body_request(ep, ROLES))
    rb.search(strategy, send, tally, max_examples=200, shrink_seconds=5)
    assert tally.found["5xx"] >= 1 and tally.minimal is not None
    request, findings = tally.minimal
    assert request.kind == "huge string" and findings[0].rule == "GEN-009"
    assert tally.failed(("5xx", "envelope")) == ["5xx"]
    message = tally.report(["5xx"])
    assert message.startswith("[GEN-009]") and "smallest failing request" in message and "POST " in message
    assert message.count("POST ") == 1
    assert f"robustness: {tally.sent} malformed requests (+{tally.replays} sent while shrinking" in tally.figure()
    # Counted up to the first failure: the shrinking replays are not more malformed requests.
    assert tally.found["5xx"] == 1 and tally.replays > 0 and sum(tally.kinds.values()) == tally.sent


def test_budget_is_an_eighth_of_an_invariant_run() -> None:
    assert rb.budget({"max_examples": 30, "stateful_step_count": 20}) == 75
    assert rb.budget({"max_examples": 5, "stateful_step_count": 10}) == 6
    assert rb.budget({"max_examples": 1, "stateful_step_count": 1}) == 3


def test_state_changes_are_new_or_changed_bindings_not_expired_ones() -> None:
    before = {"s1": "a", "s2": "b"}
    assert rb.new_or_changed(before, dict(before)) == []
    assert rb.new_or_changed(before, {"s1": "a"}) == []  # s2 expired
    assert rb.new_or_changed(before, {"s1": "a", "s2": "b", "s3": "c"}) == ["c"]
    assert rb.new_or_changed(before, {"s1": "A", "s2": "b"}) == ["A"]
