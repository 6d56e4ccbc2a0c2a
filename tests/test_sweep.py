"""Live-target safety end to end: a run killed at any point leaves nothing after `pnconform sweep`.

A standalone `pnconform emulator` plays the live target (through a `local`-style target); its
test hooks (`GET /_emulator/bindings`) are the independent witness of what is bound.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from standalone import standalone_emulator, targets_for

from pnconform import cli
from pnconform.client import PrivateNumberClient
from pnconform.sweep import sweep
from pnconform.targets import Target, load_target

ROOT = Path(__file__).resolve().parents[1]
# Binding-heavy, quick scenarios of every mode; no hooks (a killed run leaves no odd app state).
SELECTION = "bind and not invariants and not needs-fill and not needs-hooks and not needs-calls"

pytestmark = pytest.mark.selftest


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with standalone_emulator(tmp_path_factory.mktemp("emulator")) as base:
        yield base


@pytest.fixture(scope="module")
def targets_file(emulator: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return targets_for(emulator, tmp_path_factory.mktemp("targets"), description="the kill test's emulator")


def _bindings(base: str) -> list[dict]:
    return httpx.get(f"{base}/_emulator/bindings", timeout=10).json()["bindings"]


def _env(journal: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PNCONFORM_")}
    return {**env, "PNCONFORM_JOURNAL_DIR": str(journal)}


def _start_suite(targets: Path, journal: Path, log: Path) -> subprocess.Popen:
    args = [
        sys.executable, "-m", "pytest", str(ROOT / "steps"), "-q", "-p", "no:cacheprovider",
        "--targets", str(targets), "--target", "local", "-k", SELECTION,
    ]  # fmt: skip
    # A job started in the background (`cmd &`, nohup) inherits SIGINT ignored, and Python then
    # never turns SIGINT into KeyboardInterrupt: give the run the Ctrl-C a person's terminal would.
    return subprocess.Popen(
        args,
        cwd=ROOT,
        env=_env(journal),
        stdin=subprocess.DEVNULL,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _journal_lines(journal: Path) -> list[str]:
    return [line for p in sorted(journal.glob("*.jsonl")) for line in p.read_text().splitlines()]


def _holding_a_binding(lines: list[str]) -> bool:
    """The run's last word: a bind succeeded (and its unbind is not written yet)."""
    return bool(lines) and '"outcome": "bound"' in lines[-1]


def _kill_after(
    process: subprocess.Popen, journal: Path, binds: int, log: Path, *, holding: Callable[[], bool] | None = None
) -> None:
    """SIGKILL the run once its journal holds `binds` more bind records; with `holding`, at a
    moment it holds a binding (frozen with SIGSTOP to look, so the moment cannot pass)."""
    start = sum('"event": "bind"' in line for line in _journal_lines(journal))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the suite ended before it was killed: {log.read_text()[-3000:]}")
        lines = _journal_lines(journal)
        if sum('"event": "bind"' in line for line in lines) - start >= binds:
            if holding is None:
                break
            process.send_signal(signal.SIGSTOP)
            # The journal's last word alone is not enough: an unbind may be in flight (sent, its
            # answer not journaled yet), so the target is asked too.
            if _holding_a_binding(_journal_lines(journal)) and holding():
                break
            process.send_signal(signal.SIGCONT)
        time.sleep(0.01)
    else:
        process.kill()
        pytest.fail(f"the suite never reached the kill point: {log.read_text()[-3000:]}")
    process.send_signal(signal.SIGKILL)
    process.wait(10)


def _wait_for_binds(process: subprocess.Popen, journal: Path, binds: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while sum('"event": "bind"' in line for line in _journal_lines(journal)) < binds:
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the suite did not get to {binds} binds: {log.read_text()[-3000:]}")
        time.sleep(0.02)


def _sweep(targets: Path, journal: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`pnconform sweep`, in this process (a fresh interpreter would double the test's time)."""
    rc = cli.main(["sweep", "--targets", str(targets), "--target", "local", "--journal", str(journal)])
    out = capsys.readouterr()
    return rc, out.out + out.err


def test_a_killed_run_leaves_nothing_after_sweep(
    emulator: str, targets_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "journal"
    left_behind = []
    # Killed right after its first bind went out (wherever that is), and twice while holding a
    # binding, early in the run and well into it.
    for binds, holding in ((1, False), (5, True), (25, True)):
        assert _bindings(emulator) == []
        log = tmp_path / f"suite-{binds}.log"
        process = _start_suite(targets_file, journal, log)
        _kill_after(process, journal, binds, log, holding=(lambda: bool(_bindings(emulator))) if holding else None)
        left = _bindings(emulator)
        left_behind.append(len(left))
        rc, out = _sweep(targets_file, journal, capsys)
        assert rc == 0, out
        assert _bindings(emulator) == [], f"after the kill at bind {binds} and the sweep:\n{out}"
        assert f"removed {len(left)} binding(s)" in out, out
    assert any(left_behind), f"no kill left a binding behind ({left_behind}): the test proves nothing"
    swept = [json.loads(line) for p in journal.glob("*.jsonl") for line in p.read_text().splitlines()[-1:]]
    assert [r["event"] for r in swept] == ["swept"] * 3


def test_ctrl_c_still_unbinds(emulator: str, targets_file: Path, tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    log = tmp_path / "suite.log"
    process = _start_suite(targets_file, journal, log)
    _wait_for_binds(process, journal, 10, log)
    process.send_signal(signal.SIGINT)
    process.wait(30)
    assert "KeyboardInterrupt" in log.read_text()
    left = _bindings(emulator)
    assert left == [], f"Ctrl-C left bindings behind: {left}\n{log.read_text()[-4000:]}"


def _local(targets: Path) -> Target:
    return load_target(targets, "local")


def _client(target: Target, mode: str) -> PrivateNumberClient:
    app = target.app(mode)
    return PrivateNumberClient(target.base_url or "", app.app_key, app.app_secret, mode=mode)


def test_sweep_touches_nothing_the_suite_did_not_make(emulator: str, targets_file: Path, tmp_path: Path) -> None:
    target = _local(targets_file)
    axb, ax = _client(target, "axb"), _client(target, "ax")
    x1, x2 = (x.number for x in target.app("axb").x_numbers[:2])
    by_hand = axb.axb_bind(callerNum="+8613900000001", calleeNum="+8613900000002", relationNum=x1)
    other_data = axb.axb_bind(callerNum="+8613900000003", calleeNum="+8613900000004", relationNum=x2, userData="u1")
    marked = ax.ax_bind(origNum="+8613900000005", privateNum=target.app("ax").x_numbers[0].number,
                        userData="pnc-20260101000000-abcd")  # fmt: skip
    assert by_hand.ok and other_data.ok and marked.ok
    lines: list[str] = []
    job = sweep(target, tmp_path / "no-journal-here", lines.append)
    assert job.problems == [] and job.removed == 1
    left = {b["subscriptionId"] for b in _bindings(emulator)}
    assert left == {by_hand.body["subscriptionId"], other_data.body["subscriptionId"]}
    assert marked.body["subscriptionId"] not in left
    for client in (axb, ax):
        client.cleanup()
        client.close()
    assert _bindings(emulator) == []


def test_a_ctrl_c_during_cleanup_waits_for_the_cleanup_to_end() -> None:
    from pnconform.safety.interrupts import sigint_deferred

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a foreground run
    done = []
    try:
        with pytest.raises(KeyboardInterrupt), sigint_deferred():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # the signal is handled here, and held
            done.append("cleanup finished")
        assert done == ["cleanup finished"]
    finally:
        signal.signal(signal.SIGINT, previous)
