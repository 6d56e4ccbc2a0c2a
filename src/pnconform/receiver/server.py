"""The customer-side callback server: captures every push and answers as programmed.

One path per push kind (`PATHS`); the platform is pointed at them through the app's callback
URLs (console for a live target, `POST /_emulator/apps/callbacks` for the emulator).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pnconform.asgi_thread import ThreadedServer
from pnconform.client import redact_header
from pnconform.receiver import signature
from pnconform.receiver.store import Push, PushStore
from pnconform.receiver.validate import (
    KINDS,
    Finding,
    callin_answered,
    validate_body,
    validate_sms_block_reply,
    validate_transport,
)

PATHS = {
    "event": "/callbacks/event",
    "fee": "/callbacks/fee",
    "sms": "/callbacks/sms",
    "sms_control": "/callbacks/sms-control",
    "x_status": "/callbacks/x-status",
}
# Names of the URLs in the emulator's `POST /_emulator/apps/callbacks` hook.
HOOK_URL_NAMES = {
    "event": "call_event_url",
    "fee": "fee_url",
    "sms": "sms_url",
    "sms_control": "sms_control_url",
    "x_status": "x_status_url",
}
_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]  # anything but POST is captured and flagged (EVT-001)


@dataclass(frozen=True)
class Reply:
    """How the receiver answers one push: status, body (dict → JSON, str → text, None → empty), delay."""

    status: int = 200
    body: Any = None
    delay_s: float = 0.0


def connect(callee: str, *, max_duration: int | None = None, display: str | None = None, **extra: Any) -> Reply:
    """X-mode Block answer: connect the call to `callee` (XM-003)."""
    info: dict[str, Any] = {"calleeNum": callee}
    if max_duration is not None:
        info["maxDuration"] = max_duration
    if display is not None:
        info["displayCalleeNum"] = display
    info.update(extra)
    return Reply(200, {"operation": "connect", "connectInfo": info})


def close() -> Reply:
    """X-mode Block answer: end the call (XM-004)."""
    return Reply(200, {"operation": "close"})


def forward(called: str, calling: str | None = None) -> Callable[[Mapping[str, Any]], Reply]:
    """SMS Block answer: forward to `called`; `calling` defaults to the request's (SMS-005)."""

    def answer(body: Mapping[str, Any]) -> Reply:
        sender = calling or ((body.get("smsEvent") or {}).get("calling"))
        return Reply(
            200, {"actions": [{"operation": "vNumberRoute", "message": {"called": called, "calling": sender}}]}
        )

    return answer


def discard() -> Reply:
    """SMS Block answer: discard the message (SMS-005)."""
    return Reply(200, {"actions": [{"operation": "DiscardMessage"}]})


Answer = Reply | Callable[[Mapping[str, Any]], Reply]


class Receiver:
    """Loopback callback server in a daemon thread; use as a context manager or start()/stop()."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        secrets: Mapping[str, str] | None = None,
        app_modes: Mapping[str, str] | None = None,
        on_push: Callable[[Push], None] | None = None,
        wait_s: float = 10.0,
    ) -> None:
        self.host = host
        self.wait_s = wait_s  # how long the wait_for_* methods wait unless told otherwise
        self._secrets = dict(secrets or {})  # app_key -> secret; never rendered
        self.app_modes = dict(app_modes or {})
        self.on_push = on_push
        self.store = PushStore()
        self._lock = threading.Lock()
        self._fail: dict[str, list[Reply]] = {}
        self._callin: Answer = close()
        self._sms_block: Answer = discard()
        self.app = Starlette(routes=[Route("/{path:path}", self._handle, methods=_METHODS)])
        self._server = ThreadedServer(self.app, host, port, "the callback receiver")

    def __repr__(self) -> str:  # never show secrets
        return f"Receiver({self.host}:{self.port}, apps={sorted(self.app_modes)})"

    # -- lifecycle ----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return self._server.base_url

    @property
    def port(self) -> int:
        return self._server.port

    def start(self, startup_timeout: float = 10.0) -> Receiver:
        """Bind (OSError if the port is taken) and serve in a daemon thread."""
        self._server.start(startup_timeout)
        return self

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> Receiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def urls(self, base: str | None = None) -> dict[str, str]:
        """The callback URLs by hook name (`call_event_url`, …) under `base` (default: our own address)."""
        root = (base or self.base_url).rstrip("/")
        return {HOOK_URL_NAMES[kind]: root + path for kind, path in PATHS.items()}

    # -- programming (reset between scenarios) ---------------------------------------------------

    def set_apps(self, secrets: Mapping[str, str], app_modes: Mapping[str, str]) -> None:
        with self._lock:
            self._secrets = dict(secrets)
            self.app_modes = dict(app_modes)

    def reset(self) -> None:
        """Drop captures and programmed answers (apps and secrets stay)."""
        with self._lock:
            self._fail.clear()
            self._callin = close()
            self._sms_block = discard()
        self.store.clear()

    def fail_next(self, kind: str, n: int = 1, status: int = 500, delay_s: float = 0.0) -> None:
        """Answer the next `n` pushes of `kind` with `status` (to make the platform re-push)."""
        if kind not in KINDS:
            raise ValueError(f"unknown push kind {kind!r} (one of {', '.join(KINDS)})")
        with self._lock:
            self._fail.setdefault(kind, []).extend([Reply(status, None, delay_s)] * n)

    def answer_callin(self, answer: Answer) -> None:
        """How to answer X-mode `callin` events: `connect(...)`, `close()`, any `Reply`, or a
        function of the event body returning one (e.g. per caller, XM-009)."""
        with self._lock:
            self._callin = answer

    def answer_sms_block(self, answer: Answer) -> None:
        """How to answer Block SMS notifications: `forward(called)`, `discard()`, a `Reply` or a function."""
        with self._lock:
            self._sms_block = answer

    # -- capture ------------------------------------------------------------------------------

    def _kind(self, path: str) -> str | None:
        for kind, suffix in PATHS.items():
            if ("/" + path).endswith(suffix):
                return kind
        return None

    def _reply_for(self, kind: str, body: Any, mode: str | None) -> tuple[Reply, list[Finding]]:
        with self._lock:
            queue = self._fail.get(kind)
            if queue:
                return queue.pop(0), []
            callin, sms_block = self._callin, self._sms_block
        if kind == "event" and mode == "x" and isinstance(body, dict) and body.get("eventType") == "callin":
            reply = callin(body) if callable(callin) else callin
            return reply, callin_answered()
        if kind == "sms_control" and isinstance(body, dict):
            reply = sms_block(body) if callable(sms_block) else sms_block
            return reply, []
        return Reply(200), []

    async def _handle(self, request: Request) -> Response:
        kind = self._kind(request.path_params.get("path", ""))
        if kind is None:
            return Response(status_code=404)
        raw = await request.body()
        text = raw.decode("utf-8", errors="replace")
        try:
            body = json.loads(text) if text else None
        except ValueError:
            body = None
        headers = dict(request.headers)
        with self._lock:
            secrets = self._secrets
            modes = self.app_modes
        verdict = signature.verify(headers, secrets)
        app_key = signature.app_key_of(headers)
        if app_key is None and isinstance(body, dict) and isinstance(body.get("appKey"), str):
            app_key = body["appKey"]  # SMS bodies name their app
        mode = modes.get(app_key) if app_key else None
        reply, extra = self._reply_for(kind, body, mode)
        findings = validate_transport(kind, request.method, headers, verdict)
        findings += validate_body(kind, body, mode=mode) if body is not None or request.method == "POST" else []
        findings += extra
        push = Push(
            seq=self.store.next_seq(),
            kind=kind,
            method=request.method,
            path=request.url.path,
            headers={k: redact_header(k, v) for k, v in headers.items()},
            body_text=text,
            body=body,
            received_at=datetime.now(UTC).replace(tzinfo=None),
            app_key=app_key,
            mode=mode,
            signature=verdict,
            reply_status=reply.status,
            reply_body=reply.body,
            reply_delay_s=reply.delay_s,
            findings=findings,
        )
        if kind == "sms_control" and reply.status == 200 and reply.body is not None:
            push.findings += [
                Finding(f.rule, f.ok, "our reply: " + f.message)
                for f in validate_sms_block_reply(reply.body, body)
                if not f.ok
            ]
        self.store.add(push)
        if self.on_push is not None:
            with contextlib.suppress(Exception):  # a printing problem must not fail the push
                self.on_push(push)
        if reply.delay_s:
            await asyncio.sleep(reply.delay_s)
        if reply.body is None:
            return Response(status_code=reply.status)
        if isinstance(reply.body, str):
            return Response(reply.body, status_code=reply.status, media_type="application/json")
        content = json.dumps(reply.body, ensure_ascii=False)
        return Response(content, status_code=reply.status, media_type="application/json;charset=UTF-8")

    # -- convenience for step definitions -----------------------------------------------------

    def wait_for(self, predicate: Callable[[Push], bool], timeout: float | None = None, what: str = "a push") -> Push:
        return self.store.wait_for(predicate, self.wait_s if timeout is None else timeout, what)

    def wait_for_event(self, event_type: str, session_id: str | None = None, timeout: float | None = None) -> Push:
        return self.store.wait_for(
            lambda p: (
                p.kind == "event" and p.event_type == event_type and (session_id is None or p.session_id == session_id)
            ),
            self.wait_s if timeout is None else timeout,
            f"a {event_type} event" + (f" of session {session_id}" if session_id else ""),
        )

    def wait_for_cdr(self, session_id: str | None = None, timeout: float | None = None) -> dict[str, Any]:
        push = self.store.wait_for(
            lambda p: p.kind == "fee" and any(session_id is None or r.get("sessionId") == session_id for r in p.cdrs),
            self.wait_s if timeout is None else timeout,
            "a CDR" + (f" of session {session_id}" if session_id else ""),
        )
        return next(r for r in push.cdrs if session_id is None or r.get("sessionId") == session_id)

    def wait_for_sms(self, kind: str = "sms", timeout: float | None = None, **fields: Any) -> Push:
        def match(p: Push) -> bool:
            event = (p.body or {}).get("smsEvent") if isinstance(p.body, dict) else None
            return p.kind == kind and isinstance(event, dict) and all(event.get(k) == v for k, v in fields.items())

        return self.store.wait_for(match, self.wait_s if timeout is None else timeout, f"an SMS notification on {kind}")

    def wait_for_x_status(self, number: str | None = None, timeout: float | None = None) -> Push:
        def match(p: Push) -> bool:
            infos = p.body.get("numInfo") if isinstance(p.body, dict) and p.event_type == "numStatus" else None
            return isinstance(infos, list) and (
                number is None or any(isinstance(i, dict) and i.get("number") == number for i in infos)
            )

        return self.store.wait_for(match, self.wait_s if timeout is None else timeout, "an X-status notification")

    def findings(self) -> list[Finding]:
        return self.store.all_findings()
