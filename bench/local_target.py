"""A standalone `pnconform emulator` behind the `local` target, for the scripts that run the suite
against a stand-in for a live account (soak_killed_runs.py, rate_limit_proof.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def standalone_emulator(folder: Path, *flags: str) -> Iterator[str]:
    """Serve `pnconform emulator` (with ``flags``) on a free port until the block ends; yields its URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    emulator = subprocess.Popen(
        [sys.executable, "-m", "pnconform.cli", "emulator", "--port", str(port), *flags],
        stdout=(folder / "emulator.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/_emulator/clock", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"the emulator at {base} did not start: {(folder / 'emulator.log').read_text()[-2000:]}")
        yield base
    finally:
        emulator.terminate()
        emulator.wait(10)


def local_targets(base: str, folder: Path, **local: Any) -> Path:
    """The checkout's targets.yaml with `local` pointed at ``base`` (and ``local`` settings)."""
    doc = yaml.safe_load((ROOT / "targets.yaml").read_text())
    doc["targets"]["local"].update(base_url=base, **local)
    path = folder / "targets.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def run_env(folder: Path) -> dict[str, str]:
    """The environment of a run: no PNCONFORM_ setting of the caller, journals in ``folder``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PNCONFORM_")}
    return {**env, "PNCONFORM_JOURNAL_DIR": str(folder / "journal")}
