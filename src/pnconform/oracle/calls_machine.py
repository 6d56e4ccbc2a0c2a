"""Hypothesis state machine: AXB bind / unbind / modify mixed with simulated calls through X.

Each example gets five fresh user numbers (P0..P4), one more fresh number that is never bound
(S, a stranger) and two X numbers of the AXB app. Binds draw a random ``callDirection`` (half of
them a userData); calls draw a random caller among the six and a random X, or a party of a live
pair calling its X, and the callee answers. The bindings are checked by `AxbModel` (every API
answer's code), the calls by `routing_model.route_axb`:

* the hooks' routing answer and the CDR name exactly the callee the oracle says, showing X, with
  the binding's subscriptionId and the CDR direction (AXB-080/081/100), the binding's userData
  in the callin event and the CDR (AXB-085, EVT-030), or the call is not connected and ends
  with the oracle's hang-up cause: 8014 without a binding for the caller on that X (AXB-082,
  CDR-032: CDR without subscriptionId), 8016/8057 when callDirection forbids it (AXB-083/084,
  AXB-054 after a modify);
* the call yields one event sequence in the documented order (EVT-040: callin, callout,
  alerting, answer, disconnect; a refused call: callin ... disconnect without answer, EVT-042)
  and exactly one CDR with the same sessionId (EVT-011, CDR-005);
* the receiver's validators found no problem in that call's pushes.

Calls are placed through the test hooks (`HooksClient.place_call`) and read back from the
suite's callback receiver, after a push flush. Like the models, nothing here may import
`pnconform.emulator`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, multiple, precondition, rule

from pnconform.client import PrivateNumberClient
from pnconform.oracle.axb_model import NOT_FOUND, AxbModel
from pnconform.oracle.machine_support import ExampleLog, RunStats, invariants_runner
from pnconform.oracle.routing_model import CallRoute, route_axb

POOL_SIZE = 5
STRANGER = "S"  # a fresh number of the example that is never bound
WAIT_S = 5.0  # the pushes of a call are delivered by the flush that precedes every wait
TALK_S = 5


@dataclass
class CallsRun(RunStats):
    """Everything one run shares across its examples."""

    client: PrivateNumberClient
    fresh_number: Callable[[], str]
    x_numbers: list[str]
    hooks: Any  # a HooksClient: place_call, flush_pushes
    receiver: Any  # the suite's callback receiver (pnconform.receiver.Receiver)
    duplicate_codes: tuple[str, ...] = ("1012010",)
    full_codes: tuple[str, ...] = ("1012008", "1012009")
    max_pairs_per_x: int = 5000
    placed: int = 0  # simulated calls


def _blank(value: Any) -> bool:
    return value in (None, "")


def build_machine(run: CallsRun) -> type[RuleBasedStateMachine]:
    """A machine class bound to one run (Hypothesis instantiates it once per example)."""
    labels = [f"P{i}" for i in range(POOL_SIZE)]
    user = st.sampled_from(labels)
    pair = st.tuples(user, user).filter(lambda ab: ab[0] != ab[1])
    xs = st.sampled_from(run.x_numbers)
    directions = st.sampled_from([0, 1, 2])
    callers = st.sampled_from([*labels, STRANGER])

    class CallsInvariants(ExampleLog, RuleBasedStateMachine):
        sids = Bundle("sids")

        def __init__(self) -> None:
            super().__init__()
            self._begin(run, [*labels, STRANGER])
            self.model = AxbModel(
                run.x_numbers,
                max_pairs_per_x=run.max_pairs_per_x,
                duplicate_codes=run.duplicate_codes,
                full_codes=run.full_codes,
            )
            self._sweep()

        # -- bindings -------------------------------------------------------------------------

        @rule(target=sids, ab=pair, x=xs, direction=directions, with_data=st.booleans())
        def bind(self, ab: tuple[str, str], x: str, direction: int, with_data: bool) -> Any:
            a, b = self.pool[ab[0]], self.pool[ab[1]]
            user_data = f"pnc-{len(self.log) + 1}" if with_data else None  # AXB-085: echoed in callin and CDR
            params = {
                "callerNum": a,
                "calleeNum": b,
                "relationNum": x,
                "callDirection": direction,
                "userData": user_data,
            }
            r = self._call("axb_bind", **params)
            sid = (r.body or {}).get("subscriptionId") if r.ok else None
            if sid:
                self.names[sid] = f"s{len(self.names) + 1}"
            self._record("axb_bind", params, r, f" (subscriptionId {self._name(sid)})" if sid else "")
            outcome = self.model.bind(a, b, x, sid=sid, call_direction=direction, user_data=user_data)
            self._expect(f"bind A={a} X={x} B={b} callDirection={direction}", outcome, r)
            if not outcome.accepted:
                return multiple()
            if not sid:
                self._fail(f"bind A={a} X={x} B={b}: accepted without a subscriptionId: {r.text[:300]}")
            return multiple(sid)

        @rule(sid=consumes(sids))
        def unbind(self, sid: str) -> None:
            params = {"subscriptionId": sid}
            r = self._send("axb_unbind", params)
            self._expect(f"unbind {self._name(sid)}", self.model.unbind(sid=sid), r)

        @rule(sid=sids, direction=directions)
        def modify_direction(self, sid: str, direction: int) -> None:
            """AXB-054: a new callDirection governs the next calls."""
            params = {"subscriptionId": sid, "callDirection": direction}
            r = self._send("axb_modify", params)
            self._expect(f"modify {self._name(sid)}", self.model.modify(sid, call_direction=direction), r)

        # -- calls ----------------------------------------------------------------------------

        @precondition(lambda self: bool(self.names))  # calls before any bind: only 8014s
        @rule(who=callers, x=xs)
        def place_call(self, who: str, x: str) -> None:
            """Anyone (a user number or the stranger) calls either X."""
            self._place(who, x)

        @precondition(lambda self: bool(self._own_live()))
        @rule(pick=st.integers(0, 99), from_a=st.booleans())
        def call_within_pair(self, pick: int, from_a: bool) -> None:
            """A or B of a live pair calls its X: connected, or refused by callDirection."""
            b = self._pick(pick)
            number = b.a if from_a else b.b
            self._place(next(k for k, v in self.pool.items() if v == number), b.x)

        def _place(self, who: str, x: str) -> None:
            caller = self.pool[who]
            expected = route_axb(self.model.live(), caller, x)
            what = f"{who} ({caller}) calls {x}"
            run.placed += 1
            try:
                answer = run.hooks.place_call(caller, x, talk_s=TALK_S)
            except Exception as exc:  # HooksError or transport: the simulator refused the call
                self.log.append(f"[t={self.model.now:+.0f}s] hooks.place_call({who}, {x}) -> error {exc}")
                self._fail(f"{what}: the call simulator refused the call: {exc}")
            session = answer.get("sessionId")
            self.log.append(
                f"[t={self.model.now:+.0f}s] hooks.place_call({who}, {x}) -> "
                f"callee {answer.get('callee')}, stateCode {answer.get('stateCode')} (session {session}); "
                f"the oracle: the call {expected.describe()}"
            )
            if not isinstance(session, str) or not session:
                self._fail(f"{what}: the call simulator gave no sessionId: {answer}")
            self.stats.outcomes[f"call:{'0' if expected.connected else '/'.join(sorted(expected.codes))}"] += 1
            self._check_answer(what, expected, answer)
            self._check_pushes(what, expected, caller, x, session)

        def _check_answer(self, what: str, expected: CallRoute, answer: dict[str, Any]) -> None:
            """The hooks' routing outcome (README "Test hooks": callee, display, stateCode)."""
            if expected.connected:
                if answer.get("callee") != expected.callee or answer.get("display") != expected.display:
                    self._fail(
                        f"{what}: routed to {answer.get('callee')} showing {answer.get('display')}; "
                        f"the oracle: {expected.describe()} (AXB-080, AXB-081, AXB-100): {answer}"
                    )
            elif not _blank(answer.get("callee")) or str(answer.get("stateCode")) not in expected.codes:
                self._fail(
                    f"{what}: routed to {answer.get('callee')} with stateCode {answer.get('stateCode')}; "
                    f"the oracle: the call {expected.describe()}: {answer}"
                )

        def _check_pushes(self, what: str, expected: CallRoute, caller: str, x: str, session: str) -> None:
            receiver = run.receiver
            run.hooks.flush_pushes()
            try:
                disconnect = receiver.wait_for_event("disconnect", session, timeout=WAIT_S)
                receiver.wait_for_cdr(session, timeout=WAIT_S)
            except AssertionError as exc:  # ReceiverTimeout
                self._fail(f"{what}: {exc} (EVT-042, CDR-005)")
            events = receiver.store.events(session)
            types = [p.event_type for p in events]
            # EVT-040 / EVT-042: one sequence in the documented order.
            if expected.connected:
                if tuple(types) != expected.events:
                    self._fail(f"{what}: events {types}, expected {list(expected.events)} (EVT-040)")
            elif types[:1] != ["callin"] or types[-1:] != ["disconnect"] or "answer" in types:
                self._fail(f"{what}: events {types} of a call that is not connected (EVT-042)")
            state = str(disconnect.status_info.get("stateCode"))
            if state not in expected.codes:
                want = " or ".join(sorted(expected.codes))
                self._fail(f"{what}: disconnect stateCode {state}, expected {want} ({expected.reason})")
            # CDR-005 / EVT-011: exactly one CDR, with the events' sessionId.
            cdrs = receiver.store.cdrs(session)
            if len(cdrs) != 1:
                self._fail(f"{what}: {len(cdrs)} CDRs with sessionId {session}, expected one: {cdrs}")
            cdr = cdrs[0]
            self._check_cdr(what, expected, caller, x, cdr)
            if expected.connected and expected.binding is not None:
                wrong = [
                    (p.event_type, p.status_info.get("subscriptionId"))
                    for p in events
                    if p.status_info.get("subscriptionId") != expected.binding.sid
                ]
                if wrong:
                    self._fail(f"{what}: events without the binding's subscriptionId {expected.binding.sid}: {wrong}")
                data = expected.binding.user_data
                callin = next((p.status_info for p in events if p.event_type == "callin"), {})
                if data is not None and (callin.get("userData"), cdr.get("userData")) != (data, data):
                    self._fail(
                        f"{what}: callin userData {callin.get('userData')!r}, CDR userData {cdr.get('userData')!r}, "
                        f"the binding's is {data!r} (AXB-085, EVT-030)"
                    )
            # The receiver's validators: per push, and the call as a whole.
            pushes = [*events] + [
                p for p in receiver.store.all("fee") if any(r.get("sessionId") == session for r in p.cdrs)
            ]
            bad = [f for p in pushes for f in p.findings if not f.ok]
            bad += [f for f in receiver.store.session_findings(session) if not f.ok]
            if bad:
                self._fail(f"{what}: the receiver's validators found problems: " + "; ".join(map(str, bad)))

        def _check_cdr(self, what: str, expected: CallRoute, caller: str, x: str, cdr: dict[str, Any]) -> None:
            if cdr.get("callerNum") != caller:
                self._fail(f"{what}: CDR callerNum {cdr.get('callerNum')}, expected {caller}: {cdr}")
            if expected.connected:
                assert expected.binding is not None
                got = (cdr.get("fwdDstNum"), cdr.get("fwdDisplayNum"), cdr.get("subscriptionId"), cdr.get("direction"))
                want = (expected.callee, x, expected.binding.sid, expected.direction)
                if got != want or not cdr.get("fwdAnswerTime"):
                    self._fail(
                        f"{what}: CDR (fwdDstNum, fwdDisplayNum, subscriptionId, direction) = {got}, expected "
                        f"{want} and a fwdAnswerTime (AXB-080, AXB-081, CDR-021): {cdr}"
                    )
                return
            if not _blank(cdr.get("fwdDstNum")) or cdr.get("fwdAnswerTime"):
                self._fail(f"{what}: CDR of a call that is not connected forwards or answers it (CDR-031): {cdr}")
            if expected.binding is None and not _blank(cdr.get("subscriptionId")):
                self._fail(f"{what}: CDR of a call without binding names one (CDR-032): {cdr}")

        @invariant()
        def count_step(self) -> None:
            run.steps += 1

        # -- isolation ------------------------------------------------------------------------

        def _sweep(self) -> None:
            """Unbind by subscriptionId whatever earlier examples or tests left on our X numbers."""
            for x in run.x_numbers:
                r = self._call("axb_query", relationNum=x, pageSize=100)
                if r.body is None or str(r.resultcode) == NOT_FOUND:
                    continue
                for item in (r.body or {}).get("relationNumList") or []:
                    sid = item.get("subscriptionId") if isinstance(item, dict) else None
                    if sid:
                        u = self._call("axb_unbind", subscriptionId=sid)
                        self.log.append(f"(clean slate) axb_unbind(subscriptionId={sid!r}) -> {u.resultcode}")

        def teardown(self) -> None:
            run.cleanup_problems += self.client.cleanup()

    CallsInvariants.__name__ = CallsInvariants.__qualname__ = "CallsInvariants"
    return CallsInvariants


run_invariants = invariants_runner("AXB calls", build_machine)


__all__ = ["CallsRun", "build_machine", "run_invariants"]
