"""Known deviations: the expectations file turns a known deviation into an expected failure.

The end-to-end test runs two scenarios against the embedded emulator with a fault switch on: the
broken one, listed, is an expected failure; a listed one that passes is flagged as unexpected.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from pnconform import expectations
from pnconform.reporting import conformance, outcomes
from pnconform.reporting.conformance import ScenarioOutcome
from pnconform.targets import TargetError, load_target

ROOT = Path(__file__).resolve().parents[1]
BROKEN = "test_unbinding_an_x_releases_every_pair_on_it"  # AXB-041 GEN-112, broken by axb.unbind_one
PASSING = "test_the_subscriptionid_wins_over_the_relationnum_in_an_unbind"  # AXB-042 GEN-111


def targets_with(tmp_path: Path, deviations: object, **extra: object) -> Path:
    doc = yaml.safe_load((ROOT / "targets.yaml").read_text())
    doc["targets"]["reference"].update(expectations="expectations.yaml", **extra)
    (tmp_path / "expectations.yaml").write_text(yaml.safe_dump({"deviations": deviations}))
    (tmp_path / "targets.yaml").write_text(yaml.safe_dump(doc))
    return tmp_path / "targets.yaml"


@pytest.mark.parametrize(
    ("deviations", "problem"),
    [
        ([{"rule": "AXB041", "reason": "x"}], "rule: give a rule id"),
        ([{"rule": "AXB-041"}], "reason: say why"),
        ([{"rule": "AXB-041", "reason": "x", "ticket": "PN-1"}], "unknown key 'ticket'"),
        ("AXB-041", "deviations: expected a list"),
    ],
)
def test_a_bad_expectations_file_fails_in_one_line(tmp_path: Path, deviations: object, problem: str) -> None:
    with pytest.raises(TargetError) as caught:
        load_target(targets_with(tmp_path, deviations), "reference")
    message = str(caught.value)
    assert problem in message and "expectations" in message and "\n" not in message


def test_a_missing_expectations_file_is_named(tmp_path: Path) -> None:
    targets = targets_with(tmp_path, [])
    (tmp_path / "expectations.yaml").unlink()
    with pytest.raises(TargetError, match=r"expectations\.yaml: cannot read"):
        load_target(targets, "reference")


def test_every_rule_of_a_failing_scenario_must_be_listed() -> None:
    devs = expectations.parse({"deviations": [{"rule": "AXB-041", "reason": "r", "link": "https://t/1"}]}, "f")
    listed = expectations.judge(devs, "axb/unbind.feature: X", ["AXB-041", "GEN-112"])
    assert listed is not None and not expectations.covers_all(listed, ["AXB-041", "GEN-112"])
    assert expectations.covers_all(listed, ["AXB-041"])
    scoped = expectations.parse({"deviations": [{"rule": "AXB-041", "reason": "r", "scenario": "pair"}]}, "f")
    assert expectations.judge(scoped, "axb/unbind.feature: other", ["AXB-041"]) is None


def test_a_deviation_names_its_scenario_by_id_or_by_a_part_of_its_title() -> None:
    def scoped(scenario: str) -> tuple[expectations.Deviation, ...]:
        return expectations.parse({"deviations": [{"rule": "AXB-004", "reason": "r", "scenario": scenario}]}, "f")

    name = "axb/bind.feature: A duplicate pair is refused [1012010]"
    for listed in ("axb-bind-07", "id:axb-bind-07", "axb-bind-07[1012010]", "duplicate pair"):
        assert expectations.judge(scoped(listed), name, ["AXB-004"], "axb-bind-07[1012010]") is not None, listed
    # An id matches exactly: not another scenario, not another example, not a longer id.
    for scenario_id in ("axb-bind-17", "axb-bind-070", "axb-bind-08[1012010]", ""):
        assert expectations.judge(scoped("axb-bind-07"), name, ["AXB-004"], scenario_id) is None, scenario_id
    assert expectations.judge(scoped("axb-bind-07[1012011]"), name, ["AXB-004"], "axb-bind-07[1012010]") is None
    # Old files: a part of the title, as before (also without an id).
    assert expectations.judge(scoped("duplicate"), name, ["AXB-004"]) is not None
    assert expectations.judge(scoped("duplicate"), "axb/bind.feature: other", ["AXB-004"], "axb-bind-07") is None


def fake_report(when: str, outcome: str) -> SimpleNamespace:
    return SimpleNamespace(
        when=when, outcome=outcome, failed=outcome == "failed", passed=outcome == "passed", longrepr=None
    )


def fake_target(deviations: tuple, strict: bool = False) -> SimpleNamespace:
    caps = SimpleNamespace(unconfirmed="blocking")
    app = SimpleNamespace(app_secret="s3cr3t-value")
    return SimpleNamespace(
        apps={"axb": app},
        secrets=[app.app_secret],
        expectations=deviations,
        expectations_strict=strict,
        capabilities=caps,
    )


class Indeterminate(RuntimeError):  # matched by name, as pnconform.client.Indeterminate
    pass


def test_a_timeout_is_indeterminate_even_when_listed() -> None:
    devs = expectations.parse({"deviations": [{"rule": "AXB-041", "reason": "r"}]}, "f")
    report = fake_report("call", "failed")
    with pytest.raises(Indeterminate) as excinfo:
        raise Indeterminate("indeterminate: bind timed out (s3cr3t-value)")
    outcomes.judge(report, SimpleNamespace(excinfo=excinfo), "s", ["AXB-041"], set(), fake_target(devs))
    assert report.failed and report.pnconform["status"] == "indeterminate"
    assert "s3cr3t-value" not in report.pnconform["message"]


def test_a_strict_unexpected_pass_fails() -> None:
    devs = expectations.parse({"deviations": [{"rule": "AXB-042", "reason": "r"}]}, "f")
    lax, strict = fake_report("call", "passed"), fake_report("call", "passed")
    outcomes.judge(lax, SimpleNamespace(excinfo=None), "s", ["AXB-042"], set(), fake_target(devs))
    outcomes.judge(strict, SimpleNamespace(excinfo=None), "s", ["AXB-042"], set(), fake_target(devs, strict=True))
    assert lax.passed and lax.wasxfail and lax.pnconform["status"] == "unexpected-pass"
    assert strict.outcome == "failed" and strict.pnconform["status"] == "unexpected-pass"


@pytest.mark.parametrize(
    ("statuses", "verdict"),
    [
        (["pass"], "conforms"),
        (["pass", "expected-fail"], "conforms with 1 expected deviation"),
        (["pass", "expected-fail", "unexpected-pass"], "conforms with 1 expected deviation; 1 unexpected pass"),
        (["fail", "indeterminate"], "does not conform: 1 rule fail, 1 rule indeterminate"),
        (["pass", "indeterminate"], "indeterminate: 1 rule could not be decided"),
        (["skip"], "not assessed"),
    ],
)
def test_verdict(statuses: list[str], verdict: str) -> None:
    found = [ScenarioOutcome(f"s{i}", s, [f"AXB-{i:03d}"], listed=[f"AXB-{i:03d}"]) for i, s in enumerate(statuses)]
    assert conformance.build("t", [], found)["verdict"].startswith(verdict)


@pytest.mark.selftest
def test_an_expectations_file_turns_a_known_deviation_into_an_expected_failure(tmp_path: Path) -> None:
    targets = targets_with(
        tmp_path,
        [
            {"rule": "AXB-041", "reason": "the platform unbinds one pair", "link": "https://tracker.test/PN-1"},
            {"rule": "GEN-112", "reason": "same defect as AXB-041", "scenario": "axb-unbind-02"},  # by id
            {"rule": "AXB-042", "reason": "believed broken", "link": "https://tracker.test/PN-2"},
        ],
    )
    reports = tmp_path / "reports"
    result = subprocess.run(
        [
            sys.executable, "-m", "pytest", str(ROOT / "steps"), "-q", "-p", "no:cacheprovider", "-rxX",
            "--targets", str(targets), "--target", "reference", "--emulator-fault", "axb.unbind_one",
            "-k", f"{BROKEN} or {PASSING}", f"--conformance-dir={reports}",
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-4000:]  # an expected failure and an unexpected pass do not fail the run
    assert "1 xfailed" in out and "1 xpassed" in out, out[-3000:]
    assert "EXPECTED-FAIL" in out and "UNEXPECTED-PASS" in out and "pnconform verdict" in out
    doc = json.loads((reports / "conformance.json").read_text())
    assert doc["rules"]["AXB-041"]["status"] == "expected-fail"
    assert doc["rules"]["AXB-041"]["links"] == ["https://tracker.test/PN-1"]
    assert doc["rules"]["AXB-042"]["status"] == "unexpected-pass"
    # A -k subset: partial, and it still names the deviations and the surprise.
    assert doc["verdict_status"] == "conforms-partial"
    assert "; 2 expected deviations;" in doc["verdict"], doc["verdict"]
    assert doc["verdict"].endswith("; 1 unexpected pass (update the expectations file)"), doc["verdict"]
