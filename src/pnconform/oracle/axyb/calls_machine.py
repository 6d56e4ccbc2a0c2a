"""Hypothesis state machine: AXYB step-1 and step-2 binds, unbinds and the clock mixed with calls.

Each example gets five fresh user numbers (P0..P4) and one fresh number that is never bound (S);
the AXYB app's pool gives X (by the city with most numbers) and Y (by a city with a single
number when there is one, so that a Y is rarely also an X). Step-1 binds draw an A, a
`callDirection`, lifetimes and (half of them) a userData; step-2 binds give a B a Y; unbinds drop
a whole relation or one YB part by its Y. Calls: anyone dials an X or a Y the example was given
(live or gone) or a number of no relation, a user
dials the X of a live relation (B -> X -> A, and an auto-Y for a B without one, AXYB-012), or the
A of a relation dials one of its Y (A -> Y -> B); a call may first wait 40 s, 61 s or an hour, so
relations and YB parts expire (AXYB-013/014). The API answers are checked by `AxybModel`, each
call by `axyb.routing.route_axyb` through `calls_support.CallsMachine`; a connected call that gave
B a Y records it in the model.

Like the models, nothing here may import `pnconform.emulator`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, consumes, multiple, precondition, rule

from pnconform.client import Response
from pnconform.oracle.axyb.model import DEFAULT_ALLOC_CODES, MAX_RELATIONS_PER_Y, MAX_X_PER_A, AxybModel, Outcome
from pnconform.oracle.axyb.routing import route_axyb
from pnconform.oracle.calls_support import CallsMachine, CallsRun, pool_labels, waits
from pnconform.oracle.machine_support import code_of, of_run

POOL_SIZE = 5
STRANGER = "S"  # a fresh number of the example that is never bound
# Lifetimes in seconds (0 = with the relation / never), each at least 18 s above every sum of the
# waits below it: the target's clock also runs in real time during an example, the model's does not.
DURATIONS = (0, 0, 100, 5000)
YB_DURATIONS = (0, 140)


@dataclass(kw_only=True)
class AxybCallsRun(CallsRun):
    """An AXYB calls run: the app's pool by city and the target's AXYB limits and codes."""

    numbers: dict[str, str] = field(default_factory=dict)  # number -> city
    x_city: str = ""
    y_city: str | None = None
    max_x_per_a: int = MAX_X_PER_A
    max_relations_per_y: int = MAX_RELATIONS_PER_Y
    alloc_codes: tuple[str, ...] = DEFAULT_ALLOC_CODES
    skipped: int = 0  # calls the spec says nothing about (see axyb_routing)


_labels, user, anyone = pool_labels(POOL_SIZE, STRANGER)
lifetimes = of_run(lambda m: st.sampled_from(DURATIONS if m.run.clock else (0,)))
yb_lifetimes = of_run(lambda m: st.sampled_from(YB_DURATIONS if m.run.clock else (0,)))


class AxybCallsInvariants(CallsMachine):
    """One example of an AXYB calls run (Hypothesis makes one per example)."""

    label = "AXYB calls"
    labels = (*_labels, STRANGER)
    run: AxybCallsRun
    sids = Bundle("sids")

    def __init__(self, run: AxybCallsRun) -> None:
        super().__init__(run)
        self.directions: dict[str, int] = {}  # per relation: what step 1 sent
        self.user_data: dict[str, str | None] = {}
        self.model = AxybModel(
            run.numbers,
            max_x_per_a=run.max_x_per_a,
            max_relations_per_y=run.max_relations_per_y,
            alloc_codes=run.alloc_codes,
        )
        self._sweep("axyb", "axyb_unbind")

    def _handed_out(self, what: str, outcome: Outcome, r: Response) -> str | None:
        """The number an accepted bind handed out, one the model allows."""
        self._expect(what, outcome, r)
        if code_of(r) != "0":
            return None
        number = (r.body or {}).get("relationNumber")
        if number not in outcome.allowed_numbers:  # AXYB-002 (an X), AXYB-004/007/008 (a Y)
            problem = f"{what}: handed out {number!r}; allowed: {sorted(outcome.allowed_numbers)}"
            self._fail(problem, [r for r in outcome.rules if r != "AXYB-001"] or ["AXYB-002"])
        return str(number)

    # -- bindings -------------------------------------------------------------------------

    @rule(
        target=sids,
        who=user,
        direction=st.sampled_from([0, 1, 2]),
        duration=lifetimes,
        yb_duration=yb_lifetimes,
        with_data=st.booleans(),
        then_b=st.none() | anyone,
    )
    def bind_ax(
        self, who: str, direction: int, duration: int, yb_duration: int, with_data: bool, then_b: str | None
    ) -> Any:
        """Step 1, and (``then_b``) step 2 right away: YB parts are common enough for A -> Y calls."""
        a = self.pool[who]
        if duration and yb_duration > duration:
            yb_duration = duration  # D-24: the cap is not asserted, so never provoked
        data = f"pnc-{len(self.log) + 1}" if with_data else None
        params = {
            "origNum": a,
            "areaCode": self.run.x_city,
            "callDirection": direction,
            "duration": duration,
            "ybDuration": yb_duration,
            "userData": data,
        }
        r = self._call("axyb_bind_ax", **params)
        sid = (r.body or {}).get("subscriptionId") if code_of(r) == "0" else None
        if sid:
            self.names[sid] = f"s{len(self.names) + 1}"
        self._record("axyb_bind_ax", params, r, f" (subscriptionId {self._name(sid)})" if sid else "")
        x = self._handed_out(f"step-1 bind A={a}", self.model.bind_ax(a, self.run.x_city), r)
        if x is None:
            return multiple()
        if not sid:
            self._fail(f"step-1 bind A={a}: accepted without a subscriptionId: {r.text[:300]}", ["AXYB-001"])
        self.model.bound_ax(sid, a, x, duration, yb_duration)
        self.directions[sid], self.user_data[sid] = direction, data
        self.made.append(self.model.get(sid))
        if then_b is not None:
            self.bind_yb(sid, then_b)
        return multiple(sid)

    @rule(sid=sids, who=anyone)
    def bind_yb(self, sid: str, who: str) -> None:
        """Step 2: B gets a Y (AXYB-004; Y from the single-number city when there is one)."""
        b = self.pool[who]
        relation = self.model.get(sid)
        if relation is not None and (b == relation.a or any(p.b == b for p in relation.ybs)):
            return  # B = A, or B twice on one relation: outside the documented rules
        r = self._send("axyb_bind", {"origNum": b, "subscriptionId": sid, "areaCode": self.run.y_city})
        y = self._handed_out(f"step-2 bind B={b} to {self._name(sid)}", self.model.bind_yb(sid, b, self.run.y_city), r)
        if y is not None:
            self.model.bound_yb(sid, b, y, None)

    @rule(sid=consumes(sids))
    def unbind(self, sid: str) -> None:
        """subscriptionId alone: the relation and its YB parts (AXYB-017)."""
        r = self._send("axyb_unbind", {"subscriptionId": sid})
        self._expect(f"unbind {self._name(sid)}", self.model.unbind(sid), r)

    @precondition(lambda self: any(r.ybs for r in self._own_live()))
    @rule(pick=st.integers(0, 99))
    def unbind_yb(self, pick: int) -> None:
        """One YB part by its Y (AXYB-018): A's calls to that Y end with 8030."""
        relations = [r for r in self._own_live() if r.ybs]
        relation = relations[pick % len(relations)]
        part = relation.ybs[pick % len(relation.ybs)]
        r = self._send("axyb_unbind", {"subscriptionId": relation.sid, "yNum": part.y})
        outcome = self.model.unbind(relation.sid, y=part.y)
        self._expect(f"unbind Y {part.y} of {self._name(relation.sid)}", outcome, r)

    # -- calls ----------------------------------------------------------------------------

    @precondition(lambda self: bool(self.made))
    @rule(who=anyone, pick=st.integers(0, 99), wait=waits())
    def place_call(self, who: str, pick: int, wait: int) -> None:
        """Anyone dials an X or Y this example was given (live or gone), or a number of no relation."""
        used = {r.x for r in self.made} | {p.y for r in self.made for p in r.ybs}
        spare = next((n for n in sorted(self.run.numbers) if n not in used), None)
        numbers = sorted(used) + ([spare] if spare else [])
        self._place(self.pool[who], numbers[pick % len(numbers)], wait)

    @precondition(lambda self: bool(self._own_live()))
    @rule(pick=st.integers(0, 99), who=anyone, wait=waits())
    def b_calls_x(self, pick: int, who: str, wait: int) -> None:
        """A user dials the X of a live relation: A, showing B's Y (AXYB-009, AXYB-012)."""
        relation = self._pick(pick)
        self._place(self.pool[who], relation.x, wait)

    @precondition(lambda self: any(r.ybs for r in self._own_live()))
    @rule(pick=st.integers(0, 99), wait=waits())
    def a_calls_y(self, pick: int, wait: int) -> None:
        """The A of a relation dials one of its Y: that Y's B, showing X (AXYB-010)."""
        relations = [r for r in self._own_live() if r.ybs]
        relation = relations[pick % len(relations)]
        self._place(relation.a, relation.ybs[pick % len(relation.ybs)].y, wait)

    def _place(self, caller: str, dialled: str, wait: int) -> None:
        self._wait(wait)
        live = self.model.live()
        route = route_axyb(
            live,
            caller,
            dialled,
            usable_y={r.sid: frozenset(self.model.usable_y(r, None)) for r in live},
            call_direction=self.directions,
            user_data=self.user_data,
        )
        if route is not None and self._auto_y_only_on_other_x(route, caller, dialled, live):
            route = None
        if route is None:
            self.run.skipped += 1
            self.log.append(f"(not placed: {self._label(caller)} dials {dialled}, which the spec does not settle)")
            return
        answer = self._place_call(caller, dialled, route)
        relation = self.model.get(route.sid) if route.connected and route.sid else None
        if relation is not None and relation.x == dialled and all(p.b != caller for p in relation.ybs):
            self.model.bound_yb(relation.sid, caller, str(answer.get("display")), None)  # the auto-Y (AXYB-012)

    def _auto_y_only_on_other_x(self, route: Any, caller: str, dialled: str, live: list[Any]) -> bool:
        """B's first call would get an automatic Y (AXYB-012) that can only be the X of another
        relation: whether the platform gives such a Y, or fails with 8031, is not documented."""
        relation = self.model.get(route.sid) if route.connected and route.sid else None
        if relation is None or relation.x != dialled or any(p.b == caller for p in relation.ybs):
            return False
        others_x = {r.x for r in live if r.sid != relation.sid}
        return bool(route.displays) and set(route.displays) <= others_x


run_invariants = AxybCallsInvariants.run_invariants


__all__ = ["AxybCallsInvariants", "AxybCallsRun", "run_invariants"]
