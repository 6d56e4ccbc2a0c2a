"""The same suite against a standalone `pnconform emulator` through the `local` target.

Also the report hygiene check: with known secrets in play, no report file may contain a secret
or a full PasswordDigest.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BUILTIN_SECRETS = ("emu-axb-secret", "emu-ax-secret", "emu-axe-secret", "emu-axyb-secret", "emu-x-secret")

pytestmark = pytest.mark.selftest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def standalone_emulator(tmp_path_factory: pytest.TempPathFactory) -> str:
    port = free_port()
    log = tmp_path_factory.mktemp("emulator") / "emulator.log"
    # Its output goes to a file: an unread pipe would fill up and stall the emulator.
    process = subprocess.Popen(
        [sys.executable, "-m", "pnconform.cli", "emulator", "--port", str(port)],
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail(f"pnconform emulator did not start: {log.read_text()[-2000:]}")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(10)


def test_suite_passes_on_the_local_target(standalone_emulator: str, tmp_path: Path) -> None:
    doc = yaml.safe_load((ROOT / "targets.yaml").read_text())
    doc["targets"]["local"]["base_url"] = standalone_emulator
    targets = tmp_path / "targets.yaml"
    targets.write_text(yaml.safe_dump(doc))
    reports = tmp_path / "reports"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PNCONFORM_")}
    result = subprocess.run(
        [
            sys.executable, "-m", "pytest", str(ROOT / "steps"), "-q",
            "--targets", str(targets), "--target", "local",
            f"--alluredir={reports / 'allure'}", f"--junitxml={reports / 'junit.xml'}", f"--conformance-dir={reports}",
        ],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]

    files = [p for p in reports.rglob("*") if p.is_file()]
    assert len(files) > 10
    for path in files:
        text = path.read_text(errors="replace")
        for secret in BUILTIN_SECRETS:
            assert secret not in text, f"{path.name} holds an app secret"
        assert not re.search(r'PasswordDigest="[A-Za-z0-9+/=]{7,}"', text), f"{path.name} holds a full digest"
