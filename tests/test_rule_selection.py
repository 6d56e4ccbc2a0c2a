"""`--rule ID`: the same scenarios and outline rows as `-m ID`, without making items of the rest."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A scenario tag (AXB-004), a code (CODE-1012010) and a tag on one Examples table (TEAR-074).
RULES = ("AXB-004", "CODE-1012010", "TEAR-074")


def _collect(*args: str) -> tuple[int, list[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PNCONFORM_")}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "steps", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    ids = [line for line in done.stdout.splitlines() if "::" in line]
    return done.returncode, [*ids, done.stdout[-2000:] + done.stderr[-2000:]]


def test_rule_selects_what_the_marker_expression_selects() -> None:
    rc, by_rule = _collect("--target", "reference-http", "--rule", ",".join(RULES[:2]), "--rule", RULES[2])
    assert rc == 0, by_rule[-1]
    rc, by_marker = _collect("--target", "reference-http", "-m", " or ".join(RULES))
    assert rc == 0, by_marker[-1]
    assert by_rule[:-1] == by_marker[:-1] and len(by_rule) > 3
    tear = [i for i in by_rule[:-1] if "teardown" in i]
    assert tear and len(tear) < 5, "only the rows of TEAR-074's Examples table, not the whole outline"
    made = int(by_rule[-1].split(" tests collected")[0].rsplit("/", 1)[1])  # "12/20 tests collected (8 deselected)"
    everything = int(by_marker[-1].split(" tests collected")[0].rsplit("/", 1)[1])
    assert made < 50 < everything, "scenarios of other rules are not even made into items"


def test_an_unknown_rule_is_one_line() -> None:
    rc, out = _collect("--target", "reference-http", "--rule", "AXB-9999")
    assert rc == 4
    assert "--rule: unknown rule id AXB-9999; `pnconform rules` lists them" in out[-1]
    assert "Traceback" not in out[-1]
