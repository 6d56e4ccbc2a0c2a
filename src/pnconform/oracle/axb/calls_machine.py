"""Hypothesis state machine: AXB bind / unbind / modify mixed with simulated calls through X.

Each example gets five fresh user numbers (P0..P4), one more fresh number that is never bound
(S, a stranger) and two X numbers of the AXB app. Binds draw a random ``callDirection`` (half of
them a userData, and with the clock a lifetime); calls draw a random caller among the six and a
random X, or a party of a live pair, or of a pair that was unbound or expired, calling its X, and
the callee answers; with the clock (`CallsRun.clock`) the target's clock moves too, so binding
expiry is drawn (AXB-103: an expired pair's calls get 8014). The bindings are checked by `AxbModel` (every API
answer's code), the calls by `axb.routing.route_axb`:

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

The calls are placed and checked by `calls_support.CallsMachine` (shared with the AX, AXE and AXYB
calls machines). Like the models, nothing here may import `pnconform.emulator`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, consumes, precondition, rule

from pnconform.oracle.axb.model import AxbModel
from pnconform.oracle.axb.routing import route_axb
from pnconform.oracle.calls_support import CallsMachine, CallsRun, pool_labels, waits
from pnconform.oracle.machine_support import of_run

POOL_SIZE = 5
STRANGER = "S"  # a fresh number of the example that is never bound
DURATIONS = (0, 0, 0, 100, 5000)  # with the clock: lifetimes (0 = never) the waits cross but never hit exactly


@dataclass(kw_only=True)
class AxbCallsRun(CallsRun):
    """An AXB calls run: the target's AXB codes and pair limit."""

    duplicate_codes: tuple[str, ...] = ("1012010",)
    full_codes: tuple[str, ...] = ("1012008", "1012009")
    max_pairs_per_x: int = 5000


_labels, user, callers = pool_labels(POOL_SIZE, STRANGER)
pair = st.tuples(user, user).filter(lambda ab: ab[0] != ab[1])
directions = st.sampled_from([0, 1, 2])
xs = of_run(lambda m: st.sampled_from(m.run.x_numbers))
durations = of_run(lambda m: st.sampled_from(DURATIONS if m.run.clock else (0,)))


class CallsInvariants(CallsMachine):
    """One example of an AXB calls run (Hypothesis makes one per example)."""

    label = "AXB calls"
    labels = (*_labels, STRANGER)
    run: AxbCallsRun
    sids = Bundle("sids")

    def __init__(self, run: AxbCallsRun) -> None:
        super().__init__(run)
        self.model = AxbModel(
            run.x_numbers,
            max_pairs_per_x=run.max_pairs_per_x,
            duplicate_codes=run.duplicate_codes,
            full_codes=run.full_codes,
        )
        self._sweep("axb", "axb_unbind")

    # -- bindings -------------------------------------------------------------------------

    @rule(target=sids, ab=pair, x=xs, direction=directions, with_data=st.booleans(), lifetime=durations)
    def bind(self, ab: tuple[str, str], x: str, direction: int, with_data: bool, lifetime: int) -> Any:
        a, b = self.pool[ab[0]], self.pool[ab[1]]
        user_data = f"pnc-{len(self.log) + 1}" if with_data else None  # AXB-085: echoed in callin and CDR
        params = {
            "callerNum": a,
            "calleeNum": b,
            "relationNum": x,
            "callDirection": direction,
            "userData": user_data,
            "duration": lifetime or None,
        }
        return self._bind(
            "axb_bind",
            params,
            f"bind A={a} X={x} B={b} callDirection={direction}",
            lambda sid, r: self.model.bind(
                a, b, x, sid=sid, call_direction=direction, user_data=user_data, duration=lifetime
            ),
        )

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
    @rule(who=callers, x=xs, wait=waits())
    def place_call(self, who: str, x: str, wait: int) -> None:
        """Anyone (a user number or the stranger) calls either X."""
        self._place(who, x, wait)

    @precondition(lambda self: bool(self._own_live()))
    @rule(pick=st.integers(0, 99), from_a=st.booleans(), wait=waits())
    def call_within_pair(self, pick: int, from_a: bool, wait: int) -> None:
        """A or B of a live pair calls its X: connected, or refused by callDirection."""
        b = self._pick(pick)
        self._place(self._label(b.a if from_a else b.b), b.x, wait)

    @precondition(lambda self: bool(self._gone()))
    @rule(pick=st.integers(0, 99), from_a=st.booleans(), wait=waits())
    def call_within_gone_pair(self, pick: int, from_a: bool, wait: int) -> None:
        """A or B of a pair that was unbound or expired calls its X: 8014 (AXB-103, AXB-107)."""
        gone = self._gone()
        b = gone[pick % len(gone)]
        self._place(self._label(b.a if from_a else b.b), b.x, wait)

    def _place(self, who: str, x: str, wait: int) -> None:
        self._wait(wait)
        caller = self.pool[who]
        self._place_call(caller, x, route_axb(self.model.live(), caller, x))


run_invariants = CallsInvariants.run_invariants


__all__ = ["AxbCallsRun", "CallsInvariants", "run_invariants"]
