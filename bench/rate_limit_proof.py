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
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
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
    with tempfile.TemporaryDirectory(prefix="pnconform-ratelimit-") as scratch:
        folder = Path(scratch)
        with standalone_emulator(folder) as base:
            limit = {"rps": args.rps, "concurrent": args.concurrent}
            targets = local_targets(base, folder, rate_limit=limit)
            command = [sys.executable, "-m", "pnconform.cli", "run", "--targets", str(targets), "--target", "local"]
            command += ["--reports", str(folder / "reports"), "-n", str(args.workers), "--accept-partial"]
            command += ["--", "-k", SELECTION]
            started = time.monotonic()
            run = subprocess.run(command, cwd=ROOT, env=run_env(folder), capture_output=True, text=True, timeout=600)
            took = time.monotonic() - started
            seen = httpx.get(f"{base}/_emulator/requests", timeout=10).json()["requests"]
    window = max_in_window([r["arrived"] for r in seen])
    flight = max_in_flight([(r["arrived"], r["answered"]) for r in seen])
    bound = args.rps + args.workers
    print(
        f"rate limit: rps {args.rps:g}, concurrent {args.concurrent}, -n {args.workers}: {len(seen)} requests in"
        f" {took:.0f} s (exit {run.returncode}); most in any 1 s window {window} (bound {bound:g}),"
        f" most in flight {flight} (bound {args.concurrent})"
    )
    ok = run.returncode == 0 and len(seen) > 3 * args.rps and window <= bound and flight <= args.concurrent
    if not ok:
        print(run.stdout[-3000:], run.stderr[-2000:])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
