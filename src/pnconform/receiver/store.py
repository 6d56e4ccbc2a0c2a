"""Captured pushes and the thread-safe store the scenarios wait on."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pnconform.receiver.validate import Finding, failures, validate_retries, validate_session


class ReceiverTimeout(AssertionError):
    """No matching push arrived in time (an AssertionError: a scenario fails, it does not error)."""


@dataclass
class Push:
    seq: int
    kind: str  # event | fee | sms | sms_control | x_status
    method: str
    path: str
    headers: dict[str, str]  # redacted: PasswordDigest cut to 6 characters
    body_text: str
    body: Any  # parsed JSON, or None when the body is not JSON
    received_at: datetime  # UTC
    app_key: str | None
    mode: str | None  # the app's mode when the receiver knows the app
    signature: str  # verdict of signature.verify
    reply_status: int = 200
    reply_body: Any = None
    reply_delay_s: float = 0.0  # how long the receiver waited before answering (a "too late" reply)
    findings: list[Finding] = field(default_factory=list)
    monotonic: float = field(default_factory=time.monotonic)

    @property
    def event_type(self) -> str | None:
        return self.body.get("eventType") if isinstance(self.body, dict) else None

    @property
    def status_info(self) -> dict[str, Any]:
        info = self.body.get("statusInfo") if isinstance(self.body, dict) else None
        return info if isinstance(info, dict) else {}

    @property
    def session_id(self) -> str | None:
        return self.status_info.get("sessionId")

    @property
    def cdrs(self) -> list[dict[str, Any]]:
        records = self.body.get("feeLst") if isinstance(self.body, dict) and self.kind == "fee" else None
        return [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []

    @property
    def canonical(self) -> str:
        """Identity of a notification across re-pushes."""
        return json.dumps(self.body, sort_keys=True, ensure_ascii=False) if self.body is not None else self.body_text

    def render(self) -> str:
        headers = "\n".join(f"{k}: {v}" for k, v in self.headers.items())
        reply = "" if self.reply_body is None else f"\n{json.dumps(self.reply_body, ensure_ascii=False)}"
        bad = failures(self.findings)
        problems = "".join(f"\n  ✗ {f}" for f in bad) or "\n  ✓ no findings"
        return (
            f"#{self.seq} {self.kind} {self.received_at:%Y-%m-%d %H:%M:%S.%f}Z {self.method} {self.path}\n"
            f"{headers}\n\n{self.body_text}\n<-- HTTP {self.reply_status}{reply}\nsignature: {self.signature}"
            f"{problems}\n"
        )


class PushStore:
    def __init__(self) -> None:
        self._pushes: list[Push] = []
        self._cond = threading.Condition()
        self._seq = 0

    def next_seq(self) -> int:
        with self._cond:
            self._seq += 1
            return self._seq

    def add(self, push: Push) -> None:
        with self._cond:
            self._pushes.append(push)
            self._cond.notify_all()

    def clear(self) -> None:
        with self._cond:
            self._pushes.clear()

    def all(self, kind: str | None = None) -> list[Push]:
        with self._cond:
            return [p for p in self._pushes if kind is None or p.kind == kind]

    def __iter__(self) -> Iterator[Push]:
        return iter(self.all())

    def __len__(self) -> int:
        with self._cond:
            return len(self._pushes)

    def wait_for(self, predicate: Callable[[Push], bool], timeout: float = 10.0, what: str = "a push") -> Push:
        """The first captured push (already arrived or arriving within `timeout` s) matching `predicate`."""
        return self.wait_for_count(predicate, 1, timeout, what)[0]

    def wait_for_count(
        self, predicate: Callable[[Push], bool], count: int, timeout: float = 10.0, what: str = "pushes"
    ) -> list[Push]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [p for p in self._pushes if predicate(p)]
                if len(found) >= count:
                    return found[:count]
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = ", ".join(f"{p.kind}:{p.event_type}" for p in self._pushes[-8:]) or "none"
                    raise ReceiverTimeout(
                        f"waited {timeout:g} s for {count} × {what}, got {len(found)} (last pushes: {seen})"
                    )
                self._cond.wait(left)

    # -- views -----------------------------------------------------------------------------

    def events(self, session_id: str | None = None, *, unique: bool = True) -> list[Push]:
        """Call events (optionally of one call), first copy of each re-pushed event only."""
        seen: set[str] = set()
        out = []
        for p in self.all("event"):
            if p.event_type == "numStatus" or (session_id is not None and p.session_id != session_id):
                continue
            if unique and p.canonical in seen:
                continue
            seen.add(p.canonical)
            out.append(p)
        return out

    def cdrs(self, session_id: str | None = None) -> list[dict[str, Any]]:
        """FeeInfo records (flattened over merged pushes, re-pushed copies once)."""
        seen: set[str] = set()
        out = []
        for p in self.all("fee"):
            for record in p.cdrs:
                key = json.dumps(record, sort_keys=True)
                if key in seen or (session_id is not None and record.get("sessionId") != session_id):
                    continue
                seen.add(key)
                out.append(record)
        return out

    def session_ids(self) -> list[str]:
        ids: dict[str, None] = {}
        for p in self.events():
            if isinstance(p.session_id, str):
                ids[p.session_id] = None
        for record in self.cdrs():
            if isinstance(record.get("sessionId"), str):
                ids[record["sessionId"]] = None
        return list(ids)

    def session_findings(self, session_id: str, *, complete: bool | None = None) -> list[Finding]:
        events = self.events(session_id)
        cdrs = self.cdrs(session_id)
        if complete is None:
            complete = bool(cdrs) and any(e.event_type == "disconnect" for e in events)
        callin = next((e for e in events if e.event_type == "callin" and e.mode == "x"), None)
        reply = callin.reply_body if callin is not None and isinstance(callin.reply_body, dict) else None
        if callin is not None and reply is None:
            reply = {}  # an empty answer to a Block callin is an invalid one
        return validate_session([e.body for e in events], cdrs, callin_reply=reply, complete=complete)

    def retry_findings(self) -> list[Finding]:
        groups: dict[tuple[str, str], list[Push]] = {}
        for p in self.all():
            groups.setdefault((p.kind, p.canonical), []).append(p)
        out: list[Finding] = []
        for (kind, _), copies in groups.items():
            x_callin = kind == "event" and copies[0].event_type == "callin" and copies[0].mode == "x"
            deliveries = [(p.kind, p.canonical, p.reply_status) for p in copies]
            if len(copies) > 1 or x_callin or copies[0].reply_status >= 300:
                out.extend(validate_retries(deliveries, x_callin=x_callin, mode=copies[0].mode))
        return out

    def all_findings(self) -> list[Finding]:
        """Per-push findings, then per-call (complete calls only), then re-push findings."""
        out = [f for p in self.all() for f in p.findings]
        for sid in self.session_ids():
            events = self.events(sid)
            if any(e.event_type == "disconnect" for e in events) or self.cdrs(sid):
                out.extend(self.session_findings(sid))
        return out + self.retry_findings()

    def render(self) -> str:
        return "\n".join(p.render() for p in self.all())


def body_summary(body: Mapping[str, Any] | Any) -> str:
    if not isinstance(body, dict):
        return "(not JSON)"
    if "statusInfo" in body:
        info = body.get("statusInfo") or {}
        extra = f" stateCode={info.get('stateCode')}" if isinstance(info, dict) and "stateCode" in info else ""
        sid = info.get("sessionId") if isinstance(info, dict) else None
        return f"{body.get('eventType')} session={sid}{extra}"
    if "feeLst" in body:
        records = body.get("feeLst") or []
        return f"fee × {len(records) if isinstance(records, list) else '?'}"
    if "smsEvent" in body:
        event = body.get("smsEvent") or {}
        return f"sms {event.get('notificationMode') if isinstance(event, dict) else '?'}"
    return str(body.get("eventType"))
