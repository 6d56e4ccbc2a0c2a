"""Hypothesis state machine: random AXYB call sequences against a real target, checked by
`AxybModel`.

Each example gets five fresh user numbers (P0..P4) and the AXYB app's pool: step-1 binds take an
X in the city where the app has most numbers, so an A soon meets its X limit (AXYB-003) and the
city soon runs dry (AXYB-002, D-19); step-2 binds ask for a Y anywhere or, when the app has one,
in a city with a single number, so that one Y is pushed to serve several AX bindings
(AXYB-006), asked for twice by one binding (AXYB-007) and filled to the target's relations-per-Y
limit (AXYB-008). Every answer is compared with the model; an accepted bind must hand out a
number the rules allow. After every accepted call that changes state, each touched binding is
queried by subscriptionId and its X by relationNum, and the (numA, numX, numY, numB) entries
must be the model's. With test hooks the clock moves in 120 s steps while every lifetime is
60 s off that grid, so the expiry cascade (AXYB-013: the AX part takes its YB parts; AXYB-014:
a YB part leaves the AX part) is observed without a race against the real clock.

Isolation: every example unbinds what it bound (client ledger: B's Y first, then A's X); the
next example first sweeps the pool: whatever is still bound on one of its numbers is unbound.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, consumes, invariant, multiple, precondition, rule

from pnconform.client import PrivateNumberClient, Response
from pnconform.oracle.axyb.model import (
    DEFAULT_ALLOC_CODES,
    MAX_RELATIONS_PER_Y,
    MAX_X_PER_A,
    NOT_FOUND,
    AxybModel,
    Outcome,
    Relation,
)
from pnconform.oracle.machine_support import ModeMachine, RunStats, code_of, of_run

POOL_SIZE = 5
UNKNOWN_SID = "pnconform-never-issued"
CLOCK_ADVANCES = (120, 240, 600)
# With a clock every lifetime ends 60 s off the 120 s grid of the advances (binds happen on it).
CLOCK_DURATIONS = (0, 420, 660)
CLOCK_YB_DURATIONS = (0, 180, 420)
# Without a clock nothing may end during an example: absent (the default), 0 or long lifetimes.
PLAIN_DURATIONS = (None, 0, 86_400)
PLAIN_YB_DURATIONS = (None, 0, 3_600)

Entry = tuple[Any, Any, Any, Any]


@dataclass
class AxybRun(RunStats):
    """Everything one invariants run shares across its examples."""

    client: PrivateNumberClient
    fresh_number: Callable[[], str]
    numbers: dict[str, str]  # the AXYB app's pool: number -> city
    x_city: str
    y_city: str | None  # a city with a single number, or None
    max_x_per_a: int = MAX_X_PER_A
    max_relations_per_y: int = MAX_RELATIONS_PER_Y
    alloc_codes: tuple[str, ...] = DEFAULT_ALLOC_CODES
    advance_clock: Callable[[int], Any] | None = None
    swept: bool = False


def _entries(items: list[dict[str, Any]]) -> set[Entry]:
    return {(i.get("numA"), i.get("numX"), i.get("numY") or None, i.get("numB") or None) for i in items}


LABELS = tuple(f"P{i}" for i in range(POOL_SIZE))
user = st.sampled_from(LABELS)


def _durations(m: AxybInvariants) -> st.SearchStrategy[Any]:
    return st.sampled_from(CLOCK_DURATIONS if m.clock else PLAIN_DURATIONS)


def _yb_durations(m: AxybInvariants) -> st.SearchStrategy[Any]:
    return st.sampled_from(CLOCK_YB_DURATIONS if m.clock else PLAIN_YB_DURATIONS)


def _y_cities(m: AxybInvariants) -> st.SearchStrategy[str | None]:
    return st.sampled_from([None, m.run.y_city] if m.run.y_city else [None])


durations = of_run(_durations)
yb_durations = of_run(_yb_durations)
y_cities = of_run(_y_cities)


class AxybInvariants(ModeMachine):
    """One example of an AXYB invariants run (Hypothesis makes one per example)."""

    label = "AXYB"
    labels = LABELS
    run: AxybRun
    sids = Bundle("sids")
    dead = Bundle("dead")

    def __init__(self, run: AxybRun) -> None:
        super().__init__(run)
        self.model = AxybModel(
            run.numbers,
            max_x_per_a=run.max_x_per_a,
            max_relations_per_y=run.max_relations_per_y,
            alloc_codes=run.alloc_codes,
        )
        self.dirty: set[str] = set()  # subscriptionIds to query at the next check
        self.dirty_x: set[str] = set()
        self._sweep()

    @property
    def clock(self) -> bool:
        """The target's clock moves (test hooks)."""
        return self.run.advance_clock is not None

    # -- reporting ------------------------------------------------------------------------

    def _handed_out(self, what: str, outcome: Outcome, r: Response, relation: Relation | None = None) -> str | None:
        """The number an accepted bind handed out, checked against the numbers allowed: for
        step 1 a free X (AXYB-002), for step 2 of ``relation`` a Y (AXYB-004/007/008)."""
        __tracebackhide__ = True
        self._expect(what, outcome, r)
        if code_of(r) != "0":
            return None
        number = (r.body or {}).get("relationNumber")
        if number not in outcome.allowed_numbers:
            if relation is None:
                rules = ["AXYB-002"]  # an X that serves another A
            elif number == relation.x:
                rules = ["AXYB-004"]  # Y is not the relation's own X
            elif any(p.y == number for p in relation.ybs):
                rules = ["AXYB-007"]  # never one Y twice on one AX relation
            elif self.model.relations_on_y(str(number)) >= self.run.max_relations_per_y:
                rules = ["AXYB-008"]
            else:
                rules = ["AXYB-004"]  # a number of the app's pool (design.md "AXYB behaviour")
            self._fail(
                f"{what}: handed out {number!r}, which the rules forbid here; allowed: "
                f"{sorted(outcome.allowed_numbers)}",
                rules,
            )
        return str(number)

    def _live_sids(self) -> list[str]:
        return [r.sid for r in self.model.live() if r.sid in self.names]

    # -- rules: bind ----------------------------------------------------------------------

    @rule(target=sids, a=user, duration=durations, yb_duration=yb_durations)
    def bind_ax(self, a: str, duration: int | None, yb_duration: int | None) -> Any:
        return self._bind_ax(self.pool[a], duration, yb_duration)

    @precondition(lambda self: bool(self._live_sids()))
    @rule(target=sids, duration=durations)
    def bind_busiest_a(self, duration: int | None) -> Any:
        """The A holding most X asks for one more: at the limit it is refused (AXYB-003)."""
        a = max(self.pool.values(), key=self.model.x_count)
        return self._bind_ax(a, duration, None)

    def _bind_ax(self, a: str, duration: int | None, yb_duration: int | None) -> Any:
        if duration and yb_duration and yb_duration > duration:
            yb_duration = duration  # D-24: the cap is not asserted, so never provoked
        held = self.model.x_count(a)
        params = {"origNum": a, "areaCode": self.run.x_city, "duration": duration, "ybDuration": yb_duration}
        r = self._send("axyb_bind_ax", params)
        sid = (r.body or {}).get("subscriptionId") if code_of(r) == "0" else None
        if sid:
            self.names[sid] = f"s{len(self.names) + 1}"
            self.log[-1] += f" (subscriptionId {self.names[sid]} = {sid!r})"
        outcome = self.model.bind_ax(a, self.run.x_city)
        x = self._handed_out(f"step-1 bind A={a} (holding {held} X)", outcome, r)
        if x is None:
            return multiple()
        if not sid:
            self._fail(f"step-1 bind A={a}: accepted without a subscriptionId: {r.text[:300]}", ["AXYB-001"])
        self.model.bound_ax(sid, a, x, duration, yb_duration)
        self.dirty.add(sid)
        self.dirty_x.add(x)
        return multiple(sid)

    @rule(sid=sids, b=user, city=y_cities, yb_duration=st.none() | yb_durations)
    def bind_yb(self, sid: str, b: str, city: str | None, yb_duration: int | None) -> None:
        self._bind_yb(sid, self.pool[b], city, yb_duration)

    def _bind_yb(self, sid: str, number: str, city: str | None, yb_duration: int | None) -> None:
        relation = self.model.get(sid)
        if relation is not None:
            if number == relation.a or any(p.b == number for p in relation.ybs):
                return  # B = A, or B twice on one binding: outside the documented rules
            if relation.duration and yb_duration and yb_duration > relation.duration:
                yb_duration = relation.duration
        params = {"areaCode": city, "ybDuration": yb_duration}
        r = self._send("axyb_bind", {"origNum": number, "subscriptionId": sid, **params})
        outcome = self.model.bind_yb(sid, number, city)
        where = f" in {city}" if city else ""
        y = self._handed_out(f"step-2 bind B={number} to {self._name(sid)}{where}", outcome, r, relation)
        if y is not None:
            self.model.bound_yb(sid, number, y, yb_duration)
            self.dirty.add(sid)

    @precondition(lambda self: self.run.y_city is not None and len(self._live_sids()) > 1)
    @rule(pick=st.integers(0, 99))
    def crowd_the_single_y(self, pick: int) -> None:
        """Every live binding asks for a Y in the single-number city: one Y serves several AX
        bindings (AXYB-006) up to the limit (AXYB-008), and a binding that already has it
        must not get it again (AXYB-007)."""
        for sid in self._live_sids():
            relation = self.model.get(sid)
            if relation is None:
                continue
            taken = {relation.a, *(p.b for p in relation.ybs)}
            free = [n for n in self.pool.values() if n not in taken]
            if free:
                self._bind_yb(sid, free[pick % len(free)], self.run.y_city, None)

    # -- rules: unbind --------------------------------------------------------------------

    @rule(target=dead, sid=consumes(sids))
    def unbind_all(self, sid: str) -> str:
        """subscriptionId alone: the AX part and every YB part (AXYB-017)."""
        relation = self.model.get(sid)
        r = self._send("axyb_unbind", {"subscriptionId": sid})
        self._expect(f"unbind {self._name(sid)}", self.model.unbind(sid), r)
        if relation is not None:
            self.dirty.add(sid)
            self.dirty_x.add(relation.x)
        return sid

    @precondition(lambda self: any(r.ybs for r in self.model.live() if r.sid in self.names))
    @rule(pick=st.integers(0, 99), by=st.sampled_from(["yNum", "bNum", "yNum and another bNum"]))
    def unbind_yb(self, pick: int, by: str) -> None:
        """Only a YB part: by its Y (AXYB-018), by its B, yNum winning over bNum (AXYB-019)."""
        relations = [r for r in self.model.live() if r.ybs and r.sid in self.names]
        relation = relations[pick % len(relations)]
        part = relation.ybs[pick % len(relation.ybs)]
        params: dict[str, Any] = {"subscriptionId": relation.sid}
        if by.startswith("yNum"):
            params["yNum"] = part.y
        if by == "bNum":
            params["bNum"] = part.b
        if by == "yNum and another bNum":
            params["bNum"] = next((n for n in self.pool.values() if n != part.b), part.b)
        r = self._send("axyb_unbind", params)
        outcome = self.model.unbind(relation.sid, y=params.get("yNum"), b=None if "yNum" in params else part.b)
        self._expect(f"unbind a YB part of {self._name(relation.sid)} by {by}", outcome, r)
        self.dirty.add(relation.sid)

    @precondition(lambda self: bool(self.names))
    @rule(sid=dead | st.just(UNKNOWN_SID), method=st.sampled_from(["axyb_bind", "axyb_unbind", "axyb_query"]))
    def reuse_dead_id(self, sid: str, method: str) -> None:
        """A removed or never-issued id: 1016001 everywhere (AXYB-005, D-7)."""
        if self.model.get(sid) is not None:
            return  # (a bundle may hand out an id that is live again: never, but be safe)
        params: dict[str, Any] = {"subscriptionId": sid}
        if method == "axyb_bind":
            params["origNum"] = self.pool["P0"]
        r = self._send(method, params)
        self.run.outcomes[code_of(r)] += 1
        if code_of(r) != NOT_FOUND:
            rule_id = {"axyb_bind": "AXYB-005", "axyb_unbind": "AXYB-017"}.get(method, "AXYB-020")
            self._fail(f"{method} of {self._name(sid)}: expected resultcode {NOT_FOUND}, got {code_of(r)}", [rule_id])

    # -- rules: query ---------------------------------------------------------------------

    @rule(sid=sids | dead, other=st.integers(0, 99))
    def query_by_id(self, sid: str, other: int) -> None:
        """subscriptionId wins over relationNum (AXYB-020)."""
        numbers = sorted(self.run.numbers)
        params = {"subscriptionId": sid, "relationNum": numbers[other % len(numbers)]}
        self._query(f"query {self._name(sid)}", params, *self.model.query(sid=sid))

    @precondition(lambda self: bool(self.names))
    @rule(pick=st.integers(0, 99))
    def query_by_x(self, pick: int) -> None:
        numbers = sorted(self.run.numbers)
        x = numbers[pick % len(numbers)]
        self._query(f"query relationNum={x}", {"relationNum": x}, *self.model.query(x=x))

    def _query(self, what: str, params: dict[str, Any], outcome: Outcome, expected: set[Entry]) -> None:
        r = self._send("axyb_query", params)
        self._expect(what, outcome, r)
        if outcome.accepted:
            got = _entries(self._items(r))
            if got != expected:
                problem = f"{what}: target lists {sorted(got, key=str)}, model {sorted(expected, key=str)}"
                self._fail(problem, outcome.rules)

    @staticmethod
    def _items(r: Response) -> list[dict[str, Any]]:
        items = (r.body or {}).get("xyRelationNumList")
        return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []

    # -- rules: clock ---------------------------------------------------------------------

    @precondition(lambda self: self.clock and bool(self._live_sids()))
    @rule(seconds=st.sampled_from(CLOCK_ADVANCES))
    def advance_clock(self, seconds: int) -> None:
        """Lifetimes end on the clock: AX takes its YB parts along (AXYB-013), YB alone (AXYB-014)."""
        assert self.run.advance_clock is not None
        self.run.advance_clock(seconds)
        before = {r.sid: r.x for r in self.model.live()}
        self.model.advance(seconds)
        self.dirty.update(sid for sid in before if sid in self.names)
        self.dirty_x.update(before.values())
        self.log.append(f"[t={self.model.now:+.0f}s] hooks.advance({seconds})")

    # -- invariants -----------------------------------------------------------------------

    @invariant()
    def listings_agree_with_the_model(self) -> None:
        self.run.steps += 1
        for sid in sorted(self.dirty, key=self._name):
            self._query(
                f"listing of {self._name(sid)} after the last call",
                {"subscriptionId": sid},
                *self.model.query(sid=sid),
            )
        for x in sorted(self.dirty_x):
            self._query(f"listing of relationNum={x} after the last call", {"relationNum": x}, *self.model.query(x=x))
        self.dirty.clear()
        self.dirty_x.clear()

    def _sweep(self) -> None:
        """Clean slate: unbind whatever earlier examples or tests left on the pool."""
        if self.run.swept:
            return
        for x in sorted(self.run.numbers):
            r = self.client.axyb_query(relationNum=x)
            self.run.calls += 1
            for sid in {i.get("bindId") for i in self._items(r) if i.get("bindId")}:
                u = self.client.axyb_unbind(subscriptionId=sid)
                self.log.append(f"(clean slate) axyb_unbind(subscriptionId={sid!r}) -> {code_of(u)}  [on {x}]")
        self.run.swept = True

    def teardown(self) -> None:
        # B's Y bindings, then A's X (client ledger). A broken unbind shows in the next
        # example's sweep, which is then needed again.
        problems = self.client.cleanup()
        self.run.cleanup_problems += problems
        self.run.swept = not problems


run_invariants = AxybInvariants.run_invariants


__all__ = ["AxybInvariants", "AxybRun", "run_invariants"]
