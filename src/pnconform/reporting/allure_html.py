"""`reports/allure-report/index.html`: the Allure 3 report as ONE self-contained file.

Allure's default report loads its data with fetch(), which browsers refuse from `file://` (an
endless spinner unless served over HTTP). The Awesome plugin's `singleFile` option inlines the
data, scripts and styles into `index.html`, so the report opens anywhere: from disk, a mail, an
artefact store.

Where Allure comes from, first found wins:
1. `PNCONFORM_ALLURE`: an `allure` (3.x) executable, or a folder holding `node_modules/.bin/allure`;
2. the kit's cache folder, `${XDG_CACHE_HOME:-~/.cache}/pnconform/allure` (`.ci/run` fills it);
3. an `allure` 3.x on PATH (`npm install -g allure@3`);
4. otherwise npm installs `allure@3` into the cache folder, after a quick probe of the registry,
   so that an offline machine fails in seconds with one line saying what to do.
The previous report is removed first: a failed build never leaves an older report looking current.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from pnconform.reporting.allure_env import CATEGORIES

ALLURE_TIMEOUT_S = 180
PROBE_TIMEOUT_S = 10
ALLURE_PACKAGE = "allure@3"
ENV_VAR = "PNCONFORM_ALLURE"
FIX = (
    f"install it once with `npm install -g {ALLURE_PACKAGE}` (or set {ENV_VAR} to an allure 3 executable), "
    "or pass --no-allure"
)


# Allure's page template loads Google Analytics (gtag.js) unconditionally: a report of a privacy-number
# platform opened from disk must not call out, and offline the request only hangs. Cut it out.
_ANALYTICS = re.compile(
    r'<script async src="https://www\.googletagmanager\.com/[^"]*"></script>\s*'
    r"<script>\s*window\.dataLayer.*?</script>",
    re.S,
)


class AllureError(Exception):
    """The Allure HTML report could not be built; the message is one line and says how to fix it."""


def cache_dir() -> Path:
    """Where the kit installs Allure from npm (and where `.ci/run` pre-installs it)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pnconform" / "allure"


def _bin_in(folder: Path) -> Path:
    return folder / "node_modules" / ".bin" / "allure"


def _version(command: list[str]) -> str:
    """`allure --version`, or "" when it does not run."""
    try:
        done = subprocess.run(
            [*command, "--version"], capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def find_allure() -> list[str] | None:
    """The command that runs a local Allure 3, or None when there is none (see the module doc)."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        path = Path(configured).expanduser()
        candidate = _bin_in(path) if path.is_dir() else path
        version = _version([str(candidate)]) if candidate.is_file() else ""
        if not version.startswith("3"):
            found = f"version {version!r}" if version else "no runnable allure there"
            raise AllureError(f"allure: {ENV_VAR}={configured}: {found}; point it at an allure 3 executable")
        return [str(candidate)]
    cached = _bin_in(cache_dir())
    if cached.is_file() and _version([str(cached)]).startswith("3"):
        return [str(cached)]
    on_path = shutil.which("allure")
    if on_path and _version([on_path]).startswith("3"):  # not the Java Allure 2 commandline
        return [on_path]
    return None


def _install(deadline: float) -> list[str]:
    """npm-install Allure 3 into the cache folder; fail in seconds when the registry is unreachable."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise AllureError(f"allure: Node.js (node, npm) is not installed, and no local Allure 3 was found; {FIX}")
    probe = [npm, "ping", "--fetch-retries=0", f"--fetch-timeout={PROBE_TIMEOUT_S * 1000}"]
    try:
        done = subprocess.run(probe, capture_output=True, text=True, timeout=PROBE_TIMEOUT_S + 5, check=False)
        reachable = done.returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        reachable = False
    if not reachable:
        raise AllureError(f"allure: the npm registry is unreachable (offline?), cannot fetch {ALLURE_PACKAGE}; {FIX}")
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    install = [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--loglevel=error", ALLURE_PACKAGE]
    try:
        done = subprocess.run(
            install, capture_output=True, text=True, timeout=max(deadline - time.monotonic(), 1), check=False
        )
    except subprocess.TimeoutExpired:
        raise AllureError(f"allure: `npm install {ALLURE_PACKAGE}` took too long; {FIX}") from None
    if done.returncode != 0 or not _bin_in(folder).is_file():
        last = (done.stderr or done.stdout).strip().splitlines()
        raise AllureError(f"allure: `npm install {ALLURE_PACKAGE}` failed ({last[-1] if last else 'no output'}); {FIX}")
    return [str(_bin_in(folder))]


def config(name: str = "pnconform") -> dict[str, object]:
    """The Allure 3 configuration: categories (Allure 3 reads them from here, not categories.json) and
    the Awesome report as a single self-contained file."""
    return {
        "name": name,
        "categories": CATEGORIES,
        "plugins": {"awesome": {"options": {"singleFile": True, "reportLanguage": "en", "reportName": name}}},
    }


def generate(command: list[str], results: Path, out: Path, timeout_s: float) -> None:
    """`allure generate` of `results` into `out/index.html` (one file); AllureError when it fails."""
    folder = Path(tempfile.mkdtemp(prefix="pnconform-allure-"))
    rc = folder / "allurerc.json"
    rc.write_text(json.dumps(config()), encoding="utf-8")
    argv = [*command, "generate", str(results), "--output", str(out), "--config", str(rc)]
    try:
        done = subprocess.run(argv, cwd=folder, capture_output=True, text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        raise AllureError(f"allure: `allure generate` gave up after {timeout_s:.0f}s (--allure-timeout)") from None
    except OSError as exc:
        raise AllureError(f"allure: cannot start {command[0]}: {exc}") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if done.returncode != 0 or not (out / "index.html").is_file():
        last = (done.stderr or done.stdout).strip().splitlines()
        raise AllureError(f"allure: generate failed ({last[-1] if last else f'exit {done.returncode}'})")
    strip_analytics(out / "index.html")


def strip_analytics(page: Path) -> bool:
    """Remove Allure's Google Analytics snippet from a generated page; True when there was one."""
    html = page.read_text(encoding="utf-8")
    # the snippet sits before the inlined report data: search the page up to there only
    head, cut, tail = html.partition("window.allureReportDataReady")
    cleaned, count = _ANALYTICS.subn("", head)
    if count:
        page.write_text(cleaned + cut + tail, encoding="utf-8")
    return bool(count)


def build_allure(reports: Path, timeout_s: float = ALLURE_TIMEOUT_S) -> str:
    """The single-file Allure HTML report of `reports/allure-results`; returns one line saying where.

    Raises AllureError (one line, with the fix) when Allure is missing and cannot be fetched, or fails.
    """
    started = time.monotonic()
    results, out = (reports / "allure-results").resolve(), (reports / "allure-report").resolve()
    shutil.rmtree(out, ignore_errors=True)  # never an older report that looks current
    if not results.is_dir() or not any(results.glob("*-result.json")):
        raise AllureError(f"allure: no results in {results}; run `pnconform run` first, or pass --no-allure")
    try:
        command = find_allure() or _install(started + timeout_s)
        generate(command, results, out, max(timeout_s - (time.monotonic() - started), 1))
    except AllureError:
        shutil.rmtree(out, ignore_errors=True)
        raise
    size = (out / "index.html").stat().st_size / 1e6
    took = time.monotonic() - started
    return f"allure: single-file HTML report in {out / 'index.html'} ({size:.1f} MB, {took:.0f}s; opens from disk)"
