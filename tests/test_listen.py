"""`pnconform listen`: a subprocess receives pushes over HTTP and writes reports/listen.{json,md}."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from test_receiver_validate import event, fee, sms

from pnconform.auth import aksk_headers
from pnconform.cli import main

SECRET = "listen-test-secret"
ENV = "PNCONFORM_TEST_LISTEN_SECRET"


def targets_file(tmp_path: Path, port: int = 0) -> Path:
    path = tmp_path / "targets.yaml"
    path.write_text(
        f"""
targets:
  live:
    kind: remote
    base_url: https://pn.example.invalid
    apps:
      axb: {{app_key: live-axb, app_secret: "${{{ENV}}}", x_numbers: ["+8617010000001"]}}
    user_numbers: {{start: "+8613800000000", count: 10}}
    callbacks:
      listen: {{host: 127.0.0.1, port: {port}}}
      public_url: https://hooks.example.com/pn
""",
        encoding="utf-8",
    )
    return path


def _post(base: str, path: str, body: object) -> int:
    headers = {"Content-Type": "application/json;charset=UTF-8", **aksk_headers("live-axb", SECRET)}
    return httpx.post(base + path, json=body, headers=headers, timeout=5).status_code


def _default_sigint() -> None:
    # A job started in the background (`cmd &`, nohup) inherits SIGINT ignored, and Python then
    # never turns SIGINT into KeyboardInterrupt: give the listener the Ctrl-C a terminal would.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_listen_validates_pushes_and_writes_the_report(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    command = [sys.executable, "-m", "pnconform.cli", "listen", "--targets", str(targets_file(tmp_path))]
    # Ended by Ctrl-C once the pushes are in, as a person ends it (the duration only bounds a hang).
    command += ["--target", "live", "--duration", "60", "--reports", str(reports)]
    env = {**os.environ, ENV: SECRET, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, preexec_fn=_default_sigint
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()  # type: ignore[union-attr]
    try:
        first = lines.get(timeout=20)
        assert "listening on http://127.0.0.1:" in first, first
        base = first.split("listening on ")[1].split()[0]
        for kind in ("callin", "callout", "alerting", "answer"):
            assert _post(base, "/callbacks/event", event(kind)) == 200
        assert _post(base, "/callbacks/event", event("disconnect", stateCode=0, stateDesc="ok")) == 200
        assert _post(base, "/callbacks/fee", fee()) == 200
        assert _post(base, "/callbacks/sms", sms()) == 200
        bad = event("callin", ts="2019-01-24T07:03:28")  # not UTC 'yyyy-MM-dd HH:mm:ss'
        bad["statusInfo"]["sessionId"] = "second-call"
        assert _post(base, "/callbacks/event", bad) == 200
        proc.send_signal(signal.SIGINT)
        rc = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    output = [first]
    while not lines.empty():
        output.append(lines.get())
    text = "".join(output)
    assert rc == 1, (text, proc.stderr.read())  # type: ignore[union-attr]
    assert "https://hooks.example.com/pn/callbacks/event" in text  # the URLs to set in the console
    assert "#1" in text and "EVT-014 FAIL" in text  # progress, with findings as they arrive
    assert "Traceback" not in text

    doc = json.loads((reports / "listen.json").read_text(encoding="utf-8"))
    rules = doc["rules"]
    assert doc["target"] == "live" and len(doc["pushes"]) == 8
    assert rules["EVT-014"]["status"] == "fail" and "2019-01-24T07:03:28" in rules["EVT-014"]["evidence"][0]
    for rule in ("EVT-005", "EVT-040", "CDR-020", "CDR-021", "CDR-031", "HANG-001", "SMS-004"):
        assert rules[rule]["status"] == "pass", (rule, rules[rule])
    assert rules["TEAR-010"]["status"] == "seen"  # a code row: the code appeared, no more
    assert rules["SMS-005"]["status"] == "not-seen" and rules["XSTAT-004"]["status"] == "not-seen"
    assert rules["EVT-014"]["statement"]  # from the catalogue
    markdown = (reports / "listen.md").read_text(encoding="utf-8")
    assert "| EVT-014 | fail |" in markdown and "## Pushes" in markdown
    assert SECRET not in markdown and SECRET not in json.dumps(doc)


def test_unknown_target_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["listen", "--targets", str(targets_file(tmp_path)), "--target", "nope", "--duration", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "no target named 'nope'" in err


def test_port_in_use_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, SECRET)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        path = targets_file(tmp_path, port)
        assert main(["listen", "--targets", str(path), "--target", "live", "--duration", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and f"cannot listen on 127.0.0.1:{port}" in err and "callbacks.listen" in err


def test_missing_secret_and_bad_duration_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV, raising=False)
    assert main(["listen", "--targets", str(targets_file(tmp_path)), "--target", "live"]) == 2
    assert f"{ENV} is not set" in capsys.readouterr().err
    assert main(["listen", "--targets", str(targets_file(tmp_path)), "--duration", "0"]) == 2
    assert "--duration" in capsys.readouterr().err


def test_the_listen_report_marks_a_code_row_seen_only_for_a_code_documented_for_its_field() -> None:
    # An unknown or misplaced code fails its field's table rule and marks no row; a documented one
    # marks its own row `seen`, never `pass`: a call made by hand cannot show the row's condition
    # (HANG for stateCode, TEAR for ulFailReason, Q850 for fwdUnaswRsn).
    from datetime import datetime

    from test_receiver_validate import cdr

    from pnconform.receiver import report
    from pnconform.receiver import validate as v
    from pnconform.receiver.codes import HANG_CODES, Q850_CODES, TEAR_CODES

    rows = set(HANG_CODES.values()) | set(TEAR_CODES.values()) | set(Q850_CODES.values())
    unknown = [
        *v.validate_event(event("disconnect", stateCode=7104)),  # a teardown point as stateCode
        *v.validate_fee(fee(cdr(ulFailReason=8030, fwdUnaswRsn=8014))),  # a hang-up cause, a teardown point
    ]
    rules = report.build("live", [], unknown, started=datetime(2026, 1, 1))["rules"]
    assert {rules[r]["status"] for r in ("HANG-002", "TEAR-002", "Q850-900")} == {"fail"}
    assert not [r for r, e in rules.items() if r in rows and e["status"] in ("pass", "seen")]

    known = [*v.validate_event(event("disconnect", stateCode=8102)), *v.validate_fee(fee(cdr(ulFailReason=7104)))]
    rules = report.build("live", [], known, started=datetime(2026, 1, 1))["rules"]
    assert rules["HANG-045"]["status"] == "seen" and rules["TEAR-021"]["status"] == "seen"
    assert not [r for r, e in rules.items() if r in rows and e["status"] == "pass"]
    assert "HANG-021" not in rules or rules["HANG-021"]["status"] == "not-seen"
