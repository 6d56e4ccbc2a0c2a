"""Steps of the call-event and CDR features about how the platform pushes (50-events-cdr-codes §1-§2).

The receiver's validators check every push after the scenario; these steps assert, for the call
of the scenario, what a clause of an EVT-/CDR- rule says, so that the rule's scenario runs a check
of it (method, URL, headers, body shape, number format, CDR times, merged CDR pushes) and the
X-mode Block `callin` (XM-002, XM-004). Each check names its subject: a failure blames the tagged
rule that speaks of it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pytest_bdd import then

from pnconform.receiver.store import Push
from steps import attribution
from steps.calls.calls import TIME_FORMAT, CallScenario, awaited
from steps.common.context import Ctx

POSTED = ("POST", "POSTs")  # EVT-001, CDR-001, GEN-011 ("HTTP POSTs")
CALL_EVENTS = ("callin", "collectInfo", "callout", "alerting", "answer", "disconnect")  # EVT-010
CDR_TIMES = ("callInTime", "fwdStartTime", "fwdAlertingTime", "fwdAnswerTime", "callEndTime")  # CDR-021
GLOBAL = re.compile(r"^\+\d{5,31}$")  # EVT-013


def _call_events(calls: CallScenario) -> list[Push]:
    """Every delivery of the scenario's call's events (its disconnect has arrived)."""
    calls.event_types()
    return [p for p in calls.receiver.store.all("event") if p.session_id == calls.sid]


def _fee_pushes(calls: CallScenario) -> list[Push]:
    """Every delivery of a CDR push that holds the scenario's call's CDR."""
    awaited(calls.cdr, "push", ("CDR",))
    return calls.copies("fee", calls.sid)


def _time(value: Any) -> datetime | None:
    """A CDR time, None when absent or not in the documented form (CDR-008 is the validators')."""
    try:
        return datetime.strptime(value, TIME_FORMAT) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _content_type(push: Push) -> str:
    return next((v for k, v in push.headers.items() if k.lower() == "content-type"), "")


def _json_utf8(push: Push) -> bool:
    parts = [p.strip().lower() for p in _content_type(push).split(";")]
    return parts[0] == "application/json" and "charset=utf-8" in parts[1:]


def _all(pushes: Iterable[Push], good: Any, what: str, subject: tuple[str, ...]) -> None:
    bad = [f"#{p.seq} {p.event_type}: {what(p)}" for p in pushes if not good(p)]
    attribution.push(not bad, "; ".join(bad), subject)


# -- call events ---------------------------------------------------------------------------------


@then("every event of the call was POSTed to the app's call-status URL")
def events_posted(calls: CallScenario) -> None:
    # EVT-001: POST only, to the configured call-status URL (the receiver's event path).
    pushes = _call_events(calls)
    _all(pushes, lambda p: p.method.upper() == "POST" and p.kind == "event", lambda p: f"{p.method} {p.path}", POSTED)


@then("every event of the call was sent as application/json;charset=UTF-8")
def events_json_utf8(calls: CallScenario) -> None:
    _all(_call_events(calls), _json_utf8, lambda p: f"Content-Type {_content_type(p)!r}", ("Content-Type",))  # EVT-004


@then("every event of the call carries a valid AKSK signature of the app")
def events_signed(calls: CallScenario) -> None:
    # EVT-005, AUTH-014: Authorization AKSK and X-AKSK, verified with the app's secret.
    signed = ("AKSK", "X-AKSK")
    _all(_call_events(calls), lambda p: p.signature == "aksk", lambda p: f"signature {p.signature}", signed)


@then("every event of the call is a JSON object with eventType and statusInfo")
def events_shaped(calls: CallScenario) -> None:
    # EVT-007. Read without the sessionId: a body of another shape hides it.
    calls.flush()
    awaited(
        lambda: calls.receiver.wait_for(
            lambda p: p.kind == "event" and isinstance(p.body, dict) and p.body.get("eventType") == "disconnect",
            what="a disconnect event",
        ),
        "push",
        ("statusInfo",),
    )
    pushes = [p for p in calls.receiver.store.all("event") if p.event_type != "numStatus"]

    def shaped(p: Push) -> bool:
        body = p.body
        return (
            isinstance(body, dict)
            and isinstance(body.get("eventType"), str)
            and isinstance(body.get("statusInfo"), dict)
        )

    _all(pushes, shaped, lambda p: p.body_text[:200], ("statusInfo",))


@then("only call events arrive at the call-status URL")
def only_call_events(calls: CallScenario) -> None:
    # EVT-010: callin, collectInfo, callout, alerting, answer, disconnect; a CDR (fee) never comes here.
    _call_events(calls)
    calls.flush()
    pushes = [p for p in calls.receiver.store.all("event") if p.event_type != "numStatus"]
    _all(pushes, lambda p: p.event_type in CALL_EVENTS, lambda p: f"eventType {p.event_type!r}", ("eventType",))


@then("every number in the events of the call is in global format")
def event_numbers_global(calls: CallScenario) -> None:
    # EVT-013: caller and called with + and the country code.
    def numbers(p: Push) -> list[Any]:
        return [p.status_info[k] for k in ("caller", "called") if p.status_info.get(k) not in (None, "")]

    _all(
        _call_events(calls),
        lambda p: all(isinstance(n, str) and GLOBAL.match(n) for n in numbers(p)),
        lambda p: f"numbers {numbers(p)}",
        ("global format", "+86"),  # EVT-013 and NUM-008 (callback numbers in global +86... format)
    )


# -- CDRs -------------------------------------------------------------------------------------------


@then("the CDR of the call was POSTed to the app's CDR URL")
def cdr_posted(calls: CallScenario) -> None:
    # CDR-001: POST only, to the configured CDR URL (the receiver's fee path).
    pushes = _fee_pushes(calls)
    _all(pushes, lambda p: p.method.upper() == "POST" and p.kind == "fee", lambda p: f"{p.method} {p.path}", POSTED)


@then("the CDR of the call was sent as application/json;charset=UTF-8 with a valid AKSK signature of the app")
def cdr_json_signed(calls: CallScenario) -> None:
    # CDR-002: the same Content-Type and AKSK headers as call events.
    pushes = _fee_pushes(calls)
    _all(pushes, _json_utf8, lambda p: f"Content-Type {_content_type(p)!r}", ("Content-Type",))
    _all(pushes, lambda p: p.signature == "aksk", lambda p: f"signature {p.signature}", ("AKSK",))


@then("the CDR of the call carries direction, spId, appKey, sessionId and callerNum")
def cdr_required_fields(calls: CallScenario) -> None:
    # CDR-020: the fields every CDR record carries.
    cdr = awaited(calls.cdr, "push", ("CDR",))
    missing = [k for k in ("direction", "spId", "appKey", "sessionId", "callerNum") if cdr.get(k) in (None, "")]
    attribution.push(not missing, f"the CDR lacks {missing}: {cdr}", tuple(missing))


@then("no CDR arrives")
def no_cdr(calls: CallScenario) -> None:
    # CDR-001: no CDR URL, no CDR push.
    calls.flush()
    got = calls.receiver.store.all("fee")
    attribution.push(not got, f"CDRs arrived: {[p.body for p in got]}", ("CDR URL",))


@then("the CDR of the call has a fwdAnswerTime and gives its times in call order")
def cdr_times_in_order(calls: CallScenario) -> None:
    # CDR-021: callInTime <= fwdStartTime <= fwdAlertingTime <= fwdAnswerTime <= callEndTime.
    cdr = awaited(calls.cdr, "push", ("CDR",))
    attribution.push(bool(cdr.get("fwdAnswerTime")), f"no fwdAnswerTime: {cdr}", ("fwdAnswerTime",))
    times = [(k, t) for k in CDR_TIMES if (t := _time(cdr.get(k))) is not None]
    in_order = all(t1 <= t2 for (_, t1), (_, t2) in itertools.pairwise(times))
    attribution.push(in_order, f"CDR times out of call order: {[(k, cdr[k]) for k, _ in times]}", ("fwdAnswerTime",))


@then("the CDRs of the scenario's calls arrive in one push, each naming its own binding")
def merged_own_bindings(ctx: Ctx, calls: CallScenario) -> None:
    # CDR-023: the records of a merged push are independent, of different calls and bindings.
    sids = [c["sessionId"] for c in calls.calls]
    records = [awaited(lambda s=sid: calls.cdr(s), "push", ("CDR",)) for sid in sids]
    pushes = {p.seq for p in calls.receiver.store.all("fee") for r in p.cdrs if r.get("sessionId") in sids}
    attribution.push(len(pushes) == 1, f"the CDRs of {len(sids)} calls came in {len(pushes)} pushes", ("merged",))
    by_x = {b.relation_num: b.subscription_id for b in ctx.bindings.values()}
    wrong = [
        (r.get("calleeNum"), r.get("subscriptionId"))
        for r in records
        if r.get("subscriptionId") != by_x.get(r.get("calleeNum"))
    ]
    attribution.push(not wrong, f"CDRs name another call's binding (X, subscriptionId): {wrong}", ("bindings",))


# -- X mode: the Block callin ------------------------------------------------------------------------


@then("the app was asked about the call before it was routed")
def callin_asked_first(calls: CallScenario) -> None:
    # XM-002: the Block callin went to the call-status URL, was answered, and the callout followed it.
    awaited(lambda: calls.event("callout"), "call", ("callin",))
    pushes = calls.copies("event", calls.sid)
    callin = next((p for p in pushes if p.event_type == "callin"), None)
    out = next((p for p in pushes if p.event_type == "callout"), None)
    attribution.call(callin is not None and callin.reply_body is not None, "no answered callin", ("callin",))
    assert callin is not None and out is not None
    attribution.call(callin.seq < out.seq, f"callout #{out.seq} before the callin #{callin.seq}", ("callin",))


@then("the call was forwarded to nobody")
def forwarded_to_nobody(calls: CallScenario) -> None:
    # XM-004: a close answer ends the call without a callout.
    types = calls.event_types()
    forwarded = [t for t in types if t in ("callout", "alerting", "answer")]
    attribution.call(not forwarded, f"the call was forwarded: events {types}")
    cdr = awaited(calls.cdr, "call")
    attribution.call(not cdr.get("fwdDstNum"), f"the CDR names a forwarded callee: {cdr}")
