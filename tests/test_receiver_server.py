"""The callback receiver over real HTTP: capture, signatures, programmed answers, waiting."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from test_receiver_validate import SESSION, cdr, event, fee, sms, xstatus

from pnconform.auth import aksk_headers, wsse_headers
from pnconform.receiver import Receiver, ReceiverTimeout, Reply, close, connect, discard, failures, forward
from pnconform.receiver.server import PATHS

SECRET = "s3cret-value-never-shown"
JSON = "application/json;charset=UTF-8"


@pytest.fixture
def server() -> Iterator[Receiver]:
    receiver = Receiver(secrets={"x-app": SECRET, "axb-app": SECRET}, app_modes={"x-app": "x", "axb-app": "axb"})
    with receiver:
        yield receiver


def post(server: Receiver, kind: str, body: Any, app_key: str = "axb-app", secret: str = SECRET) -> httpx.Response:
    headers = {"Content-Type": JSON, **aksk_headers(app_key, secret)}
    return httpx.post(server.base_url + PATHS[kind], json=body, headers=headers, timeout=5)


def test_captures_and_acknowledges_each_kind(server: Receiver) -> None:
    for kind, body in (
        ("event", event("callin")),
        ("fee", fee()),
        ("sms", sms()),
        ("x_status", xstatus()),
    ):
        response = post(server, kind, body)
        assert response.status_code == 200 and response.content == b""  # EVT-020: empty 200
    pushes = server.store.all()
    assert [p.kind for p in pushes] == ["event", "fee", "sms", "x_status"]
    assert all(p.signature == "aksk" and not failures(p.findings) for p in pushes), [p.findings for p in pushes]
    assert server.wait_for_cdr(SESSION, timeout=0)["icid"].startswith("ba171f34")


def test_headers_are_redacted_and_secret_never_kept(server: Receiver) -> None:
    post(server, "event", event("callin"))
    push = server.wait_for_event("callin", timeout=2)
    token = push.headers["x-aksk"]
    digest = token.split('PasswordDigest="')[1].split('"')[0]
    assert digest.endswith("…") and len(digest) == 7
    assert SECRET not in push.render() and SECRET not in repr(server)


@pytest.mark.parametrize(
    "headers, verdict",
    [
        ({}, "missing"),
        (aksk_headers("axb-app", "wrong"), "bad digest"),
        (aksk_headers("other-app", SECRET), "unknown app 'other-app'"),
        (aksk_headers("axb-app", SECRET, created="2019-01-24 07:03:28"), "bad created"),
    ],
)
def test_bad_signatures_are_findings(server: Receiver, headers: dict[str, str], verdict: str) -> None:
    httpx.post(server.base_url + PATHS["fee"], json=fee(), headers={"Content-Type": JSON, **headers})
    push = server.wait_for(lambda p: p.kind == "fee", timeout=2)
    assert push.signature.startswith(verdict)
    assert "CDR-002" in {f.rule for f in failures(push.findings)}


def test_wsse_signature_is_recognised_but_flagged(server: Receiver) -> None:
    headers = {"Content-Type": JSON, **wsse_headers("axb-app", SECRET)}
    httpx.post(server.base_url + PATHS["event"], json=event("callin"), headers=headers)
    push = server.wait_for_event("callin", timeout=2)
    assert push.signature == "wsse" and "EVT-005" in {f.rule for f in failures(push.findings)}


def test_non_post_and_wrong_content_type_are_flagged(server: Receiver) -> None:
    httpx.get(server.base_url + PATHS["event"])
    httpx.post(server.base_url + PATHS["event"], content=b"{}", headers={"Content-Type": "text/plain"})
    first, second = server.store.wait_for_count(lambda p: p.kind == "event", 2, timeout=2)
    assert "EVT-001" in {f.rule for f in failures(first.findings)}
    assert "EVT-004" in {f.rule for f in failures(second.findings)}


def test_unknown_path_is_404(server: Receiver) -> None:
    assert httpx.post(server.base_url + "/elsewhere", json={}).status_code == 404
    assert len(server.store) == 0


def test_fail_next_then_succeed_and_retry_findings(server: Receiver) -> None:
    server.fail_next("fee", 2, status=503)
    assert [post(server, "fee", fee()).status_code for _ in range(3)] == [503, 503, 200]
    assert post(server, "event", event("callin")).status_code == 200  # other kinds unaffected
    retry = [f for f in server.findings() if f.rule == "CDR-006"]
    assert retry and not failures(retry)
    post(server, "fee", fee())  # a re-push after the 200
    assert "CDR-006" in {f.rule for f in failures(server.findings())}
    with pytest.raises(ValueError):
        server.fail_next("calls", 1)


def test_x_mode_callin_answers(server: Receiver) -> None:
    callee = "+8613800000022"
    assert post(server, "event", event("callin"), app_key="x-app").json() == {"operation": "close"}  # default
    server.answer_callin(connect(callee, max_duration=30))
    body = post(server, "event", event("callin"), app_key="x-app").json()
    assert body == {"operation": "connect", "connectInfo": {"calleeNum": callee, "maxDuration": 30}}
    server.answer_callin(Reply(200, {"operation": "connect", "connectInfo": {"maxDuration": 7200}}))
    assert post(server, "event", event("callin"), app_key="x-app").json()["connectInfo"]["maxDuration"] == 7200
    server.answer_callin(lambda ev: connect(ev["statusInfo"]["caller"]))  # per call (XM-009)
    assert post(server, "event", event("callin"), app_key="x-app").json()["connectInfo"]["calleeNum"].startswith("+86")
    server.answer_callin(close())
    # Not an X app, or not a callin: a Notify event, empty 200.
    assert post(server, "event", event("callin"), app_key="axb-app").content == b""
    assert post(server, "event", event("answer"), app_key="x-app").content == b""
    assert any(f.rule == "XM-002" and f.ok for p in server.store.all() for f in p.findings)


def test_x_mode_session_is_checked_against_our_answer(server: Receiver) -> None:
    callee = "+8613800000022"
    server.answer_callin(connect(callee))
    for kind in ("callin", "callout", "alerting", "answer", "disconnect"):
        extra: dict[str, Any] = {"called": "+8613800000099"} if kind == "callout" else {}
        if kind == "disconnect":
            extra = {"stateCode": 0, "stateDesc": "The user releases the call."}
        post(server, "event", event(kind, **extra), app_key="x-app")
    post(server, "fee", fee(cdr(fwdDstNum=callee)), app_key="x-app")
    bad = failures(server.store.session_findings(SESSION))
    assert [f.rule for f in bad] == ["XM-003"], bad


def test_x_mode_callin_repush_is_flagged(server: Receiver) -> None:
    server.fail_next("event", 1)
    post(server, "event", event("callin"), app_key="x-app")
    post(server, "event", event("callin"), app_key="x-app")
    assert "EVT-022" in {f.rule for f in failures(server.findings())}


def test_sms_block_answers(server: Receiver) -> None:
    block = sms(notificationMode="Block")
    del block["smsEvent"]["called"]
    assert post(server, "sms_control", block).json() == {"actions": [{"operation": "DiscardMessage"}]}
    server.answer_sms_block(forward("+8613800000022"))
    answer = post(server, "sms_control", block).json()["actions"][0]
    assert answer == {
        "operation": "vNumberRoute",
        "message": {"called": "+8613800000022", "calling": block["smsEvent"]["calling"]},
    }
    server.answer_sms_block(discard())
    assert post(server, "sms_control", block).json()["actions"][0]["operation"] == "DiscardMessage"
    push = server.wait_for_sms("sms_control", smsIdentifier="sms-0001", timeout=0)
    assert push.kind == "sms_control"


def test_wait_for_blocks_until_arrival_and_times_out(server: Receiver) -> None:
    timer = threading.Timer(0.3, lambda: post(server, "event", event("answer")))
    timer.start()
    started = time.monotonic()
    assert server.wait_for_event("answer", SESSION, timeout=5).event_type == "answer"
    assert time.monotonic() - started >= 0.2
    timer.join()
    with pytest.raises(ReceiverTimeout, match="disconnect"):
        server.wait_for_event("disconnect", timeout=0.2)
    with pytest.raises(AssertionError):  # a timeout fails a scenario rather than erroring it
        server.wait_for_x_status("+8617010000001", timeout=0.1)


def test_x_status_on_the_call_event_url(server: Receiver) -> None:
    post(server, "event", xstatus())  # XSTAT-002: no X-status URL set
    assert server.wait_for_x_status("+8617010000001", timeout=1).kind == "event"
    assert not failures(server.findings())


def test_reset_drops_captures_and_programming(server: Receiver) -> None:
    server.fail_next("event", 5)
    server.answer_callin(connect("+8613800000022"))
    post(server, "event", event("callin"), app_key="x-app")
    server.reset()
    assert len(server.store) == 0
    assert post(server, "event", event("callin"), app_key="x-app").json() == {"operation": "close"}


def test_port_in_use_raises_oserror(server: Receiver) -> None:
    with pytest.raises(OSError):
        Receiver(port=server.port).start()


def test_urls_under_a_public_base(server: Receiver) -> None:
    urls = server.urls("https://hooks.example.com/pn/")
    assert urls["call_event_url"] == "https://hooks.example.com/pn/callbacks/event"
    assert set(urls) == {"call_event_url", "fee_url", "sms_url", "sms_control_url", "x_status_url"}
