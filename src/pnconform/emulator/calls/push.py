"""Platform -> customer pushes over real HTTP (httpx, async) with the documented re-push schedule.

Every notification is a ``Push``: a JSON body for one URL, signed with the app's AKSK (EVT-005,
CDR-002, AUTH-014). A push that fails (connection error, timeout, a non-2xx answer) is re-pushed
at 1, 4, 9, 106, 203 and 300 minutes after its first failure (EVT-021, CDR-006, D-28), at most 6
times, on the emulator clock (scaled by ``retry_time_scale``): ``run_due`` delivers what is due,
and the hooks run it after a clock advance and on ``POST /_emulator/pushes/flush``. CDRs are
queued apart and merged into ``feeLst`` pushes of 1-50 at delivery time (CDR-003/004).

Deliveries run one at a time in queue order (an ``asyncio.Lock``), so the events of one call
arrive in order. Nothing here blocks the event loop: HTTP is awaited, the state lock is only
held for list manipulation.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import ipaddress
import itertools
import json
import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from pnconform import tls

from ..clock import format_utc
from .faults import (
    PUSH_CDR_ALERTING_AFTER_ANSWER,
    PUSH_CDR_OVER_50,
    PUSH_EMPTY_ACK_REFUSED,
    PUSH_EVENT_NUMBERS_NATIONAL,
    PUSH_EVENTS_FLAT,
    PUSH_EVENTS_TEXT_PLAIN,
    PUSH_FEE_ON_STATUS_URL,
    PUSH_HOST_NAME_URLS_FAIL,
    PUSH_IGNORE_UNSET_URLS,
    PUSH_MERGED_CDRS_SHARE_BINDING,
    PUSH_NO_RETRY,
    PUSH_NO_TIMEOUT,
    PUSH_PUT,
    PUSH_RETRY_EVERY_MINUTE,
    PUSH_UNSIGNED,
    SMS_NO_RETRY,
    XMODE_RETRY_BLOCK,
    XSTAT_UNSIGNED,
)

if TYPE_CHECKING:
    from ..state import EmulatorState

log = logging.getLogger("pnconform.emulator.push")

RETRY_MINUTES = (1, 4, 9, 106, 203, 300)
CALL_EVENTS = frozenset({"callin", "collectInfo", "callout", "alerting", "answer", "disconnect"})  # EVT-010
MAX_FEES_PER_PUSH = 50
AUTHORIZATION = 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"'


def sign(app_key: str, secret: str) -> dict[str, str]:
    """AKSK headers of a callback (EVT-005): digest = Base64(HMAC-SHA256(secret, nonce + created))."""
    nonce = uuid.uuid4().hex
    created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    digest = base64.b64encode(hmac.new(secret.encode(), (nonce + created).encode(), hashlib.sha256).digest()).decode()
    return {
        "Authorization": AUTHORIZATION,
        "X-AKSK": f'UsernameToken Username="{app_key}",PasswordDigest="{digest}",Nonce="{nonce}",Created="{created}"',
    }


@dataclass
class Attempt:
    at: float  # emulator clock
    status: int | None
    error: str | None
    ok: bool

    def as_dict(self) -> dict[str, Any]:
        return {"time": format_utc(self.at), "status": self.status, "error": self.error, "ok": self.ok}


@dataclass
class Push:
    id: int
    kind: str  # event | fee | sms | x_status
    app_key: str
    url: str
    body: dict[str, Any]
    created: float
    retry: bool = True  # False: Block notifications are not re-pushed (D-28)
    next_due: float | None = None  # None once delivered or given up
    first_failure: float | None = None
    attempts: list[Attempt] = field(default_factory=list)
    state: str = "pending"  # pending | delivered | failed

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "app_key": self.app_key,
            "url": self.url,
            "body": self.body,
            "state": self.state,
            "created": format_utc(self.created),
            "next_due": None if self.next_due is None else format_utc(self.next_due),
            "attempts": [a.as_dict() for a in self.attempts],
        }


@dataclass
class _Fee:
    app_key: str
    url: str
    fee: dict[str, Any]


class Pusher:
    def __init__(self, state: EmulatorState) -> None:
        self.state = state
        self._ids = itertools.count(1)
        self.pushes: list[Push] = []
        self.fees: list[_Fee] = []  # CDRs waiting to be merged into a push
        self._lock: asyncio.Lock | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._wake: asyncio.TimerHandle | None = None
        self._last_url: dict[tuple[str, str], str] = {}  # (app, kind) -> URL, for push.ignore_unset_urls

    def reset(self) -> None:
        self.pushes = []
        self.fees = []

    # -- queueing --------------------------------------------------------------------------------

    def queue(self, kind: str, app_key: str, url: str | None, body: dict[str, Any], *, retry: bool = True) -> None:
        url = self._url(kind, app_key, url)
        if not url:
            return  # EVT-003 / CDR-001: pushed only when the URL is configured
        if kind == "event" and body.get("eventType") in CALL_EVENTS:
            body = _bent_event(body, self.state.faults)
        now = self.state.clock.now()
        with self.state.lock:
            self.pushes.append(Push(next(self._ids), kind, app_key, url, body, now, retry, next_due=now))

    def queue_fee(self, app_key: str, url: str | None, fee: dict[str, Any]) -> None:
        url = self._url("fee", app_key, url)
        if not url:
            return
        if PUSH_CDR_ALERTING_AFTER_ANSWER in self.state.faults:  # breaks CDR-021: times in call order
            fee = _alerting_after_answer(fee)
        with self.state.lock:
            self.fees.append(_Fee(app_key, url, fee))

    def _pack_fees(self) -> None:
        """Merge the waiting CDRs per (app, URL) into pushes of at most 50 (CDR-004)."""
        with self.state.lock:
            waiting, self.fees = self.fees, []
            groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
            for item in waiting:
                groups.setdefault((item.app_key, item.url), []).append(item.fee)
            size = 60 if PUSH_CDR_OVER_50 in self.state.faults else MAX_FEES_PER_PUSH
            now = self.state.clock.now()
            for (app_key, url), fees in groups.items():
                for i in range(0, len(fees), size):
                    records = fees[i : i + size]
                    if PUSH_MERGED_CDRS_SHARE_BINDING in self.state.faults:  # breaks CDR-023
                        records = [{**r, "subscriptionId": records[0].get("subscriptionId")} for r in records]
                    body = {"eventType": "fee", "feeLst": records}
                    self.pushes.append(Push(next(self._ids), "fee", app_key, url, body, now, next_due=now))
                    status_url = self._last_url.get((app_key, "event"))
                    if PUSH_FEE_ON_STATUS_URL in self.state.faults and status_url:  # breaks EVT-010
                        self.pushes.append(Push(next(self._ids), "event", app_key, status_url, body, now, next_due=now))

    def _url(self, kind: str, app_key: str, url: str | None) -> str | None:
        """The URL a push goes to: the configured one (EVT-003, CDR-001: none, no push)."""
        if url:
            self._last_url[(app_key, kind)] = url
            return url
        if PUSH_IGNORE_UNSET_URLS in self.state.faults:
            return self._last_url.get((app_key, kind))
        return None

    # -- delivery --------------------------------------------------------------------------------

    def kick(self) -> None:
        """Deliver what is due in the background (when ``push_auto`` is on and a loop runs)."""
        if not self.state.settings["push_auto"]:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        task = loop.create_task(self.run_due())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _schedule_wake(self) -> None:
        """Wake up when the next re-push falls due in real time (the emulator clock runs with the
        wall clock), so a standalone emulator re-pushes without anybody advancing its clock."""
        if not self.state.settings["push_auto"]:
            return
        with self.state.lock:
            due = [p.next_due for p in self.pushes if p.next_due is not None]
        if not due:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if self._wake is not None:
            self._wake.cancel()
        self._wake = loop.call_later(max(1.0, min(due) - self.state.clock.now()), self.kick)

    async def run_due(self) -> int:
        """Attempt every push that is due on the emulator clock; returns how many were attempted."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            self._pack_fees()
            attempted = 0
            while True:
                now = self.state.clock.now()
                with self.state.lock:
                    due = [p for p in self.pushes if p.next_due is not None and p.next_due <= now]
                if not due:
                    self._schedule_wake()
                    return attempted
                async with httpx.AsyncClient(timeout=_timeout(self.state), verify=tls.context()) as http:
                    for push in due:
                        await self._attempt(http, push)
                        attempted += 1

    async def _attempt(self, http: httpx.AsyncClient, push: Push) -> None:
        # A push that fell due while the clock jumped is logged at the time it fell due.
        at = push.next_due if push.next_due is not None else self.state.clock.now()
        status, error = await self.post(http, push.app_key, push.url, push.body)
        ok = error is None and status is not None and 200 <= status < 300
        self._record(push, at, status, error, ok)

    async def post(
        self, http: httpx.AsyncClient, app_key: str, url: str, body: dict[str, Any]
    ) -> tuple[int | None, str | None]:
        """One signed POST; (status, None) or (None, error text). Never raises."""
        call_event = _is_call_event(body)
        plain = call_event and PUSH_EVENTS_TEXT_PLAIN in self.state.faults
        headers = {"Content-Type": f"{'text/plain' if plain else 'application/json'};charset=UTF-8"}  # EVT-004
        app = self.state.apps.get(app_key)
        x_status_unsigned = XSTAT_UNSIGNED in self.state.faults and body.get("eventType") == "numStatus"
        if app is not None and PUSH_UNSIGNED not in self.state.faults and not x_status_unsigned:  # XSTAT-003
            headers.update(sign(app.app_key, app.secret))
        payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if PUSH_HOST_NAME_URLS_FAIL in self.state.faults and not _ip_host(url):
            return None, "host names are not resolved (push.host_name_urls_fail)"  # breaks EVT-002
        put = PUSH_PUT in self.state.faults and (call_event or body.get("eventType") == "fee")
        try:
            response = await http.request("PUT" if put else "POST", url, content=payload, headers=headers)  # EVT-001
        except httpx.HTTPError as exc:
            return None, f"{type(exc).__name__}: {exc}"[:200]
        except Exception as exc:  # a bad URL must never take the emulator down
            log.warning("push to %s failed: %s", url, exc)
            return None, f"{type(exc).__name__}: {exc}"[:200]
        if PUSH_EMPTY_ACK_REFUSED in self.state.faults and call_event and not response.content.strip():
            return response.status_code, "an empty acknowledgement (push.empty_ack_refused)"  # breaks EVT-020
        return response.status_code, None

    def _record(self, push: Push, now: float, status: int | None, error: str | None, ok: bool) -> None:
        faults = self.state.faults
        with self.state.lock:
            push.attempts.append(Attempt(now, status, error, ok))
            if ok:
                push.state, push.next_due = "delivered", None
                return
            if push.first_failure is None:
                push.first_failure = now
            retries = len(push.attempts) - 1
            retry = push.retry or XMODE_RETRY_BLOCK in faults
            if not retry or retries >= len(RETRY_MINUTES) or _no_retry(push.kind, faults):
                push.state, push.next_due = "failed", None
                return
            if PUSH_RETRY_EVERY_MINUTE in faults:
                push.next_due = now + 60
                return
            scale = self.state.settings["retry_time_scale"]
            push.next_due = push.first_failure + RETRY_MINUTES[retries] * 60 * scale

    def pending_count(self) -> int:
        with self.state.lock:
            return sum(1 for p in self.pushes if p.state == "pending")

    def listing(self, kind: str | None = None) -> dict[str, Any]:
        with self.state.lock:
            return {
                "pushes": [p.as_dict() for p in self.pushes if kind is None or p.kind == kind],
                "waiting_cdrs": len(self.fees),
            }


def _timeout(state: EmulatorState) -> float | None:
    """How long a push waits for the customer's answer (EVT-023); None = forever (a fault)."""
    return None if PUSH_NO_TIMEOUT in state.faults else state.settings["push_timeout_s"]


def _is_call_event(body: dict[str, Any]) -> bool:
    return body.get("eventType") in CALL_EVENTS


def _bent_event(body: dict[str, Any], faults: frozenset[str]) -> dict[str, Any]:
    """A call event as a fault bends it (EVT-007, EVT-013); unchanged without one."""
    info = body.get("statusInfo")
    if not isinstance(info, dict):
        return body
    if PUSH_EVENT_NUMBERS_NATIONAL in faults:  # breaks EVT-013: global format
        info = {k: v.lstrip("+") if k in ("caller", "called") and isinstance(v, str) else v for k, v in info.items()}
        body = {**body, "statusInfo": info}
    if PUSH_EVENTS_FLAT in faults:  # breaks EVT-007: {"eventType": ..., "statusInfo": {...}}
        body = {"eventType": body.get("eventType"), **info}
    return body


def _alerting_after_answer(fee: dict[str, Any]) -> dict[str, Any]:
    answer = fee.get("fwdAnswerTime")
    if not fee.get("fwdAlertingTime") or not answer:
        return fee
    later = datetime.strptime(answer, "%Y-%m-%d %H:%M:%S") + timedelta(seconds=1)
    return {**fee, "fwdAlertingTime": later.strftime("%Y-%m-%d %H:%M:%S")}


def _ip_host(url: str) -> bool:
    try:
        ipaddress.ip_address(urlsplit(url).hostname or "")
    except ValueError:
        return False
    return True


def _no_retry(kind: str, faults: frozenset[str]) -> bool:
    if kind == "sms":
        return SMS_NO_RETRY in faults
    return PUSH_NO_RETRY in faults


async def block(pusher: Pusher, kind: str, app_key: str, url: str, body: dict[str, Any]) -> Any:
    """A Block notification (X-mode ``callin``, SMS control): POST, wait for the customer's reply
    and return its JSON (None when it failed or is not JSON). Logged like any push; not re-pushed
    (D-28) unless the ``xmode.retry_block`` fault is on."""
    state = pusher.state
    now = state.clock.now()
    with state.lock:
        # next_due None while in flight: a background delivery must not send it a second time.
        push = Push(next(pusher._ids), kind, app_key, url, body, now, retry=False, next_due=None)
        pusher.pushes.append(push)
    headers = {"Content-Type": "application/json;charset=UTF-8"}
    app = state.apps.get(app_key)
    if app is not None and PUSH_UNSIGNED not in state.faults:
        headers.update(sign(app.app_key, app.secret))
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    status: int | None = None
    error: str | None = None
    reply: Any = None
    try:
        async with httpx.AsyncClient(timeout=_timeout(state), verify=tls.context()) as http:
            response = await http.post(url, content=payload, headers=headers)
        status = response.status_code
        try:
            reply = response.json() if response.content.strip() else None
        except ValueError:
            reply = None
    except Exception as exc:  # connection error, timeout, bad URL: no valid answer
        error = f"{type(exc).__name__}: {exc}"[:200]
    ok = error is None and status is not None and 200 <= status < 300
    pusher._record(push, now, status, error, ok)
    return reply if ok else None
