"""EmbeddedEmulator, run_standalone, and concurrency over real HTTP."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from emu_helpers import AXB, X1, aksk_headers

from pnconform.emulator import EmbeddedEmulator, builtin_config
from pnconform.emulator.server import banner

SRC = Path(__file__).resolve().parents[2] / "src"


def test_embedded_start_stop():
    cfg = builtin_config().with_random_secrets()
    app = cfg.app_for_mode("axb")
    with EmbeddedEmulator(cfg, host="127.0.0.1", port=0) as emu:
        assert emu.base_url.startswith("http://127.0.0.1:")
        r = httpx.get(emu.base_url + AXB, params={"relationNum": X1}, headers=aksk_headers(app.app_key, app.app_secret))
        assert r.json()["resultcode"] == "1012007"
        old = aksk_headers("emu-axb-app", "emu-axb-secret")  # the public secret no longer works
        assert httpx.get(emu.base_url + AXB, params={"relationNum": X1}, headers=old).status_code == 401
        url = emu.base_url
    with pytest.raises(httpx.TransportError):
        httpx.get(url + "/", timeout=1)
    with pytest.raises(RuntimeError):
        _ = emu.base_url


def test_two_embedded_emulators_get_distinct_ports():
    with EmbeddedEmulator() as one, EmbeddedEmulator() as two:
        assert one.base_url != two.base_url


def test_port_in_use_is_an_oserror():
    with EmbeddedEmulator() as emu, pytest.raises(OSError):
        EmbeddedEmulator(port=emu.port).start()


def _round(client: httpx.Client, threads: int, users: list[str]) -> list[list[str]]:
    """All clients bind a pair of overlapping users on X1 at the same moment; returns the
    pairs on X1 afterwards."""
    pairs = list(itertools.permutations(users, 2))
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        c = client
        try:
            c.get("/_emulator/clock")  # warm up a pooled connection before the race
            barrier.wait()
            a, b = pairs[i % len(pairs)]
            r = c.post(
                AXB,
                json={"callerNum": a, "calleeNum": b, "relationNum": X1},
                headers=aksk_headers("emu-axb-app", "emu-axb-secret"),
            )
            assert r.status_code in (200, 403) and r.json()["resultcode"] in ("0", "1012010")
        except BaseException as exc:  # surfaced below; a thread cannot fail the test itself
            errors.append(exc)

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not errors, errors
    rows = client.get("/_emulator/bindings").json()["bindings"]
    return [[r["callerNum"], r["calleeNum"]] for r in rows if r["relationNum"] == X1]


def _races(emu: EmbeddedEmulator, rounds: int) -> Iterator[list[list[str]]]:
    """``rounds`` races of 24 threads over 6 users; yields the pairs on X1 after each."""
    users = [f"+861380000{i:04d}" for i in range(6)]
    limits = httpx.Limits(max_connections=24, max_keepalive_connections=24)
    with httpx.Client(base_url=emu.base_url, timeout=10, limits=limits) as client:  # thread-safe pool
        for _ in range(rounds):
            client.post("/_emulator/reset")
            yield _round(client, 24, users)


def _violates_no_overlap(pairs: list[list[str]]) -> bool:
    counts = Counter(n for pair in pairs for n in pair)
    return any(c > 1 for c in counts.values())


def test_concurrent_binds_never_overlap():
    with EmbeddedEmulator() as emu:
        for pairs in _races(emu, 10):
            assert pairs and not _violates_no_overlap(pairs), pairs


def test_concurrent_binds_overlap_with_unlocked_fault():
    with EmbeddedEmulator(builtin_config().with_faults(["axb.unlocked"])) as emu:
        # one round nearly always suffices; up to 10 make it reliable
        seen = any(_violates_no_overlap(pairs) for pairs in _races(emu, 10))
        assert seen, "axb.unlocked never let two overlapping binds through"


def test_banner_lists_what_is_served():
    cfg = builtin_config().with_faults(["axb.allow_overlap"])
    text = banner(cfg, "http://127.0.0.1:8080")
    for needle in (
        "http://127.0.0.1:8080",
        "emu-axb-app",
        "emu-axb-secret",
        "+8617010000001 (0755)",
        "axb_max_pairs_per_x=5000",
        "axb.allow_overlap",
        "http://127.0.0.1:8080/_emulator/",
    ):
        assert needle in text
    secret_cfg = builtin_config().with_random_secrets()
    assert secret_cfg.apps[0].app_secret not in banner(secret_cfg, "http://x")


def test_run_standalone_prints_then_serves(tmp_path):
    code = (
        "from pnconform.emulator import run_standalone; "
        "run_standalone(host='127.0.0.1', port=0, faults=['axb.unlocked'])"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        first = proc.stdout.readline()
        assert "pnconform reference emulator" in first
        url = proc.stdout.readline().split()[-1]
        assert url.startswith("http://127.0.0.1:")
        rest = []
        while not rest or "hooks:" not in rest[-1]:
            rest.append(proc.stdout.readline())
            assert rest[-1], "the banner ended early"
        assert any("faults:   axb.unlocked" in line for line in rest)
        assert httpx.get(url + "/_emulator/faults", timeout=5).json()["enabled"] == ["axb.unlocked"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_no_nagle_stall():
    """Each response must not wait for a delayed ACK (~40 ms) between header and body writes."""
    with EmbeddedEmulator() as emu, httpx.Client(base_url=emu.base_url) as c:
        c.get("/_emulator/clock")
        started = time.perf_counter()
        for _ in range(40):
            c.get("/_emulator/clock")
        assert (time.perf_counter() - started) / 40 < 0.02
