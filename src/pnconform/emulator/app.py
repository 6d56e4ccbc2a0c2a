"""Starlette app factory: routing, the request pipeline and the response envelope.

One catch-all ASGI endpoint dispatches on (path, method) with a dict lookup, which keeps
404-vs-known-path under our control (GEN-002, D-14) and costs O(1) per request. Nothing that a
client sends can produce a 500: unexpected exceptions become 403 1010002 and are logged.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import QueryParams
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route as StarletteRoute
from starlette.types import Receive, Scope, Send

from . import hooks
from .auth import authenticate
from .calls.api import RECORDING_FILES, serve_recording
from .calls.hooks import ROUTES as CALL_HOOKS
from .codes import SUCCESS_DESC, ApiError
from .config import EmulatorConfig, builtin_config
from .context import RequestContext
from .faults import (
    APP_IGNORE_MODE,
    AUTH_BUSINESS_FIRST,
    ENVELOPE_INT_RESULTCODE,
    ENVELOPE_NATIONAL_X,
    ENVELOPE_NO_RESULTDESC,
    ENVELOPE_NOT_JSON,
    ENVELOPE_STATUS_200,
    ENVELOPE_SUCCESS_TEXT,
    HTTP_CONTENT_TYPE_WITHOUT_BODY,
    HTTP_CRASH_ON_DEEP_JSON,
    HTTP_QUERY_STRING_IGNORED,
    HTTP_UNKNOWN_PATH_403,
)
from .modes import HOOK_ROUTES as MODE_HOOKS
from .modes import Route, build_routes, faulted_route
from .state import EmulatorState
from .validation import require_object

log = logging.getLogger("pnconform.emulator")

JSON_TYPE = "application/json;charset=UTF-8"
MAX_BODY_BYTES = 1 << 20
DEEP_JSON_LEVELS = 32  # http.crash_on_deep_json: deeper bodies "crash" the parser


class CrashedOnInput(Exception):
    """http.crash_on_deep_json: the faulty parser's crash, answered as a bare 500 (GEN-006, GEN-009 bent)."""


def _unicode_text(body: Any) -> bool:
    """Whether every string of a parsed JSON body is valid Unicode (no lone surrogate)."""
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def json_nesting(raw: bytes) -> int:
    """How deep the arrays and objects of a JSON text nest (brackets inside strings do not count)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest


def json_response(body: dict[str, Any], status: int) -> Response:
    # backslashreplace: an answer that echoes a request's lone surrogate must still go out (no 500).
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "backslashreplace")
    return Response(payload, status_code=status, media_type=JSON_TYPE)


def not_found() -> Response:
    return json_response({"error": "not found"}, 404)


class Dispatcher:
    """The ASGI endpoint behind every path."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state
        self.routes: dict[tuple[str, str], Route] = build_routes()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        arrived = time.monotonic()
        request = Request(scope, receive)
        try:
            response = await self.handle(request)
        except ClientDisconnect:  # the client went away mid-request (a Ctrl-C'd run): nobody to answer
            return
        await response(scope, receive, send)
        if scope["path"] != hooks.REQUESTS_PATH:  # the timing of what clients sent (rate limits, GET /requests)
            self.state.request_times.append((arrived, time.monotonic(), scope["method"], scope["path"]))

    async def handle(self, request: Request) -> Response:
        path, method = request.url.path, request.method
        if path == hooks.PREFIX or path.startswith(hooks.PREFIX + "/"):
            return await self.hook(request, path, method)
        if path.startswith(RECORDING_FILES + "/") and method == "GET":
            return serve_recording(self.state, path, request.query_params)
        route = self.routes.get((path, method)) or faulted_route(self.state.faults, path, method)
        if route is None:
            if HTTP_UNKNOWN_PATH_403 in self.state.faults:
                return self.envelope(ApiError("1010002", "Unknown path."))
            return not_found()
        try:
            return await self.api(request, route)
        except ApiError as exc:
            return self.envelope(exc)
        except CrashedOnInput:
            return Response(b"Internal Server Error", status_code=500, media_type="text/plain")
        except ClientDisconnect:  # the client went away (e.g. a Ctrl-C'd run): not the request's fault
            raise
        except Exception:  # last resort: bad input must never surface as a 500
            log.exception("unexpected error on %s %s", method, path)
            return self.envelope(ApiError("1010002"))

    async def api(self, request: Request, route: Route) -> Response:
        state = self.state
        client_ip = request.client.host if request.client else ""
        try:
            app = authenticate(request.headers, client_ip, state)
        except ApiError:
            if AUTH_BUSINESS_FIRST in state.faults:  # AUTH-011 bent: the business rules answer first
                await self._business_first(request, route)
            raise
        if route.mode is not None and app.mode != route.mode and APP_IGNORE_MODE not in state.faults:
            raise ApiError("1010040")  # AXB-021, AXB-108, AX-009, XM-001: another mode's app key
        if HTTP_CONTENT_TYPE_WITHOUT_BODY in state.faults and not route.json_body and "content-type" in request.headers:
            raise ApiError("1010002", "A request without a body declares no Content-Type.")  # GEN-003 bent
        params = await self._params(request, route)
        extra = await route.handler(RequestContext(state, app, params, request.query_params, request))
        if isinstance(extra, Response):  # calls: the recording download answers 301 + Location
            return extra
        return self.envelope(None, extra)

    async def _params(self, request: Request, route: Route) -> Any:
        """POST/PUT carry a JSON object, GET/DELETE the query string (GEN-004)."""
        if route.json_body:
            return require_object(await self._json_body(request))
        if HTTP_QUERY_STRING_IGNORED in self.state.faults:
            return QueryParams("")
        return request.query_params

    async def _business_first(self, request: Request, route: Route) -> None:
        """auth.business_first: run the request as an app of the route's mode; a business error wins."""
        app = next((a for a in self.state.apps.values() if route.mode is None or a.mode == route.mode), None)
        if app is None:
            return
        params = await self._params(request, route)
        await route.handler(RequestContext(self.state, app, params, request.query_params, request))

    async def _json_body(self, request: Request) -> Any:
        raw = await request.body()
        if len(raw) > MAX_BODY_BYTES:
            raise ApiError("1010002", "The request body is too large.")
        if HTTP_CRASH_ON_DEEP_JSON in self.state.faults and json_nesting(raw) > DEEP_JSON_LEVELS:
            raise CrashedOnInput  # GEN-006, GEN-009 bent: a parser that falls over on deep nesting
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):
            raise ApiError("1010002", "The request body is not valid JSON.") from None
        if (b"\\ud" in raw or b"\\uD" in raw) and not _unicode_text(body):
            # A lone surrogate (\ud800 escaped) is no character: echoed in a resultdesc or a listing it
            # could not be encoded as UTF-8 (found by the @robustness scenarios: a 500).
            raise ApiError("1010002", "The request body is not valid Unicode text.")
        return body

    def envelope(self, error: ApiError | None, extra: dict[str, Any] | None = None) -> Response:
        """resultcode (a string), resultdesc, then the interface fields; faults bend it here."""
        faults = self.state.faults
        if error is None:
            code, desc, status = "0", SUCCESS_DESC, 200
            if ENVELOPE_SUCCESS_TEXT in faults:
                desc = "OK"
            if extra and ENVELOPE_NATIONAL_X in faults and isinstance(extra.get("relationNum"), str):
                extra = {**extra, "relationNum": extra["relationNum"].removeprefix("+86")}
        else:
            code, desc, status = error.code, error.desc, error.status
        body: dict[str, Any] = {"resultcode": int(code) if ENVELOPE_INT_RESULTCODE in faults else code}
        if ENVELOPE_NO_RESULTDESC not in faults:
            body["resultdesc"] = desc
        if extra:
            body.update(extra)
        if status != 200 and ENVELOPE_STATUS_200 in faults:
            status = 200
        response = json_response(body, status)
        if ENVELOPE_NOT_JSON in faults:  # GEN-006 / GEN-008 bent
            response = Response(b"OK\n" + bytes(response.body), status_code=status, media_type=JSON_TYPE)
        return response

    async def hook(self, request: Request, path: str, method: str) -> Response:
        handler = hooks.ROUTES.get((path, method)) or MODE_HOOKS.get((path, method)) or CALL_HOOKS.get((path, method))
        if handler is None:
            return not_found()
        if self.state.settings["hooks_loopback_only"] and not hooks.is_loopback(
            request.client.host if request.client else None
        ):
            return json_response(
                {"resultcode": "1010002", "resultdesc": "Invalid request.Test hooks are served on loopback only."}, 403
            )
        try:
            extra = await handler(self.state, request)
        except hooks.HookError as exc:
            return json_response({"resultcode": "1010002", "resultdesc": f"Invalid request.{exc.detail}"}, exc.status)
        except Exception:
            log.exception("unexpected error on hook %s %s", method, path)
            return json_response({"resultcode": "1010002", "resultdesc": "Invalid request."}, 400)
        return json_response({"resultcode": "0", "resultdesc": SUCCESS_DESC, **extra}, 200)


def create_app(config: EmulatorConfig | None = None) -> Starlette:
    """The emulator as an ASGI app; ``app.state.emulator`` is its EmulatorState."""
    state = EmulatorState(config if config is not None else builtin_config())
    # A class instance endpoint is mounted as raw ASGI: every method reaches the dispatcher.
    app = Starlette(routes=[StarletteRoute("/{path:path}", endpoint=Dispatcher(state))])
    app.state.emulator = state
    return app
