"""The report bundle: `pnconform report` writes a self-contained summary.html; Allure gets its environment."""

from __future__ import annotations

import html
import json
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from pnconform.catalogue import load_catalogue
from pnconform.cli import main
from pnconform.reporting import allure_env, allure_html, conformance
from pnconform.reporting.conformance import ScenarioOutcome
from pnconform.targets import load_target

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    outcomes = [
        ScenarioOutcome("axb/bind.feature: a", "pass", ["AXB-001"]),
        ScenarioOutcome(
            "axb/bind.feature: b <overlap>", "fail", ["AXB-004"], "failed in call",
            message='AssertionError: expected "1012010": <Response HTTP 200 {"resultcode":"0"}>',
        ),
        ScenarioOutcome(
            "axb/unbind.feature: c", "expected-fail", ["AXB-041"], "AXB-041: known", "https://tracker.test/PN-1",
            listed=["AXB-041"],
        ),
        ScenarioOutcome("axb/unbind.feature: d", "unexpected-pass", ["AXB-042"], "unexpected pass", listed=["AXB-042"]),
        ScenarioOutcome("axb/bind.feature: e", "skip", ["AXB-025"], "target has no test hooks"),
    ]  # fmt: skip
    folder = tmp_path / "reports"
    conformance.write(folder, conformance.build("live", load_catalogue(), outcomes))
    return folder


def test_pnconform_report_writes_a_self_contained_summary(reports: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["report", "--reports", str(reports), "--no-allure"]) == 0
    page = (reports / "summary.html").read_text()
    assert "summary.html" in capsys.readouterr().out
    verdict = json.loads((reports / "conformance.json").read_text())["verdict"]
    assert verdict.startswith("does not conform: 1 rule fail") and html.escape(verdict) in page  # the verdict
    # no external assets: the only script is inline (the rule filter)
    assert "<script src" not in page and "<link" not in page and "src=" not in page and "@import" not in page
    assert "<style>" in page
    # the failing rule with its evidence, escaped
    assert "AXB-004" in page and "b &lt;overlap&gt;" in page and "&lt;Response HTTP 200" in page
    assert "https://tracker.test/PN-1" in page and "AXB-042" in page  # deviation, unexpected pass
    assert "Coverage of the rule catalogue" in page and "<td>axyb</td>" in page
    assert "target has no test hooks" in page  # why a rule was not checked


def test_report_without_a_run_says_so_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["report", "--reports", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "conformance.json: not found" in err and "\n" not in err


def test_allure_build_fails_clearly_and_leaves_no_stale_report(reports: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (reports / "allure-report").mkdir()
    with pytest.raises(allure_html.AllureError, match="no results in"):
        allure_html.build_allure(reports)
    assert not (reports / "allure-report").exists()  # an older report never looks current
    (reports / "allure-results").mkdir()
    (reports / "allure-results" / "1-result.json").write_text("{}")
    monkeypatch.delenv("PNCONFORM_ALLURE", raising=False)
    monkeypatch.setattr(allure_html, "cache_dir", lambda: reports / "no-cache")
    monkeypatch.setattr(allure_html.shutil, "which", lambda name: None)
    with pytest.raises(allure_html.AllureError, match=r"Node\.js .* is not installed.*npm install -g allure@3"):
        allure_html.build_allure(reports)
    monkeypatch.setenv("PNCONFORM_ALLURE", str(reports / "nope"))
    with pytest.raises(allure_html.AllureError, match=r"PNCONFORM_ALLURE=.*nope: no runnable allure"):
        allure_html.build_allure(reports)
    monkeypatch.setenv("PNCONFORM_ALLURE", "/bin/true")  # found, but no version: not Allure 3
    with pytest.raises(allure_html.AllureError, match="point it at an allure 3 executable"):
        allure_html.build_allure(reports)

    def too_slow(*args: object, **kwargs: object) -> None:
        raise subprocess.TimeoutExpired("allure", 1)

    monkeypatch.setattr(allure_html, "find_allure", lambda: ["allure"])
    monkeypatch.setattr(allure_html.subprocess, "run", too_slow)
    with pytest.raises(allure_html.AllureError, match="gave up after 1s"):
        allure_html.build_allure(reports, timeout_s=1)


def test_allure_analytics_are_cut_from_the_page(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text(
        '<body><script src="data:,app"></script>\n<script async src="https://www.googletagmanager.com/gtag/js?id=G-1">'
        "</script>\n<script>\n window.dataLayer = window.dataLayer || [];\n gtag('js', new Date());\n</script>\n"
        "<script async>window.allureReportDataReady = false; d('x', 'window.dataLayer')</script></body>"
    )
    assert allure_html.strip_analytics(page)
    text = page.read_text()
    assert "googletagmanager" not in text and "gtag(" not in text and "d('x', 'window.dataLayer')" in text
    assert not allure_html.strip_analytics(page)


def test_allure_environment_and_categories(tmp_path: Path) -> None:
    target = load_target(ROOT / "targets.yaml", "local")
    allure_env.write(tmp_path, target, ROOT)
    env = dict(line.split("=", 1) for line in (tmp_path / "environment.properties").read_text().splitlines())
    assert env["target"] == "local" and env["target.host"] == "127.0.0.1" and env["auth.scheme"] == "aksk"
    assert env["kit.version"] and env["spec.revision"] and env["catalogue.revision"].startswith("sha256:")
    text = (tmp_path / "environment.properties").read_text()
    assert all(app.app_secret not in text for app in target.apps.values())
    names = [c["name"] for c in json.loads((tmp_path / "categories.json").read_text())]
    assert names.index("Unreachable target") < names.index("Product defects") < names.index("Test-setup problems")


def test_severity_and_documentation_links() -> None:
    assert allure_env.severity_of({"unconfirmed", "axb"}, "calls/routing_axb.feature") == "minor"
    assert allure_env.severity_of({"axb"}, "calls/routing_axb.feature") == "critical"
    assert allure_env.severity_of({"axb"}, "axb/bind.feature") == "normal"
    links = allure_env.doc_links(["AXB-004", "AXB-005", "NOPE-1"])
    assert links and all(url.startswith("https://support.huaweicloud.com/") for url, _ in links)
    assert len({url for url, _ in links}) == len(links)


def test_scenario_outcome_of_an_unreachable_target_is_a_fail_with_a_reason() -> None:
    from pnconform.client import TargetUnreachable
    from pnconform.reporting import outcomes

    with pytest.raises(TargetUnreachable) as excinfo:
        raise TargetUnreachable("POST https://pn.test/x: ConnectError")
    report = SimpleNamespace(when="call", outcome="failed", failed=True, passed=False)
    target = SimpleNamespace(apps={}, secrets=[], expectations=(), capabilities=SimpleNamespace(unconfirmed="blocking"))
    outcomes.judge(report, SimpleNamespace(excinfo=excinfo), "s", ["AXB-001"], set(), target)
    assert report.pnconform["status"] == "fail" and report.pnconform["reason"] == "target unreachable"
