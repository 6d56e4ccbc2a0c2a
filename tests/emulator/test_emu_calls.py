"""Behaviour of the call and message simulator: routing per mode, events and CDRs, pushes over
real HTTP with re-pushes on the emulator clock, call stop, recordings, SMS, X mode, X status."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterator
from typing import Any

import pytest
from calls_helpers import AXE_X, RX, XM_X, CallsApi
from emu_helpers import X1, AsgiClient

from pnconform.emulator import builtin_config, create_app
from pnconform.emulator.config import config_from_dict

AX_X = "+8617020000001"
TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")

pytestmark = pytest.mark.xdist_group("calls-receiver")


@pytest.fixture
def calls() -> Iterator[CallsApi]:
    client = AsgiClient(create_app(builtin_config()))
    yield CallsApi(client)
    client.close()


def _pair(api: CallsApi, **extra: Any) -> tuple[str, str, str]:
    body = api.pair(X1, **extra)
    return body["callerNum"], body["calleeNum"], body["subscriptionId"]


# -- AXB: events, CDR, signature -------------------------------------------------------------------


def test_axb_answered_call_events_and_cdr(calls):
    a, b, sid = _pair(calls, userData="u1")
    out = calls.call(a, X1, talk_s=30)
    assert out["connected"] and out["callee"] == b and out["display"] == X1 and out["stateCode"] == 0
    calls.flush()
    events = RX.events()
    assert [e["eventType"] for e in events] == ["callin", "callout", "alerting", "answer", "disconnect"]
    assert {e["statusInfo"]["sessionId"] for e in events} == {out["sessionId"]}
    assert all(TIME.fullmatch(e["statusInfo"]["timestamp"]) for e in events)
    assert all(e["statusInfo"]["subscriptionId"] == sid and e["statusInfo"]["userData"] == "u1" for e in events)
    assert [("stateCode" in e["statusInfo"]) for e in events] == [False] * 4 + [True]
    assert events[-1]["statusInfo"]["stateCode"] == 0
    (fee,) = RX.fees()
    assert fee["sessionId"] == out["sessionId"] and fee["direction"] == 1 and fee["appKey"] == "emu-axb-app"
    assert (fee["callerNum"], fee["calleeNum"], fee["fwdDstNum"], fee["fwdDisplayNum"]) == (a, X1, b, X1)
    assert fee["fwdUnaswRsn"] == 0 and fee["ulFailReason"] == 0 and fee["callDuration"] == 30
    assert fee["callEndTime"] >= fee["fwdAnswerTime"] >= fee["fwdAlertingTime"] >= fee["fwdStartTime"]
    assert fee["fwdStartTime"] >= fee["callInTime"] and "serviceType" not in fee and fee["userData"] == "u1"
    assert RX.got("/fee")[0]["body"]["eventType"] == "fee"


def test_pushes_are_signed_with_the_app_secret(calls):
    a, _, _ = _pair(calls)
    calls.call(a, X1)
    calls.flush()
    headers = RX.got("/events")[0]["headers"]
    assert headers["Authorization"] == 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"'
    assert headers["Content-Type"] == "application/json;charset=UTF-8"
    parts = dict(re.findall(r'(\w+)="([^"]*)"', headers["X-AKSK"]))
    expected = hmac.new(b"emu-axb-secret", (parts["Nonce"] + parts["Created"]).encode(), hashlib.sha256).digest()
    assert parts["Username"] == "emu-axb-app" and parts["PasswordDigest"] == base64.b64encode(expected).decode()


@pytest.mark.parametrize(
    ("behaviour", "events", "code", "q850", "ul"),
    [
        ("busy", ["callin", "callout", "disconnect"], 8102, 17, 8102),
        ("no_answer", ["callin", "callout", "alerting", "disconnect"], 8101, 19, 8101),
        ("reject", ["callin", "callout", "alerting", "disconnect"], 7503, 21, 7503),
        ("unreachable", ["callin", "callout", "disconnect"], 8104, 20, 8104),
        ("caller_hangup", ["callin", "callout", "disconnect"], 7501, 16, 7501),
    ],
)
def test_failed_calls(calls, behaviour, events, code, q850, ul):
    a, _, _ = _pair(calls)
    out = calls.call(a, X1, behaviour=behaviour)
    assert out["events"] == events and out["stateCode"] == code
    (fee,) = (calls.flush(), RX.fees())[1]
    assert (fee["fwdUnaswRsn"], fee["ulFailReason"]) == (q850, ul)
    assert "fwdAnswerTime" not in fee and TIME.fullmatch(fee["failTime"])


def test_axb_routing_rules(calls):
    a, b, _ = _pair(calls, callDirection=2)
    assert calls.call(a, X1)["stateCode"] == 8016  # AXB-084
    back = calls.call(b, X1)
    assert back["callee"] == a and back["direction"] == 0  # AXB-081
    stranger = calls.call(calls.user(), X1)
    assert stranger["stateCode"] == 8014 and stranger["events"] == ["callin", "disconnect"]  # AXB-082
    calls.flush()
    assert RX.fees()[-1]["subscriptionId"] == "" and RX.fees()[-1]["direction"] == 2


def test_no_urls_no_pushes(calls):
    calls.hook("POST", "/apps/callbacks", json={"app_key": "emu-axb-app", "call_event_url": None, "fee_url": None})
    a, _, _ = _pair(calls)
    calls.call(a, X1)
    calls.flush()
    assert RX.requests == [] and calls.pushes() == []


def test_unknown_number_and_unavailable_x(calls):
    assert calls.call(calls.user(), "+8617099999999")["stateCode"] == 8025
    a, _, _ = _pair(calls)
    calls.hook("POST", "/numbers/status", json={"number": X1, "status": "suspended"})
    assert calls.call(a, X1)["stateCode"] == 8055


# -- pushes: re-push schedule, merging -------------------------------------------------------------


def test_repush_schedule_and_give_up(calls):
    RX.replies["/events"] = (503, None)
    a, _, _ = _pair(calls)
    calls.hook("POST", "/apps/callbacks", json={"app_key": "emu-axb-app", "fee_url": None})
    calls.call(a, X1, behaviour="busy")  # 3 events
    calls.flush()
    calls.advance(24 * 3600)
    calls.flush()
    pushes = calls.pushes("event")
    assert len(pushes) == 3 and all(p["state"] == "failed" and len(p["attempts"]) == 7 for p in pushes)
    times = [
        int(t["time"][11:13]) * 3600 + int(t["time"][14:16]) * 60 + int(t["time"][17:]) for t in pushes[0]["attempts"]
    ]
    offsets = [((t - times[0]) % 86400) // 60 for t in times[1:]]
    assert offsets == [1, 4, 9, 106, 203, 300]
    assert all(t["status"] == 503 and not t["ok"] for t in pushes[0]["attempts"])


def test_repush_stops_at_first_success(calls):
    RX.replies["/events"] = (500, None)
    a, _, _ = _pair(calls)
    calls.call(a, X1, behaviour="busy")
    calls.flush()
    RX.replies["/events"] = (200, None)
    calls.advance(59)
    assert calls.flush()["attempted"] == 0
    calls.advance(2)
    calls.flush()
    assert all(p["state"] == "delivered" and len(p["attempts"]) == 2 for p in calls.pushes("event"))


def test_connection_error_is_retried(calls):
    calls.hook("POST", "/apps/callbacks", json={"app_key": "emu-axb-app", "call_event_url": "http://127.0.0.1:9/x"})
    a, _, _ = _pair(calls)
    calls.call(a, X1)
    calls.flush()
    push = calls.pushes("event")[0]
    assert push["state"] == "pending" and push["attempts"][0]["error"] and push["next_due"]


def test_cdrs_of_calls_ending_together_are_merged(calls):
    calls.settings(push_auto=False)
    a, _, _ = _pair(calls)
    sessions = [calls.call(a, X1)["sessionId"] for _ in range(3)]
    assert calls.hook("GET", "/pushes")["waiting_cdrs"] == 3
    calls.flush()
    (push,) = RX.got("/fee")
    assert [f["sessionId"] for f in push["body"]["feeLst"]] == sessions


# -- ongoing calls, hang-up, call stop, maxDuration, unbind during a call --------------------------


def test_ongoing_call_hangup_and_unbind_during_call(calls):
    a, _, sid = _pair(calls)
    out = calls.call(a, X1, talk_s=None)
    assert out["ongoing"] and out["events"] == ["callin", "callout", "alerting", "answer"]
    assert calls.unbind(subscriptionId=sid).json()["resultcode"] == "0"
    calls.advance(20)
    ended = calls.hook("POST", "/calls/hangup", json={"sessionId": out["sessionId"], "by": "callee"})
    assert not ended["ongoing"] and ended["stateCode"] == 0  # AXB-103: the call went on
    calls.flush()
    assert RX.fees()[0]["callDuration"] == 20
    assert calls.call(a, X1)["stateCode"] == 8014  # the next call fails
    r = calls.client.post("/_emulator/calls/hangup", json={"sessionId": out["sessionId"]})
    assert r.status_code == 400


def test_max_duration_cuts_an_ongoing_call_on_the_clock(calls):
    a, _, _ = _pair(calls, maxDuration=1)
    session = calls.call(a, X1, talk_s=None)["sessionId"]
    calls.advance(61)
    calls.flush()
    (fee,) = RX.fees()
    assert fee["sessionId"] == session and fee["callDuration"] == 60
    assert RX.events()[-1]["statusInfo"]["stateCode"] == 8010


def test_call_stop(calls):
    a, _, _ = _pair(calls)
    session = calls.call(a, X1, talk_s=None)["sessionId"]
    assert calls.stop(session, mode="ax").json()["resultcode"] == "1020150"  # another app's call (CODE-1020150)
    r = calls.stop(session)
    assert (r.status_code, r.json()["resultcode"]) == (200, "0")
    calls.flush()
    assert RX.events()[-1]["eventType"] == "disconnect" and len(RX.fees()) == 1
    assert calls.stop(session).json()["resultcode"] == "1020152"  # finished
    assert calls.stop(session, signal="stop").json()["resultcode"] == "1020001"  # STOP-006, D-25
    r = calls.signed("axb").request("POST", "/rest/httpsessions/callStop/v2.0", json={"signal": "call_stop"})
    assert r.json()["resultcode"] == "1020001"


# -- recordings ------------------------------------------------------------------------------------


def test_recording_download(calls):
    a, _, _ = _pair(calls, recordFlag=True)
    assert calls.call(a, X1, talk_s=2)["recordObjectName"] is None  # REC-007: < 3 s
    name = calls.call(a, X1, talk_s=30)["recordObjectName"]
    calls.flush()
    fee = RX.fees()[-1]
    assert fee["recordFlag"] == 1 and fee["recordObjectName"] == name and TIME.fullmatch(fee["recordStartTime"])
    r = calls.download(name, fee["recordDomain"])
    location = r.headers["location"]
    assert r.status_code == 301 and location.startswith("http://emulator/recordings/")  # served by us
    audio = calls.client.get(location)  # REC-003: no AKSK, the bytes of a WAV file
    assert audio.status_code == 200 and audio.content[:4] == b"RIFF" and audio.headers["content-type"] == "audio/wav"
    assert calls.client.get(location.replace("token=", "token=0")).status_code == 403  # a token it never gave
    assert calls.download("nope.wav").json()["resultcode"] == "1012007"
    assert calls.download(name, mode="ax").json()["resultcode"] == "1012007"  # another app's
    assert calls.signed("axb").request("GET", "/rest/provision/voice/record/v1.0").json()["resultcode"] == "1010002"
    calls.advance(3 * 86400 + 10)
    assert calls.client.get(location).status_code == 403  # REC-005: the URL lived 3 days
    calls.advance(4 * 86400 - 20)
    assert calls.download(name).status_code == 301
    calls.advance(11)
    assert calls.download(name).json()["resultcode"] == "1012007"


# -- AX, AXE, AXYB ---------------------------------------------------------------------------------


def test_ax_routing(calls):
    a, sid = calls.ax_bind(userData="bind")
    assert calls.call(a, AX_X)["stateCode"] == 8013
    b = calls.user()
    calls.set_callee(sid, b, userData="tc")
    first = calls.call(a, AX_X)
    assert first["callee"] == b and first["display"] == AX_X and first["direction"] == 1
    assert calls.call(a, AX_X)["callee"] == b  # D-29: reusable within its duration
    c = calls.user()
    other = calls.call(c, AX_X)
    assert other["callee"] == a and other["direction"] == 0
    calls.flush()
    assert {f["serviceType"] for f in RX.fees()} == {"003"}
    assert RX.events()[0]["statusInfo"]["userData"] == "bind"
    assert [f.get("userData") for f in RX.fees()][1] == "tc"
    none = calls.call(c, "+8617020000002")
    assert (none["stateCode"], none["ulFailReason"]) == (8018, 7104)


def test_axe_routing(calls):
    a, ext = calls.axe_bind()
    assert calls.call(a, AXE_X)["stateCode"] == 8019  # no callback record
    b = calls.user()
    out = calls.call(b, AXE_X, digits=ext)
    assert out["callee"] == a and out["events"][:2] == ["callin", "collectInfo"]
    assert calls.call(a, AXE_X)["callee"] == b  # AXE-028
    assert calls.call(b, AXE_X, digits="")["stateCode"] == 8033
    assert calls.call(b, AXE_X, behaviour="caller_hangup")["stateCode"] == 7516
    calls.flush()
    collect = next(e for e in RX.events() if e["eventType"] == "collectInfo")
    assert collect["statusInfo"]["digitInfo"] == ext
    assert RX.fees()[1]["extendNum"] == ext
    a2, _ = calls.axe_bind(callbackNum="+8613900000077")
    assert calls.call(a2, AXE_X)["callee"] == "+8613900000077"  # AXE-031


def test_axyb_routing(calls):
    a, x = calls.axyb_bind()
    b = calls.user()
    to_a = calls.call(b, x)
    y = to_a["display"]
    assert to_a["callee"] == a and y != x  # AXYB-009/012: auto-Y, A sees Y
    to_b = calls.call(a, y)
    assert to_b["callee"] == b and to_b["display"] == x  # AXYB-010
    assert calls.call(a, x)["stateCode"] == 8032
    assert calls.call(calls.user(), y)["stateCode"] == 8030


# -- X mode ----------------------------------------------------------------------------------------


def test_x_mode_connect_close_invalid(calls):
    reply = {"operation": "connect", "connectInfo": {"calleeNum": "+8613900000009", "maxDuration": 1}}
    RX.replies["/events"] = (200, {**reply, "connectInfo": {**reply["connectInfo"], "userData": "xu"}})
    out = calls.call(calls.user(), XM_X, talk_s=90, hangup_by="callee")
    assert out["callee"] == "+8613900000009" and out["display"] == XM_X and out["stateCode"] == 8010
    RX.replies["/events"] = (200, {"operation": "close"})
    assert calls.call(calls.user(), XM_X)["events"] == ["callin", "disconnect"]
    RX.replies["/events"] = (200, {"operation": "connect", "connectInfo": {}})
    assert calls.call(calls.user(), XM_X)["stateCode"] == 8014
    RX.replies["/events"] = (500, None)
    assert calls.call(calls.user(), XM_X)["stateCode"] == 8014
    assert calls.call("+8675528000001", XM_X)["stateCode"] == 8023
    calls.flush()
    blocks = [p for p in calls.pushes("event") if p["body"]["eventType"] == "callin"]
    assert all(len(p["attempts"]) == 1 for p in blocks)  # D-28: the Block callin is not re-pushed
    assert RX.fees()[0]["userData"] == "xu"


def test_x_mode_call_rel_direction(calls):
    RX.replies["/events"] = (200, {"operation": "connect", "connectInfo": {"calleeNum": "+8613900000009"}})
    calls.call(calls.user(), XM_X, hangup_by="callee")
    calls.flush()
    assert RX.events()[-1]["statusInfo"]["callRelDirection"] == 2 and RX.fees()[0]["callRelDirection"] == 2


# -- SMS -------------------------------------------------------------------------------------------


def test_axb_sms(calls):
    a, b, sid = _pair(calls)
    out = calls.sms(a, X1, "hi")
    assert out["forwarded"] == {"to": b, "from": X1, "text": "hi"} and out["sendResult"] == 0
    assert calls.sms(calls.user(), X1, "hi")["sendResult"] == 2
    calls.flush()
    event = RX.got("/sms")[0]["body"]["smsEvent"]
    assert RX.got("/sms")[0]["body"]["appKey"] == "emu-axb-app"
    assert (event["notificationMode"], event["calling"], event["called"], event["virtualNumber"]) == (
        "Notify",
        a,
        b,
        X1,
    )
    assert event["subscriptionId"] == sid and event["sendResult"] == 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", event["timeStamp"])


def test_ax_sms_block_flow(calls):
    a, _ = calls.ax_bind()
    RX.replies["/smsctl"] = (
        200,
        {"actions": [{"operation": "vNumberRoute", "message": {"called": "+8613900000005", "calling": a}}]},
    )
    out = calls.sms(a, AX_X, "hello＠138")
    assert out["forwarded"] == {"to": "+8613900000005", "from": AX_X, "text": "hello＠138"}
    assert calls.sms(a, AX_X, "yo@13900000006")["forwarded"]["to"] == "+8613900000006"
    RX.replies["/smsctl"] = (200, {"nonsense": 1})
    assert calls.sms(a, AX_X, "hello")["sendResult"] == 7
    calls.flush()
    modes = [r["body"]["smsEvent"]["notificationMode"] for r in RX.requests if r["path"] in ("/sms", "/smsctl")]
    assert sorted(modes) == ["Block", "Block", "Notify", "Notify", "Notify"]


def test_no_sms_in_axe_axyb(calls):
    a, _ = calls.axe_bind()
    assert calls.sms(a, AXE_X, "hi")["forwarded"] is None
    calls.flush()
    assert RX.got("/sms") == []


# -- X status --------------------------------------------------------------------------------------


def test_x_status_notifications(calls):
    calls.hook("POST", "/numbers/status", json={"number": X1, "status": "unavailable", "cause": "2"})
    calls.hook("POST", "/numbers/status", json={"number": X1, "status": "normal"})
    calls.hook("POST", "/numbers/status", json={"number": X1, "status": "normal"})  # no change, no push
    calls.hook("POST", "/apps/callbacks", json={"app_key": "emu-axb-app", "x_status_url": None})
    calls.hook("POST", "/numbers/status", json={"number": X1, "status": "frozen"})
    calls.flush()
    assert [r["body"] for r in RX.got("/xstatus")] == [
        {"eventType": "numStatus", "numInfo": [{"number": X1, "status": "10", "cause": "2"}]},
        {"eventType": "numStatus", "numInfo": [{"number": X1, "status": "5"}]},
    ]
    (fallback,) = [r for r in RX.got("/events") if r["body"]["eventType"] == "numStatus"]
    assert fallback["body"]["numInfo"] == [{"number": X1, "status": "11"}]
    r = calls.client.post("/_emulator/numbers/status", json={"number": X1, "status": "normal", "cause": "4"})
    assert r.status_code == 400


# -- hooks and config ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/calls", {"caller": "123", "called": X1}),
        ("/calls", {"caller": "+8613800000001", "called": X1, "behaviour": "dance"}),
        ("/calls", {"caller": "+8613800000001", "called": X1, "talk_s": -1}),
        ("/calls", {"caller": "+8613800000001", "called": X1, "digits": "1a"}),
        ("/sms", {"from": "+8613800000001", "to": X1}),
        ("/apps/callbacks", {"app_key": "nope"}),
        ("/apps/callbacks", {"app_key": "emu-axb-app", "fee": "http://x"}),
        ("/apps/callbacks", {"app_key": "emu-axb-app", "fee_url": "ftp://x"}),
        ("/calls/hangup", {"sessionId": "nope"}),
    ],
)
def test_hook_bad_input_is_400(calls, path, body):
    r = calls.client.post(f"/_emulator{path}", json=body)
    assert r.status_code == 400 and r.json()["resultcode"] == "1010002"


def test_set_callbacks_answer_and_reset(calls):
    out = calls.hook("POST", "/apps/callbacks", json={"app_key": "emu-x-app", "sms_url": None})
    assert out["sms_url"] is None and out["fee_url"] == RX.base + "/fee"
    calls.hook("POST", "/reset")
    out = calls.hook("POST", "/apps/callbacks", json={"app_key": "emu-x-app"})
    assert all(out[k] is None for k in ("call_event_url", "fee_url", "sms_url", "sms_control_url", "x_status_url"))


def test_callback_urls_from_config():
    cfg = config_from_dict(
        {"apps": [{"mode": "axb", "app_key": "k", "app_secret": "s", "fee_url": "https://example.test/fee"}]}
    )
    assert cfg.apps[0].fee_url == "https://example.test/fee" and cfg.apps[0].sms_url is None
    with pytest.raises(ValueError, match="fee_url"):
        config_from_dict({"apps": [{"mode": "axb", "app_key": "k", "app_secret": "s", "fee_url": 3}]})


# -- the hooks client against a real server (pushes from uvicorn's loop) -----------------------------


def test_hooks_client_call_methods():
    import httpx
    from emu_helpers import AXB, aksk_headers

    from pnconform.emulator import EmbeddedEmulator
    from pnconform.hooks import HooksClient, RestoringHooks

    with EmbeddedEmulator(builtin_config()) as emu:
        hooks = RestoringHooks(emu.base_url)
        plain = HooksClient(emu.base_url)
        try:
            RX.clear()
            urls = hooks.set_callbacks("emu-axb-app", call_event_url=RX.base + "/events", fee_url=RX.base + "/fee")
            assert urls["fee_url"] == RX.base + "/fee" and urls["sms_url"] is None
            a, b = "+8613800000001", "+8613800000002"
            secret = next(app.app_secret for app in emu.config.apps if app.app_key == "emu-axb-app")
            r = httpx.post(
                emu.base_url + AXB,
                json={"callerNum": a, "calleeNum": b, "relationNum": X1},
                headers=aksk_headers("emu-axb-app", secret),
            )
            assert r.json()["resultcode"] == "0", r.text
            call = hooks.place_call(a, X1, talk_s=None)
            assert call["ongoing"] and "resultcode" not in call
            assert [c["sessionId"] for c in hooks.calls()] == [call["sessionId"]]
            assert hooks.hang_up(call["sessionId"], by="callee")["stateCode"] == 0
            assert hooks.send_sms(a, X1, "hi")["forwarded"]["to"] == b
            hooks.flush_pushes()
            assert len(RX.fees()) == 1 and len(RX.events()) == 5
            assert {p["kind"] for p in hooks.pushes()} == {"event", "fee"}
            hooks.set_number_status(X1, "unavailable", cause="2")
        finally:
            hooks.restore()
        after = plain.set_callbacks("emu-axb-app")
        assert after["fee_url"] is None and after["call_event_url"] is None
        plain.close()


def test_standalone_emulator_repushes_in_real_time():
    import time

    from pnconform.emulator import EmbeddedEmulator
    from pnconform.hooks import HooksClient

    with EmbeddedEmulator(builtin_config().with_settings({"retry_time_scale": 0.01})) as emu:
        hooks = HooksClient(emu.base_url)
        try:
            RX.clear()
            RX.replies["/xstatus"] = (500, None)
            hooks.set_callbacks("emu-axb-app", x_status_url=RX.base + "/xstatus")
            hooks.set_number_status(X1, "suspended")
            deadline = time.monotonic() + 10
            while len(RX.got("/xstatus")) < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert len(RX.got("/xstatus")) >= 2  # re-pushed 0.6 s later without a clock advance
        finally:
            hooks.set_number_status(X1, "normal")
            hooks.close()
