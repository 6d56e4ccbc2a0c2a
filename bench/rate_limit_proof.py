"""Proof of `rate_limit`: a real `-n 2` run, timed by the server it is limited for.

    python bench/rate_limit_proof.py [--rps 20] [--concurrent 2] [--workers 2]

A standalone `pnconform emulator` plays the target (`local`, with `rate_limit: {rps, concurrent}`)
and notes when each request arrived and was answered (`GET /_emulator/requests`). After a run of a
few dozen scenarios split over the workers, printed and checked (exit 1 when over):
* the most requests that arrived in any 1-second window, against `rps`. The limiter spaces each
  worker's requests 1/(rps/workers) s apart at the client; network jitter can move one request of
  each worker into the next second, so the bound checked is rps + workers (README "rate_limit");
* the most requests in flight at once as the server saw them, against `concurrent` (exact: each
  worker holds concurrent/workers slots, and a request is in flight at the server only while its
  slot is held at the client).
The same run without a limit must break a bound, or the measurement could not tell (a check that
cannot fail proves nothing).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from local_target import ROOT, local_targets, run_env, standalone_emulator

SELECTION = "axb and query and not invariants and not needs-fill"  # 27 scenarios, ~200 requests


def max_in_window(arrivals: list[float], window: float = 1.0) -> int:
    times = sorted(arrivals)
    best, first = 0, 0
    for last, t in enumerate(times):
        while t - times[first] >= window:
            first += 1
        best = max(best, last - first + 1)
    return best


def max_in_flight(spans: list[tuple[float, float]]) -> int:
    edges = sorted([(a, 1) for a, _ in spans] + [(b, -1) for _, b in spans], key=lambda e: (e[0], e[1]))
    best = now = 0
    for _, step in edges:  # an answer before an arrival at the same instant
        now += step
        best = max(best, now)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rps", type=float, default=20.0)
    parser.add_argument("--concurrent", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    limited = timed_run(args.workers, {"rps": args.rps, "concurrent": args.concurrent})
    free = timed_run(args.workers, None)  # the same run unlimited: the measurement can tell the difference
    bound = args.rps + args.workers
    print(
        f"rate limit: rps {args.rps:g}, concurrent {args.concurrent}, -n {args.workers}: {limited.requests} requests in"
        f" {limited.seconds:.0f} s (exit {limited.exit}); most in any 1 s window {limited.window} (bound {bound:g}),"
        f" most in flight {limited.flight} (bound {args.concurrent}); the same run without the limit:"
        f" {free.window} in a window, {free.flight} in flight, {free.seconds:.0f} s"
    )
    ok = limited.exit == 0 and limited.requests > 3 * args.rps
    ok = ok and limited.window <= bound and limited.flight <= args.concurrent
    if free.window <= bound and free.flight <= args.concurrent:
        print("rate limit: the unlimited run stays inside the bounds too: this measurement proves nothing")
        ok = False
    if not ok:
        print(limited.output[-4000:])
    return 0 if ok else 1


@dataclass
class Timed:
    exit: int
    seconds: float
    requests: int
    window: int
    flight: int
    output: str


def timed_run(workers: int, limit: dict[str, float] | None) -> Timed:
    """One `pnconform run -n workers` of SELECTION against a fresh standalone emulator, timed by it."""
    with tempfile.TemporaryDirectory(prefix="pnconform-ratelimit-") as scratch:
        folder = Path(scratch)
        with standalone_emulator(folder) as base:
            targets = local_targets(base, folder, **({"rate_limit": limit} if limit else {}))
            command = [sys.executable, "-m", "pnconform.cli", "run", "--targets", str(targets), "--target", "local"]
            command += ["--reports", str(folder / "reports"), "-n", str(workers), "--accept-partial"]
            command += ["--", "-k", SELECTION]
            started = time.monotonic()
            run = subprocess.run(command, cwd=ROOT, env=run_env(folder), capture_output=True, text=True, timeout=600)
            seconds = time.monotonic() - started
            seen = httpx.get(f"{base}/_emulator/requests", timeout=10).json()["requests"]
    return Timed(
        run.returncode,
        seconds,
        len(seen),
        max_in_window([r["arrived"] for r in seen]),
        max_in_flight([(r["arrived"], r["answered"]) for r in seen]),
        run.stdout + run.stderr,
    )


if __name__ == "__main__":
    sys.exit(main())
