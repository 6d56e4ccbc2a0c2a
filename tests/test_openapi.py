"""`pnconform openapi`: the document validates, covers the emulator's routes and codes, and its
declared request fields are what the emulator reads (the drift checks)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from openapi_spec_validator import validate

from pnconform.cli import main
from pnconform.client import PrivateNumberClient, Response
from pnconform.emulator import EmbeddedEmulator, builtin_config
from pnconform.emulator.calls.hooks import ROUTES as CALL_HOOKS
from pnconform.emulator.calls.records import RECORD_DOMAIN
from pnconform.emulator.codes import CODES
from pnconform.emulator.hooks import ROUTES as HOOKS
from pnconform.emulator.modes import HOOK_ROUTES, build_routes
from pnconform.openapi import build_document
from pnconform.openapi.fields import AX, AXB, AXE, AXYB, CALLS, OPERATIONS, Operation, Param

ROUTES = build_routes()
# Values of every JSON type a declared kind excludes: a field declared with the wrong kind lets one through.
WRONG_TYPES: dict[str, list[Any]] = {
    "string": [0, True, {}],
    "number": [0, True, {}],
    "integer": ["1", True, {}],
    "int_or_digits": ["1a", True, {}],
    "flag": [0, {}],
    "string_bool": [0, True, {}],
    "object": ["x", 0, True],
}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return build_document()


def test_document_validates(document: dict[str, Any]) -> None:
    validate(document)


def test_every_route_and_hook_is_described(document: dict[str, Any]) -> None:
    for uri, method in [*ROUTES, *HOOKS, *HOOK_ROUTES, *CALL_HOOKS]:
        assert method.lower() in document["paths"].get(uri, {}), (uri, method)


def test_every_code_the_emulator_raises_appears(document: dict[str, Any]) -> None:
    """Independent of the scan in openapi.codes: any table code quoted in the emulator's source."""
    root = Path(__import__("pnconform.emulator", fromlist=["x"]).__file__).parent
    quoted = {
        code
        for path in root.rglob("*.py")
        if path.name != "codes.py"
        for code in re.findall(r'"(\d{7})"', path.read_text(encoding="utf-8"))
        if any(row.code == code for row in CODES.values())
    }
    described = set(re.findall(r'"(\d{7}|0)"', json.dumps(document["paths"])))
    assert quoted, "the scan found no codes"
    assert quoted <= described, sorted(quoted - described)


def test_responses_follow_the_code_table(document: dict[str, Any]) -> None:
    for uri, method in ROUTES:
        responses = document["paths"][uri][method.lower()]["responses"]
        for status, response in responses.items():
            enum = response["content"]["application/json"]["schema"]["allOf"][1]["properties"]["resultcode"]["enum"]
            for code in enum:
                assert any(r.code == code and str(r.status) == status for r in CODES.values()), (uri, code, status)
        assert "200" in responses and "400" in responses and "401" in responses


def test_cli_prints_yaml_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["openapi"]) == 0
    assert yaml.safe_load(capsys.readouterr().out)["openapi"] == "3.1.0"
    assert main(["openapi", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["openapi"] == "3.1.0"


def test_declared_operations_are_routes() -> None:
    assert set(OPERATIONS) <= set(ROUTES)


def test_every_route_has_declared_fields() -> None:
    """The API routes only: the /_emulator hooks are not in ROUTES (they are described without fields)."""
    assert set(ROUTES) <= set(OPERATIONS), sorted(set(ROUTES) - set(OPERATIONS))


# -- drift checks against the embedded emulator ---------------------------------------------------------


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmbeddedEmulator]:
    with EmbeddedEmulator(builtin_config()) as server:
        yield server


def _client(server: EmbeddedEmulator, mode: str) -> PrivateNumberClient:
    app = server.config.app_for_mode(mode)
    return PrivateNumberClient(server.base_url, app.app_key, app.app_secret, mode=mode)


_OMIT = object()


class _Bound(str):
    """A value read off the answer of the bind ``_send`` makes first (that answer's field of this name)."""


TABLES = {"axb": AXB, "ax": AX, "axe": AXE, "axyb": AXYB}
# Call stop and recording download serve every mode (STOP-008); an AX app places the call (anyone dialling X reaches A).
CALLS_MODE = "ax"
CALLER = "+8613900000009"
AXE_URI, AXE_V2_URI, AXE_COUNT_URI = (
    "/rest/caas/extendnumber/v1.0",
    "/rest/caas/extendnumber/v2.0",
    "/rest/caas/virtualnumber/v1.0",
)
AXYB_URI = "/rest/omp/xyrelationnumber/v1.0"
_X_AND_E = {"subscriptionId": _OMIT, "virtualNum": _Bound("virtualNum"), "extendNum": _Bound("extendNum")}  # AXE-016
_MINUTES = ({"timeUnit": "1"}, ("bindExpiredTime", "callbackExpiredTime"))  # D-23: their bounds are in minutes
# Shapes of a request other than the minimal one, each accepted: (values over the minimal ones, the
# fields read only in this shape, whose bad values are checked in it).
SHAPES: dict[tuple[str, str], list[tuple[dict[str, Any], tuple[str, ...]]]] = {
    (AXE_URI, "POST"): [_MINUTES],
    (AXE_URI, "DELETE"): [(_X_AND_E, ())],
    (AXE_URI, "PUT"): [(_X_AND_E, ()), _MINUTES],
    (AXE_URI, "GET"): [(_X_AND_E, ())],
    (AXE_V2_URI, "GET"): [
        (_X_AND_E, ()),
        ({"subscriptionId": _OMIT, "virtualNum": _Bound("virtualNum")}, ("cursor",)),  # the listing of X
    ],
    (AXE_COUNT_URI, "GET"): [({"number": "+8617030000001"}, ())],
    (AXYB_URI, "POST"): [  # step 2 (YB): B gets a Y
        ({"areaCode": _OMIT, "subscriptionId": _Bound("subscriptionId"), "origNum": CALLER}, ("preVoiceY",)),
    ],
    (AXYB_URI, "GET"): [({"subscriptionId": _OMIT, "relationNum": _Bound("relationNumber")}, ())],
}


def _minimal(op: Operation) -> dict[str, Any]:
    by_name = {p.name: p for p in op.params}
    out = {p.name: p.example for p in op.params if p.required}
    for group in op.one_of:
        if not any(name in out for name in group):
            out[group[0]] = by_name[group[0]].example
    return out


def _base(key: tuple[str, str], param: Param) -> dict[str, Any]:
    """The values a bad value of ``param`` is sent with: the shape that reads it, else the minimal ones."""
    for values, fields in SHAPES.get(key, []):
        if param.name in fields:
            return _minimal(OPERATIONS[key]) | values
    return _minimal(OPERATIONS[key])


def _request(client: PrivateNumberClient, key: tuple[str, str], values: dict[str, Any]) -> Response:
    """Send ``values`` in the body or the query string, as the route and the fields say."""
    in_query = {p.name for p in OPERATIONS[key].params if p.in_query}
    values = {k: v for k, v in values.items() if v is not _OMIT and v is not None}
    uri, method = key
    if not ROUTES[key].json_body:
        return client.request(method, uri, params=values)
    query = {k: v for k, v in values.items() if k in in_query}
    return client.request(method, uri, params=query, json={k: v for k, v in values.items() if k not in in_query})


def _hook(server: EmbeddedEmulator, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = httpx.post(f"{server.base_url}/_emulator/{path}", json=body)
    answer.raise_for_status()
    return dict(answer.json())


def _bind(client: PrivateNumberClient, mode: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    table = TABLES[mode]
    key = next(k for k in table if k[1] == "POST")
    values = _minimal(table[key]) | (extra or {})
    if "app_key" in values:
        values["app_key"] = client.app_key
    bound = _request(client, key, values)
    assert bound.resultcode == "0", bound.body
    return dict(bound.body or {})


def _send(server: EmbeddedEmulator, mode: str, key: tuple[str, str], values: dict[str, Any]) -> str:
    """Reset, set up what the operation names (a binding, a call, a recording), then send ``values``,
    the set-up's values (and the app's own app_key) where they are None or absent. Answers the
    resultcode; a 301 with Location is the recording download's success (REC-002): "0"."""
    httpx.post(f"{server.base_url}/_emulator/reset").raise_for_status()
    op = OPERATIONS[key]
    client = _client(server, mode)
    given: dict[str, Any] = {"app_key": client.app_key}
    if op.needs_binding or any(isinstance(v, _Bound) for v in values.values()):
        bound = _bind(client, mode)
        values = {k: bound[v] if isinstance(v, _Bound) else v for k, v in values.items()}
        given["subscriptionId"] = bound["subscriptionId"]
    if op.needs_call or op.needs_recording:
        owner = _client(server, CALLS_MODE)
        x = _bind(owner, CALLS_MODE, {"recordFlag": True})["privateNum"]
        call = _hook(server, "calls", {"caller": CALLER, "called": x, "talk_s": None if op.needs_call else 10})
        given |= {"sessionid": call["sessionId"], "fileName": call["recordObjectName"], "recordDomain": RECORD_DOMAIN}
    values = {**{k: v for k, v in given.items() if k in {p.name for p in op.params}}, **values}
    values = {k: given[k] if v is None and k in given else v for k, v in values.items()}
    response = _request(client, key, values)
    if response.status == 301 and response.headers.get("location"):
        return "0"
    return str(response.resultcode)


CASES = [(mode, key) for mode, table in (*TABLES.items(), (CALLS_MODE, CALLS)) for key in table]
SHAPE_CASES = [(mode, key, i) for mode, key in CASES for i in range(len(SHAPES.get(key, [])))]


def _ids(case: tuple[Any, ...]) -> str:
    return f"{case[1][1]} {case[1][0]}" + (f" shape {case[2]}" if len(case) > 2 else "")


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_minimal_request_is_accepted(emulator: EmbeddedEmulator, case: tuple[str, tuple[str, str]]) -> None:
    mode, key = case
    assert _send(emulator, mode, key, _minimal(OPERATIONS[key])) == "0"


@pytest.mark.parametrize("case", SHAPE_CASES, ids=_ids)
def test_other_shape_is_accepted(emulator: EmbeddedEmulator, case: tuple[str, tuple[str, str], int]) -> None:
    mode, key, i = case
    assert _send(emulator, mode, key, _minimal(OPERATIONS[key]) | SHAPES[key][i][0]) == "0"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_missing_required_field_is_refused(emulator: EmbeddedEmulator, case: tuple[str, tuple[str, str]]) -> None:
    mode, key = case
    op = OPERATIONS[key]
    for param in op.params:
        if param.required:
            values = _minimal(op)
            values[param.name] = _OMIT
            assert _send(emulator, mode, key, values) == op.invalid_code, param.name
    for group in op.one_of:  # none of a one-of group: refused too
        values = {k: v for k, v in _minimal(op).items() if k not in group}
        if "subscriptionId" in group:
            values["subscriptionId"] = _OMIT
        assert _send(emulator, mode, key, values) == op.missing_code, group


def _in_json(key: tuple[str, str], param: Param) -> bool:
    return ROUTES[key].json_body and not param.in_query


def _bad_values(param: Param, json_body: bool) -> list[Any]:
    if json_body:
        return WRONG_TYPES[param.kind]
    bad: list[Any] = []
    if param.kind == "integer":
        bad.append("abc")
    if param.max_length is not None:
        bad.append("9" * (param.max_length + 1))
    return bad


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_wrong_type_is_refused(emulator: EmbeddedEmulator, case: tuple[str, tuple[str, str]]) -> None:
    mode, key = case
    op = OPERATIONS[key]
    for param in op.params:
        for bad in _bad_values(param, _in_json(key, param)):
            values = _base(key, param) | {param.name: bad}
            assert _send(emulator, mode, key, values) == op.invalid_code, (param.name, bad)


def _out_of_range(param: Param, json_body: bool) -> list[Any]:
    """Values outside the declared bounds, enum and pattern (in a query string: as text; there "" is
    an absent field, so a minimum length of 1 is not checked)."""
    bad: list[Any] = []
    if param.minimum is not None:
        bad.append(param.minimum - 1)
    if param.maximum is not None:
        bad.append(param.maximum + 1)
    if param.max_length is not None and json_body:  # the query string's over-long values: _bad_values
        bad.append("9" * (param.max_length + 1))
    if param.min_length is not None and param.min_length > (0 if json_body else 1):
        bad.append("9" * (param.min_length - 1))
    if param.enum or param.pattern:
        assert "x" not in param.enum and not re.search(param.pattern or "^$", "x")
        bad.append("x")
    return bad if json_body else [str(v) for v in bad]


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_out_of_range_is_refused(emulator: EmbeddedEmulator, case: tuple[str, tuple[str, str]]) -> None:
    mode, key = case
    op = OPERATIONS[key]
    for param in op.params:
        for bad in _out_of_range(param, _in_json(key, param)):
            values = _base(key, param) | {param.name: bad}
            assert _send(emulator, mode, key, values) == op.invalid_code, (param.name, bad)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_integer_bounds_are_accepted(emulator: EmbeddedEmulator, case: tuple[str, tuple[str, str]]) -> None:
    """The declared minimum and maximum themselves pass: a bound declared looser than the emulator's fails."""
    mode, key = case
    for param in OPERATIONS[key].params:
        for bound in (param.minimum, param.maximum):
            if bound is None:
                continue
            values = [bound, str(bound)] if param.kind == "int_or_digits" else [bound]  # AXYB-016: Integer/String
            for value in values if _in_json(key, param) else [str(bound)]:
                assert _send(emulator, mode, key, _base(key, param) | {param.name: value}) == "0", (param.name, value)
