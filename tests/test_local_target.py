"""The same suite against a standalone `pnconform emulator` through the `local` target.

Also the report hygiene check: with known secrets in play, no report file may contain a secret
or a full PasswordDigest.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from standalone import standalone_emulator, targets_for

from pnconform.emulator import builtin_config
from pnconform.reporting.secrets_scan import leaks, scan
from pnconform.reporting.summary import write_summary

ROOT = Path(__file__).resolve().parents[1]
BUILTIN_SECRETS = ("emu-axb-secret", "emu-ax-secret", "emu-axe-secret", "emu-axyb-secret", "emu-x-secret")
# Distinctive secrets for this run: the emulator gets them in its config, the suite through the
# variables targets.yaml reads them from (PNCONFORM_LOCAL_<MODE>_SECRET).
SECRETS = {mode: f"pnc-{mode}-{secrets.token_hex(12)}" for mode in ("axb", "ax", "axe", "axyb", "x")}


def emulator_config(path: Path) -> Path:
    """The built-in config with this run's secrets."""
    apps = [
        {
            "mode": app.mode,
            "app_key": app.app_key,
            "app_secret": SECRETS[app.mode],
            "extension_length": app.extension_length,
            "x_numbers": [
                {"number": x.number, "area_code": x.area_code, "province": x.province} for x in app.x_numbers
            ],
        }
        for app in builtin_config().apps
    ]
    path.write_text(yaml.safe_dump({"apps": apps}))
    return path


pytestmark = pytest.mark.selftest


@pytest.fixture(scope="module")
def emulator_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("emulator")
    with standalone_emulator(folder, emulator_config(folder / "emulator.yaml")) as base:
        yield base


def test_suite_passes_on_the_local_target(emulator_url: str, tmp_path: Path) -> None:
    # The invariants search at full budget on `reference` (`pnconform run`); here they only show
    # that they run against a standalone emulator.
    targets = targets_for(emulator_url, tmp_path, hypothesis={"max_examples": 3, "stateful_step_count": 10})
    reports = tmp_path / "reports"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PNCONFORM_")}
    env.update({f"PNCONFORM_LOCAL_{mode.upper()}_SECRET": secret for mode, secret in SECRETS.items()})
    env["PNCONFORM_JOURNAL_DIR"] = str(reports / "journal")  # scanned with the rest, kept out of the checkout
    result = subprocess.run(
        [
            sys.executable, "-m", "pytest", str(ROOT / "steps"), "-q",
            "--targets", str(targets), "--target", "local",
            f"--alluredir={reports / 'allure'}", f"--junitxml={reports / 'junit.xml'}", f"--conformance-dir={reports}",
        ],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]

    # Done-when of the report bundle: a full run's reports hold no secret (allure results and
    # attachments, junit, conformance, summary.html, journal, logs), nor does the run's output.
    write_summary(reports)
    files = [p for p in reports.rglob("*") if p.is_file()]
    assert len(files) > 10 and (reports / "summary.html").is_file()
    assert scan(reports, [*SECRETS.values(), *BUILTIN_SECRETS]) == {}
    assert leaks(result.stdout + result.stderr, SECRETS.values()) == []
