"""Benchmark: a full conformance run and the emulator's request rate, each next to a bare baseline.

    python bench/bench.py [--requests 2000] [--skip-run]

Baselines, on the same machine and the same loopback transport:
* request rate: a bare Starlette endpoint answering a constant JSON body, served by uvicorn the
  same way the emulator is; the emulator's extra cost is auth + validation + rules;
* full run: the same number of HTTP requests the run made, sent to the bare endpoint one after
  the other (the floor any suite of that many requests pays).
"""

from __future__ import annotations

import argparse
import glob
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from pnconform.client import AXB_PATH, PrivateNumberClient
from pnconform.emulator import EmbeddedEmulator, builtin_config

ROOT = Path(__file__).resolve().parents[1]


class BareServer:
    """A one-endpoint Starlette app under uvicorn in a thread: the baseline."""

    def __init__(self) -> None:
        async def endpoint(request):
            return JSONResponse({"resultcode": "0", "resultdesc": "Success"})

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


def rate(send, n: int) -> float:
    send()  # warm-up: connection, imports
    started = time.perf_counter()
    for _ in range(n):
        send()
    return n / (time.perf_counter() - started)


def emulator_rate(n: int) -> tuple[float, float]:
    cfg = builtin_config().with_random_secrets()
    app = next(a for a in cfg.apps if a.mode == "axb")
    with EmbeddedEmulator(cfg, host="127.0.0.1", port=0) as emu:
        client = PrivateNumberClient(emu.base_url, app.app_key, app.app_secret)
        x = app.x_numbers[0].number
        counter = iter(range(10**9))

        def bind_unbind() -> None:
            i = next(counter)
            r = client.axb_bind(callerNum=f"+86138{i:08d}", calleeNum=f"+86139{i:08d}", relationNum=x)
            client.axb_unbind(subscriptionId=r.body["subscriptionId"])

        query = lambda: client.axb_query(relationNum=x)  # noqa: E731
        query_rate = rate(query, n)
        pair_rate = rate(bind_unbind, n // 2) * 2  # two requests per call
    return query_rate, pair_rate


def bare_rate(n: int) -> float:
    with BareServer() as url, httpx.Client(base_url=url) as http:
        return rate(lambda: http.get(AXB_PATH, params={"relationNum": "+8617010000001"}), n)


def full_run() -> tuple[float, int]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pnconform.cli", "run", "--reports", str(ROOT / "reports" / "bench"), "--", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    if result.returncode != 0:
        print(result.stdout[-2000:], result.stderr[-1000:])
    requests = 0
    for path in glob.glob(str(ROOT / "reports" / "bench" / "allure-results" / "*-attachment*")):
        requests += Path(path).read_text(errors="replace").count("\n--> HTTP ")
    return wall, requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--skip-run", action="store_true", help="only measure request rates")
    args = parser.parse_args()

    bare = bare_rate(args.requests)
    query, pair = emulator_rate(args.requests)
    print(f"request rate over loopback, sequential, {args.requests} requests each:")
    print(f"  bare Starlette endpoint      {bare:8.0f} req/s   (baseline)")
    print(f"  emulator AXB query           {query:8.0f} req/s   ({query / bare:.0%} of baseline)")
    print(f"  emulator AXB bind + unbind   {pair:8.0f} req/s   ({pair / bare:.0%} of baseline)")
    if args.skip_run:
        return
    wall, requests = full_run()
    floor = requests / bare if requests else 0.0
    print("full conformance run against the reference target (pnconform run):")
    print(f"  wall time                    {wall:8.1f} s    ({requests} HTTP requests of example scenarios)")
    print(f"  same requests, bare endpoint {floor:8.1f} s    (baseline: transport floor)")
    print("  (the Hypothesis invariants' calls are not attached to reports, so not counted here)")


if __name__ == "__main__":
    main()
