"""The run marker, the run journal and the client's timeout handling, against a stub transport."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from pnconform.client import Indeterminate, PrivateNumberClient, TargetUnreachable
from pnconform.safety.journal import Journal, read_journal
from pnconform.safety.marker import is_marker, new_run_id

X = "+8617010000001"
A, B = "+8613800000001", "+8613800000002"
OK = {"resultcode": "0", "resultdesc": "Success"}


def _client(handler, journal: Journal | None = None, marker: str | None = None) -> PrivateNumberClient:
    client = PrivateNumberClient(
        "http://target.test", "key-1", "very-secret-value", journal=journal, marker=marker, x_numbers=(X,)
    )
    client._http = httpx.Client(base_url="http://target.test", transport=httpx.MockTransport(handler))
    return client


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal.open_for_run(tmp_path, "pnc-20260101000000-abcd", "live", "http://target.test")


def test_run_ids_are_markers_that_fit_user_data():
    run_id = new_run_id()
    assert is_marker(run_id) and len(run_id) <= 256 and run_id.isascii() and "{" not in run_id
    assert not is_marker("pnc-1") and not is_marker("u1") and not is_marker(None)


def test_a_bind_is_marked_and_journaled_before_it_is_sent(journal: Journal):
    seen: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        # The bind record is on disk before the request arrives.
        seen.append({"body": json.loads(request.content), "journal": journal.path.read_text()})
        return httpx.Response(200, json={**OK, "subscriptionId": "s1", "relationNum": X})

    client = _client(handler, journal, "pnc-20260101000000-abcd")
    client.axb_bind(callerNum=A, calleeNum=B, relationNum=X)
    assert seen[0]["body"]["userData"] == "pnc-20260101000000-abcd"
    assert '"event": "bind"' in seen[0]["journal"] and A in seen[0]["journal"]
    doc = read_journal(journal.path)
    assert [(b.subscription_id, b.outcome, b.x) for b in doc.binds] == [("s1", "bound", X)]
    assert "very-secret-value" not in journal.path.read_text()


def test_a_scenarios_own_user_data_is_kept(journal: Journal):
    bodies: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(200, json={**OK, "subscriptionId": f"s{len(bodies)}"})

    client = _client(handler, journal, "pnc-20260101000000-abcd")
    client.axb_bind(callerNum=A, calleeNum=B, relationNum=X, userData="u-085")
    client.axb_bind(callerNum=A, calleeNum=B, relationNum=X, userData=None)  # "send none"
    assert bodies[0]["userData"] == "u-085" and "userData" not in bodies[1]
    assert [b.marker for b in read_journal(journal.path).binds] == [None, None]


def test_unbinds_and_refusals_close_journal_entries(journal: Journal):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and json.loads(request.content)["callerNum"] == B:
            return httpx.Response(400, json={"resultcode": "1012010", "resultdesc": "exists"})
        return httpx.Response(200, json={**OK, "subscriptionId": "s1"})

    client = _client(handler, journal, "pnc-20260101000000-abcd")
    client.axb_bind(callerNum=A, calleeNum=B, relationNum=X)
    client.axb_bind(callerNum=B, calleeNum=A, relationNum=X)  # refused: nothing to sweep
    assert len(read_journal(journal.path).open_binds()) == 1
    assert client.cleanup() == []
    assert read_journal(journal.path).open_binds() == []


def test_a_torn_last_line_is_ignored(journal: Journal):
    journal.bind("axb", "key-1", {"callerNum": A}, None, None)
    with journal.path.open("a") as f:
        f.write('{"event": "outco')  # killed mid-write
    doc = read_journal(journal.path)
    assert doc.target == "live" and len(doc.open_binds()) == 1


def test_a_timed_out_bind_is_indeterminate_checked_by_query_and_not_retried(journal: Journal):
    posts: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            posts.append(request)
            raise httpx.ReadTimeout("read timed out", request=request)
        if request.method == "GET":  # the check: the bind did happen
            item = {"subscriptionId": "s9", "relationNum": X, "callerNum": A, "calleeNum": B}
            return httpx.Response(200, json={**OK, "totalCount": 1, "relationNumList": [item]})
        return httpx.Response(200, json=OK)

    client = _client(handler, journal, "pnc-20260101000000-abcd")
    with pytest.raises(Indeterminate, match=r"^indeterminate: .*s9") as info:
        client.axb_bind(callerNum=A, calleeNum=B, relationNum=X)
    assert isinstance(info.value, RuntimeError)
    assert len(posts) == 1  # never re-sent
    assert [e.subscription_id for e in client.ledger] == ["s9"]  # teardown removes it
    assert client.cleanup() == [] and read_journal(journal.path).open_binds() == []


def test_a_timed_out_bind_that_did_not_happen(journal: Journal):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            raise httpx.ReadTimeout("read timed out", request=request)
        return httpx.Response(200, json={"resultcode": "1012007", "resultdesc": "no record"})

    client = _client(handler, journal, "pnc-20260101000000-abcd")
    with pytest.raises(Indeterminate, match="no such binding"):
        client.axb_bind(callerNum=A, calleeNum=B, relationNum=X)
    assert client.ledger == []


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_timeouts_of_other_writes_are_indeterminate(method: str):
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.WriteTimeout("timed out", request=request)

    with pytest.raises(Indeterminate, match=r"^indeterminate:"):
        _client(handler).request(method, "/x")


def test_timeouts_of_reads_and_of_unsent_requests_are_unreachable():
    def read_timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    def connect_timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    with pytest.raises(TargetUnreachable):
        _client(read_timeout).request("GET", "/x")
    with pytest.raises(TargetUnreachable):  # never sent: it cannot have happened
        _client(connect_timeout).request("POST", "/x")


def test_an_interrupted_bind_is_found_by_cleanup(journal: Journal):
    state = {"bound": False}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            state["bound"] = True
            raise KeyboardInterrupt  # Ctrl-C while the answer is on its way
        if request.method == "GET":
            item = {"subscriptionId": "s5", "relationNum": X, "callerNum": A, "calleeNum": B}
            return httpx.Response(200, json={**OK, "totalCount": 1, "relationNumList": [item]})
        state["bound"] = False
        return httpx.Response(200, json=OK)

    client = _client(handler, journal, "pnc-20260101000000-abcd")
    with pytest.raises(KeyboardInterrupt):
        client.axb_bind(callerNum=A, calleeNum=B, relationNum=X)
    assert client.cleanup() == []
    assert state["bound"] is False


def test_sweep_of_an_unreachable_target_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    import socket

    import yaml

    from pnconform import cli

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nobody listens there
    doc = yaml.safe_load((Path(__file__).resolve().parents[1] / "targets.yaml").read_text())
    doc["targets"]["local"]["base_url"] = f"http://127.0.0.1:{port}"
    (tmp_path / "targets.yaml").write_text(yaml.safe_dump(doc))
    rc = cli.main(["sweep", "--targets", str(tmp_path / "targets.yaml"), "--target", "local"])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "cannot reach" in err and "Traceback" not in err


def test_sweep_reads_only_journals_of_the_targets_own_address(tmp_path: Path) -> None:
    from pnconform.safety.journal import journals_elsewhere, journals_of

    here = Journal.open_for_run(tmp_path, "pnc-20260101000000-aaaa", "local", "http://127.0.0.1:8001")
    Journal.open_for_run(tmp_path, "pnc-20260101000000-bbbb", "local", "http://127.0.0.1:9999/")
    assert [d.run_id for d in journals_of(tmp_path, "local", "http://127.0.0.1:8001/")] == [here.run_id]
    assert [d.base_url for d in journals_elsewhere(tmp_path, "local", "http://127.0.0.1:8001")] == [
        "http://127.0.0.1:9999/"
    ]
    assert len(journals_of(tmp_path, "local")) == 2  # without an address: every run against the name
