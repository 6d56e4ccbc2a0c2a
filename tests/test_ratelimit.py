"""The per-target rate limit holds: requests per second, requests in flight, every client, xdist shares.

Timing checks assert lower bounds only (a slow machine can only make a run longer), and the
in-flight cap is counted by the server itself.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pnconform import ratelimit
from pnconform.client import PrivateNumberClient
from pnconform.hooks import HooksClient
from pnconform.ratelimit import Limiter, RateLimit, limiter_for
from pnconform.targets import TargetError, load_target

OK = json.dumps({"resultcode": "0", "resultdesc": "Success", "now": "2026-01-01T00:00:00Z"}).encode()


class CountingServer(ThreadingHTTPServer):
    """Answers every request with resultcode 0 after `hold_s`, counting arrivals and requests in flight."""

    daemon_threads = True

    def __init__(self, hold_s: float = 0.0) -> None:
        self.hold_s = hold_s
        self.lock = threading.Lock()
        self.arrivals: list[float] = []
        self.in_flight = 0
        self.max_in_flight = 0
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: CountingServer

    def _answer(self) -> None:
        srv = self.server
        with srv.lock:
            srv.arrivals.append(time.monotonic())
            srv.in_flight += 1
            srv.max_in_flight = max(srv.max_in_flight, srv.in_flight)
        try:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            time.sleep(srv.hold_s)
        finally:
            # Out of flight before the answer leaves: once the client has it, it may send the next
            # request, and counting this one still would be the measurement's race, not the client's.
            with srv.lock:
                srv.in_flight -= 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(OK)))
        self.end_headers()
        self.wfile.write(OK)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, *args: object) -> None:  # quiet
        pass


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[CountingServer]:
    srv = CountingServer(hold_s=getattr(request, "param", 0.0))
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def client(url: str, limiter: Limiter | None) -> PrivateNumberClient:
    return PrivateNumberClient(url, "app", "secret", limiter=limiter)


def max_per_window(arrivals: list[float], window: float = 1.0) -> int:
    times = sorted(arrivals)
    return max(sum(1 for t in times[i:] if t - start < window) for i, start in enumerate(times))


def test_requests_per_second_are_held(server: CountingServer) -> None:
    limiter = Limiter(RateLimit(rps=20))
    c = client(server.url, limiter)
    started = time.monotonic()
    for _ in range(30):
        assert c.axb_query(relationNum="+8617010000001").ok
    took = time.monotonic() - started
    assert took >= 1.3  # 29 gaps of 1/20 s = 1.45 s; a slower machine only takes longer
    assert len(server.arrivals) == limiter.sent == 30
    assert max_per_window(server.arrivals) <= 21  # evenly spaced: never more than rps+1 in any second


def test_without_a_limit_the_same_requests_are_not_spaced(server: CountingServer) -> None:
    """The counterpart that shows the measurement above can fail."""
    c = client(server.url, None)
    started = time.monotonic()
    for _ in range(30):
        c.axb_query(relationNum="+8617010000001")
    assert len(server.arrivals) == 30
    assert time.monotonic() - started < 1.3 or max_per_window(server.arrivals) > 21


def _hammer(url: str, limiter: Limiter | None, threads: int = 6, each: int = 3) -> None:
    def work() -> None:
        c = client(url, limiter)  # one connection per thread, like the concurrency scenarios
        for _ in range(each):
            c.axb_query(relationNum="+8617010000001")
        c.close()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


@pytest.mark.parametrize("server", [0.05], indirect=True)
def test_requests_in_flight_never_exceed_the_cap(server: CountingServer) -> None:
    limiter = Limiter(RateLimit(concurrent=2))
    _hammer(server.url, limiter)
    assert len(server.arrivals) == 18
    assert 1 <= server.max_in_flight <= 2


@pytest.mark.parametrize("server", [0.05], indirect=True)
def test_without_a_cap_the_same_threads_overlap(server: CountingServer) -> None:
    _hammer(server.url, None)
    assert server.max_in_flight > 2


def test_hooks_client_goes_through_the_limiter(server: CountingServer) -> None:
    limiter = Limiter(RateLimit(rps=50, concurrent=1))
    hooks = HooksClient(server.url, limiter=limiter)
    for _ in range(3):
        hooks.now()
    hooks.close()
    assert limiter.sent == len(server.arrivals) == 3


def test_hypothesis_machines_send_through_the_scenario_client() -> None:
    """The invariant machines get their client from `client_for`, so its limiter paces them too."""
    from pnconform.emulator import EmbeddedEmulator, builtin_config
    from pnconform.oracle.axb.machine import AxbRun, run_invariants

    cfg = builtin_config()
    app = cfg.app_for_mode("axb")
    limiter = Limiter(RateLimit(rps=100, concurrent=1))
    users = itertools.count()
    with EmbeddedEmulator(cfg) as emulator:
        c = PrivateNumberClient(emulator.base_url, app.app_key, app.app_secret, limiter=limiter)
        run = AxbRun(
            client=c,
            fresh_number=lambda: f"+86138{next(users):08d}",
            x_numbers=[x.number for x in app.x_numbers[:2]],
        )
        started = time.monotonic()
        run_invariants(run, max_examples=3, step_count=5)
        took = time.monotonic() - started
        c.close()
    assert run.calls > 0
    assert limiter.sent >= run.calls  # every machine call (plus its cleanups) passed the limiter
    assert took >= (limiter.sent - 1) / 100 * 0.9


def test_xdist_workers_share_the_limit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert RateLimit(rps=5, concurrent=2).share(4) == RateLimit(rps=1.25, concurrent=1)
    assert RateLimit(rps=5, concurrent=3).share(2) == RateLimit(rps=2.5, concurrent=2)
    assert RateLimit().share(3).unlimited
    targets = tmp_path / "targets.yaml"
    targets.write_text(
        "targets:\n"
        "  t:\n"
        "    kind: embedded\n"
        '    user_numbers: {start: "+8613800000000", count: 10}\n'
        "    rate_limit: {rps: 6, concurrent: 2}\n"
    )
    monkeypatch.setattr(ratelimit, "_limiters", {})
    monkeypatch.setenv(ratelimit.XDIST_WORKERS_ENV, "2")
    target = load_target(targets, "t")
    assert target.rate_limit == RateLimit(rps=6.0, concurrent=2)
    limiter = limiter_for(target)
    assert limiter.limit == RateLimit(rps=3.0, concurrent=1)
    assert limiter_for(load_target(targets, "t")) is limiter  # one per target per process


def test_unlimited_targets_share_the_no_op_limiter() -> None:
    target = load_target(Path(__file__).parents[1] / "targets.yaml", "reference")
    assert target.rate_limit.unlimited
    assert limiter_for(target) is ratelimit.UNLIMITED


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{rps: 0}", "rate_limit.rps: 0 is not a positive number"),
        ("{concurrent: 0}", "rate_limit.concurrent: 0: give at least 1"),
        ("{rps: fast}", "rate_limit.rps: expected int or float"),
        ("{burst: 3}", "rate_limit: unknown key 'burst'"),
    ],
)
def test_bad_rate_limit_is_one_clear_line(tmp_path: Path, value: str, message: str) -> None:
    targets = tmp_path / "targets.yaml"
    targets.write_text(
        f'targets:\n  t:\n    kind: embedded\n    user_numbers: {{start: "+8613800000000", count: 10}}\n'
        f"    rate_limit: {value}\n"
    )
    with pytest.raises(TargetError) as err:
        load_target(targets, "t")
    assert message in str(err.value)
    assert "\n" not in str(err.value)
