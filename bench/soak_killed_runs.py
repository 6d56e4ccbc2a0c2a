"""Soak: conformance runs SIGKILLed at random moments leave nothing behind after `pnconform sweep`.

    python bench/soak_killed_runs.py [--runs 20] [--seed 1] [--max-kill-s 6]

Against a standalone `pnconform emulator` (the `local` target, standing in for a live account):
first a few "foreign" bindings are made, as other users of the account would have them, on an X
number of the AXB app that the target does not give the suite (in a city the suite never asks
for: on a live account the suite's X numbers are reserved for it, README "Adding a live
target"); then each run (every other one with `-n 2`) is SIGKILLed at a seeded random moment, or
(half of them) at the first moment after it that the run holds a binding (frozen with SIGSTOP to
look, so the moment cannot pass); then one `pnconform sweep`. Printed and checked (exit 1 when a
figure is wrong):
* bindings the runs left behind after the sweep: 0;
* foreign bindings touched: 0;
* journal lines that are not JSON: 0, a torn last line per file aside (a kill mid-write).
The runs are the live-safety promise under the worst interruption there is; CI runs a few
(`.ci/run`), the default count is the fuller soak.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import yaml
from local_target import ROOT, local_targets, run_env, standalone_emulator

from pnconform.client import PrivateNumberClient

# Binding-heavy scenarios of every mode; no hooks (a killed run then leaves no odd app state).
SELECTION = "bind and not invariants and not needs-fill and not needs-hooks and not needs-calls"


def bindings(base: str) -> dict[str, dict]:
    found = httpx.get(f"{base}/_emulator/bindings", timeout=10).json()["bindings"]
    return {b["subscriptionId"]: b for b in found}


FOREIGN_X = {"number": "+8617010000099", "area_code": "0931", "province": "gansu"}


def emulator_config(folder: Path) -> Path:
    """The built-in config (its example file) with one more X of the AXB app, for the foreign bindings."""
    doc = yaml.safe_load((ROOT / "src" / "pnconform" / "emulator" / "example-config.yaml").read_text())
    next(app for app in doc["apps"] if app["mode"] == "axb")["x_numbers"].append(FOREIGN_X)
    path = folder / "emulator.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def foreign_bindings(base: str, n: int) -> set[str]:
    """Bindings made outside the suite (numbers outside its range, an X it was not given, no marker)."""
    client = PrivateNumberClient(base, "emu-axb-app", "emu-axb-secret", mode="axb")
    made = set()
    for i in range(n):
        x = FOREIGN_X["number"]
        answer = client.axb_bind(callerNum=f"+8613700{i:06d}", calleeNum=f"+8613600{i:06d}", relationNum=x)
        assert answer.resultcode == "0", answer
        made.add(str(answer.body["subscriptionId"]))
    return made


def hold_then_kill(process: subprocess.Popen, journal: Path, since: float, patience_s: float = 15.0) -> float:
    """Freeze the run (SIGSTOP, workers too) at moments until a journal of this run ends with a bind
    that succeeded, i.e. it holds a binding it has not unbound; returns the seconds that took. A
    random moment alone rarely lands in such a window (binds are unbound within milliseconds)."""
    started = time.monotonic()
    while time.monotonic() - started < patience_s and process.poll() is None:
        os.killpg(process.pid, signal.SIGSTOP)
        lasts = [
            lines[-1]
            for path in journal.glob("*.jsonl")
            if path.stat().st_mtime >= since and (lines := path.read_text(errors="replace").splitlines())
        ]
        if any('"outcome": "bound"' in last for last in lasts):
            break
        os.killpg(process.pid, signal.SIGCONT)
        time.sleep(0.005)
    return time.monotonic() - started


def journal_problems(journal: Path) -> int:
    """Lines of the journals that are not JSON; a torn last line of a file is tolerated."""
    bad = 0
    for path in sorted(journal.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines, 1):
            try:
                json.loads(line)
            except ValueError:
                bad += number != len(lines)
    return bad


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="killed runs (every other one with -n 2)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the kill moments")
    parser.add_argument("--max-kill-s", type=float, default=6.0, help="kill within this many seconds of the start")
    args = parser.parse_args()
    moments = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="pnconform-soak-") as scratch:
        folder = Path(scratch)
        with standalone_emulator(folder, "--config", str(emulator_config(folder))) as base:
            targets = local_targets(base, folder)
            journal = folder / "journal"
            env = run_env(folder)
            foreign = foreign_bindings(base, 5)
            targets.touch()  # its mtime marks the start of each run (hold_then_kill)
            started = time.monotonic()
            killed_holding = left_before = 0
            for run in range(args.runs):
                workers = ["-n", "2"] if run % 2 else []
                command = [sys.executable, "-m", "pnconform.cli", "run", "--targets", str(targets), "--target", "local"]
                command += ["--reports", str(folder / f"reports-{run}"), *workers, "--", "-k", SELECTION]
                log = (folder / f"run-{run}.log").open("w")
                process = subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group: the kill takes the xdist workers too
                )
                holding = run % 4 in (2, 3)  # every other pair of runs: at the first moment it holds a binding
                kill_at = moments.uniform(0.5, args.max_kill_s / (2 if holding else 1))
                time.sleep(kill_at)
                if holding:
                    kill_at += hold_then_kill(process, journal, since=targets.stat().st_mtime)
                with contextlib.suppress(ProcessLookupError):  # a run may end before its moment comes
                    os.killpg(process.pid, signal.SIGKILL)  # no teardown, no cleanup runs
                process.wait(10)
                targets.touch()  # journals written after this belong to the next run
                # In all, not per run: a run unbinds by X in some scenarios (AXB-041), which also
                # removes what an earlier killed run left there.
                left_so_far = len(set(bindings(base)) - foreign)
                killed_holding += left_so_far > left_before
                print(f"  run {run + 1:>2}/{args.runs}{' -n 2' if workers else '      '} killed at {kill_at:4.1f} s,"
                      f" runs' bindings on the target {left_before} -> {left_so_far}", flush=True)  # fmt: skip
                left_before = left_so_far
            sweep = subprocess.run(
                [sys.executable, "-m", "pnconform.cli", "sweep", "--targets", str(targets), "--target", "local"],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
            )  # fmt: skip
            after = bindings(base)
        left = len(set(after) - foreign)
        touched = len(foreign - set(after))
        torn = journal_problems(journal)
    print(
        f"soak: {args.runs} runs SIGKILLed (seed {args.seed}) in {time.monotonic() - started:.0f} s,"
        f" {killed_holding} while holding bindings; after `pnconform sweep` (exit {sweep.returncode}):"
        f" bindings left by the runs {left}, foreign bindings touched {touched}, broken journal lines {torn}"
    )
    ok = left == 0 and touched == 0 and torn == 0 and sweep.returncode == 0 and killed_holding > 0
    if not ok:
        print(sweep.stdout[-3000:], sweep.stderr[-2000:])
        if killed_holding == 0:
            print("soak: no run was killed while holding a binding: the soak proved nothing")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
