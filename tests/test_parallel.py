"""Parallel runs (`pnconform run -n 2`): the same results as a serial run (pnconform.parallel)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from standalone import standalone_emulator

from pnconform.parallel import CLEANUP_ATTR, SCENARIO_ATTR, RunLock, exclusive, mode_groups, modes_of

ROOT = Path(__file__).resolve().parents[1]

# A mix: AX, AXB, AXE and AXYB binds, a Scenario Outline in four modes, an AX Hypothesis machine,
# a @needs-hooks clock advance (one that cannot race the wall clock), and AX binds on a named X
# next to AX binds by city (on a shared target, the platform's pick could take the named X).
SUBSET = (
    "strict_area_match or random_ax_binding_sequences_keep or ax_part_expires or bind_by_city_gets"
    " or areacode_selects or a_new_ax_binding_can_be_looked_up"
)


# -- units -------------------------------------------------------------------------------------


def test_modes_used_together_share_a_group() -> None:
    groups = mode_groups([frozenset({"axb"}), frozenset({"ax"}), frozenset({"axb", "x"}), frozenset({"axe"})])
    assert groups["axb"] == groups["x"] == "pool-axb+x"
    assert len({groups["axb"], groups["ax"], groups["axe"]}) == 3
    # a later scenario joining two groups merges them, for every member
    groups = mode_groups([frozenset({"axb", "x"}), frozenset({"ax", "axe"}), frozenset({"x", "ax"})])
    assert len(set(groups.values())) == 1


def test_scenario_modes_and_exclusive_tags() -> None:
    assert modes_of({"common", "axb", "AXB-004"}) == {"axb"}
    assert modes_of({"common", "GEN-001"}) == {"axb"}  # Ctx.client is the AXB app's
    assert exclusive({"needs-hooks"}) and exclusive({"needs-calls"}) and not exclusive({"ax", "invariants"})


def test_run_lock_writer_waits_for_readers_and_readers_for_writer(tmp_path: Path) -> None:
    reader1, reader2, writer = RunLock(tmp_path), RunLock(tmp_path), RunLock(tmp_path)
    reader1.acquire(exclusive=False)
    reader2.acquire(exclusive=False)  # readers share
    got: list[str] = []
    thread = threading.Thread(target=lambda: (writer.acquire(exclusive=True), got.append("writer")))
    thread.start()
    time.sleep(0.3)
    assert not got  # the writer waits for both readers
    reader1.release()
    reader2.release()
    thread.join(5)
    assert got == ["writer"]
    late = threading.Thread(target=lambda: (reader1.acquire(exclusive=False), got.append("reader")))
    late.start()
    time.sleep(0.3)
    assert got == ["writer"]  # a reader waits for the writer
    writer.release()
    late.join(5)
    assert got == ["writer", "reader"]
    reader1.release()
    for lock in (reader1, reader2, writer):
        lock.close()


def test_controller_learns_scenario_and_cleanup_problems_from_a_shipped_report() -> None:
    from pnconform.plugin.outcomes import learn_from_worker
    from pnconform.session import RunState

    report = pytest.TestReport("steps/t.py::test_x", ("t.py", 1, "x"), {}, "passed", None, "teardown")
    scenario = {
        "name": "ax/bind.feature: X",
        "feature": "ax/bind.feature",
        "interface": "bind",
        "tags": ["AX-001", "ax"],
    }
    setattr(report, SCENARIO_ATTR, scenario)
    setattr(report, CLEANUP_ATTR, ["steps/t.py::test_x: unbind failed"])
    shipped = pytest.TestReport._from_json(report._to_json())  # what xdist does between processes
    state = RunState()
    learn_from_worker(state, shipped)
    info = state.scenarios["steps/t.py::test_x"]
    assert (info.name, info.interface, info.tags, info.rules) == (
        scenario["name"],
        "bind",
        {"AX-001", "ax"},
        ["AX-001"],
    )
    assert state.cleanup_problems == ["steps/t.py::test_x: unbind failed"]


# -- a 2-worker run equals a serial run --------------------------------------------------------


def start_run(targets: Path, target: str, reports: Path, workers: int) -> subprocess.Popen[str]:
    args = [sys.executable, "-m", "pytest", str(ROOT / "steps"), "-q", "-p", "no:cacheprovider", "-k", SUBSET]
    args += ["--targets", str(targets), "--target", target, f"--junitxml={reports / 'junit.xml'}"]
    args += [f"--conformance-dir={reports}", "-n", str(workers)]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PNCONFORM_", "PYTEST_XDIST"))}
    env["PNCONFORM_JOURNAL_DIR"] = str(reports / "journal")  # never into the checkout's reports/
    return subprocess.Popen(
        args, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def results(reports: Path) -> tuple[dict[str, str], dict[str, tuple[str, list[str]]]]:
    """Per-scenario outcome (junit) and per-rule status with its scenarios (conformance.json)."""
    scenarios = {}
    for case in ET.parse(reports / "junit.xml").getroot().iter("testcase"):
        outcome = next((child.tag for child in case if child.tag in ("failure", "error", "skipped")), "passed")
        scenarios[case.get("name", "").split("@")[0]] = outcome  # "@pool-..": the xdist group
    doc = json.loads((reports / "conformance.json").read_text())
    rules = {rid: (r["status"], sorted(r["scenarios"])) for rid, r in doc["rules"].items()}
    return scenarios, rules


def assert_same_results(runs: list[tuple[subprocess.Popen[str], Path]]) -> None:
    outputs = [process.communicate(timeout=600)[0] for process, _ in runs]
    for (process, _), out in zip(runs, outputs, strict=True):
        assert process.returncode == 0, out[-4000:]
    (serial_scenarios, serial_rules), (parallel_scenarios, parallel_rules) = (results(r) for _, r in runs)
    assert len(serial_scenarios) >= 10 and set(serial_scenarios.values()) == {"passed"}
    assert parallel_scenarios == serial_scenarios
    assert parallel_rules == serial_rules


def targets_file(folder: Path, name: str, base_url: str | None = None) -> Path:
    """targets.yaml with a small Hypothesis budget (the machine's search is not what is tested here)."""
    doc = yaml.safe_load((ROOT / "targets.yaml").read_text())
    doc["targets"][name]["hypothesis"] = {"max_examples": 4, "stateful_step_count": 10}
    if base_url:
        doc["targets"][name]["base_url"] = base_url
    path = folder / f"targets-{name}-{len(list(folder.glob('targets-*')))}.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def test_two_workers_equal_a_serial_run_on_the_reference_target(tmp_path: Path) -> None:
    targets = targets_file(tmp_path, "reference")
    runs = [(start_run(targets, "reference", tmp_path / f"r{n}", n), tmp_path / f"r{n}") for n in (0, 2)]
    assert_same_results(runs)


@pytest.mark.selftest
def test_two_workers_equal_a_serial_run_on_a_shared_standalone_emulator(tmp_path: Path) -> None:
    # One emulator per run, so that the two runs may go at the same time.
    with standalone_emulator(tmp_path) as serial_url, standalone_emulator(tmp_path) as parallel_url:
        runs = [
            (start_run(targets_file(tmp_path, "local", url), "local", tmp_path / f"l{n}", n), tmp_path / f"l{n}")
            for n, url in ((0, serial_url), (2, parallel_url))
        ]
        assert_same_results(runs)
