"""Steps of the call services: SMS, recordings, call stop and X-number status (00-common §6-§9).

The shared call steps (placing calls, sending messages, reading pushes) are in `steps.calls.calls`;
here are the checks of what the services' own rules say: the call-stop answer and body, the
X-status notification's transport and fields, the SMS notification's fields.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pytest_bdd import given, parsers, then, when

from pnconform.client import CALL_STOP_PATH
from steps import attribution
from steps.calls.calls import PARTY, CallScenario, awaited, party
from steps.common.context import Ctx, accepted_codes, assert_refused, check_envelope
from steps.params import expected_status, parse

MODES = {"AX": "ax", "AXB": "axb", "AXE": "axe", "AXYB": "axyb"}
SMS_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z")


def _client_of_call(ctx: Ctx, calls: CallScenario) -> Any:
    """The client of the app whose call was placed last (the AXB app when none was)."""
    mode = calls.last.get("mode") if calls.calls else None
    return ctx.client_for(mode if mode in ctx.target.apps else "axb")


# -- call stop (STOP-*) -----------------------------------------------------------------------------


@when(parsers.re(r"the app stops the call with the body (?P<body>[\[{].*[\]}])"))
def stop_call_with_body(ctx: Ctx, calls: CallScenario, body: str) -> None:
    # STOP-002 / STOP-006: the body as written, "<call>" standing for the call's sessionId.
    fields = json.loads(body.replace("<call>", calls.sid))
    ctx.last = _client_of_call(ctx, calls).request("POST", CALL_STOP_PATH, json=fields)


@when(parsers.re(rf"the (?P<mode>{'|'.join(MODES)}) app stops the call"))
def other_app_stops_call(ctx: Ctx, calls: CallScenario, mode: str) -> None:
    # CODE-1020150: a correctly signed app that is not the call's names the call.
    ctx.last = ctx.client_for(MODES[mode]).call_stop(sessionid=calls.sid, signal="call_stop")


@then("the call stop succeeds")
def call_stop_succeeds(ctx: Ctx) -> None:
    r = ctx.response
    # STOP-001/STOP-002: the call stop of a live call is served and its body accepted.
    assert r.resultcode == "0", f"the call stop of a live call was refused: {r!r}"
    # STOP-003: HTTP 200, resultcode "0", resultdesc "Success".
    desc = (r.resultdesc or "").strip().rstrip(".").casefold()
    ok = r.status == 200 and desc == "success"
    attribution.effect(ok, f"expected HTTP 200 with resultdesc Success: {r!r}", ("Success",))


@then("the call stop is accepted")
def call_stop_accepted(ctx: Ctx) -> None:
    # STOP-008: the app's mode does not matter (no 1010040).
    r = ctx.response
    assert r.resultcode == "0", f"the call stop was refused: {r!r}"


@then("the request is refused with the target's call-stop parameter code")
def refused_call_stop_parameter(ctx: Ctx) -> None:
    # STOP-006, D-25: 1020001 or 1010002 (capabilities.codes.call_stop_param).
    assert_refused(ctx.response, accepted_codes(ctx, "call_stop_param"))


# -- recording download (REC-*) ----------------------------------------------------------------------

DOWNLOAD_DEFECTS = {  # defect -> (parameter, None: left out, else its length)
    "no fileName": ("fileName", None),
    "no recordDomain": ("recordDomain", None),
    "a fileName of 129 characters": ("fileName", 129),
    "a recordDomain of 129 characters": ("recordDomain", 129),
}


@when(parsers.re(rf"the app downloads the recording of the call with (?P<defect>{'|'.join(DOWNLOAD_DEFECTS)})"))
def download_recording_defective(ctx: Ctx, calls: CallScenario, defect: str) -> None:
    # REC-001: fileName and recordDomain are required, 1-128 characters each.
    cdr = calls.cdr()
    params = {"fileName": cdr.get("recordObjectName"), "recordDomain": cdr.get("recordDomain")}
    attribution.call(all(params.values()), f"the CDR names no recording: {cdr}", ("recordObjectName",))
    field, length = DOWNLOAD_DEFECTS[defect]
    if length is None:
        del params[field]
    else:
        params[field] = "r" * (length - len(".wav")) + ".wav" if field == "fileName" else "r" * length
    ctx.last = _client_of_call(ctx, calls).record_download(**params)


# -- X-number status (XSTAT-*) ----------------------------------------------------------------------


@given(parsers.re(rf"(?P<x>{PARTY}) has become (?P<status>normal|suspended|unavailable|blacklisted|frozen)"))
def x_has_become(ctx: Ctx, calls: CallScenario, x: str, status: str) -> None:
    calls.hooks.set_number_status(party(ctx, x), status)


CAUSES = {"because it was deleted": "1", "for arrears": "2", "because it was stopped": "3"}


@when(parsers.re(rf"(?P<x>{PARTY}) becomes unavailable (?P<why>{'|'.join(CAUSES)})"))
def x_unavailable_for(ctx: Ctx, calls: CallScenario, x: str, why: str) -> None:
    calls.hooks.set_number_status(party(ctx, x), "unavailable", CAUSES[why])


@then("the bind is refused")
def bind_refused(ctx: Ctx) -> None:
    # XSTAT-005: no new binding on an X in status 9, 10 or 11; the code is undocumented
    # (1012102 is the closest), so any refusal whose HTTP status fits its code (D-1) will do.
    r = ctx.response
    check_envelope(r)
    assert r.resultcode != "0", f"the bind on an X that may take no new binding succeeded: {r!r}"
    assert r.status == expected_status(r.resultcode), f"HTTP status does not fit the code (D-1): {r!r}"


def _x_status_push(ctx: Ctx, calls: CallScenario, x: str) -> Any:
    calls.flush()
    number = party(ctx, x)
    awaited(lambda: calls.receiver.wait_for_x_status(number), "call", ("notification is sent",))
    pushes = [p for p in calls.receiver.store.all() if p.event_type == "numStatus"]
    return pushes[-1]


@then(parse('no notification that {x:Party} has status "{status:Digits}" arrives'))
def no_x_status(ctx: Ctx, calls: CallScenario, x: str, status: str) -> None:
    # XSTAT-002: sent only where the app has a call-status (or X-status) URL. (Other statuses of
    # X may still arrive: the test hooks restore the numbers of earlier scenarios.)
    calls.flush()
    number = party(ctx, x)
    got = [
        p.body
        for p in calls.receiver.store.all()
        if p.event_type == "numStatus"
        and any(i.get("number") == number and i.get("status") == status for i in p.body.get("numInfo") or [])
    ]
    attribution.call(not got, f"X-status notifications arrived: {got}", ("call status URL",))


@then(parse("the X-status notification of {x:Party} is a signed JSON POST"))
def x_status_transport(ctx: Ctx, calls: CallScenario, x: str) -> None:
    push = _x_status_push(ctx, calls, x)
    # XSTAT-003: POST, Content-Type application/json;charset=UTF-8, AKSK Authorization/X-AKSK.
    attribution.push(push.method.upper() == "POST", f"pushed with {push.method}", ("POST",))
    kind = {k.lower(): v for k, v in push.headers.items()}.get("content-type", "")
    parts = [p.strip().lower() for p in kind.split(";")]
    json_type = parts[0] == "application/json" and "charset=utf-8" in parts[1:]
    attribution.push(json_type, f"Content-Type {kind!r}", ("POST",))
    attribution.push(push.signature == "aksk", f"signature: {push.signature}", ("Authorization", "X-AKSK"))


@then(parse("the X-status notification of {x:Party} gives a cause only with status 10"))
def x_status_cause_only_with_10(ctx: Ctx, calls: CallScenario, x: str) -> None:
    push = _x_status_push(ctx, calls, x)
    # XSTAT-004: numInfo holds 1-100 items; `cause` (1, 2, 3, 5-9) only when status is 10.
    infos = push.body.get("numInfo") if isinstance(push.body, dict) else None
    attribution.push(isinstance(infos, list) and 1 <= len(infos) <= 100, f"numInfo: {push.body}", ("numInfo",))
    assert isinstance(infos, list)
    for info in infos:
        status, cause = info.get("status"), info.get("cause")
        fits = cause in ("1", "2", "3", "5", "6", "7", "8", "9") if status == "10" else cause is None
        attribution.push(fits, f"status {status} with cause {cause!r}: {push.body}", ("cause",))


@then(parse('the X-status notification of {x:Party} gives status "{status:Digits}" with cause "{cause:Digits}"'))
def x_status_with_cause(ctx: Ctx, calls: CallScenario, x: str, status: str, cause: str) -> None:
    push = _x_status_push(ctx, calls, x)
    # XSTAT-001: a change of the unavailability reason is notified (one notification per change),
    # with the new cause (XSTAT-004).
    number = party(ctx, x)
    sent = [p for p in calls.receiver.store.all() if p.event_type == "numStatus" and p.reply_status == 200]
    changes = {json.dumps(p.body, sort_keys=True) for p in sent if number in json.dumps(p.body)}
    attribution.call(len(changes) >= 2, f"{len(changes)} distinct notifications of {number}", ("notification is sent",))
    infos = push.body.get("numInfo") if isinstance(push.body, dict) else None
    info = next((i for i in infos or [] if i.get("number") == party(ctx, x)), {})
    ok = info.get("status") == status and info.get("cause") == cause
    attribution.push(ok, f"expected status {status} cause {cause}: {push.body}", ("numInfo",))


# -- SMS notifications (SMS-*) ----------------------------------------------------------------------


@when(parse("{sender:Party} sends a message of {n:Int} characters to {x:Party}"))
def send_long_sms(ctx: Ctx, calls: CallScenario, sender: str, n: int, x: str) -> None:
    calls.sms = calls.hooks.send_sms(party(ctx, sender), party(ctx, x), ("pnconform " * (n // 10 + 1))[:n])


@then(parse("the SMS notification names the message, its sender and {x:Party}"))
def sms_notification_fields(ctx: Ctx, calls: CallScenario, x: str) -> None:
    calls.flush()
    push = calls.receiver.wait_for_sms("sms", notificationMode="Notify")
    body = push.body if isinstance(push.body, dict) else {}
    event = body.get("smsEvent") if isinstance(body.get("smsEvent"), dict) else {}
    assert calls.sms is not None
    # SMS-004: appKey, smsEvent with smsIdentifier, notificationMode, calling, virtualNumber,
    # event and a UTC timeStamp; `called` once the message was forwarded.
    app_keys = {app.app_key for app in ctx.target.apps.values()}
    attribution.push(body.get("appKey") in app_keys, f"appKey: {body}", ("appKey",))
    identifier = event.get("smsIdentifier")
    ok = isinstance(identifier, str) and 1 <= len(identifier) <= 64
    attribution.push(ok, f"smsIdentifier: {body}", ("smsIdentifier",))
    attribution.push(event.get("virtualNumber") == party(ctx, x), f"virtualNumber: {body}", ("virtualNumber",))
    calling = event.get("calling")
    real = isinstance(calling, str) and re.fullmatch(r"\+\d{6,31}", calling) and calling != party(ctx, x)
    attribution.push(real, f"calling is not the real sender: {body}", ("calling",))
    attribution.push(isinstance(event.get("event"), str) and event["event"], f"event: {body}", ("event",))
    stamp = event.get("timeStamp")
    attribution.push(isinstance(stamp, str) and SMS_TIME.fullmatch(stamp), f"timeStamp: {body}", ("timeStamp",))
    forwarded = calls.sms.get("forwarded")
    if forwarded:
        attribution.push(event.get("called") == forwarded["to"], f"called: {body}", ("called",))
