"""What every mode's calls machine shares: the run, and placing one simulated call through the
test hooks and checking it against the routing oracle's `CallRoute`.

A call is checked three ways:

* the hooks' routing answer (README "Test hooks": callee, display, stateCode);
* its pushes, read back from the suite's callback receiver after a push flush: one event
  sequence in the documented order (EVT-040/041; a refused call: callin ... disconnect without
  answer, EVT-042) ending with the oracle's stateCode, the binding's subscriptionId and userData
  (EVT-030), exactly one CDR with the events' sessionId (EVT-011, CDR-005) naming the callee, the
  display number, the binding and the direction, or, refused, neither a forward nor an answer
  (CDR-031) and no subscriptionId when no binding applies (CDR-032);
* the receiver's validators found no problem in those pushes.

Like the models, nothing here may import `pnconform.emulator`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import invariant, multiple

from pnconform.client import PrivateNumberClient
from pnconform.oracle.call_route import CallRoute
from pnconform.oracle.machine_support import ModeMachine, RunStats, code_of, of_run

TALK_S = 5
# The time a call waits before it is placed: mostly none; else under or just over a minute
# (temporary callees, minute lifetimes), or an hour.
WAITS_S = (0, 0, 0, 0, 0, 40, 61, 3600)  # no lifetime the machines draw is a sum of these


@dataclass(kw_only=True)
class CallsRun(RunStats):
    """Everything one run of a calls machine shares across its examples."""

    client: PrivateNumberClient
    fresh_number: Callable[[], str]
    x_numbers: list[str]
    hooks: Any  # a HooksClient: place_call, flush_pushes, advance
    receiver: Any  # the suite's callback receiver (pnconform.receiver.Receiver)
    placed: int = 0  # simulated calls
    clock: bool = False  # draw clock advances (the hooks move the target's clock)


def pool_labels(size: int, stranger: str) -> tuple[list[str], st.SearchStrategy[str], st.SearchStrategy[str]]:
    """The user labels of a machine's pool, a strategy over them, and one that adds the stranger."""
    labels = [f"P{i}" for i in range(size)]
    return labels, st.sampled_from(labels), st.sampled_from([*labels, stranger])


def _waits(machine: CallsMachine) -> st.SearchStrategy[int]:
    return st.sampled_from(WAITS_S if machine.run.clock else (0,))


def waits() -> st.SearchStrategy[int]:
    """The waits a call rule draws: with the clock (the run's `clock`), `WAITS_S`; without, none."""
    return of_run(_waits)


def blank(value: Any) -> bool:
    return value in (None, "")


class CallsMachine(ModeMachine):
    """Base of the calls machines: move the clock, place a call, check it.

    A mode's calls machine calls ``super().__init__(run)``, sets ``model`` (with ``now``,
    ``live()`` and ``advance(seconds)``) and sweeps; its binds append what they made to ``made``.
    """

    run: CallsRun

    def __init__(self, run: CallsRun) -> None:
        super().__init__(run)
        self.made: list[Any] = []  # every binding this example made, live or gone (unbound, expired)

    # -- the clock --------------------------------------------------------------------------------

    def _wait(self, seconds: int) -> None:
        """Let ``seconds`` pass before the next call: the target's clock and the model's move together."""
        if seconds:
            self.run.hooks.advance(seconds)
            self.model.advance(seconds)
            self.log.append(f"[t={self.model.now:+.0f}s] hooks.advance({seconds})")
            self.stats.outcomes[f"clock+{seconds}s"] += 1

    @invariant()
    def count_step(self) -> None:
        self.run.steps += 1

    def _gone(self) -> list[Any]:
        """The bindings this example made that are gone: calls through them must be refused."""
        live = {b.sid for b in self.model.live()}
        return [b for b in self.made if b.sid not in live]

    # -- binding ----------------------------------------------------------------------------------

    def _bind(self, method: str, params: dict[str, Any], what: str, predict: Callable[[str | None, Any], Any]) -> Any:
        """Send a bind; ``predict(sid, response)`` updates the model and returns its outcome.

        Returns the Bundle value: the new subscriptionId, or nothing when the bind is refused."""
        r = self._call(method, **params)
        sid = (r.body or {}).get("subscriptionId") if code_of(r) == "0" else None
        if sid:
            self.names[sid] = f"s{len(self.names) + 1}"
        self._record(method, params, r, f" (subscriptionId {self._name(sid)})" if sid else "")
        outcome = predict(sid, r)
        self._expect(what, outcome, r)
        if not outcome.accepted:
            return multiple()
        if not sid or outcome.problem:
            # The problem's rules (e.g. AXE-003), else GEN-120: an accepted bind returns a subscriptionId.
            rules = getattr(outcome, "problem_rules", ()) if outcome.problem else ("GEN-120",)
            self._fail(f"{what}: {outcome.problem or 'accepted without a subscriptionId'}: {r.text[:300]}", rules)
        self.made += outcome.bindings
        return multiple(sid)

    # -- isolation --------------------------------------------------------------------------------

    def _sweep(self, mode: str, unbind: str) -> None:
        """Clean slate: unbind by subscriptionId whatever earlier examples or tests left on our
        numbers (the test hooks list the target's live bindings of the app)."""
        ours = set(self.run.x_numbers)
        for item in self.run.hooks.bindings(mode=mode, app_key=self.run.client.app_key):
            sid = item.get("subscriptionId")
            if sid and ours & {v for v in item.values() if isinstance(v, str)}:
                r = getattr(self.run.client, unbind)(subscriptionId=sid)
                self.log.append(f"(clean slate) {unbind}(subscriptionId={sid!r}) -> {r.resultcode}")

    # -- one call ---------------------------------------------------------------------------------

    def _label(self, number: str) -> str:
        return next((k for k, v in self.pool.items() if v == number), number)

    def _place_call(self, caller: str, dialled: str, expected: CallRoute, digits: str | None = None) -> dict[str, Any]:
        """Place the call, check it against ``expected``; returns the hooks' answer."""
        run = self.run
        who = self._label(caller)
        typed = "" if digits is None else f", digits {digits!r}"
        what = f"{who} ({caller}) calls {dialled}{typed}"
        run.placed += 1
        try:
            answer = run.hooks.place_call(caller, dialled, talk_s=TALK_S, digits=digits)
        except Exception as exc:  # HooksError or transport: the simulator refused the call
            self.log.append(f"[t={self.model.now:+.0f}s] hooks.place_call({who}, {dialled}{typed}) -> error {exc}")
            self._fail(f"{what}: the call simulator refused the call: {exc}", route_rules(expected))
        session = answer.get("sessionId")
        self.log.append(
            f"[t={self.model.now:+.0f}s] hooks.place_call({who}, {dialled}{typed}) -> "
            f"callee {answer.get('callee')}, display {answer.get('display')}, stateCode {answer.get('stateCode')} "
            f"(session {session}); the oracle: the call {expected.describe()}"
        )
        if not isinstance(session, str) or not session:
            self._fail(f"{what}: the call simulator gave no sessionId: {answer}", ["EVT-011"])
        self.stats.outcomes[f"call:{'0' if expected.connected else '/'.join(sorted(expected.codes))}"] += 1
        self._check_answer(what, expected, answer)
        self._check_pushes(what, expected, caller, dialled, session)
        return answer

    def _check_answer(self, what: str, expected: CallRoute, answer: dict[str, Any]) -> None:
        """The hooks' routing outcome (README "Test hooks": callee, display, stateCode)."""
        if expected.connected:
            if answer.get("callee") != expected.callee or answer.get("display") not in expected.displays:
                self._fail(
                    f"{what}: routed to {answer.get('callee')} showing {answer.get('display')}; "
                    f"the oracle: the call {expected.describe()}: {answer}",
                    route_rules(expected),
                )
        elif not blank(answer.get("callee")) or str(answer.get("stateCode")) not in expected.codes:
            self._fail(
                f"{what}: routed to {answer.get('callee')} with stateCode {answer.get('stateCode')}; "
                f"the oracle: the call {expected.describe()}: {answer}",
                route_rules(expected),
            )

    def _check_pushes(self, what: str, expected: CallRoute, caller: str, dialled: str, session: str) -> None:
        receiver = self.run.receiver
        self.run.hooks.flush_pushes()
        try:
            disconnect = receiver.wait_for_event("disconnect", session)
            receiver.wait_for_cdr(session)
        except AssertionError as exc:  # ReceiverTimeout
            self._fail(f"{what}: {exc} (EVT-042, CDR-005)", ["EVT-042", "CDR-005"])
        events = receiver.store.events(session)
        types = [p.event_type for p in events]
        # EVT-040 / EVT-041 / EVT-042: one sequence in the documented order.
        if expected.connected:
            if tuple(types) != expected.events:
                rule_id = "EVT-041" if "collectInfo" in expected.events else "EVT-040"
                self._fail(f"{what}: events {types}, expected {list(expected.events)} (EVT-040, EVT-041)", [rule_id])
        elif types[:1] != ["callin"] or types[-1:] != ["disconnect"] or "answer" in types:
            self._fail(f"{what}: events {types} of a call that is not connected (EVT-042)", ["EVT-042"])
        state = str(disconnect.status_info.get("stateCode"))
        if state not in expected.codes:
            want = " or ".join(sorted(expected.codes))
            self._fail(
                f"{what}: disconnect stateCode {state}, expected {want} ({expected.reason})", route_rules(expected)
            )
        # CDR-005 / EVT-011: exactly one CDR, with the events' sessionId.
        cdrs = receiver.store.cdrs(session)
        if len(cdrs) != 1:
            self._fail(
                f"{what}: {len(cdrs)} CDRs with sessionId {session}, expected one: {cdrs}", ["CDR-005", "EVT-011"]
            )
        cdr = cdrs[0]
        self._check_cdr(what, expected, caller, cdr)
        if expected.connected:
            self._check_binding_data(what, expected, events, cdr)
        # The receiver's validators: per push, and the call as a whole.
        fees = [p for p in receiver.store.all("fee") if any(r.get("sessionId") == session for r in p.cdrs)]
        pushes = [*events, *fees]
        bad = [f for p in pushes for f in p.findings if not f.ok]
        bad += [f for f in receiver.store.session_findings(session) if not f.ok]
        if bad:
            # Each finding names the rule its validator checks (pnconform.receiver.validate.Finding.rule).
            problem = f"{what}: the receiver's validators found problems: " + "; ".join(map(str, bad))
            self._fail(problem, [f.rule for f in bad])

    def _check_binding_data(self, what: str, expected: CallRoute, events: list[Any], cdr: dict[str, Any]) -> None:
        """Every event carries the binding's subscriptionId; callin and CDR its userData (EVT-030)."""
        wrong = [
            (p.event_type, p.status_info.get("subscriptionId"))
            for p in events
            if p.status_info.get("subscriptionId") != expected.sid
        ]
        if wrong:
            self._fail(f"{what}: events without the binding's subscriptionId {expected.sid}: {wrong}", ["EVT-030"])
        data = expected.user_data
        callin = next((p.status_info for p in events if p.event_type == "callin"), {})
        if data is not None and (callin.get("userData"), cdr.get("userData")) != (data, data):
            self._fail(
                f"{what}: callin userData {callin.get('userData')!r}, CDR userData {cdr.get('userData')!r}, "
                f"the binding's is {data!r} (EVT-030)",
                ["EVT-030"],
            )

    def _check_cdr(self, what: str, expected: CallRoute, caller: str, cdr: dict[str, Any]) -> None:
        if cdr.get("callerNum") != caller:
            self._fail(f"{what}: CDR callerNum {cdr.get('callerNum')}, expected {caller}: {cdr}", ["CDR-020"])
        if expected.connected:
            # `direction` is documented for AXB, AX and AXE A-called only (50 §5): None = not checked.
            direction = cdr.get("direction") if expected.direction is None else expected.direction
            got = (cdr.get("fwdDstNum"), cdr.get("subscriptionId"), cdr.get("direction"))
            want = (expected.callee, expected.sid, direction)
            # Callee and display are the route's rules; the answer time CDR-021.
            cdr_rules = ["CDR-021"] if got[:2] == want[:2] and cdr.get("fwdDisplayNum") in expected.displays else []
            if got[2] != want[2]:
                cdr_rules += ["AXB-080", "AXB-081"] if expected.binding is not None else ["CDR-020"]
            cdr_rules = cdr_rules if cdr_rules and got[:2] == want[:2] else [*route_rules(expected), *cdr_rules]
            if got != want or cdr.get("fwdDisplayNum") not in expected.displays or not cdr.get("fwdAnswerTime"):
                self._fail(
                    f"{what}: CDR (fwdDstNum, subscriptionId, direction) = {got}, fwdDisplayNum "
                    f"{cdr.get('fwdDisplayNum')}; expected {want} showing {' or '.join(sorted(expected.displays))} "
                    f"and a fwdAnswerTime (CDR-021): {cdr}",
                    cdr_rules,
                )
            return
        if not blank(cdr.get("fwdDstNum")) or cdr.get("fwdAnswerTime"):
            self._fail(
                f"{what}: CDR of a call that is not connected forwards or answers it (CDR-031): {cdr}", ["CDR-031"]
            )
        if expected.unbound and not blank(cdr.get("subscriptionId")):
            self._fail(f"{what}: CDR of a call without binding names one (CDR-032): {cdr}", ["CDR-032"])


def route_rules(route: CallRoute) -> tuple[str, ...]:
    """The routing rules a call's route checks (set by the mode's routing oracle)."""
    return route.rules or (("HANG-001",) if route.connected else ("EVT-043",))


__all__ = [
    "TALK_S",
    "WAITS_S",
    "CallsMachine",
    "CallsRun",
    "blank",
    "pool_labels",
    "route_rules",
    "waits",
]
