"""A standalone `pnconform emulator` process on a free port, for the tests that need one (the
`local` target, the kill-and-sweep test, parallel runs on a shared target)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
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


def one_app_config(path: Path, mode: str, secret: str) -> tuple[Path, str, list[str]]:
    """An emulator config holding only the built-in app of ``mode``, with a known secret:
    (the file, the app key, its X numbers)."""
    from pnconform.emulator import builtin_config

    app = next(a for a in builtin_config().apps if a.mode == mode)
    xs = [{"number": x.number, "area_code": x.area_code, "province": x.province} for x in app.x_numbers]
    apps = [{"mode": mode, "app_key": app.app_key, "app_secret": secret, "x_numbers": xs}]
    path.write_text(yaml.safe_dump({"apps": apps}))
    return path, app.app_key, [x.number for x in app.x_numbers]


def run_clients(count: int, client: Callable[[int], object], timeout_s: float = 120) -> None:
    """``client(n)`` for n in 0..count-1, all at once in threads; fails if one has not ended in time."""
    threads = [threading.Thread(target=client, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout_s)
    assert not any(t.is_alive() for t in threads), "a client hung"


def told_vs_listed(told: Mapping[str, tuple[str, ...]], listed: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Contention's agreement check: every binding the clients were told they made (and not told
    unbound) is listed as told, and nothing else is listed (subscriptionId -> its numbers)."""
    wrong = [f"told bound, not listed as told: {sid} {want}" for sid, want in told.items() if listed.get(sid) != want]
    return wrong + [f"listed, but never told bound or told unbound: {sid}" for sid in listed.keys() - told]
