"""Envelope, paths, bodies, and "never a 500 on bad input" (GEN-002, GEN-006, GEN-009, D-14)."""

from __future__ import annotations

import json
import logging

import pytest
from emu_helpers import AXB, X1, Api, AsgiClient, aksk_headers, code_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pnconform.emulator import builtin_config, create_app
from pnconform.emulator.modes import Route


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/nope"),
        ("POST", "/rest/caas/relationnumber/partners/v2.0"),
        ("GET", AXB + "/"),
        ("PATCH", AXB),
        ("HEAD", AXB),
        ("OPTIONS", AXB),
        ("GET", "/_emulator/nope"),
        ("DELETE", "/_emulator/reset"),
    ],
)
def test_unknown_path_or_method_is_404(api, method, path):
    r = api.request(method, path)
    assert r.status_code == 404
    if method != "HEAD":
        assert r.json() == {"error": "not found"}


@pytest.mark.parametrize(
    "content",
    [
        b"{bad",
        b"",
        b"[]",
        b'"text"',
        b"1",
        b"null",
        b"\xff\xfe{",
        b"[" * 100000,
        b'{"callerNum": "' + b"9" * 2_000_000 + b'"}',
    ],
)
@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_bad_bodies_are_1010002(api, content, method):
    r = api.request(method, content=content)
    assert code_of(r) == (403, "1010002")
    assert r.json()["resultdesc"].startswith("Invalid request.")


def test_error_envelope(api):
    r = api.query(relationNum=X1)
    assert r.headers["content-type"] == "application/json;charset=UTF-8"
    assert r.json() == {"resultcode": "1012007", "resultdesc": "The record does not exist."}


def test_query_params_ignore_a_json_body(api):
    r = api.request("GET", params={"relationNum": X1}, content=b"{bad")
    assert code_of(r) == (403, "1012007")


def test_last_resort_handler(api, monkeypatch, caplog):
    async def boom(ctx):
        raise RuntimeError("unexpected")

    dispatcher = api.client.app.routes[0].app
    monkeypatch.setitem(dispatcher.routes, (AXB, "GET"), Route("axb", boom, False))
    with caplog.at_level(logging.ERROR, logger="pnconform.emulator"):
        r = api.query(relationNum=X1)
    assert code_of(r) == (403, "1010002")
    assert "unexpected error" in caplog.text


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
_fields = [
    "callerNum",
    "calleeNum",
    "relationNum",
    "areaCode",
    "areaMatchMode",
    "callDirection",
    "duration",
    "maxDuration",
    "recordFlag",
    "recordHintTone",
    "lastMinVoice",
    "privateSms",
    "preVoice",
    "userData",
    "subscriptionId",
    "pageIndex",
    "pageSize",
]
_bodies = (
    st.dictionaries(st.sampled_from(_fields), _json | st.sampled_from(["+8613800000001", X1, "0755", "1"]), max_size=8)
    | _json
)

_printable = st.characters(min_codepoint=32, max_codepoint=126)
_fuzz_client = AsgiClient(create_app(builtin_config()))
_fuzz_api = Api(_fuzz_client)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(method=st.sampled_from(["POST", "PUT"]), body=_bodies)
def test_fuzz_json_bodies_never_500(method, body):
    r = _fuzz_api.request(method, content=json.dumps(body).encode())  # NaN/Infinity included
    assert r.status_code in (200, 403), r.text
    assert isinstance(r.json()["resultcode"], str) and r.json()["resultdesc"]


@settings(max_examples=300, deadline=None)
@given(
    method=st.sampled_from(["GET", "DELETE"]),
    params=st.dictionaries(st.sampled_from(_fields), st.text(max_size=40), max_size=5),
)
def test_fuzz_query_strings_never_500(method, params):
    r = _fuzz_api.request(method, params=params)
    assert r.status_code in (200, 403), r.text
    assert isinstance(r.json()["resultcode"], str)


@settings(max_examples=200, deadline=None)
@given(authorization=st.text(_printable, max_size=80), token=st.text(_printable, max_size=120))
def test_fuzz_auth_headers_never_500(authorization, token):
    headers = aksk_headers("emu-axb-app", "emu-axb-secret")
    headers["Authorization"] = authorization
    headers["X-AKSK"] = token
    r = _fuzz_api.request("GET", params={"relationNum": X1}, headers=headers)
    assert r.status_code in (400, 401, 403), r.text
