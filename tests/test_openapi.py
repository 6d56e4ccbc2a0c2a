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
from pnconform.client import PrivateNumberClient
from pnconform.emulator import EmbeddedEmulator, builtin_config
from pnconform.emulator.calls.hooks import ROUTES as CALL_HOOKS
from pnconform.emulator.codes import CODES
from pnconform.emulator.hooks import ROUTES as HOOKS
from pnconform.emulator.modes import HOOK_ROUTES, build_routes
from pnconform.openapi import build_document
from pnconform.openapi.fields import AX, AXB, OPERATIONS, Operation, Param

ROUTES = build_routes()
# Values of every JSON type a declared kind excludes: a field declared with the wrong kind lets one through.
WRONG_TYPES: dict[str, list[Any]] = {
    "string": [0, True, {}],
    "number": [0, True, {}],
    "integer": ["1", True, {}],
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


# -- drift checks against the embedded emulator ---------------------------------------------------------


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmbeddedEmulator]:
    with EmbeddedEmulator(builtin_config()) as server:
        yield server


def _client(server: EmbeddedEmulator, mode: str) -> PrivateNumberClient:
    app = server.config.app_for_mode(mode)
    return PrivateNumberClient(server.base_url, app.app_key, app.app_secret, mode=mode)


def _minimal(op: Operation) -> dict[str, Any]:
    by_name = {p.name: p for p in op.params}
    out = {p.name: p.example for p in op.params if p.required}
    for group in op.one_of:
        if not any(name in out for name in group):
            out[group[0]] = by_name[group[0]].example
    return out


def _send(server: EmbeddedEmulator, mode: str, key: tuple[str, str], values: dict[str, Any]) -> str:
    """Reset, bind when the operation names a binding, then send ``values`` (plus its subscriptionId)."""
    httpx.post(f"{server.base_url}/_emulator/reset").raise_for_status()
    client = _client(server, mode)
    table = AXB if mode == "axb" else AX
    op = table[key]
    values = dict(values)
    if op.needs_binding:
        bind_key = next(k for k in table if k[1] == "POST")
        bound = client.request("POST", bind_key[0], json=_minimal(table[bind_key]))
        assert bound.resultcode == "0", bound.body
        if values.get("subscriptionId") is None:
            values["subscriptionId"] = bound.body["subscriptionId"]  # type: ignore[index]
    values = {k: v for k, v in values.items() if v is not _OMIT and v is not None}
    uri, method = key
    if ROUTES[key].json_body:
        return str(client.request(method, uri, json=values).resultcode)
    return str(client.request(method, uri, params=values).resultcode)


_OMIT = object()
CASES = [(mode, key) for mode, table in (("axb", AXB), ("ax", AX)) for key in table]


def _ids(case: tuple[str, tuple[str, str]]) -> str:
    return f"{case[1][1]} {case[1][0]}"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_minimal_request_is_accepted(emulator: EmbeddedEmulator, case: tuple[str, tuple[str, str]]) -> None:
    mode, key = case
    assert _send(emulator, mode, key, _minimal(OPERATIONS[key])) == "0"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_missing_required_field_is_refused(emulator: EmbeddedEmulator, case: tuple[str, tuple[str, str]]) -> None:
    mode, key = case
    op = OPERATIONS[key]
    for param in op.params:
        if param.required:
            values = _minimal(op)
            values[param.name] = _OMIT
            assert _send(emulator, mode, key, values) == "1010002", param.name
    for group in op.one_of:  # none of a one-of group: refused too
        values = {k: v for k, v in _minimal(op).items() if k not in group}
        if "subscriptionId" in group:
            values["subscriptionId"] = _OMIT
        assert _send(emulator, mode, key, values) == op.missing_code, group


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
        for bad in _bad_values(param, ROUTES[key].json_body):
            values = _minimal(op) | {param.name: bad}
            assert _send(emulator, mode, key, values) == "1010002", (param.name, bad)
