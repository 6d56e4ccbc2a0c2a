"""Hypothesis state machine: AX bind / unbind / temporary callees / clock mixed with simulated calls.

Each example gets five fresh user numbers (P0..P4), one fresh number that is never bound (S)
and two X numbers of the AX app. Binds draw an A, an X, a ``callDirection`` and (half of them) a
userData; a temporary callee is set on a bound X (any other number, a random ``duration`` or the
default 60 s, half of them a userData); the clock moves by 30 s, 61 s or an hour, so temporary
callees expire (AX-402). Calls: anyone calls either X, or the A of a live binding calls its X, or
the A of a binding that was unbound calls it. The API answers are checked by `AxModel`, each call
by `ax.routing.route_ax` through `calls_support.CallsMachine` (callee, display, cause, events, one
CDR, the binding's or the temporary callee's userData, the receiver's validators).

Like the models, nothing here may import `pnconform.emulator`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, consumes, precondition, rule

from pnconform.oracle.ax.model import DEFAULT_DUPLICATE_CODES, AxModel
from pnconform.oracle.ax.routing import route_ax
from pnconform.oracle.calls_support import CallsMachine, CallsRun, pool_labels, waits
from pnconform.oracle.machine_support import of_run

POOL_SIZE = 5
STRANGER = "S"  # a fresh number of the example that is never bound
# None: the default 60 s (AX-402). A lifetime lies at least 18 s above every sum of waits below it:
# the target's clock also runs in real time between the set and the call, the model's does not.
CALLEE_DURATIONS = (None, 30, 100, 5000)


@dataclass(kw_only=True)
class AxCallsRun(CallsRun):
    """An AX calls run: the target's identical-re-bind codes (D-6)."""

    duplicate_codes: tuple[str, ...] = DEFAULT_DUPLICATE_CODES


_labels, user, anyone = pool_labels(POOL_SIZE, STRANGER)
directions = st.sampled_from([0, 1, 2])
xs = of_run(lambda m: st.sampled_from(m.run.x_numbers))


class AxCallsInvariants(CallsMachine):
    """One example of an AX calls run (Hypothesis makes one per example)."""

    label = "AX calls"
    labels = (*_labels, STRANGER)
    run: AxCallsRun
    sids = Bundle("sids")

    def __init__(self, run: AxCallsRun) -> None:
        super().__init__(run)
        self.model = AxModel(run.x_numbers, duplicate_codes=run.duplicate_codes)
        self._sweep("ax", "ax_unbind")

    # -- bindings -------------------------------------------------------------------------

    @rule(
        target=sids,
        who=user,
        x=xs,
        direction=directions,
        with_data=st.booleans(),
        then_callee=st.none() | anyone,
    )
    def bind(self, who: str, x: str, direction: int, with_data: bool, then_callee: str | None) -> Any:
        """Bind, and (``then_callee``) set a temporary callee right away: A's calls then connect often."""
        a = self.pool[who]
        fields = {"callDirection": direction, "userData": f"pnc-{len(self.log) + 1}" if with_data else None}
        params = {"origNum": a, "privateNum": x, **fields}
        made = self._bind(
            "ax_bind", params, f"bind A={a} X={x}", lambda sid, r: self.model.bind(a, x, sid=sid, fields=fields)
        )
        for sid in made.values:
            if then_callee is not None and then_callee != who:
                self.set_temp_callee(sid, then_callee, None, False)
        return made

    @rule(sid=consumes(sids))
    def unbind(self, sid: str) -> None:
        r = self._send("ax_unbind", {"subscriptionId": sid})
        self._expect(f"unbind {self._name(sid)}", self.model.unbind(sid=sid), r)

    @rule(sid=sids, who=anyone, duration=st.sampled_from(CALLEE_DURATIONS), with_data=st.booleans())
    def set_temp_callee(self, sid: str, who: str, duration: int | None, with_data: bool) -> None:
        """AX-401/403/410: A's next calls reach this callee while it lasts."""
        callee = self.pool[who]
        fields = {"userData": f"tc-{len(self.log) + 1}" if with_data else None}
        params = {"subscriptionId": sid, "calleeNum": callee, "duration": duration, **fields}
        r = self._send("ax_set_temporary_callee", params)
        outcome = self.model.set_temp_callee(callee, sid=sid, duration=duration, fields=fields)
        self._expect(f"set temporary callee {who} of {self._name(sid)}", outcome, r)

    # -- calls ----------------------------------------------------------------------------

    @precondition(lambda self: bool(self.names))  # calls before any bind: only 8018s
    @rule(who=anyone, x=xs, wait=waits())
    def place_call(self, who: str, x: str, wait: int) -> None:
        """Anyone (A, another user, the stranger) calls either X."""
        self._place(self.pool[who], x, wait)

    @precondition(lambda self: bool(self._own_live()))
    @rule(pick=st.integers(0, 99), wait=waits())
    def a_calls_x(self, pick: int, wait: int) -> None:
        """A calls its X: the temporary callee, or 8013 (or 8016 by callDirection)."""
        b = self._pick(pick)
        self._place(b.a, b.x, wait)

    @precondition(lambda self: bool(self._gone()))
    @rule(pick=st.integers(0, 99), wait=waits())
    def a_calls_unbound_x(self, pick: int, wait: int) -> None:
        """The A of an unbound binding calls its old X (AX-010: 8018 unless X is bound again)."""
        gone = self._gone()
        b = gone[pick % len(gone)]
        self._place(b.a, b.x, wait)

    def _place(self, caller: str, x: str, wait: int) -> None:
        self._wait(wait)
        self._place_call(caller, x, route_ax(self.model.live(), self.model.temp_callee, caller, x))


run_invariants = AxCallsInvariants.run_invariants


__all__ = ["AxCallsInvariants", "AxCallsRun", "run_invariants"]
