"""Benchmark: the conformance run and the emulator, each next to a bare baseline, in one run.

    python bench/bench.py [--rounds 5] [--requests 500] [--sizes 1000,10000,100000] [--run-rounds 1] [--skip-run]

What it prints (every figure min / median / max over the rounds where it has rounds):
* full run: the wall time of `pnconform run` (embedded emulator, default budget), serial and `-n 2`;
* the run's parts, measured in one in-process run that counts every HTTP request (API, test
  hooks and the emulator's pushes, bench/counting.py): the example scenarios next to their
  transport floor (their request count times the bare round trip), and the Hypothesis
  invariants' cost per request;
* emulator against bare: the same kit client (signing, logging) sends the same requests to the
  emulator and to a bare Starlette endpoint under uvicorn that checks nothing and answers the
  very bytes the emulator answered, rounds interleaved so that load drifts hit both alike: an
  AXB query of an X with bindings, and a bind + unbind pair;
* latency of a query, a bind and an unbind at 1k / 10k / ... bindings in the store.
No figure here is a test: tests never assert on time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import count
from pathlib import Path

import pytest
import uvicorn
from counting import RequestCounter
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pnconform.client import AXB_PATH, PrivateNumberClient
from pnconform.emulator import EmbeddedEmulator, builtin_config

ROOT = Path(__file__).resolve().parents[1]


class BareServer:
    """The baseline: a one-endpoint Starlette app under uvicorn in a thread that checks nothing and
    answers each method with fixed bytes, by default what a bind would. `answers` sets them to what
    the emulator answered (``Sides.mirror``): both sides then send and parse the same bytes."""

    def __init__(self) -> None:
        bind = {"resultcode": "0", "resultdesc": "Success", "subscriptionId": "0" * 32}
        self.answers: dict[str, bytes] = {m: json.dumps(bind).encode() for m in ("GET", "POST", "PUT", "DELETE")}

        async def endpoint(request: Request) -> Response:
            await request.body()
            return Response(self.answers[request.method], media_type="application/json;charset=UTF-8")

        app = Starlette(routes=[Route(AXB_PATH, endpoint, methods=["GET", "POST", "PUT", "DELETE"])])
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(5)


def spread(values: list[float], unit: str, scale: float = 1.0) -> str:
    v = [x * scale for x in values]
    return f"{min(v):8.2f} / {statistics.median(v):8.2f} / {max(v):8.2f} {unit}"


def per_request(send: Callable[[], object], n: int) -> float:
    """Seconds per call of ``send`` over ``n`` calls in a row."""
    started = time.perf_counter()
    for _ in range(n):
        send()
    return (time.perf_counter() - started) / n


class Sides:
    """The same kit client against the emulator and against the bare endpoint."""

    def __init__(self, emulator: EmbeddedEmulator, bare: BareServer, bare_url: str) -> None:
        self.bare_server = bare
        app = next(a for a in emulator.config.apps if a.mode == "axb")
        self.x = [n.number for n in app.x_numbers]
        self.emulator = PrivateNumberClient(emulator.base_url, app.app_key, app.app_secret)
        self.bare = PrivateNumberClient(bare_url, app.app_key, app.app_secret)
        self.numbers = count()

    def bind(self, client: PrivateNumberClient, x: str) -> str:
        i = next(self.numbers)
        answer = client.axb_bind(callerNum=f"+86138{i:08d}", calleeNum=f"+86139{i:08d}", relationNum=x)
        return str(answer.body.get("subscriptionId"))

    def mirror(self) -> None:
        """The bare endpoint answers what the emulator answers now: a query of X (with its
        bindings), a bind and an unbind."""
        answers = self.bare_server.answers
        answers["GET"] = self.emulator.axb_query(relationNum=self.x[0]).text.encode()
        i = next(self.numbers)
        bound = self.emulator.axb_bind(callerNum=f"+86138{i:08d}", calleeNum=f"+86139{i:08d}", relationNum=self.x[-1])
        answers["POST"] = bound.text.encode()
        answers["DELETE"] = self.emulator.axb_unbind(subscriptionId=bound.body["subscriptionId"]).text.encode()

    def bind_unbind(self, client: PrivateNumberClient) -> Callable[[], object]:
        def pair() -> None:
            client.axb_unbind(subscriptionId=self.bind(client, self.x[-1]))

        return pair


def emulator_against_bare(rounds: int, n: int) -> None:
    cfg = builtin_config().with_random_secrets()
    bare = BareServer()
    with EmbeddedEmulator(cfg, host="127.0.0.1", port=0) as emu, bare as bare_url:
        sides = Sides(emu, bare, bare_url)
        for _ in range(10):  # the queried X carries bindings: the answer lists them
            sides.bind(sides.emulator, sides.x[0])
        sides.mirror()
        samples: dict[str, list[float]] = {k: [] for k in ("bare query", "emu query", "bare pair", "emu pair")}
        for _ in range(rounds):  # interleaved: a drift in load hits both sides alike
            for side, client in (("bare", sides.bare), ("emu", sides.emulator)):
                samples[f"{side} query"].append(per_request(lambda c=client: c.axb_query(relationNum=sides.x[0]), n))
                samples[f"{side} pair"].append(per_request(sides.bind_unbind(client), n // 2) / 2)
        print(f"emulator against bare, same kit client, {rounds} interleaved rounds of {n} requests (ms per request):")
        for what in ("query", "pair"):
            bare, emu = samples[f"bare {what}"], samples[f"emu {what}"]
            label = "AXB query (X with 10 bindings)" if what == "query" else "AXB bind + unbind (per request)"
            ratio = statistics.median(bare) / statistics.median(emu)
            print(f"  {label:<34} bare {spread(bare, 'ms', 1000)}   emulator {spread(emu, 'ms', 1000)}")
            print(f"  {'':<34} emulator rate = {ratio:.0%} of bare (median)")


def latency_at_sizes(sizes: list[int], n: int) -> None:
    print("latency with N bindings in the store (ms per request, median of 3 rounds):")
    # The pair cap per X (5,000, AXB-002) raised so that one X can carry a seventh of the largest store.
    cfg = builtin_config().with_random_secrets().with_settings({"axb_max_pairs_per_x": max(sizes) + 1})
    bare = BareServer()
    with EmbeddedEmulator(cfg, host="127.0.0.1", port=0) as emu, bare as bare_url:
        sides = Sides(emu, bare, bare_url)
        client, loaded = sides.emulator, 0
        for size in sorted(sizes):
            # Spread over every X but the last (the bind/unbind pairs' X).
            while loaded < size:
                sides.bind(client, sides.x[loaded % (len(sides.x) - 1)])
                loaded += 1
            on_x = (loaded + len(sides.x) - 2) // (len(sides.x) - 1)
            deep = max(1, on_x // 100)  # the last page of 100 pairs of that X
            first_page = lambda: client.axb_query(relationNum=sides.x[0])  # noqa: E731
            last_page = lambda p=deep: client.axb_query(relationNum=sides.x[0], pageIndex=p, pageSize=100)  # noqa: E731
            first = [per_request(first_page, n) for _ in range(3)]
            last = [per_request(last_page, n) for _ in range(3)]
            pair = [per_request(sides.bind_unbind(client), n // 2) / 2 for _ in range(3)]
            print(
                f"  {size:>7} bindings ({on_x} on the queried X)"
                f"   query page 1 {statistics.median(first) * 1000:6.2f} ms"
                f"   page {deep} {statistics.median(last) * 1000:6.2f} ms"
                f"   bind/unbind {statistics.median(pair) * 1000:6.2f} ms"
            )


def bare_round_trip(n: int) -> float:
    """Seconds per request of the kit client against the bare endpoint (the transport floor's unit)."""
    cfg = builtin_config().with_random_secrets()
    app = next(a for a in cfg.apps if a.mode == "axb")
    with BareServer() as url:
        client = PrivateNumberClient(url, app.app_key, app.app_secret)
        query = lambda: client.axb_query(relationNum="+8617010000001")  # noqa: E731
        per_request(query, 50)  # warm-up
        return statistics.median(per_request(query, n) for _ in range(3))


def full_run(workers: int) -> float:
    with tempfile.TemporaryDirectory(prefix="pnconform-bench-") as reports:
        extra = ["--", "-n", str(workers)] if workers > 1 else []
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "pnconform.cli", "run", "--reports", reports, *extra],
            cwd=ROOT,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        wall = time.perf_counter() - started
    if result.returncode != 0:
        print(f"  (the run exited {result.returncode}:)", result.stdout[-1500:], result.stderr[-800:])
    return wall


def run_parts(floor_s: float) -> None:
    counter = RequestCounter()
    with tempfile.TemporaryDirectory(prefix="pnconform-bench-") as reports:
        args = [str(ROOT / "steps"), "--target", "reference", "-q", f"--conformance-dir={reports}"]
        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            pytest.main(args, plugins=[counter])
        finally:
            os.chdir(cwd)
    for invariants, label in ((False, "example scenarios"), (True, "Hypothesis invariants")):
        items = [i for i in counter.items if i.invariants == invariants]
        seconds, requests = sum(i.seconds for i in items), sum(i.requests for i in items)
        floor = requests * floor_s
        if not invariants:
            ratio = seconds / floor if floor else 0.0
            print(
                f"  {label:<22} {len(items):4} scenarios {seconds:7.1f} s  {requests:6} requests"
                f"  floor {floor:5.1f} s  ({ratio:.1f}x the floor)"
            )
        else:
            cost = seconds / requests * 1000 if requests else 0.0
            print(f"  {label:<22} {len(items):4} scenarios {seconds:7.1f} s  {requests:6} requests  {cost:.2f} ms each")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds of the emulator/bare comparison")
    parser.add_argument("--requests", type=int, default=500, help="requests per round and side")
    parser.add_argument("--sizes", default="1000,10000,100000", help="store sizes for the latency table")
    parser.add_argument("--run-rounds", type=int, default=1, help="full runs per worker count")
    parser.add_argument("--skip-run", action="store_true", help="skip the full conformance runs")
    args = parser.parse_args()

    cores = os.cpu_count()
    print(f"pnconform bench, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, {cores} cores,")
    print(f"Python {platform.python_version()}, {platform.platform(terse=True)}")
    emulator_against_bare(args.rounds, args.requests)
    latency_at_sizes([int(s) for s in args.sizes.split(",") if s], max(50, args.requests // 5))
    if args.skip_run:
        return
    floor_s = bare_round_trip(args.requests)
    print(f"full conformance run against the embedded emulator (bare round trip {floor_s * 1000:.2f} ms):")
    for workers in (1, 2):
        walls = [full_run(workers) for _ in range(args.run_rounds)]
        print(f"  pnconform run{'' if workers == 1 else ' -n 2':<6}  wall {spread(walls, 's')}")
    print("the run's parts (one in-process serial run; every request counted: API, hooks, pushes):")
    run_parts(floor_s)


if __name__ == "__main__":
    main()
