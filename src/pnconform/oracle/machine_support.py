"""What the Hypothesis state machines of the oracle share: result codes as text, the replayable
failure message, and the run loop (settings, a shrink cap, and the not-replayable fallback).

Like the models, nothing here may import `pnconform.emulator`.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Protocol

from hypothesis import HealthCheck, settings
from hypothesis.internal.conjecture import engine as _engine
from hypothesis.stateful import RuleBasedStateMachine, run_state_machine_as_test

from pnconform.client import Response

CALLS_HEADER = (
    "Calls of this example (a clean target must give the same result codes; Hypothesis' own `state.…` steps follow):"
)


class MachineStats(Protocol):
    """The bookkeeping a run shares across its examples (see AxbRun, AxRun)."""

    examples: int
    steps: int
    calls: int
    outcomes: Counter[str]
    first_failure: str | None


def code_of(r: Response) -> str:
    # Compare codes as text: the envelope's type (GEN-006) is another scenario's business.
    return "<no JSON body>" if r.body is None else str(r.resultcode)


def failure_message(problem: str, preamble: str, log: list[str]) -> str:
    """The problem, what the example worked with, and its numbered calls, ready to replay."""
    steps = "\n".join(f"  {i}. {line}" for i, line in enumerate(log, 1)) or "  (no calls)"
    return f"{problem}\n\n{preamble}\n{CALLS_HEADER}\n{steps}"


def codes_seen(outcomes: Counter[str]) -> str:
    return ", ".join(f"{c}×{n}" for c, n in sorted(outcomes.items()))


def run_machine(
    machine: type[RuleBasedStateMachine],
    stats: MachineStats,
    *,
    max_examples: int,
    step_count: int,
    shrink_seconds: int = 30,
) -> float:
    """Run the machine; raise AssertionError on the first disagreement. Returns the seconds taken.

    Shrinking replays whole call sequences over HTTP, so it is capped at `shrink_seconds`
    (Hypothesis' own cap is 300 s and is documented as monkeypatchable): a failure then shows a
    partly shrunk sequence rather than keeping a fault run busy for minutes.
    """
    started = time.monotonic()
    shrink_cap = _engine.MAX_SHRINKING_SECONDS
    _engine.MAX_SHRINKING_SECONDS = shrink_seconds
    try:
        run_state_machine_as_test(
            machine,
            settings=settings(
                max_examples=max_examples,
                stateful_step_count=step_count,
                deadline=None,  # real HTTP: timing varies
                suppress_health_check=list(HealthCheck),
                database=None,  # a live target's state is not replayable from a stored example
                derandomize=False,
                report_multiple_bugs=False,  # shrinking over HTTP is slow: one bug, shrunk, is enough
            ),
        )
    except AssertionError:
        raise  # reproduced and shrunk: the message holds the minimal call sequence
    except Exception as exc:
        # Typically Hypothesis' Flaky*: a broken unbind left bindings behind, so replays of the
        # failing sequence met another target state. Show the first failure as it happened.
        if stats.first_failure is None:
            raise
        raise AssertionError(
            f"{stats.first_failure}\n\n(Not shrunk: Hypothesis could not replay this sequence "
            f"({type(exc).__name__}) because the target kept state from one example to the next, "
            f"e.g. bindings that unbind did not remove.)"
        ) from None
    finally:
        _engine.MAX_SHRINKING_SECONDS = shrink_cap
    return time.monotonic() - started


__all__ = ["CALLS_HEADER", "MachineStats", "code_of", "codes_seen", "failure_message", "run_machine"]
