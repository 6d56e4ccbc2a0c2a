"""Assemble the OpenAPI 3.1 document from the route table, the code table and the field table."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .. import __version__
from ..auth import AKSK_AUTHORIZATION, WSSE_AUTHORIZATION
from ..emulator import hooks
from ..emulator.calls.hooks import ROUTES as CALL_HOOKS
from ..emulator.codes import ResultCode
from ..emulator.modes import HOOK_ROUTES, build_routes
from .codes import codes_for
from .fields import OPERATIONS, Param

HOOKS_TAG = "test hooks"
_ENVELOPE = {
    "type": "object",
    "required": ["resultcode", "resultdesc"],
    "properties": {"resultcode": {"type": "string"}, "resultdesc": {"type": "string"}},
}
_SECURITY: list[dict[str, list[str]]] = [{"aksk": [], "xAksk": []}, {"wsse": [], "xWsse": []}]
_TOKEN = 'UsernameToken Username="<app_key>",PasswordDigest="…",Nonce="…",Created="yyyy-MM-ddTHH:mm:ssZ"'


def _schema(p: Param) -> dict[str, Any]:
    s: dict[str, Any]
    if p.kind == "flag":
        s = {"type": ["boolean", "string"], "enum": [True, False, "true", "false"]}
    elif p.kind == "string_bool":
        s = {"type": "string", "enum": ["true", "false"]}
    elif p.kind == "object":
        s = {"type": "object", "properties": {t: {"type": "string"} for t in ("callerHintTone", "calleeHintTone")}}
    elif p.kind == "int_or_digits":
        s = {"type": ["integer", "string"], "pattern": "^[0-9]+$"}  # the bounds apply to the integer form
    else:
        s = {"type": "integer" if p.kind == "integer" else "string"}
    for key, value in (
        ("minLength", p.min_length),
        ("maxLength", p.max_length),
        ("minimum", p.minimum),
        ("maximum", p.maximum),
    ):
        if value is not None:
            s[key] = value
    if p.enum:
        s["enum"] = list(p.enum)
    if p.pattern:
        s["pattern"] = p.pattern
    if p.kind == "number":
        s["description"] = "a phone number in global format, e.g. +8613800000001"
    if p.note:
        s["description"] = p.note
    if p.example is not None:
        s["examples"] = [p.example]
    return s


def _responses(rows: list[ResultCode]) -> dict[str, Any]:
    """One response per HTTP status, its resultcode an enum of the codes answered with it."""
    by_status: dict[int, list[ResultCode]] = defaultdict(list)
    for row in rows:
        by_status[row.status].append(row)
    out: dict[str, Any] = {}
    for status in sorted(by_status):
        group = by_status[status]
        codes = list(dict.fromkeys(r.code for r in group))
        schema = {
            "allOf": [
                {"$ref": "#/components/schemas/Envelope"},
                {"properties": {"resultcode": {"enum": codes}}},
            ]
        }
        text = "; ".join(f"{r.code}: {r.desc}" for r in group)
        out[str(status)] = {"description": text, "content": {"application/json": {"schema": schema}}}
    return out


def _parameters(op_key: tuple[str, str], json_body: bool) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    op = OPERATIONS.get(op_key)
    if op is None:
        return [], None
    groups = [{"description": f"one of: {', '.join(g)} (none: {op.missing_code})"} for g in op.one_of]
    params = [
        {"name": p.name, "in": "query", "required": p.required, "schema": _schema(p)}
        | ({"description": p.note} if p.note else {})
        for p in op.params
        if p.in_query or not json_body
    ]
    if not json_body:
        return params, None
    fields = [p for p in op.params if not p.in_query]
    body: dict[str, Any] = {"type": "object", "properties": {p.name: _schema(p) for p in fields}}
    required = [p.name for p in fields if p.required]
    if required:
        body["required"] = required
    if op.one_of:
        body["allOf"] = [{"anyOf": [{"required": [n]} for n in g]} for g in op.one_of]
        body["description"] = "; ".join(g["description"] for g in groups)
    return params, {"required": True, "content": {"application/json": {"schema": body}}}


def _operation_id(method: str, uri: str) -> str:
    words = [w for w in uri.replace(".", "_").split("/") if w and w not in ("rest", "_emulator")]
    return method.lower() + "_" + "_".join(words)


def build_document() -> dict[str, Any]:
    """The whole OpenAPI 3.1 document as plain data (JSON- and YAML-ready)."""
    paths: dict[str, dict[str, Any]] = defaultdict(dict)
    for (uri, method), route in sorted(build_routes().items()):
        tag = route.mode or "calls"
        entry: dict[str, Any] = {
            "tags": [tag],
            "operationId": _operation_id(method, uri),
            "security": _SECURITY,
            "responses": _responses(codes_for(route.mode)),
        }
        op = OPERATIONS.get((uri, method))
        entry["summary"] = op.summary if op else f"{tag} {method}"
        if op is None:
            entry["description"] = "Parameters are not described yet; the responses are the emulator's."
        elif op.one_of:
            entry["description"] = "; ".join(f"one of: {', '.join(g)} (none: {op.missing_code})" for g in op.one_of)
        params, body = _parameters((uri, method), route.json_body)
        if params:
            entry["parameters"] = params
        if body:
            entry["requestBody"] = body
        paths[uri][method.lower()] = entry
    for (uri, method), _handler in sorted({**hooks.ROUTES, **HOOK_ROUTES, **CALL_HOOKS}.items()):
        paths[uri][method.lower()] = {
            "tags": [HOOKS_TAG],
            "operationId": _operation_id(method, uri),
            "summary": f"emulator test hook {method} {uri}",
            "description": "A test hook of the pnconform emulator (README, 'Test hooks'), not of Huawei's API.",
            "security": [],
            "responses": {
                "200": {"description": "0: Success", "content": {"application/json": {"schema": _ENVELOPE}}},
                "400": {
                    "description": "1010002: Invalid request.",
                    "content": {"application/json": {"schema": _ENVELOPE}},
                },
            },
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Huawei Cloud Privacy Number API (as the pnconform reference emulator serves it)",
            "version": __version__,
            "description": "Derived from the emulator's route, result-code and field tables by `pnconform openapi`. "
            "Every answer is the envelope {resultcode, resultdesc} plus the interface's fields.",
        },
        "servers": [{"url": "http://127.0.0.1:8080", "description": "pnconform emulator"}],
        "tags": [
            *({"name": m} for m in ("axb", "ax", "axe", "axyb", "calls")),
            {"name": HOOKS_TAG, "description": "The emulator's test hooks (no authentication), not Huawei's API."},
        ],
        "paths": dict(paths),
        "components": {
            "schemas": {"Envelope": _ENVELOPE},
            "securitySchemes": {
                "aksk": _header("Authorization", f"Authorization: {AKSK_AUTHORIZATION}"),
                "xAksk": _header(
                    "X-AKSK", f"{_TOKEN}; PasswordDigest = Base64(HMAC-SHA256(app_secret, Nonce+Created))"
                ),
                "wsse": _header("Authorization", f"Authorization: {WSSE_AUTHORIZATION} (legacy)"),
                "xWsse": _header(
                    "X-WSSE",
                    f"{_TOKEN}; PasswordDigest = Base64(SHA256(Nonce+Created+app_secret)) "
                    "(legacy; the emulator needs --accept-wsse)",
                ),
            },
        },
    }


def _header(name: str, description: str) -> dict[str, Any]:
    return {"type": "apiKey", "in": "header", "name": name, "description": description}
