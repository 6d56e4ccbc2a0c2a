"""Per-emulator call simulator state: live and ended calls, AXE callback records, recordings,
and the pusher. ``place_call`` routes a call, builds its timeline on the emulator clock and
queues its events and CDR; ``hang_up`` / ``stop`` end an ongoing call.

Timeline of a call with a finite talk time: it is simulated as having just ended, so every
timestamp is <= the emulator clock (callin, +1 s alerting, +2 s answer, + talk time = now).
An ongoing call is answered at once and ends when hung up, stopped or when ``maxDuration``
runs out on the emulator clock (checked at every clock advance).
"""

from __future__ import annotations

import itertools
import secrets
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..clock import format_utc
from . import records, routing
from .faults import (
    CALL_IGNORE_MAX_DURATION,
    CALL_UNBIND_ENDS_CALL,
    PUSH_CDR_SESSION_MISMATCH,
    PUSH_EVENTS_OUT_OF_ORDER,
    PUSH_NO_CDR_FOR_FAILED,
    PUSH_NO_X_STATUS,
    PUSH_X_STATUS_WRONG_URL,
    REC_NO_RETENTION,
    XSTAT_CAUSE_ALWAYS,
    XSTAT_NO_RETRY,
)
from .model import Call, CallRequest, ModeCalls
from .outcomes import outcome as outcome_of
from .push import Pusher

if TYPE_CHECKING:
    from ..state import AppRuntime, EmulatorState

RING_S = 2  # callin -> answer of an answered call
MIN_RECORD_S = 3  # REC-007: shorter calls are not recorded

# X-number status hook values -> XSTAT-004 (status, cause). "blacklisted" reads as "stopped".
X_STATUS_CODES: dict[str, tuple[str, str | None]] = {
    "normal": ("5", None),
    "suspended": ("9", None),
    "unavailable": ("10", "3"),
    "blacklisted": ("10", "3"),
    "frozen": ("11", None),
}


class CallRuntime:
    def __init__(self, state: EmulatorState, modes: Mapping[str, ModeCalls]) -> None:
        self.state = state
        self.modes = modes  # each mode's routing and SMS rules (modes/<mode>/routing.py, sms.py)
        self.pusher = Pusher(state)
        self._seq = itertools.count(1)
        self.reset()

    def reset(self) -> None:
        self.calls: dict[str, Call] = {}
        self.callback_records: dict[tuple[str, str], tuple[str, float]] = {}  # (X, A) -> (last caller, time)
        self.recordings: dict[tuple[str, str], tuple[str, float]] = {}  # (domain, name) -> (app_key, kept from)
        self.downloads: dict[str, tuple[str, float]] = {}  # Location token -> (file name, valid until)
        self.sms: list[dict[str, Any]] = []
        self.pusher.reset()

    # -- helpers ---------------------------------------------------------------------------------

    def _session_id(self, now: float) -> str:
        stamp = format_utc(now).replace("-", "").replace(" ", "").replace(":", "")
        return f"{next(self._seq)}_{secrets.randbelow(10000)}_{secrets.randbelow(2**32)}_{stamp}@{records.HOST_NAME}"

    def url(self, app: AppRuntime | None, key: str) -> str | None:
        return None if app is None else app.callback_urls.get(key)

    def event(self, call: Call, kind: str, ts: float, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        call.events.append(kind)
        return records.event(self.state, call, kind, ts, extra)

    # -- calls -------------------------------------------------------------------------------------

    async def place_call(self, req: CallRequest) -> dict[str, Any]:
        state = self.state
        with state.lock:
            route = routing.route(state, self.modes, req, self.callback_records)
            now = state.clock.now()
        # A finite answered call is simulated as having just ended: it started talk + ring ago.
        condition = None if req.behaviour == "answer" else outcome_of(req.behaviour)
        start = now - req.talk_s - RING_S if condition is None and req.talk_s is not None else now
        app = state.apps.get(route.app_key) if route.app_key else None
        call = Call(self._session_id(start), uuid.uuid4().hex, req, route, call_in=start)
        pending: list[dict[str, Any]] = []
        ask = self.modes[route.mode].ask if route.mode else None
        if ask is not None and route.outcome is None:
            await ask(self, call, app)  # X mode: the Block callin; sets the callee or an outcome
        else:
            pending.append(self.event(call, "callin", start))
        if route.outcome is None and condition is not None and condition.stage == "refused":
            # A platform condition that rejects the call before forwarding (EVT-042: callin, disconnect).
            route.outcome, route.callee, route.display = condition.name, None, None
        if route.collect:
            pending.append(self.event(call, "collectInfo", start, {"digitInfo": req.digits or ""}))
        if route.outcome is not None:
            self._end(call, route.outcome, start, pending)
        else:
            self._forward(call, start, now, pending)
        return self.summary(call)

    def _forward(self, call: Call, start: float, now: float, pending: list[dict[str, Any]]) -> None:
        req, route = call.request, call.route
        faults = self.state.faults
        if route.on_connect is not None:
            with self.state.lock:
                route.on_connect(start)
        behaviour = req.behaviour
        call.fwd_start = start
        condition = None if behaviour == "answer" else outcome_of(behaviour)
        if condition is not None:  # the callee's leg fails (outcomes.STAGES)
            pending.append(self.event(call, "callout", start))
            if condition.stage == "ringing":
                call.alerting = start
                pending.append(self.event(call, "alerting", start))
            self._end(call, condition.name, start, pending)
            return
        ongoing = req.talk_s is None
        call.alerting = start if ongoing else start + 1
        call.answer = start if ongoing else start + RING_S
        ordered = [("callout", call.fwd_start), ("alerting", call.alerting), ("answer", call.answer)]
        if PUSH_EVENTS_OUT_OF_ORDER in faults:
            ordered = [ordered[2], ordered[0], ordered[1]]
        pending.extend(self.event(call, kind, ts) for kind, ts in ordered)
        if ongoing:  # until hung up, stopped, or maxDuration runs out
            with self.state.lock:
                self.calls[call.session_id] = call
            self._queue(call, pending)
            return
        cap = route.max_duration_min * 60 if CALL_IGNORE_MAX_DURATION not in faults else 0
        if cap and now - call.answer > cap:
            self._end(call, "max_duration", call.answer + cap, pending)  # 8010
            return
        call.rel_direction = 1 if req.hangup_by == "caller" else 2
        self._end(call, "normal", now, pending)

    def _end(self, call: Call, outcome: str, end: float, pending: list[dict[str, Any]]) -> None:
        """Finish the call: disconnect event, recording, CDR; queue everything and kick delivery."""
        state = self.state
        call.end, call.outcome = end, outcome
        if call.route.record and call.answer is not None and end - call.answer >= MIN_RECORD_S:
            call.record_name = f"{call.icid}.wav"
            with state.lock:
                self.recordings[(records.RECORD_DOMAIN, call.record_name)] = (call.route.app_key or "", end)
        pending.append(self.event(call, "disconnect", end))
        with state.lock:
            self.calls[call.session_id] = call
        self._queue(call, pending)
        if call.answer is None and PUSH_NO_CDR_FOR_FAILED in state.faults:
            return
        sid = call.session_id + "-cdr" if PUSH_CDR_SESSION_MISMATCH in state.faults else None
        app = state.apps.get(call.route.app_key) if call.route.app_key else None
        self.pusher.queue_fee(app.app_key if app else "", self.url(app, "fee_url"), records.fee_info(state, call, sid))
        self.pusher.kick()

    def _queue(self, call: Call, pending: list[dict[str, Any]]) -> None:
        app = self.state.apps.get(call.route.app_key) if call.route.app_key else None
        if app is None:
            return  # a number of no app: nobody to tell
        url = self.url(app, "call_event_url")
        for body in pending:
            self.pusher.queue("event", app.app_key, url, body)
        self.pusher.kick()

    def summary(self, call: Call) -> dict[str, Any]:
        route = call.route
        codes = records.reported(self.state, call) if call.outcome else None
        return {
            "sessionId": call.session_id,
            "mode": route.mode,
            "app_key": route.app_key,
            "ongoing": call.ongoing,
            # routed to a callee who answered (a condition may fail the forwarded leg: outcomes.STAGES)
            "connected": route.callee is not None and route.outcome is None and call.answer is not None,
            "callee": route.callee if route.outcome is None else None,
            "display": route.display if route.outcome is None else None,
            "subscriptionId": route.subscription_id,
            "direction": route.direction,
            "stateCode": None if codes is None else codes[0],  # as the pushes report them (records.reported)
            "ulFailReason": None if codes is None else codes[1],
            "fwdUnaswRsn": None if codes is None else codes[2],
            "recordObjectName": call.record_name,
            "events": list(call.events),
        }

    def ongoing(self, session_id: str) -> Call | None:
        call = self.calls.get(session_id)
        return call if call is not None and call.ongoing else None

    def ongoing_on(self, dialled: str) -> Call | None:
        """The first ongoing call to ``dialled`` (X mode: the ``xmode.shared_answer`` fault)."""
        with self.state.lock:
            return next((c for c in self.calls.values() if c.ongoing and c.request.dialled == dialled), None)

    def _unbound(self, call: Call) -> bool:
        """Whether the binding the call was routed over is gone (the ``call.unbind_ends_call`` fault)."""
        store = getattr(self.state, call.route.mode or "", None)
        sid = call.route.subscription_id
        return bool(sid) and store is not None and hasattr(store, "get") and store.get(sid) is None

    def hang_up(self, call: Call, by: str | None) -> dict[str, Any]:
        """End an ongoing call now (or at its maxDuration if that ran out first)."""
        now = self.state.clock.now()
        cap = call.route.max_duration_min * 60 if CALL_IGNORE_MAX_DURATION not in self.state.faults else 0
        if cap and call.answer is not None and now - call.answer > cap:
            self._end(call, "max_duration", call.answer + cap, [])
        else:
            call.rel_direction = {"caller": 1, "callee": 2}.get(by or "")
            self._end(call, "normal", now, [])
        return self.summary(call)

    def reap(self) -> None:
        """End ongoing calls whose maxDuration ran out on the emulator clock (AXB-086, XM-006)."""
        now = self.state.clock.now()
        for call in [c for c in self.calls.values() if c.ongoing]:
            if CALL_UNBIND_ENDS_CALL in self.state.faults and self._unbound(call):
                self._end(call, "normal", now, [])  # breaks AX-109 / AXE-033: an unbind lets the call go on
                continue
            if CALL_IGNORE_MAX_DURATION in self.state.faults:
                continue
            cap = call.route.max_duration_min * 60
            if cap and call.answer is not None and now - call.answer >= cap:
                self._end(call, "max_duration", call.answer + cap, [])

    def after_clock_advance(self) -> None:
        self.reap()
        self.pusher.kick()

    # -- recordings ----------------------------------------------------------------------------------

    def recording(self, domain: str, name: str, app_key: str) -> bool:
        """Whether the app's recording exists and is within its retention (REC-004, D-16)."""
        found = self.recordings.get((domain, name))
        if found is None or found[0] != app_key:
            return False
        if REC_NO_RETENTION in self.state.faults:
            return True
        return self.state.clock.now() < found[1] + self.state.settings["record_retention_s"]

    # -- X-number status -------------------------------------------------------------------------------

    def x_status_changed(self, number: str, old: str, new: str, cause: str | None = None) -> None:
        """XSTAT-001: push ``numStatus`` to the owner app's X-status URL, else its call-status URL."""
        if (old == new and cause is None) or PUSH_NO_X_STATUS in self.state.faults:
            return
        owner = self.state.x_owner.get(number)
        if owner is None:
            return
        app = owner[0]
        status, default_cause = X_STATUS_CODES[new]
        info: dict[str, Any] = {"number": number, "status": status}
        if status == "10" or XSTAT_CAUSE_ALWAYS in self.state.faults:
            info["cause"] = cause or default_cause or "3"  # XSTAT-004: a cause only with status 10
        url = self.url(app, "x_status_url") or self.url(app, "call_event_url")
        if PUSH_X_STATUS_WRONG_URL in self.state.faults:
            url = self.url(app, "call_event_url")
        body = {"eventType": "numStatus", "numInfo": [info]}
        retry = XSTAT_NO_RETRY not in self.state.faults  # XSTAT-006: re-pushed like the other notifications
        self.pusher.queue("x_status", app.app_key, url, body, retry=retry)
        self.pusher.kick()
