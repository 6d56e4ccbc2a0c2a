"""The pages a person reads, opened in a real headless Chromium: summary.html and the single-file Allure report.

Chromium runs with `--dump-dom` (the DOM after the page's scripts ran) and `--screenshot`; no driver.
Everything, Chromium's profile and an Allure fetched for the test included, goes under tmp_path.
Skips, saying why, only when there is no Chromium (Debian: `apt-get install chromium`) or no Allure
can be found or fetched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from pnconform.cli import main
from pnconform.reporting import allure_html

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
WIDTH = 1280
LONG_LINE = "x" * 600  # one unbroken line of evidence: must wrap, never widen the page


def _chromium() -> str:
    for name in ("/usr/bin/chromium", *BROWSERS):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium to open the pages with: `apt-get install -y chromium` (as .ci/run does)")


def _browse(url: str, tmp_path: Path, *extra: str, budget_ms: int = 5000) -> str:
    """Chromium headless on `url`; its stdout (the DOM with --dump-dom). Profile and HOME in tmp_path."""
    home = tmp_path / "chromium-home"
    home.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home), "XDG_CACHE_HOME": str(home)}
    command = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={home / 'profile'}",
        f"--window-size={WIDTH},900",
        f"--virtual-time-budget={budget_ms}",
        *extra,
        url,
    ]
    done = subprocess.run(
        command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, env=env, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _visible_text(dom: str) -> str:
    """The DOM without its scripts and styles (Allure inlines its data in a script: not proof of rendering)."""
    dom = re.sub(r"<script\b.*?</script>", " ", dom, flags=re.S)
    return re.sub(r"<style\b.*?</style>", " ", dom, flags=re.S)


def _rule(status: str, mode: str, statement: str, **more: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "status": status,
        "mode": mode,
        "statement": statement,
        "confirmed": True,
        "testable": "api",
        "source": "https://support.huaweicloud.com/devg-PrivateNumber/privatenumber_02_0002.html",
        "scenarios": [],
    }
    entry.update(more)
    return entry


def _document() -> dict[str, Any]:
    """A conformance.json as the kit writes it, with one rule of each kind a reader must tell apart."""
    rules = {
        "AXB-001": _rule("pass", "axb", "A bind answers a subscriptionId.", scenarios=["axb/bind.feature: a"]),
        "AXB-004": _rule(
            "fail",
            "axb",
            "A duplicate A-X pair is refused with 1012010.",
            scenarios=["axb/bind.feature: b <overlap>"],
            evidence=[
                {
                    "scenario": "axb/bind.feature: b <overlap>",
                    "status": "fail",
                    "step": "Then the answer is 1012010",
                    "message": 'AssertionError: expected "1012010": <Response HTTP 200 {"resultcode":"0"}> '
                    + LONG_LINE,
                }
            ],
        ),
        "AXB-025": _rule(
            "skip", "axb", "An expired binding is released.", scenarios=["axb/bind.feature: e"],
            reasons=["target has no test hooks"],
        ),
        "AX-010": _rule("not-selected", "ax", "An AX bind answers a subscriptionId."),
        "AXE-090": _rule(
            "not-covered", "axe", "The extension is announced to the caller.", testable="call",
            why="needs a call simulator",
        ),
        "GEN-050": _rule("exercised", "common", "号码格式：+86 开头的 E.164 号码。", scenarios=["common/x.feature: f"]),
    }  # fmt: skip
    return {
        "target": "live",
        "generated": "2026-12-04T16:00:00Z",
        "verdict_status": "does-not-conform",
        "verdict": "does not conform: 1 rule fail",
        "exit_code": 1,
        "rules": rules,
        "totals": {"all": {"pass": 1, "fail": 1, "exercised": 1, "skip": 1, "not-selected": 1, "not-covered": 1}},
        "scenarios": {"pass": 1, "fail": 1, "skip": 1},
        "run": {
            "target": "live",
            "kind": "remote",
            "modes": ["axb", "ax"],
            "selection": {"keyword": "bind", "markers": "", "args": []},
            "hypothesis": {"max_examples": 10},
            "workers": 0,
            "complete": True,
            "interrupted": False,
            "selected": 3,
            "finished": 3,
        },
        "coverage": {
            "catalogue": 6,
            "checkable": 5,
            "checked": 2,
            "exercised": 1,
            "skip": 1,
            "not-selected": 1,
            "not-run": 0,
            "not-covered": 1,
            "other-modes": 0,
        },
    }


@pytest.fixture
def summary_page(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "conformance.json").write_text(json.dumps(_document(), ensure_ascii=False), encoding="utf-8")
    assert main(["report", "--reports", str(reports), "--no-allure"]) == 0
    return reports / "summary.html"


def _rows(dom: str) -> dict[str, str]:
    """rule id → its <tr ...> opening tag in the every-rule table."""
    return {m.group(1): m.group(0) for m in re.finditer(r'<tr id="rule-([^"]+)"[^>]*>', dom)}


def test_summary_shows_every_rule_and_the_evidence(summary_page: Path, tmp_path: Path) -> None:
    dom = _browse(summary_page.as_uri(), tmp_path, "--dump-dom")
    rows = _rows(dom)
    assert set(rows) == set(_document()["rules"])
    assert not any("hidden" in tag for tag in rows.values())  # no filter: all shown
    assert "6 of 6 rules shown" in dom
    assert next(iter(rows)) == "AXB-004"  # worst first
    row = dom[dom.index('<tr id="rule-AXB-004"') :].split("</tr>", 1)[0]
    assert "<pre" in row and "&lt;Response HTTP 200" in row and LONG_LINE in row  # evidence, escaped
    assert "needs a call simulator" in dom and "target has no test hooks" in dom
    assert 'class="verdict v-does-not-conform"' in dom
    assert "not selected in this run" in dom and "not covered by the kit" in dom


def test_summary_hash_filters_the_rules(summary_page: Path, tmp_path: Path) -> None:
    dom = _browse(summary_page.as_uri() + "#status=fail", tmp_path, "--dump-dom")
    rows = _rows(dom)
    assert "hidden" not in rows["AXB-004"]
    assert all("hidden" in tag for rid, tag in rows.items() if rid != "AXB-004")
    assert "1 of 6 rules shown" in dom
    dom = _browse(summary_page.as_uri() + "#mode=ax&status=not-selected", tmp_path, "--dump-dom")
    assert [rid for rid, tag in _rows(dom).items() if "hidden" not in tag] == ["AX-010"]


def test_summary_fits_1280_pixels_and_screenshots(summary_page: Path, tmp_path: Path) -> None:
    # A copy that records its own width: the long evidence line must wrap, not widen the page.
    probe = summary_page.with_name("probe.html")
    measure = "<script>document.body.setAttribute('data-width', document.documentElement.scrollWidth)</script>"
    probe.write_text(summary_page.read_text(encoding="utf-8").replace("</body>", measure + "</body>"), "utf-8")
    width = re.search(r'data-width="(\d+)"', _browse(probe.as_uri(), tmp_path, "--dump-dom"))
    assert width and int(width.group(1)) <= WIDTH
    shot = tmp_path / "summary.png"
    _browse(summary_page.as_uri(), tmp_path, f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def _allure_result(folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    result = {
        "uuid": "0f4c1d2e-0000-4000-8000-000000000001",
        "historyId": "pnconform-browser-test",
        "name": name,
        "fullName": f"axb/bind.feature: {name}",
        "status": "failed",
        "statusDetails": {"message": "expected 1012010, got 0"},
        "stage": "finished",
        "start": 1_764_864_000_000,
        "stop": 1_764_864_001_000,
        "labels": [{"name": "feature", "value": "AXB binding"}, {"name": "rule", "value": "AXB-004"}],
        "steps": [{"name": "Given an app", "status": "passed", "stage": "finished"}],
    }
    (folder / f"{result['uuid']}-result.json").write_text(json.dumps(result), encoding="utf-8")


@pytest.fixture
def allure_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A local Allure 3 (PNCONFORM_ALLURE, the kit's cache, PATH), else one npm fetches into tmp_path."""
    try:
        if allure_html.find_allure():
            return
    except allure_html.AllureError as exc:
        pytest.fail(str(exc))
    if shutil.which("npm") is None:
        pytest.skip("no Allure 3 and no npm to fetch it: `npm install -g allure@3` (or set PNCONFORM_ALLURE)")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("npm_config_cache", str(tmp_path / "npm-cache"))


def test_single_file_allure_report_opens_from_disk(
    allure_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "conformance.json").write_text(json.dumps(_document()), encoding="utf-8")
    name = "A duplicate pair is refused (browser check)"
    _allure_result(reports / "allure-results", name)
    (reports / "allure-report").mkdir()
    (reports / "allure-report" / "stale.html").write_text("an older report")
    code = main(["report", "--reports", str(reports)])
    err = capsys.readouterr().err
    if code != 0 and "unreachable" in err:
        pytest.skip(f"no Allure 3 could be installed: {err.strip()}")
    assert code == 0, err
    out = reports / "allure-report"
    assert not (out / "stale.html").exists()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "googletagmanager" not in page  # the report does not call out
    assert not list(out.glob("data")) and not list(out.glob("*.js"))  # everything in the one file
    dom = _browse(out.joinpath("index.html").as_uri(), tmp_path, "--dump-dom", budget_ms=15000)
    assert name in _visible_text(dom)  # rendered by the app from file://, not only inlined data


def test_report_fails_fast_and_clearly_without_allure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "conformance.json").write_text(json.dumps(_document()), encoding="utf-8")
    _allure_result(reports / "allure-results", "x")
    (reports / "allure-report").mkdir()
    (reports / "allure-report" / "index.html").write_text("an older report")
    monkeypatch.delenv("PNCONFORM_ALLURE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))
    tools = tmp_path / "bin"  # node and npm only: no allure on PATH
    tools.mkdir()
    for name in ("node", "npm"):
        if shutil.which(name):
            (tools / name).symlink_to(shutil.which(name) or "")
    monkeypatch.setenv("PATH", str(tools))
    monkeypatch.setenv("npm_config_registry", "http://127.0.0.1:9/")  # nothing listens there
    monkeypatch.setenv("npm_config_cache", str(tmp_path / "npm-cache"))
    started = time.monotonic()
    assert main(["report", "--reports", str(reports)]) == 3
    assert time.monotonic() - started < 30  # seconds, not the npm timeouts
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "npm install -g allure@3" in err and "PNCONFORM_ALLURE" in err
    assert not (reports / "allure-report").exists()  # no older report left looking current
    assert (reports / "summary.html").is_file()
