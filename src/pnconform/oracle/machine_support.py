"""What the Hypothesis state machines of the oracle share: result codes as text, the replayable
failure message, the run loop (settings, a shrink cap, and the not-replayable fallback), and
`ModeMachine`, the base class of every mode's state machine (example log, run, cleanup, runner).

Like the models, nothing here may import `pnconform.emulator`.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.internal.conjecture import engine as _engine
from hypothesis.stateful import RuleBasedStateMachine, run_state_machine_as_test

from pnconform.client import Response
from pnconform.violation import RuleViolation, rules_of

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
    first_failure_rules: tuple[str, ...]


@dataclass(kw_only=True)
class RunStats:
    """The statistics of a run for its progress line (base of AxbRun, AxRun, AxeRun, AxybRun)."""

    examples: int = 0
    steps: int = 0
    calls: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    cleanup_problems: list[str] = field(default_factory=list)
    first_failure: str | None = None  # shown when Hypothesis cannot replay it (the target kept state)
    first_failure_rules: tuple[str, ...] = ()  # the rules the first failure names


def code_of(r: Response) -> str:
    # Compare codes as text: the envelope's type (GEN-006) is another scenario's business.
    return "<no JSON body>" if r.body is None else str(r.resultcode)


def failure_message(problem: str, preamble: str, log: list[str], rules: Iterable[str] = ()) -> str:
    """The rules, the problem, what the example worked with, and its numbered calls, ready to replay."""
    steps = "\n".join(f"  {i}. {line}" for i, line in enumerate(log, 1)) or "  (no calls)"
    named = sorted(set(rules))
    prefix = f"[{', '.join(named)}] " if named else ""
    return f"{prefix}{problem}\n\n{preamble}\n{CALLS_HEADER}\n{steps}"


def blamed_for(outcome: Any, got: str) -> tuple[str, ...]:
    """The rules an unexpected code breaks. A refusal the model expected that came with another
    refusal code broke only the rules of the expected code (CODE-n): the refusal itself, and the
    rule that asks for it, held. Otherwise every rule of the outcome."""
    rules = tuple(outcome.rules)
    if outcome.accepted or got in ("0", "<no JSON body>"):
        return rules
    named = tuple(r for r in rules if r.startswith("CODE-") and r.split("-")[1] in outcome.codes)
    return named or rules


def codes_seen(outcomes: Counter[str]) -> str:
    return ", ".join(f"{c}×{n}" for c, n in sorted(outcomes.items()))


class ExampleLog:
    """Calls, call log and failures of one example: a mixin of every mode's state machine.

    The machine's ``__init__`` calls ``_begin`` (the run, its ``client``, the user numbers of the
    example, ``names`` and ``log``) and sets ``model`` (whose ``now`` stamps each call);
    ``_preamble`` may say more about what the example worked with.
    """

    stats: MachineStats
    client: Any
    pool: dict[str, str]
    names: dict[str, str]
    log: list[str]
    model: Any

    def _begin(self, run: Any, labels: list[str]) -> None:
        """Start an example of ``run``: count it, take its client, draw fresh user numbers."""
        self.stats = run
        run.examples += 1
        self.client = run.client
        # Keep only this example's HTTP exchanges: after shrinking, Hypothesis replays the
        # minimal failing example last, so the test's exchange log shows exactly that one.
        self.client.log.clear()
        self.pool = {label: run.fresh_number() for label in labels}  # fresh per example: no leaks
        self.names = {}  # subscriptionId → s1, s2… in the call log
        self.log = []

    def _preamble(self) -> str:
        legend = ", ".join(f"{k}={v}" for k, v in self.pool.items())
        return f"User numbers of this example: {legend}"

    def _name(self, sid: Any) -> str:
        return self.names.get(sid, repr(sid))

    def _call(self, method: str, **params: Any) -> Response:
        self.stats.calls += 1
        return getattr(self.client, method)(**params)

    def _record(self, method: str, params: dict[str, Any], r: Response, extra: str = "") -> None:
        shown = ", ".join(
            f"{k}={self._name(v) if k == 'subscriptionId' else repr(v)}" for k, v in params.items() if v is not None
        )
        self.log.append(f"[t={self.model.now:+.0f}s] {method}({shown}) -> {code_of(r)}{extra}")

    def _send(self, method: str, params: dict[str, Any], extra: str = "") -> Response:
        r = self._call(method, **params)
        self._record(method, params, r, extra)
        return r

    def _fail(self, problem: str, rules: Iterable[str]) -> None:
        """Fail the example: a RuleViolation naming ``rules``, the rule ids the failed check checks."""
        __tracebackhide__ = True
        named = tuple(sorted(set(rules)))
        message = failure_message(problem, self._preamble(), self.log, named)
        if self.stats.first_failure is None:
            self.stats.first_failure, self.stats.first_failure_rules = message, named
        raise RuleViolation(message, named)

    def _expect(self, what: str, outcome: Any, r: Response) -> None:
        """The answer's code is one the model's ``outcome`` allows; else the outcome's rules fail."""
        __tracebackhide__ = True
        self.stats.outcomes[code_of(r)] += 1
        if not outcome.allows(code_of(r)):
            want = " or ".join(sorted(outcome.codes))
            problem = f"{what}: expected resultcode {want}, got {code_of(r)} (HTTP {r.status}: {r.text[:300]})"
            self._fail(problem, blamed_for(outcome, code_of(r)))

    def _own_live(self) -> list[Any]:
        """The model's live bindings that this example made."""
        return [b for b in self.model.live() if b.sid in self.names]

    def _pick(self, pick: int) -> Any:
        live = self._own_live()
        return live[pick % len(live)] if live else None


def run_machine(
    machine: Callable[[], RuleBasedStateMachine],
    stats: MachineStats,
    *,
    max_examples: int,
    step_count: int,
    shrink_seconds: int = 30,
    derandomize: bool = False,
) -> float:
    """Run the machine (``machine()`` makes one example's instance); raise a RuleViolation on the
    first disagreement. Returns the seconds taken.

    Shrinking replays whole call sequences over HTTP, so it is capped at `shrink_seconds`
    (Hypothesis' own cap is 300 s and is documented as monkeypatchable): a failure then shows a
    partly shrunk sequence rather than keeping a fault run busy for minutes. ``derandomize``: the
    same sequences every time (the kit's own tests of the machines against a faulty emulator).
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
                derandomize=derandomize,
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
        message = (
            f"{stats.first_failure}\n\n(Not shrunk: Hypothesis could not replay this sequence "
            f"({type(exc).__name__}) because the target kept state from one example to the next, "
            f"e.g. bindings that unbind did not remove.)"
        )
        rules = stats.first_failure_rules or rules_of(exc)
        if not rules:
            raise AssertionError(message) from None
        raise RuleViolation(message, rules) from None
    finally:
        _engine.MAX_SHRINKING_SECONDS = shrink_cap
    return time.monotonic() - started


def run_and_summarize(
    label: str,
    machine: Callable[[], RuleBasedStateMachine],
    stats: MachineStats,
    *,
    max_examples: int,
    step_count: int,
    shrink_seconds: int = 30,
    derandomize: bool = False,
) -> str:
    """`run_machine`, then the run's progress line (``label`` names the mode)."""
    took = run_machine(
        machine,
        stats,
        max_examples=max_examples,
        step_count=step_count,
        shrink_seconds=shrink_seconds,
        derandomize=derandomize,
    )
    return (
        f"{label} invariants: {stats.examples} machine runs, {stats.steps} checked steps, {stats.calls} calls "
        f"in {took:.1f} s; result codes seen: {codes_seen(stats.outcomes)}"
    )


class ModeMachine(ExampleLog, RuleBasedStateMachine):
    """Base of every mode's state machine (bindings and calls): one example of one run.

    A subclass is defined at module level and holds only its rules; it sets ``label`` (the mode,
    for the progress line) and ``labels`` (the user numbers an example draws), and its
    ``__init__(run)`` calls ``super().__init__(run)`` then sets ``model``. The run is passed in
    explicitly (``self.run``); strategies that depend on it are drawn through `of_run`.
    ``run_invariants(run, ...)`` runs the machine against the run's target.
    """

    label: ClassVar[str]
    labels: ClassVar[tuple[str, ...]]

    def __init__(self, run: Any) -> None:
        super().__init__()
        self.run = run
        self._begin(run, list(self.labels))

    def teardown(self) -> None:
        # Unbind this example's bindings by subscriptionId (client ledger). Whatever survives
        # (e.g. the ledger forgot pairs an unbind-all was believed to remove) the next sweep catches.
        self.run.cleanup_problems += self.client.cleanup()

    @classmethod
    def run_invariants(
        cls, run: Any, *, max_examples: int, step_count: int, shrink_seconds: int = 30, derandomize: bool = False
    ) -> str:
        """Run the machine for ``run`` (raise a RuleViolation on the first disagreement); return
        the progress line."""
        return run_and_summarize(
            cls.label,
            lambda: cls(run),
            run,
            max_examples=max_examples,
            step_count=step_count,
            shrink_seconds=shrink_seconds,
            derandomize=derandomize,
        )


def of_run(build: Callable[[Any], st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """A rule argument whose strategy depends on the run: ``build(machine)`` makes it from the
    running machine (``st.runner()``), e.g. ``of_run(lambda m: st.sampled_from(m.run.x_numbers))``."""
    return st.runner().flatmap(build)


__all__ = [
    "CALLS_HEADER",
    "ExampleLog",
    "MachineStats",
    "ModeMachine",
    "RunStats",
    "code_of",
    "codes_seen",
    "failure_message",
    "of_run",
    "run_and_summarize",
    "run_machine",
]
