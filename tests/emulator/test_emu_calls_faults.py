"""Fault switches of the call simulator (``call.*``, ``push.*``, ``sms.*``, ``xmode.*``,
``rec.*``, ``stop.*``): each scenario gives one value on a clean emulator and another with the
fault on (``check_fault_switch``). Pushes travel over real HTTP to the test receiver RX."""

from __future__ import annotations

import re
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from calls_helpers import AXE_X, AXYB, RX, XM_X, CallsApi
from emu_helpers import X1, check_fault_switch

from pnconform.emulator.faults import FAULTS

AX_X = "+8617020000001"
FIXED = "+8675528000001"
CONNECT = {"operation": "connect", "connectInfo": {"calleeNum": "+8613900000009"}}

pytestmark = pytest.mark.xdist_group("calls-receiver")


def _pair(api: CallsApi, **extra: Any) -> tuple[str, str, str]:
    body = api.pair(X1, **extra)
    return body["callerNum"], body["calleeNum"], body["subscriptionId"]


def _every(seen: list[bool]) -> list[bool]:
    """What the pushes showed, each answer once: a push re-sent after a slow answer (a loaded
    machine) repeats the same body and must not change the verdict."""
    return sorted(set(seen))


def _state(api: CallsApi, caller: str, called: str, **kw: Any) -> Any:
    return api.call(caller, called, **kw)["stateCode"]


def _events(api: CallsApi) -> list[dict[str, Any]]:
    api.flush()
    return RX.events()


def _fees(api: CallsApi) -> list[dict[str, Any]]:
    api.flush()
    return RX.fees()


def _axb_call(api: CallsApi, **kw: Any) -> dict[str, Any]:
    a, _, _ = _pair(api, **kw.pop("bind", {}))
    return api.call(a, X1, **kw)


# -- routing ---------------------------------------------------------------------------------------


def fixed_line_caller(api: CallsApi) -> Any:
    r = api.bind(callerNum=FIXED, calleeNum=api.user(), relationNum=X1)
    assert r.status_code == 200, r.text
    return _state(api, FIXED, X1)


def record_without_recording(api: CallsApi) -> Any:
    api.hook("POST", "/apps/state", json={"app_key": "emu-axb-app", "recording": False})
    return _axb_call(api, bind={"recordFlag": True})["recordObjectName"] is not None


def direction(api: CallsApi) -> Any:
    _, b, _ = _pair(api, callDirection=1)
    return _state(api, b, X1)


def expired_binding(api: CallsApi) -> Any:
    a, _, _ = _pair(api, duration=60)
    api.advance(61)
    return _state(api, a, X1)


def any_caller(api: CallsApi) -> Any:
    _pair(api)
    return _state(api, api.user(), X1)


def ax_no_binding(api: CallsApi) -> Any:
    return _state(api, api.user(), AX_X)


def ax_expired_callee(api: CallsApi) -> Any:
    a, sid = api.ax_bind()
    api.set_callee(sid, api.user(), duration=60)
    api.advance(61)
    return _state(api, a, AX_X)


def ax_no_callee(api: CallsApi) -> Any:
    a, _ = api.ax_bind()
    return _state(api, a, AX_X)


def axe_collect(api: CallsApi) -> Any:
    _, ext = api.axe_bind()
    return api.call(api.user(), AXE_X, digits=ext)["events"]


def axe_wrong_extension(api: CallsApi) -> Any:
    _, ext = api.axe_bind()
    wrong = "9" if ext != "9" else "8"
    return _state(api, api.user(), AXE_X, digits=wrong)


def axe_callback(api: CallsApi) -> Any:
    a, ext = api.axe_bind()
    b1, b2 = api.user(), api.user()
    api.call(b1, AXE_X, digits=ext)
    api.call(b2, AXE_X, digits=ext)
    return api.call(a, AXE_X)["callee"] == b2


def axyb_display(api: CallsApi) -> Any:
    _, x = api.axyb_bind()
    return api.call(api.user(), x)["display"] == x


def max_duration(api: CallsApi) -> Any:
    return _axb_call(api, bind={"maxDuration": 1}, talk_s=120)["stateCode"]


# -- events and CDRs ------------------------------------------------------------------------------------


def iso_times(api: CallsApi) -> Any:
    _axb_call(api)
    return all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", e["statusInfo"]["timestamp"]) for e in _events(api))


def beijing_times(api: CallsApi) -> Any:
    _axb_call(api)
    now = datetime.strptime(api.hook("GET", "/clock")["now"], "%Y-%m-%d %H:%M:%S")
    end = datetime.strptime(_fees(api)[0]["callEndTime"], "%Y-%m-%d %H:%M:%S")
    return abs((now - end).total_seconds()) < 600


def user_data(api: CallsApi) -> Any:
    _axb_call(api, bind={"userData": "u1"})
    return _events(api)[0]["statusInfo"].get("userData")


def state_code_everywhere(api: CallsApi) -> Any:
    _axb_call(api)
    return [e["eventType"] for e in _events(api) if "stateCode" in e["statusInfo"]]


def hangup_code(api: CallsApi) -> Any:
    _axb_call(api)
    return _events(api)[-1]["statusInfo"]["stateCode"]


def cdr_direction(api: CallsApi) -> Any:
    _axb_call(api)
    return _fees(api)[0]["direction"]


def cdr_caller(api: CallsApi) -> Any:
    _axb_call(api)
    return "callerNum" in _fees(api)[0]


def q850(api: CallsApi) -> Any:
    _axb_call(api, behaviour="busy")
    return _fees(api)[0].get("fwdUnaswRsn")


def teardown(api: CallsApi) -> Any:
    api.call(api.user(), AX_X)
    return _fees(api)[0]["ulFailReason"]


def service_type(api: CallsApi) -> Any:
    a, sid = api.ax_bind()
    api.set_callee(sid, api.user())
    api.call(a, AX_X)
    return _fees(api)[0].get("serviceType")


def event_order(api: CallsApi) -> Any:
    _axb_call(api)
    return [e["eventType"] for e in _events(api)]


def failed_cdr(api: CallsApi) -> Any:
    _axb_call(api, behaviour="busy")
    return len(_fees(api))


def cdr_session(api: CallsApi) -> Any:
    _axb_call(api)
    return _fees(api)[0]["sessionId"] == _events(api)[0]["statusInfo"]["sessionId"]


def cdr_merge(api: CallsApi) -> Any:
    api.settings(push_auto=False)
    a, _, _ = _pair(api)
    for _ in range(55):
        api.call(a, X1, talk_s=0)
    api.flush()
    api.settings(push_auto=True)
    return [len(r["body"]["feeLst"]) for r in RX.got("/fee")]


def signed(api: CallsApi) -> Any:
    _axb_call(api)
    api.flush()
    return "X-AKSK" in RX.got("/events")[0]["headers"]


def _attempts_after(api: CallsApi, path: str, steps: list[float], kind: str) -> Any:
    RX.replies[path] = (500, None)
    for step in steps:
        api.flush()
        api.advance(step)
    api.flush()
    return len(api.pushes(kind)[0]["attempts"])


def no_retry(api: CallsApi) -> Any:
    _axb_call(api)
    return _attempts_after(api, "/events", [61], "event")


def retry_schedule(api: CallsApi) -> Any:
    _axb_call(api)
    return _attempts_after(api, "/events", [61, 120], "event")


def x_status(api: CallsApi) -> Any:
    api.hook("POST", "/numbers/status", json={"number": X1, "status": "suspended"})
    api.flush()
    return [r["body"]["numInfo"][0]["status"] for r in RX.got("/xstatus")]


def x_status_url(api: CallsApi) -> Any:
    api.hook("POST", "/numbers/status", json={"number": X1, "status": "suspended"})
    api.flush()
    return [r["path"] for r in RX.requests if r["body"].get("eventType") == "numStatus"]


# -- SMS ---------------------------------------------------------------------------------------------


def sms_retry(api: CallsApi) -> Any:
    a, _, _ = _pair(api)
    api.sms(a, X1, "hi")
    return _attempts_after(api, "/sms", [61], "sms")


def at_suffix(api: CallsApi) -> Any:
    a, _ = api.ax_bind()
    return api.sms(a, AX_X, "hello@+8613900000001")["forwarded"]["text"]


def from_tag(api: CallsApi) -> Any:
    api.ax_bind()
    c = "+8613900000002"
    return api.sms(c, AX_X, "hi")["forwarded"]["text"]


def private_sms(api: CallsApi) -> Any:
    a, _, _ = _pair(api, privateSms="false")
    return api.sms(a, X1, "hi")["forwarded"] is None


def discard(api: CallsApi) -> Any:
    RX.replies["/smsctl"] = (200, {"actions": [{"operation": "DiscardMessage"}]})
    return api.sms(api.user(), XM_X, "hi")["forwarded"] is None


def sms_axe(api: CallsApi) -> Any:
    a, _ = api.axe_bind()
    r = api.sms(a, AXE_X, "hi")
    api.flush()
    return r["sendResult"], len(RX.got("/sms"))


# -- X mode ---------------------------------------------------------------------------------------------


def xmode_invalid(api: CallsApi) -> Any:
    RX.replies["/events"] = (
        200,
        {"operation": "connect", "connectInfo": {"calleeNum": "+8613900000009", "maxDuration": 7200}},
    )
    return _state(api, api.user(), XM_X)


def xmode_retry(api: CallsApi) -> Any:
    RX.replies["/events"] = (500, None)
    api.call(api.user(), XM_X)
    api.flush()
    api.advance(61)
    api.flush()
    return len(api.pushes("event")[0]["attempts"])


def xmode_display(api: CallsApi) -> Any:
    reply = {
        "operation": "connect",
        "connectInfo": {"calleeNum": "+8613900000009", "displayCalleeNum": "+8613700000000"},
    }
    RX.replies["/events"] = (200, reply)
    return api.call(api.user(), XM_X)["display"]


# -- recordings and call stop ------------------------------------------------------------------------------


def _recorded(api: CallsApi) -> str:
    name = _axb_call(api, bind={"recordFlag": True})["recordObjectName"]
    assert name
    return name


def record_fields(api: CallsApi) -> Any:
    session = _axb_call(api, bind={"recordFlag": True}, talk_s=30)["sessionId"]
    cdr = next(f for f in _fees(api) if f.get("sessionId") == session)
    return sorted(k for k in ("recordStartTime", "recordBucketName") if k in cdr)


def redirect(api: CallsApi) -> Any:
    return api.download(_recorded(api)).status_code


def retention(api: CallsApi) -> Any:
    name = _recorded(api)
    api.advance(7 * 86400 + 1)
    r = api.download(name)
    return r.status_code, r.headers.get("content-type", "").startswith("application/json") and r.json()["resultcode"]


def location_content(api: CallsApi) -> Any:
    location = api.download(_recorded(api)).headers["location"]
    return api.client.get(location).headers["content-type"]


def location_lifetime(api: CallsApi) -> Any:
    location = api.download(_recorded(api)).headers["location"]
    api.advance(3 * 86400 + 1)
    return api.client.get(location).status_code


def app_recording(api: CallsApi) -> Any:
    name = _recorded(api)
    api.hook("POST", "/apps/state", json={"app_key": "emu-axb-app", "recording": False})
    return api.download(name).status_code


def stop_noop(api: CallsApi) -> Any:
    session = _axb_call(api, talk_s=None)["sessionId"]
    assert api.stop(session).json()["resultcode"] == "0"
    return [c["ongoing"] for c in api.hook("GET", "/calls")["calls"]]


def stop_unknown(api: CallsApi) -> Any:
    return api.stop("1_2_3_20200101000000@nowhere").json()["resultcode"]


def _live_stop(api: CallsApi, body: dict[str, Any] | None = None, mode: str = "axb") -> Any:
    """The answer (HTTP status, resultcode) to a call stop of a live AXB call; ``<call>`` in ``body``
    stands for its sessionId."""
    session = _axb_call(api, talk_s=None)["sessionId"]
    fields = {"sessionid": session, "signal": "call_stop"} if body is None else body
    fields = {k: session if v == "<call>" else v for k, v in fields.items()}
    r = api.signed(mode).request("POST", "/rest/httpsessions/callStop/v2.0", json=fields)
    return r.status_code, r.json()["resultcode"]


def stop_query_string(api: CallsApi) -> Any:
    return _live_stop(api)


def stop_session_any_case(api: CallsApi) -> Any:
    return _live_stop(api, {"sessionId": "<call>", "signal": "call_stop"})[1]


def stop_success_status(api: CallsApi) -> Any:
    return _live_stop(api)[0]


def stop_any_signal(api: CallsApi) -> Any:
    return _live_stop(api, {"sessionid": "<call>", "signal": "stop"})[1]


def stop_param_code(api: CallsApi) -> Any:
    return _live_stop(api, {"sessionid": "<call>"})[1]


def stop_foreign_session(api: CallsApi) -> Any:
    return _live_stop(api, mode="ax")[1]


def stop_axb_app(api: CallsApi) -> Any:
    return _live_stop(api)[1]


def download_unknown_code(api: CallsApi) -> Any:
    _recorded(api)
    return api.download("pnconform-unknown.wav").json()["resultcode"]


def download_without_file_name(api: CallsApi) -> Any:
    _recorded(api)
    params = {"recordDomain": "record.pnconform.local"}  # no fileName
    r = api.signed("axb").request("GET", "/rest/provision/voice/record/v1.0", params=params)
    return r.json()["resultcode"]


def sms_identifier(api: CallsApi) -> Any:
    a, _, _ = _pair(api)
    api.sms(a, X1, "hi")
    api.flush()
    return _every(["smsIdentifier" in r["body"]["smsEvent"] for r in RX.got("/sms")])


def sms_suspended_x(api: CallsApi) -> Any:
    a, _, _ = _pair(api)
    api.hook("POST", "/numbers/status", json={"number": X1, "status": "suspended"})
    return api.sms(a, X1, "hi")["sendResult"]


def x_status_cause(api: CallsApi) -> Any:
    api.hook("POST", "/numbers/status", json={"number": X1, "status": "suspended"})
    api.flush()
    return _every(["cause" in r["body"]["numInfo"][0] for r in RX.got("/xstatus")])


def x_status_signed(api: CallsApi) -> Any:
    api.hook("POST", "/numbers/status", json={"number": X1, "status": "suspended"})
    api.flush()
    return _every(["X-AKSK" in r["headers"] or "x-aksk" in r["headers"] for r in RX.got("/xstatus")])


def x_status_retry(api: CallsApi) -> Any:
    api.hook("POST", "/numbers/status", json={"number": X1, "status": "suspended"})
    return _attempts_after(api, "/xstatus", [61], "x_status")


def frozen_x_bind(api: CallsApi) -> Any:
    api.hook("POST", "/numbers/status", json={"number": X1, "status": "frozen"})
    r = api.bind(callerNum=api.user(), calleeNum=api.user(), relationNum=X1)
    return r.json()["resultcode"] != "0"


def frozen_x_call(api: CallsApi) -> Any:
    a, _, _ = _pair(api)
    api.hook("POST", "/numbers/status", json={"number": X1, "status": "frozen"})
    return api.call(a, X1, talk_s=10)["stateCode"]


# -- recording, unbinding during a call, AXE callback records, AXYB auto-Y ------------------------------


def record_flag(api: CallsApi) -> Any:
    return _axb_call(api, bind={"recordFlag": True}, talk_s=30)["recordObjectName"] is not None


def unbind_during_call(api: CallsApi) -> Any:
    _, sid = api.ax_bind()
    session = api.call(api.user(), AX_X, talk_s=None)["sessionId"]
    r = api.signed("ax").request("DELETE", "/rest/provision/caas/privatenumber/v1.0", params={"subscriptionId": sid})
    assert r.status_code == 200, r.text
    api.flush()
    return [c["ongoing"] for c in api.hook("GET", "/calls")["calls"] if c["sessionId"] == session]


def axe_no_record(api: CallsApi) -> Any:
    a, _ = api.axe_bind()
    return _state(api, a, AXE_X)


def axe_record_expiry(api: CallsApi) -> Any:
    a, ext = api.axe_bind(callbackNum="+8613900000077", callbackExpiredTime=1, timeUnit="1")
    api.call(api.user(), AXE_X, digits=ext)
    api.advance(61)
    return api.call(a, AXE_X)["callee"] == "+8613900000077"  # the callbackNum, not the caller


def auto_yb_duration(api: CallsApi) -> Any:
    a = api.user()
    r = api.signed("axyb").request(
        "POST", AXYB, params={"app_key": "emu-axyb-app"}, json={"origNum": a, "areaCode": "0755", "ybDuration": 120}
    )
    assert r.status_code == 200, r.text
    x = r.json()["relationNumber"]
    y = api.call(api.user(), x)["display"]
    api.advance(121)
    return _state(api, a, y)


# -- X mode: simultaneous calls, SMS Block --------------------------------------------------------------


def xmode_own_answers(api: CallsApi) -> Any:
    RX.replies["/events"] = (200, CONNECT)
    api.call(api.user(), XM_X, talk_s=None)
    RX.replies["/events"] = (200, {"operation": "connect", "connectInfo": {"calleeNum": "+8613900000008"}})
    return api.call(api.user(), XM_X, talk_s=None)["callee"]


def x_block_once(api: CallsApi) -> Any:
    RX.replies["/smsctl"] = (200, {"actions": [{"operation": "vNumberRoute", "message": {"called": "+8613900000005"}}]})
    api.sms(api.user(), XM_X, "hi")
    api.flush()
    return len(RX.got("/smsctl")), len(RX.got("/sms"))


def invalid_block_reply(api: CallsApi) -> Any:
    a, _ = api.ax_bind()
    RX.replies["/smsctl"] = (200, {"nonsense": 1})
    return api.sms(a, AX_X, "hi")["sendResult"]


# -- push transport: timeout, host names ----------------------------------------------------------------


class _SlowHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(0.4)  # longer than the push timeout set below
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def late_answer(api: CallsApi) -> Any:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        api.hook("PATCH", "/settings", json={"push_timeout_s": 0.1})
        api.connect(call_event_url=f"http://127.0.0.1:{server.server_address[1]}/events")
        _axb_call(api)
        api.flush()
        return api.pushes("event")[0]["attempts"][0]["ok"]
    finally:
        server.shutdown()


def host_name_url(api: CallsApi) -> Any:
    api.connect(call_event_url=RX.base.replace("127.0.0.1", "localhost") + "/events")
    _axb_call(api)
    return len(_events(api)) > 0


def callee_failures(api: CallsApi) -> Any:
    behaviours = ("caller_hangup_ringing", "ring_timeout", "callee_unknown")
    return [(c["stateCode"], c["fwdUnaswRsn"]) for c in (_axb_call(api, behaviour=b) for b in behaviours)]


# -- displays, self calls, extensions and callbackNum of AXB, AXE, AXYB ---------------------------------


def axb_b_display(api: CallsApi) -> Any:
    _, b, _ = _pair(api)
    return api.call(b, X1)["display"] == X1


def axe_callback_display(api: CallsApi) -> Any:
    a, ext = api.axe_bind()
    api.call(api.user(), AXE_X, digits=ext)
    return api.call(a, AXE_X)["display"] == AXE_X


def axe_empty_extension(api: CallsApi) -> Any:
    api.axe_bind()
    return _state(api, api.user(), AXE_X, digits="")


def axe_callback_num(api: CallsApi) -> Any:
    a, _ = api.axe_bind(callbackNum="+8613900000077")
    return _state(api, a, AXE_X)


def axyb_b_display(api: CallsApi) -> Any:
    a, x = api.axyb_bind()
    y = api.call(api.user(), x)["display"]
    return api.call(a, y)["display"] == x


def axyb_self_call(api: CallsApi) -> Any:
    a, x = api.axyb_bind()
    return _state(api, a, x)


# -- push format and transport ----------------------------------------------------------------------------


def cdr_alerting_order(api: CallsApi) -> Any:
    _axb_call(api)
    fee = _fees(api)[0]
    return fee["fwdAlertingTime"] <= fee["fwdAnswerTime"]


def empty_ack(api: CallsApi) -> Any:
    _axb_call(api)
    api.flush()
    return api.pushes("event")[0]["attempts"][0]["ok"]


def event_numbers(api: CallsApi) -> Any:
    _axb_call(api)
    info = _events(api)[0]["statusInfo"]
    return info["caller"].startswith("+"), info["called"].startswith("+")


def events_nested(api: CallsApi) -> Any:
    _axb_call(api)
    return "statusInfo" in _events(api)[0]


def events_content_type(api: CallsApi) -> Any:
    _axb_call(api)
    api.flush()
    return RX.got("/events")[0]["headers"]["Content-Type"]


def fee_on_status_url(api: CallsApi) -> Any:
    _axb_call(api)
    api.flush()
    return [r["body"]["eventType"] for r in RX.got("/events") if r["body"]["eventType"] == "fee"]


def unset_urls(api: CallsApi) -> Any:
    _axb_call(api)
    api.flush()
    api.connect(call_event_url=None, fee_url=None)
    _axb_call(api)
    api.flush()
    return len(RX.got("/events")), len(RX.got("/fee"))


def merged_cdr_bindings(api: CallsApi) -> Any:
    api.settings(push_auto=False)
    for _ in range(2):
        _axb_call(api)
    api.flush()
    api.settings(push_auto=True)
    return len({f["subscriptionId"] for f in RX.fees()})


def push_method(api: CallsApi) -> Any:
    _axb_call(api)
    api.flush()
    return api.pushes("event")[0]["attempts"][0]["status"], api.pushes("fee")[0]["attempts"][0]["status"]


# -- AXB SMS ------------------------------------------------------------------------------------------------


def axb_b_sms(api: CallsApi) -> Any:
    _, b, _ = _pair(api)
    return api.sms(b, X1, "hi")["forwarded"] is not None


def axb_b_sms_sender(api: CallsApi) -> Any:
    _, b, _ = _pair(api)
    return api.sms(b, X1, "hi")["forwarded"]["from"] == X1


def axb_sms_no_binding(api: CallsApi) -> Any:
    _pair(api)
    return api.sms(api.user(), X1, "hi")["sendResult"]


def axb_a_sms_private_true(api: CallsApi) -> Any:
    a, _, _ = _pair(api, privateSms="true")
    return api.sms(a, X1, "hi")["forwarded"] is not None


# -- X mode: callin, close, display -------------------------------------------------------------------------


def xmode_callin_awaited(api: CallsApi) -> Any:
    RX.replies["/events"] = (200, CONNECT)
    return _state(api, api.user(), XM_X)


def xmode_close(api: CallsApi) -> Any:
    RX.replies["/events"] = (200, {"operation": "close"})
    return _state(api, api.user(), XM_X)


def xmode_connect_display(api: CallsApi) -> Any:
    RX.replies["/events"] = (200, CONNECT)
    return api.call(api.user(), XM_X)["display"] == XM_X


CALL_SCENARIOS: dict[str, tuple[Any, Any, Any]] = {
    "call.allow_fixed_line_caller": (fixed_line_caller, 8023, 0),
    "call.record_without_app_recording": (record_without_recording, False, True),
    "push.record_fields_missing": (record_fields, ["recordBucketName", "recordStartTime"], []),
    "call.ignore_direction": (direction, 8016, 0),
    "call.expired_binding_routes": (expired_binding, 8014, 0),
    "call.any_caller_connects": (any_caller, 8014, 0),
    "call.ax_no_binding_8014": (ax_no_binding, 8018, 8014),
    "call.ax_expired_callee_routes": (ax_expired_callee, 8013, 0),
    "call.ax_no_callee_8019": (ax_no_callee, 8013, 8019),
    "call.axe_no_collect_info": (
        axe_collect,
        ["callin", "collectInfo", "callout", "alerting", "answer", "disconnect"],
        ["callin", "callout", "alerting", "answer", "disconnect"],
    ),
    "call.axe_wrong_extension_connects": (axe_wrong_extension, 8022, 0),
    "call.axe_first_caller_kept": (axe_callback, True, False),
    "call.axyb_display_x": (axyb_display, False, True),
    "call.ignore_max_duration": (max_duration, 8010, 0),
    "push.iso_times": (iso_times, True, False),
    "push.beijing_times": (beijing_times, True, False),
    "push.no_user_data": (user_data, "u1", None),
    "push.state_code_on_all_events": (
        state_code_everywhere,
        ["disconnect"],
        ["callin", "callout", "alerting", "answer", "disconnect"],
    ),
    "push.wrong_hangup_code": (hangup_code, 0, 16),
    "push.swap_direction": (cdr_direction, 1, 0),
    "push.cdr_missing_caller": (cdr_caller, True, False),
    "push.no_q850": (q850, 17, None),
    "push.teardown_is_state_code": (teardown, 7104, 8018),
    "push.no_service_type": (service_type, "003", None),
    "push.events_out_of_order": (
        event_order,
        ["callin", "callout", "alerting", "answer", "disconnect"],
        ["callin", "answer", "callout", "alerting", "disconnect"],
    ),
    "push.no_cdr_for_failed": (failed_cdr, 1, 0),
    "push.cdr_session_mismatch": (cdr_session, True, False),
    "push.cdr_over_50": (cdr_merge, [50, 5], [55]),
    "push.unsigned": (signed, True, False),
    "push.no_retry": (no_retry, 2, 1),
    "push.retry_every_minute": (retry_schedule, 2, 4),
    "push.no_x_status": (x_status, ["9"], []),
    "push.x_status_wrong_url": (x_status_url, ["/xstatus"], ["/events"]),
    "sms.no_retry": (sms_retry, 2, 1),
    "sms.keep_at_suffix": (at_suffix, "hello", "hello@+8613900000001"),
    "sms.no_from_tag": (from_tag, "hi[From+8613900000002]", "hi"),
    "sms.ignore_private_sms": (private_sms, True, False),
    "sms.block_ignored": (discard, True, False),
    "sms.allowed_everywhere": (sms_axe, (None, 0), (7, 1)),
    "xmode.accept_invalid_reply": (xmode_invalid, 8014, 0),
    "xmode.retry_block": (xmode_retry, 1, 2),
    "xmode.show_display_num": (xmode_display, XM_X, "+8613700000000"),
    "rec.no_redirect": (redirect, 301, 200),
    "rec.no_retention": (retention, (403, "1012007"), (301, False)),
    "rec.location_not_audio": (location_content, "audio/wav", "application/json"),
    "rec.location_never_expires": (location_lifetime, 403, 200),
    "rec.ignore_app_recording": (app_recording, 403, 301),
    "stop.noop": (stop_noop, [False], [True]),
    "stop.unknown_session_ok": (stop_unknown, "1020152", "0"),
    "stop.query_string": (stop_query_string, (200, "0"), (500, "1020001")),
    "stop.session_any_case": (stop_session_any_case, "1020001", "0"),
    "stop.success_202": (stop_success_status, 200, 202),
    "stop.any_signal": (stop_any_signal, "1020001", "0"),
    "stop.param_code_1010002": (stop_param_code, "1020001", "1010002"),
    "stop.foreign_session_1020152": (stop_foreign_session, "1020150", "1020152"),
    "stop.axyb_only": (stop_axb_app, "0", "1010040"),
    "rec.unknown_file_1010002": (download_unknown_code, "1012007", "1010002"),
    "rec.skip_param_checks": (download_without_file_name, "1010002", "1012007"),
    "sms.no_identifier": (sms_identifier, [True], [False]),
    "sms.suspended_x_forwards": (sms_suspended_x, 3, 0),
    "xstat.cause_always": (x_status_cause, [False], [True]),
    "xstat.unsigned": (x_status_signed, [True], [False]),
    "xstat.no_retry": (x_status_retry, 2, 1),
    "xstat.bindable": (frozen_x_bind, True, False),
    "xstat.frozen_blocks_calls": (frozen_x_call, 0, 8055),
    "call.ignore_record_flag": (record_flag, True, False),
    "call.unbind_ends_call": (unbind_during_call, [True], [False]),
    "call.axe_no_record_8022": (axe_no_record, 8019, 8022),
    "call.axe_callback_records_kept": (axe_record_expiry, True, False),
    "call.axyb_auto_yb_unlimited": (auto_yb_duration, 8030, 0),
    "xmode.shared_answer": (xmode_own_answers, "+8613900000008", "+8613900000009"),
    "sms.x_block_twice": (x_block_once, (1, 1), (2, 1)),
    "sms.invalid_reply_result_6": (invalid_block_reply, 7, 6),
    "push.no_timeout": (late_answer, False, True),
    "push.host_name_urls_fail": (host_name_url, True, False),
    "push.callee_failures_as_no_answer": (
        callee_failures,
        [(7502, 16), (8035, 18), (8100, 1)],
        [(8101, 16), (8101, 18), (8101, 1)],  # the stateCode only (HANG-021/042/043)
    ),
    "call.axb_b_call_shows_caller": (axb_b_display, True, False),
    "call.axe_callback_shows_a": (axe_callback_display, True, False),
    "call.axe_empty_extension_8022": (axe_empty_extension, 8033, 8022),
    "call.axe_ignore_callback_num": (axe_callback_num, 0, 8019),
    "call.axyb_b_sees_a": (axyb_b_display, True, False),
    "call.axyb_self_call_8030": (axyb_self_call, 8032, 8030),
    "push.cdr_alerting_after_answer": (cdr_alerting_order, True, False),
    "push.empty_ack_refused": (empty_ack, True, False),
    "push.event_numbers_national": (event_numbers, (True, True), (False, False)),
    "push.events_flat": (events_nested, True, False),
    "push.events_text_plain": (events_content_type, "application/json;charset=UTF-8", "text/plain;charset=UTF-8"),
    "push.fee_on_status_url": (fee_on_status_url, [], ["fee"]),
    "push.ignore_unset_urls": (unset_urls, (0, 0), (5, 1)),
    "push.merged_cdrs_share_binding": (merged_cdr_bindings, 2, 1),
    "push.put": (push_method, (200, 200), (501, 501)),
    "sms.axb_b_needs_private_sms": (axb_b_sms, True, False),
    "sms.axb_b_sender_shown": (axb_b_sms_sender, True, False),
    "sms.axb_no_binding_result": (axb_sms_no_binding, 2, 10),
    "sms.axb_private_sms_true_blocks_a": (axb_a_sms_private_true, True, False),
    "xmode.callin_not_awaited": (xmode_callin_awaited, 0, 8014),
    "xmode.close_connects": (xmode_close, 8017, 0),
    "xmode.connect_shows_caller": (xmode_connect_display, True, False),
}

CALL_PREFIXES = ("call.", "push.", "sms.", "xmode.", "rec.", "stop.", "xstat.")


def test_every_call_fault_has_a_scenario():
    assert set(CALL_SCENARIOS) == {name for name in FAULTS if name.startswith(CALL_PREFIXES)}


def _connected(scenario: Any) -> Any:
    """Point every app at RX (again: a reset drops the callback URLs) before the scenario."""

    def run(api: CallsApi) -> Any:
        api.connect()
        return scenario(api)

    return run


@pytest.mark.parametrize("name", sorted(CALL_SCENARIOS))
def test_call_fault_switch_has_its_effect(name):
    scenario, clean, faulty = CALL_SCENARIOS[name]
    check_fault_switch(CallsApi, _connected(scenario), clean, faulty, name)
