"""A standalone `pnconform emulator` process on a free port, for the tests that need one (the
`local` target, the kill-and-sweep test, parallel runs on a shared target)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, log: Path | None = None, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"pnconform emulator did not start: {log.read_text()[-2000:] if log else ''}")


@contextmanager
def standalone_emulator(folder: Path, config: Path | None = None, faults: tuple[str, ...] = ()) -> Iterator[str]:
    """Serve the emulator (the built-in config, or ``config``; ``faults`` switched on) until the block
    ends; yields its URL.

    Its output goes to a file in ``folder``: an unread pipe would fill up and stall the emulator."""
    port = free_port()
    log = folder / f"emulator-{port}.log"
    command = [sys.executable, "-m", "pnconform.cli", "emulator", "--port", str(port)]
    if config is not None:
        command += ["--config", str(config)]
    for name in faults:
        command += ["--fault", name]
    process = subprocess.Popen(command, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def targets_for(base_url: str, folder: Path, **local: object) -> Path:
    """The checkout's targets.yaml with `local` pointed at ``base_url`` (and ``local`` settings)."""
    doc = yaml.safe_load((ROOT / "targets.yaml").read_text())
    doc["targets"]["local"].update(base_url=base_url, **local)
    path = folder / "targets.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path
