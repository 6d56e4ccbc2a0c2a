"""The verdict never says more than the run checked: `pnconform run` end to end, on subsets.

Each run writes into its own temporary report folder. Unit tests of the verdict's rules (partial,
interrupted, attribution) run on synthetic outcomes; the CLI tests run the real suite on small
selections against the embedded emulator.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pnconform.catalogue import Rule
from pnconform.reporting import conformance
from pnconform.reporting.conformance import RunFacts, ScenarioOutcome

ROOT = Path(__file__).resolve().parents[1]


def rule(rule_id: str, mode: str = "axb") -> Rule:
    return Rule(rule_id, mode, f"statement of {rule_id}", "https://example.test", True, "api", "", None, "10-axb")


RULES = [rule("AXB-001"), rule("AXB-004"), rule("AXB-005"), rule("AXB-025"), rule("AX-001", "ax"), rule("AXB-090")]
KIT = frozenset({"AXB-001", "AXB-004", "AXB-005", "AXB-025", "AX-001"})  # AXB-090: no scenario in the kit


def build(outcomes: list[ScenarioOutcome], **facts: object) -> dict:
    run = RunFacts("t", modes=("axb", "ax"), kit_rules=KIT, **facts)  # type: ignore[arg-type]
    return conformance.build("t", RULES, outcomes, run)


ALL_PASS = [
    ScenarioOutcome("a", "pass", ["AXB-001", "AXB-004"]),
    ScenarioOutcome("b", "pass", ["AXB-005", "AXB-025"]),
    ScenarioOutcome("c", "pass", ["AX-001"]),
]


def test_a_complete_run_of_every_checkable_rule_conforms_and_says_how_much_it_checked() -> None:
    doc = build(ALL_PASS, selected=3, selected_rules=KIT)
    assert doc["verdict_status"] == "conforms" and doc["exit_code"] == 0
    assert (
        doc["verdict"]
        == "conforms: 5 of 5 checkable rules checked; 1 catalogue rule not checkable by the kit (see the summary)"
    )
    assert doc["rules"]["AXB-090"]["status"] == "not-covered"
    assert doc["coverage"]["checked"] == 5 and doc["coverage"]["not-covered"] == 1


def test_a_subset_is_partial_and_names_n_of_m() -> None:
    doc = build(ALL_PASS[:1], selected=1, selected_rules=frozenset({"AXB-001", "AXB-004"}))
    assert doc["verdict_status"] == "conforms-partial" and doc["exit_code"] != 0
    assert doc["verdict"].startswith("conforms-partial: 2 of 5 checkable rules checked (3 not selected in this run)")
    assert doc["rules"]["AXB-025"]["status"] == "not-selected"


def test_a_capability_skip_is_partial_too() -> None:
    skipped = ScenarioOutcome("b", "skip", ["AXB-005", "AXB-025"], "target has no test hooks")
    doc = build([ALL_PASS[0], skipped, ALL_PASS[2]], selected=3, selected_rules=KIT)
    assert doc["verdict_status"] == "conforms-partial"
    assert "2 skipped: the target lacks a capability" in doc["verdict"]


def test_an_interrupted_run_is_interrupted_and_the_rest_is_not_run() -> None:
    doc = build(ALL_PASS[:1], selected=3, selected_rules=KIT, interrupted=True)
    assert doc["verdict_status"] == "interrupted" and doc["exit_code"] != 0
    assert doc["verdict"].startswith("interrupted after 1 of 3 scenarios")
    assert doc["rules"]["AX-001"]["status"] == "not-run" and doc["run"]["complete"] is False


def test_fewer_outcomes_than_selected_scenarios_is_interrupted_even_without_the_flag() -> None:
    assert build(ALL_PASS[:2], selected=3)["verdict_status"] == "interrupted"


def test_a_failure_found_before_an_interruption_still_fails() -> None:
    failed = ScenarioOutcome("a", "fail", ["AXB-001", "AXB-004"], message="boom")
    doc = build([failed], selected=3, interrupted=True)
    assert doc["verdict_status"] == "does-not-conform"
    assert doc["verdict"] == (
        "does not conform: 2 rules fail (interrupted after 1 of 3 scenarios); "
        "1 catalogue rule not checkable by the kit (see the summary)"
    )


def test_a_failure_that_names_its_rule_fails_that_rule_only() -> None:
    invariant = ScenarioOutcome(
        "inv", "fail", ["AXB-001", "AXB-004", "AXB-005"], message="overlap", failed_rules=["AXB-004"]
    )
    doc = build([invariant, *ALL_PASS[1:]], selected=3)
    statuses = {rid: e["status"] for rid, e in doc["rules"].items()}
    assert statuses["AXB-004"] == "fail" and statuses["AXB-001"] == "exercised"
    assert statuses["AXB-005"] == "pass"  # another scenario passed it
    assert doc["verdict"].startswith("does not conform: 1 rule fail")
    assert doc["rules"]["AXB-004"]["evidence"][0]["message"] == "overlap"
    assert "evidence" not in doc["rules"]["AXB-001"] and doc["rules"]["AXB-001"]["exercised_by"] == ["inv"]


def test_nothing_ran_is_not_assessed() -> None:
    skipped = [ScenarioOutcome("a", "skip", ["AXB-001"], "mode not offered")]
    doc = build(skipped, selected=1)
    assert doc["verdict_status"] == "not-assessed" and doc["exit_code"] == 5


# -- the CLI, end to end --------------------------------------------------------------------------


def pnconform(*args: str) -> list[str]:
    return [sys.executable, "-m", "pnconform.cli", *args]


def run(reports: Path, *pytest_args: str, cli: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PNCONFORM_")}
    command = pnconform("run", "--reports", str(reports), *cli, "--", "--hypothesis-budget=2x3", *pytest_args)
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL
    )


def verdict_of(reports: Path) -> dict:
    return json.loads((reports / "conformance.json").read_text())


def test_cli_subset_is_partial_with_n_of_m_and_exit_4(tmp_path: Path) -> None:
    done = run(tmp_path, "-k", "axb and query")
    doc = verdict_of(tmp_path)
    assert doc["verdict_status"] == "conforms-partial", done.stdout[-2000:]
    checked, checkable = doc["coverage"]["checked"], doc["coverage"]["checkable"]
    assert 0 < checked < checkable
    assert f"conforms-partial: {checked} of {checkable} checkable rules checked" in done.stdout
    assert done.returncode == 4
    assert doc["run"]["selection"]["keyword"] == "axb and query" and doc["run"]["complete"] is True
    assert doc["rules"]["AX-001"]["status"] == "not-selected"


def test_cli_accept_partial_exits_0(tmp_path: Path) -> None:
    done = run(tmp_path, "-k", "axb and query and relationNum", cli=("--accept-partial",))
    assert done.returncode == 0, done.stdout[-2000:]
    assert verdict_of(tmp_path)["verdict_status"] == "conforms-partial"


def test_cli_selection_of_nothing_writes_no_verdict_and_removes_the_old_one(tmp_path: Path) -> None:
    for name in ("conformance.json", "conformance.md", "summary.html"):
        (tmp_path / name).write_text("{}")  # an earlier run's verdict
    (tmp_path / "allure-report").mkdir()
    done = run(tmp_path, "-k", "nothing_matches_this")
    assert done.returncode == 5
    assert "pnconform: no scenario matches -k nothing_matches_this" in done.stdout
    assert not [p.name for p in tmp_path.iterdir() if p.name in ("conformance.json", "summary.html", "allure-report")]


def test_cli_ctrl_c_gives_an_interrupted_verdict_and_a_non_zero_exit(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PNCONFORM_")}
    command = pnconform("run", "--reports", str(tmp_path), "--", "--hypothesis-budget=2x3", "-k", "axb or ax")
    # A job started in the background inherits SIGINT ignored; a person's Ctrl-C reaches a foreground run.
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdout is not None
    seen = ""
    deadline = time.monotonic() + 120
    while ".........." not in seen and time.monotonic() < deadline:  # ten scenarios have passed
        char = process.stdout.read(1)
        if not char:
            break
        seen += char
    process.send_signal(signal.SIGINT)
    rest, _ = process.communicate(timeout=120)
    out = seen + rest
    assert process.returncode == 130, out[-3000:]
    doc = verdict_of(tmp_path)
    assert doc["verdict_status"] == "interrupted" and doc["run"]["complete"] is False
    assert doc["run"]["finished"] < doc["run"]["selected"]
    assert f"interrupted after {doc['run']['finished']} of {doc['run']['selected']} scenarios" in out
    assert "Traceback" not in out and ": conforms" not in out


def test_plan_prints_no_verdict(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PNCONFORM_")}
    command = pnconform("plan", "--reports", str(tmp_path), "--", "--hypothesis-budget=2x3", "-k", "axb and query")
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert (tmp_path / "plan.json").is_file() and not (tmp_path / "conformance.json").exists()
    for word in ("conforms", "pnconform verdict", "does not conform"):
        assert word not in done.stdout, f"plan printed {word!r}"


@pytest.mark.parametrize("status", conformance.VERDICTS)
def test_every_verdict_has_an_exit_code_and_only_conforming_ones_are_0(status: str) -> None:
    assert (conformance.EXIT_CODES[status] == 0) == (status in ("conforms", "conforms-with-deviations"))


def test_cli_a_run_that_dies_before_configure_leaves_no_old_verdict(tmp_path: Path) -> None:
    (tmp_path / "conformance.json").write_text('{"verdict_status": "conforms", "exit_code": 0}')
    done = run(tmp_path, "-p", "pnconform_no_such_plugin")
    assert done.returncode == 2, done.stdout[-2000:] + done.stderr[-2000:]
    assert "without a verdict" in done.stderr and not (tmp_path / "conformance.json").exists()
