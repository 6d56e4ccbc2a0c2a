"""`pnconform run --record` and `pnconform compare`: a recorded reference run replays without a
difference, holds no secret, and a tampered answer is reported as exactly that difference."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pnconform import signing
from pnconform.recording import compare, store
from pnconform.recording.diff import IdMap
from pnconform.recording.diff import compare as compare_exchange

ROOT = Path(__file__).resolve().parents[1]
# A few quick scenarios: ids assigned by the platform (bind, unbind), the clock hook (expiry),
# app-state hooks, headers a scenario builds itself (valid and broken digests, a Created offset),
# the callback receiver's answer to an SMS Block notification (replayed by the replay's receiver).
SELECTION = (
    "an_expired_binding_is_not_unbound or a_created_within_the_tolerated_skew_is_accepted"
    " or a_digest_that_does_not_verify or signed_with_the_legacy_wsse_scheme"
    " or an_app_that_is_not_in_a_normal_state or an_ax_message_from_a_without_a_callee_asks_the_app"
)
# Runs the selection in a fresh interpreter and keeps the embedded emulator's random secrets,
# which the recordings must not contain.
RECORD = """
import json, sys, pytest
from pnconform.session import STATE
secrets = []
class Grab:
    def pytest_sessionfinish(self, session):
        target = session.config.stash[STATE].target
        secrets.extend(app.app_secret for app in target.apps.values())
rc = pytest.main(sys.argv[3:], plugins=[Grab()])
json.dump({"rc": int(rc), "secrets": secrets}, open(sys.argv[2], "w"))
"""
FULL_DIGEST = re.compile(r'PasswordDigest=\\?"[A-Za-z0-9+/]{20,}={0,2}\\?"')


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    base = tmp_path_factory.mktemp("recording")
    directory, out = base / "recordings", base / "run.json"
    args = ["steps", "--target", "reference", "-p", "no:cacheprovider", "-q", "-k", SELECTION]
    args += [f"--pnconform-record={directory}"]
    done = subprocess.run(
        [sys.executable, "-c", RECORD, "-", str(out), *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.is_file(), done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(out.read_text())
    assert result["rc"] == 0, done.stdout[-3000:] + done.stderr[-2000:]
    return directory, result["secrets"]


def test_each_scenario_is_recorded_with_target_rules_and_ordered_exchanges(recorded: tuple[Path, list[str]]) -> None:
    directory, _ = recorded
    recordings = store.load_all(directory)
    docs = [doc for _, doc in recordings]
    assert len(docs) >= 5
    for path, doc in recordings:
        assert path.name == store.file_name(doc["scenario"]["id"])  # named by the scenario's stable id
        assert path.name.startswith(doc["scenario"]["id"].split("[")[0] + ".")
        assert doc["target"]["name"] == "reference"
        assert doc["scenario"]["rules"] and doc["scenario"]["outcome"] == "passed"
        assert any(e["kind"] == "api" for e in doc["exchanges"])
    kinds = {e["kind"] for doc in docs for e in doc["exchanges"]}
    assert kinds == {"api", "hooks"}
    assert any(e["path"].endswith("/clock/advance") for doc in docs for e in doc["exchanges"])
    by = {(e.get("signing") or {}).get("by") for doc in docs for e in doc["exchanges"] if e["kind"] == "api"}
    assert by == {"client", "scenario"}
    assert any(reply["kind"] == "sms_control" for doc in docs for reply in doc["receiver_replies"])


def test_recordings_hold_no_secret_and_no_full_digest(recorded: tuple[Path, list[str]]) -> None:
    directory, secrets = recorded
    assert len(secrets) == 5
    texts = {path.name: path.read_text() for path in directory.glob("*.json")}
    for name, text in texts.items():
        assert not [s for s in secrets if s in text], f"{name} holds an app secret"
        assert not FULL_DIGEST.search(text), f"{name} holds a full PasswordDigest"
    assert any('PasswordDigest=\\"' in text for text in texts.values())  # signatures are there, cut short


def test_a_reference_recording_replays_without_a_difference(
    recorded: tuple[Path, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory, _ = recorded
    assert compare.run(directory, tmp_path / "compare") == 0
    document = json.loads((tmp_path / "compare.json").read_text())
    assert document["summary"]["different"] == 0
    assert document["summary"]["scenarios"] == len(list(directory.glob("*.json")))
    assert "0 with 0 difference(s)" in capsys.readouterr().out.splitlines()[-1]
    assert (tmp_path / "compare.md").read_text().startswith("# Recorded target vs emulator")


def test_a_tampered_resultcode_is_the_one_difference_reported(recorded: tuple[Path, list[str]], tmp_path: Path) -> None:
    directory, _ = recorded
    copy = tmp_path / "recordings"
    copy.mkdir()
    for path in directory.glob("*.json"):
        (copy / path.name).write_text(path.read_text())
    path, doc = next(
        (p, d) for p, d in store.load_all(copy) if "expired_binding_is_not_unbound" in d["scenario"]["nodeid"]
    )
    index, exchange = next(
        (i, e)
        for i, e in enumerate(doc["exchanges"], start=1)
        if e["kind"] == "api" and e["method"] == "POST" and e["response_body"]["json"]["resultcode"] == "0"
    )
    exchange["response_body"]["json"]["resultcode"] = "1012008"
    path.write_text(json.dumps(doc))

    assert compare.run(copy, tmp_path / "compare") == 1
    document = json.loads((tmp_path / "compare.json").read_text())
    assert (document["summary"]["different"], document["summary"]["differences"]) == (1, 1)
    (different,) = [s for s in document["scenarios"] if s["differences"]]
    assert different["differences"] == [
        {
            "exchange": index,
            "request": f"POST {exchange['path']}",
            "what": "resultcode",
            "recorded": "1012008",
            "emulator": "0",
        }
    ]
    assert set(document["rules"]) == set(different["rules"])
    assert "| resultcode | 1012008 | 0 |" in (tmp_path / "compare.md").read_text()


def test_unusable_recordings_are_a_usage_error_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert compare.run(tmp_path / "missing") == 2
    (tmp_path / "broken.json").write_text("{")
    assert compare.run(tmp_path) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("pnconform: error: ") for line in lines)


def test_ids_the_platform_assigns_are_mapped_not_compared() -> None:
    ids = IdMap()
    recorded = {
        "method": "POST",
        "path": "/p",
        "status": 200,
        "response_body": {
            "json": {
                "resultcode": "0",
                "subscriptionId": "rec-1111",
                "relationNum": "+8617010000001",
                "createTime": "2026-01-01 10:00:00",
                "resultdesc": "Success",
            }
        },
    }
    replayed = {
        "status": 200,
        "response_body": {
            "json": {
                "resultcode": "0",
                "subscriptionId": "rep-2222",
                "relationNum": "+8617010000002",
                "createTime": "2026-11-28 21:00:00",
                "resultdesc": "OK",
            }
        },
    }
    assert compare_exchange(1, recorded, replayed, ids) == []
    assert ids.apply({"subscriptionId": "rec-1111", "x": ["+8617010000001"]}) == {
        "subscriptionId": "rep-2222",
        "x": ["+8617010000002"],
    }


def test_a_scenario_built_signature_is_resigned_with_the_replay_secret() -> None:
    from pnconform.auth import aksk_headers
    from pnconform.client import redact_header

    headers = aksk_headers("app", "live-secret", nonce="N1")
    how = signing.describe(headers, "aksk", "live-secret", by_client=False)
    assert how["digest_valid"] is True and abs(how["created_offset_s"]) <= 1
    redacted = {k: redact_header(k, v) for k, v in headers.items()}
    again = signing.resign(redacted, how, {"app": "emulator-secret"})
    attrs = signing.attributes(again["X-AKSK"])
    assert attrs["PasswordDigest"] == signing.digest("aksk", "emulator-secret", "N1", attrs["Created"])
    wrong = signing.describe(aksk_headers("app", "other-secret"), "aksk", "live-secret", by_client=False)
    assert wrong["digest_valid"] is False
    attrs = signing.attributes(signing.resign(redacted, wrong, {"app": "emulator-secret"})["X-AKSK"])
    assert attrs["PasswordDigest"] != signing.digest("aksk", "emulator-secret", "N1", attrs["Created"])
    assert attrs["PasswordDigest"].isascii()


def test_a_truncated_recording_is_a_usage_error(
    recorded: tuple[Path, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory, _ = recorded
    path, doc = store.load_all(directory)[0]
    del doc["exchanges"][0]["method"]
    (tmp_path / path.name).write_text(json.dumps(doc))
    assert compare.run(tmp_path, tmp_path / "compare") == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"pnconform: error: {tmp_path / path.name}: not a usable recording")
