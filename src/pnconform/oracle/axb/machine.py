"""Hypothesis state machine: random AXB call sequences against a real target, checked by `AxbModel`.

Each example gets six fresh user numbers (P0..P5) and two or three X numbers of the AXB app, so
overlaps are frequent. Every response is compared with the model's prediction, and after every
step that could change state, each touched X is listed with a query and compared with the model.
A failure names the rule, the difference, and the calls of the example in order, replayable
against a clean target (Hypothesis adds its own `state.…` steps below it).

Isolation: every example unbinds what it bound (client ledger) in `teardown`, and starts with a
sweep of its X numbers: anything there but the fill pairs (left by an earlier example whose
cleanup could not work, e.g. under a broken unbind-all) is unbound by subscriptionId first, so
one broken cleanup does not turn every later example into a confusing failure. The X numbers a
run uses must therefore be reserved for the kit, as targets.yaml asks of every X anyway.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    consumes,
    invariant,
    multiple,
    precondition,
    rule,
)

from pnconform.client import PrivateNumberClient, Response
from pnconform.oracle.axb.model import NOT_FOUND, AxbModel, Binding
from pnconform.oracle.machine_support import ModeMachine, RunStats, code_of, of_run

POOL_SIZE = 6
# With a clock, model time only moves in steps of 200 s while every duration is 100 s off that
# grid: no expiry ever falls within 100 s of an observation, so the real time an example takes
# (the target's clock runs on) cannot flip an outcome.
CLOCK_DURATIONS = (0, 500, 1300)
CLOCK_ADVANCES = (200, 400, 1000)
PLAIN_DURATIONS = (0, 86400)  # without a clock: long enough to outlive any run
UNKNOWN_SID = "pnconform-never-issued"  # an id no target issued (AXB-043, AXB-067)
PAGE = 100  # query pageSize: the largest allowed (AXB-066)
FULL_LIST_LIMIT = 300  # above this many pairs on X, list only the example's pairs (by callerNum)


@dataclass
class FillSet:
    """Pairs pre-bound on one X so the pairs-per-X limit is reached by the machine's own binds."""

    client: PrivateNumberClient  # a client of its own: per-example cleanup must not unbind these
    x: str
    size: int
    fresh_number: Callable[[], str]
    bindings: list[Binding] = field(default_factory=list)

    def top_up(self) -> None:
        while len(self.bindings) < self.size:
            a, b = self.fresh_number(), self.fresh_number()
            r = self.client.axb_bind(callerNum=a, calleeNum=b, relationNum=self.x)
            if not r.ok:
                raise AssertionError(f"filling {self.x} to {self.size} pairs: bind refused: HTTP {r.status} {r.text}")
            self.bindings.append(Binding(sid=r.body["subscriptionId"], x=self.x, a=a, b=b))  # type: ignore[index]


@dataclass
class AxbRun(RunStats):
    """Everything one invariants run shares across its examples."""

    client: PrivateNumberClient
    fresh_number: Callable[[], str]
    x_numbers: list[str]
    foreign_x: str | None = None
    duplicate_codes: tuple[str, ...] = ("1012010",)
    full_codes: tuple[str, ...] = ("1012008", "1012009")
    max_pairs_per_x: int = 5000
    advance_clock: Callable[[int], Any] | None = None  # hooks.advance when the target has test hooks
    fill: FillSet | None = None


def _item_view(item: dict[str, Any]) -> dict[str, Any]:
    def num(v: Any) -> Any:
        try:
            return int(v)
        except (TypeError, ValueError):
            return v

    return {
        "subscriptionId": item.get("subscriptionId"),
        "relationNum": item.get("relationNum"),
        "callerNum": item.get("callerNum"),
        "calleeNum": item.get("calleeNum"),
        "callDirection": num(item.get("callDirection")),
        "duration": num(item.get("duration")),
        "maxDuration": num(item.get("maxDuration")),
        "userData": item.get("userData"),
    }


def _model_view(b: Binding) -> dict[str, Any]:
    return {
        "subscriptionId": b.sid,
        "relationNum": b.x,
        "callerNum": b.a,
        "calleeNum": b.b,
        "callDirection": b.call_direction,
        "duration": b.duration,
        "maxDuration": b.max_duration,
        "userData": b.user_data,
    }


_code = code_of  # the shared spelling (machine_support)

LABELS = tuple(f"P{i}" for i in range(POOL_SIZE))
user = st.sampled_from(LABELS)
pair = st.tuples(user, user).filter(lambda ab: ab[0] != ab[1])


def opt(s: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | s


def _own_x(m: AxbInvariants) -> st.SearchStrategy[str]:
    return st.sampled_from(m.run.x_numbers)


def _any_x(m: AxbInvariants) -> st.SearchStrategy[str]:
    """Mostly own X, now and then an X of another app (1012001) when the target has one."""
    run = m.run
    return st.sampled_from(run.x_numbers * 4 + [run.foreign_x]) if run.foreign_x else st.sampled_from(run.x_numbers)


def _unbind_x(m: AxbInvariants) -> st.SearchStrategy[str]:
    """Unbind-all would take the fill pairs too (refilling costs `size` binds each time)."""
    run = m.run
    if not run.fill:
        return _any_x(m)
    return st.sampled_from([x for x in [*run.x_numbers, run.foreign_x] if x and x != run.fill.x])


def _durations(m: AxbInvariants) -> st.SearchStrategy[int]:
    return st.sampled_from(CLOCK_DURATIONS if m.run.advance_clock else PLAIN_DURATIONS)


def _bind_durations(m: AxbInvariants) -> st.SearchStrategy[int | None]:
    """A bind sends no duration a quarter of the time (with a clock, most pairs then expire)."""
    return st.sampled_from([None, *(CLOCK_DURATIONS if m.run.advance_clock else PLAIN_DURATIONS)])


own = of_run(_own_x)
any_x = of_run(_any_x)
unbind_x = of_run(_unbind_x)
durations = of_run(_durations)
bind_durations = of_run(_bind_durations)


def _has_clock_and_live(self: AxbInvariants) -> bool:
    return self.run.advance_clock is not None and bool(self._own_live())


class AxbInvariants(ModeMachine):
    """One example of an AXB invariants run (Hypothesis makes one per example)."""

    label = "AXB"
    labels = LABELS
    run: AxbRun
    sids = Bundle("sids")  # ids of bound bindings (live, or since removed by unbind-all / expiry)
    dead = Bundle("dead")  # ids unbound by subscriptionId

    def __init__(self, run: AxbRun) -> None:
        super().__init__(run)
        self.model = AxbModel(
            run.x_numbers,
            max_pairs_per_x=run.max_pairs_per_x,
            duplicate_codes=run.duplicate_codes,
            full_codes=run.full_codes,
        )
        for f in run.fill.bindings if run.fill else ():
            self.model.bind(f.a, f.b, f.x, sid=f.sid)
        self.sid_x: dict[str, str] = {}  # subscriptionId → its X, to list X after calls naming the id
        self.last: dict[str, Binding] = {}  # subscriptionId → its last accepted state (for messages)
        self.unbound_at: dict[str, float] = {}  # subscriptionId → model time of its unbind
        self.dirty: set[str] = set()  # X to list at the next invariant check
        self.modified: set[str] = set()  # subscriptionIds an accepted modify changed (AXB-055)
        # X numbers an unbind named beside a subscriptionId: their pairs must stay (AXB-042, GEN-111).
        self.contested: set[str] = set()
        self._sweep()  # after it, our X carry exactly the fill pairs: what the model starts with

    # -- reporting ------------------------------------------------------------------------

    def _preamble(self) -> str:
        fill = f"; {len(self.run.fill.bindings)} fill pairs pre-bound on {self.run.fill.x}" if self.run.fill else ""
        return super()._preamble() + fill

    def _compare(self, what: str, expected: list[Binding], items: list[dict[str, Any]], rules: tuple[str, ...]) -> None:
        """The target lists exactly ``expected``; ``rules`` are the query's own (AXB-060/061/062/063).

        Each difference names the rule behind it: a binding listed after its unbind or expiry
        the rules that removed it (AXB-040, AXB-041/GEN-112, AXB-025/AXB-051), one missing
        after a renewed duration AXB-050/052, one missing on an X an unbind named beside a
        subscriptionId AXB-042/GEN-111, fields changed by a modify AXB-055."""
        __tracebackhide__ = True
        known = {b.sid: b for b in expected}
        want = {b.sid: _model_view(b) for b in expected}
        got = {v["subscriptionId"]: v for v in map(_item_view, items)}
        if want == got:
            return
        lines, broken = [], set()
        for sid in sorted(set(want) | set(got), key=str):
            w, g = want.get(sid), got.get(sid)
            if w is None:
                lines.append(f"  unexpected {self._name(sid)} ({self._why_gone(sid)}): {g}")
                broken.update(self.model.removed.get(sid, rules))
            elif g is None:
                lines.append(f"  missing {self._name(sid)} ({self._lifetime(sid)}): {w}")
                b = known[sid]
                contested = ("AXB-042", "GEN-111") if b.x in self.contested else ()
                broken.update(self.model.lifetime_rules(b) or contested or rules)
            elif w != g:
                diff = {k: (w[k], g[k]) for k in w if w[k] != g[k]}
                lines.append(f"  {self._name(sid)} differs (model, target): {diff}")
                broken.update(("AXB-055",) if sid in self.modified else rules)
        self._fail(f"{what}: target and model disagree:\n" + "\n".join(lines), broken)

    def _lifetime(self, sid: str) -> str:
        b = self.last.get(sid)
        if b is None or b.expires_at is None:
            return "the model: no expiry"
        return f"the model: expires at t=+{b.expires_at:.0f}s"

    def _why_gone(self, sid: str) -> str:
        if sid in self.unbound_at:
            return f"the model: unbound at t=+{self.unbound_at[sid]:.0f}s"
        b = self.last.get(sid)
        if b is not None and b.expires_at is not None and b.expires_at <= self.model.now:
            return f"the model: expired at t=+{b.expires_at:.0f}s, duration {b.duration} s"
        return "the model: never bound by this example"

    # -- rules ----------------------------------------------------------------------------

    @rule(
        target=sids,
        ab=pair,
        x=any_x,
        direction=opt(st.sampled_from([0, 1, 2])),
        duration=bind_durations,
        max_duration=opt(st.sampled_from([0, 1, 1440])),
        user_data=opt(st.sampled_from(["u1", "order-42"])),
    )
    def bind(
        self,
        ab: tuple[str, str],
        x: str,
        direction: int | None,
        duration: int | None,
        max_duration: int | None,
        user_data: str | None,
    ) -> Any:
        return self._bind(self.pool[ab[0]], self.pool[ab[1]], x, direction, duration, max_duration, user_data)

    @rule(target=sids, x=own, pick=st.integers(0, 99), duration=bind_durations)
    def bind_new_pair(self, x: str, pick: int, duration: int | None) -> Any:
        """Bind two numbers X does not carry yet: accepted below the limit (AXB-007, GEN-113)."""
        on_x = {n for b in self.model.live(x) for n in (b.a, b.b)}
        free = [n for n in self.pool.values() if n not in on_x]
        if len(free) < 2:  # X carries (nearly) all our numbers: collide instead
            free = list(self.pool.values())
        a = free[pick % len(free)]
        rest = [n for n in free if n != a]
        b = rest[(pick // len(free)) % len(rest)]
        return self._bind(a, b, x, None, duration, None, None)

    @precondition(lambda self: bool(self._own_live()))
    @rule(target=sids, pick=st.integers(0, 99), other=user, reuse_as=st.sampled_from(["callerNum", "calleeNum"]))
    def bind_reusing_a_number(self, pick: int, other: str, reuse_as: str) -> Any:
        """Bind on an X a number that X already carries: mostly refused (AXB-004/005/006/008)."""
        live = self._own_live()
        taken = live[(pick // 2) % len(live)]
        reused = (taken.a, taken.b)[pick % 2]
        partner = self.pool[other] if self.pool[other] != reused else (taken.b if reused == taken.a else taken.a)
        a, b = (reused, partner) if reuse_as == "callerNum" else (partner, reused)
        return self._bind(a, b, taken.x, None, None, None, None)

    def _bind(
        self,
        a: str,
        b: str,
        x: str,
        direction: int | None,
        duration: int | None,
        max_duration: int | None,
        user_data: str | None,
    ) -> Any:
        params = {
            "callerNum": a,
            "calleeNum": b,
            "relationNum": x,
            "callDirection": direction,
            "duration": duration,
            "maxDuration": max_duration,
            "userData": user_data,
        }
        r = self._call("axb_bind", **params)
        sid = (r.body or {}).get("subscriptionId") if _code(r) == "0" else None
        if sid:
            self.names[sid] = f"s{len(self.names) + 1}"
            self.sid_x[sid] = x
            self._touch(x)
        self._record("axb_bind", params, r, f" (subscriptionId {self._name(sid)} = {sid!r})" if sid else "")
        outcome = self.model.bind(
            a,
            b,
            x,
            sid=sid,
            call_direction=direction or 0,
            duration=duration or 0,
            max_duration=max_duration or 0,
            user_data=user_data,
        )
        self._expect(f"bind A={a} X={x} B={b}", outcome, r)
        if not outcome.accepted:
            return multiple()
        self.last[outcome.bindings[0].sid] = outcome.bindings[0]
        if not sid or r.body.get("relationNum") != x:  # type: ignore[union-attr]
            problem = f"bind A={a} X={x} B={b}: accepted without subscriptionId or with another X: {r.text[:300]}"
            self._fail(problem, ["AXB-001"])  # AXB-001: a subscriptionId, and relationNum = X
        # AXB-060: the new binding reads back with the fields it was bound with.
        q = self._call("axb_query", subscriptionId=sid)
        self._record("axb_query", {"subscriptionId": sid}, q)
        read_back = self.model.query(sid=sid)
        self._expect(f"query of the new binding {self._name(sid)}", read_back, q)
        self._compare(
            f"query of the new binding {self._name(sid)}", [outcome.bindings[0]], self._items(q), read_back.rules
        )
        return multiple(sid)

    def _touch(self, *xs: str | None) -> None:
        """Mark X numbers a call named or acted on, to be listed at the next check."""
        self.dirty.update(x for x in xs if x in self.run.x_numbers)

    @rule(target=dead, sid=consumes(sids), also_x=opt(any_x))
    def unbind_by_id(self, sid: str, also_x: str | None) -> str:
        params = {"subscriptionId": sid, "relationNum": also_x}  # subscriptionId wins (AXB-042)
        r = self._call("axb_unbind", **params)
        self._record("axb_unbind", params, r)
        self._touch(self.sid_x.get(sid), also_x)
        if also_x is not None:
            self.contested.add(also_x)
        outcome = self.model.unbind(sid=sid, x=also_x)
        self.unbound_at.update((b.sid, self.model.now) for b in outcome.bindings)
        self._expect(f"unbind {self._name(sid)}", outcome, r)
        return sid  # gone now: later calls with it must get 1012007 (AXB-044)

    @precondition(lambda self: bool(self.names))
    @rule(sid=dead | st.just(UNKNOWN_SID), method=st.sampled_from(["axb_unbind", "axb_modify", "axb_query"]))
    def reuse_dead_id(self, sid: str, method: str) -> None:
        """Unbind / modify / query an unbound or never-issued id (AXB-043, AXB-044, AXB-057, AXB-067)."""
        params = {"subscriptionId": sid, "duration": 60 if method == "axb_modify" else None}
        r = self._call(method, **params)  # the client drops None values
        self._record(method, params, r)
        self._touch(self.sid_x.get(sid))
        # Not live, so nothing changes: AXB-044/043 (unbind), AXB-057 (modify), AXB-040/067 (query).
        if method == "axb_unbind":
            outcome = self.model.unbind(sid=sid)
        elif method == "axb_modify":
            outcome = self.model.modify(sid, duration=60)
        else:
            outcome = self.model.query(sid=sid)
        self._expect(f"{method} of {self._name(sid)}", outcome, r)

    @precondition(lambda self: bool(self.names))  # calls on X before any bind are mostly noise
    @rule(x=unbind_x, busiest=st.booleans())
    def unbind_by_x(self, x: str, busiest: bool) -> None:
        """Unbind all on X (AXB-041); half the time on the X carrying most pairs, where it matters."""
        unbindable = [x for x in self.run.x_numbers if not (self.run.fill and x == self.run.fill.x)]
        if busiest and unbindable:
            x = max(unbindable, key=lambda y: len(self.model.live(y)))
        r = self._call("axb_unbind", relationNum=x)
        self._record("axb_unbind", {"relationNum": x}, r)
        outcome = self.model.unbind(x=x)
        self.unbound_at.update((b.sid, self.model.now) for b in outcome.bindings)
        self._touch(x)
        self._expect(f"unbind all on {x}", outcome, r)

    @rule(
        sid=sids,
        a=opt(user),
        b=opt(user),
        direction=opt(st.sampled_from([0, 1, 2])),
        duration=opt(durations),
        max_duration=opt(st.sampled_from([0, 30])),
    )
    def modify(
        self,
        sid: str,
        a: str | None,
        b: str | None,
        direction: int | None,
        duration: int | None,
        max_duration: int | None,
    ) -> None:
        new_a, new_b = (self.pool[a] if a else None), (self.pool[b] if b else None)
        # Never ask to bind a number to itself: not an AXB rule, and its code is not documented.
        if new_a and new_a == new_b:
            new_b = None
        current = self.model.get(sid)
        if current is not None:
            if new_a and new_a == (new_b or current.b):
                new_a = None
            if new_b and new_b == (new_a or current.a):
                new_b = None
        params = {
            "subscriptionId": sid,
            "callerNum": new_a,
            "calleeNum": new_b,
            "callDirection": direction,
            "duration": duration,
            "maxDuration": max_duration,
        }
        r = self._call("axb_modify", **params)
        self._record("axb_modify", params, r)
        outcome = self.model.modify(
            sid, a=new_a, b=new_b, call_direction=direction, duration=duration, max_duration=max_duration
        )
        self._touch(self.sid_x.get(sid))
        self.last.update((b.sid, b) for b in outcome.bindings)
        self.modified.update(b.sid for b in outcome.bindings)
        self._expect(f"modify {self._name(sid)}", outcome, r)

    @precondition(_has_clock_and_live)
    @rule(pick=st.integers(0, 99), duration=durations)
    def renew(self, pick: int, duration: int) -> None:
        """Give a live binding a new duration: the countdown restarts now (AXB-050/051/052)."""
        live = self._own_live()
        self.modify(live[pick % len(live)].sid, None, None, None, duration, None)

    @rule(sid=sids, also_x=opt(any_x))
    def query_by_id(self, sid: str, also_x: str | None) -> None:
        params = {"subscriptionId": sid, "relationNum": also_x}  # subscriptionId wins (AXB-062)
        r = self._call("axb_query", **params)
        self._record("axb_query", params, r)
        outcome = self.model.query(sid=sid, x=also_x)
        self._expect(f"query {self._name(sid)}", outcome, r)
        if outcome.accepted:
            self._compare(f"query {self._name(sid)}", list(outcome.bindings), self._items(r), outcome.rules)

    @precondition(lambda self: bool(self.names))
    @rule(
        x=any_x,
        by=st.sampled_from(["callerNum", "calleeNum", "both", "crossed", "pool"]),
        pick=st.integers(0, 99),
        a=opt(user),
        b=opt(user),
    )
    def query_by_x(self, x: str, by: str, pick: int, a: str | None, b: str | None) -> None:
        """AXB-063: filters taken from a pair on X (or crossed between pairs, or any pool number)."""
        caller, callee = self.pool.get(a or ""), self.pool.get(b or "")
        live = self.model.live(x) if x in self.run.x_numbers else []
        if live and by != "pool":
            one, two = live[pick % len(live)], live[(pick // len(live)) % len(live)]
            caller = one.a if by in ("callerNum", "both", "crossed") else None
            callee = {"calleeNum": one.b, "both": one.b, "crossed": two.b}.get(by)
        params = {"relationNum": x, "callerNum": caller, "calleeNum": callee}
        r = self._call("axb_query", **params, pageSize=PAGE)
        self._record("axb_query", params, r)
        outcome = self.model.query(x=x, a=caller, b=callee)
        what = f"query on {x} (callerNum={caller}, calleeNum={callee})"
        self._expect(what, outcome, r)
        if not outcome.accepted:
            return
        expected, items = list(outcome.bindings), self._items(r)
        if len(expected) > PAGE:  # a filled X: one page of pairs the model knows, and the right total
            total = (r.body or {}).get("totalCount")
            if str(total) != str(len(expected)) or len(items) != PAGE:
                problem = f"{what}: totalCount {total} and {len(items)} items, the model has {len(expected)}"
                self._fail(problem, ["AXB-061", "AXB-066"])  # totalCount counts them; a page of pageSize
            known = {b.sid: b for b in expected}
            expected = [known[i["subscriptionId"]] for i in items if i.get("subscriptionId") in known]
        self._compare(what, expected, items, outcome.rules)

    @precondition(_has_clock_and_live)  # else a no-op
    @rule(seconds=st.sampled_from(CLOCK_ADVANCES))
    def advance_clock(self, seconds: int) -> None:
        self._advance(seconds, "")

    @precondition(lambda self: self.run.advance_clock is not None and self._next_expiry() is not None)
    @rule(side=st.sampled_from(["before", "after"]))
    def advance_near_next_expiry(self, side: str) -> None:
        """Jump to 100 s before or after the soonest expiry the model knows (AXB-025, AXB-050)."""
        b = self._next_expiry()
        assert b is not None and b.expires_at is not None
        target = b.expires_at + (100 if side == "after" else -100)  # on the 200 s grid
        self._advance(int(target - self.model.now), f"  # {side} {self._name(b.sid)}'s expiry")

    def _next_expiry(self) -> Binding | None:
        due = [b for b in self._own_live() if b.expires_at is not None]
        return min(due, key=lambda b: b.expires_at or 0.0) if due else None

    def _advance(self, seconds: int, note: str) -> None:
        if seconds <= 0:
            return
        self._touch(*(b.x for b in self.model.live()))  # expiry only ever removes pairs
        self.run.advance_clock(seconds)  # type: ignore[misc]
        self.model.advance(seconds)
        self.log.append(f"[t={self.model.now:+.0f}s] hooks.advance({seconds}){note}")

    # -- invariants -----------------------------------------------------------------------

    @invariant()
    def each_x_agrees_with_the_model(self) -> None:
        self.run.steps += 1
        for x in sorted(self.dirty):
            items = self._list_x(x)
            # GEN-113 / AXB-004..006: no user number twice on one X, whoever bound it.
            seen = Counter(n for i in items for n in (i.get("callerNum"), i.get("calleeNum")))
            twice = [n for n, c in seen.items() if c > 1]
            if twice:
                problem = f"{x} carries {', '.join(map(str, twice))} in more than one role/pair: {items}"
                self._fail(problem, ["AXB-004", "AXB-005", "AXB-006", "GEN-113"])
            # AXB-041/061 and the model: exactly the expected pairs, with the expected fields.
            self._compare(f"listing of {x} after the last call", self.model.live(x), items, ("AXB-061",))
        self.dirty.clear()

    # -- helpers --------------------------------------------------------------------------

    def _items(self, r: Response) -> list[dict[str, Any]]:
        items = (r.body or {}).get("relationNumList")
        return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []

    def _fill_sids(self) -> set[str]:
        return {f.sid for f in self.run.fill.bindings} if self.run.fill else set()

    def _first_page(self, x: str) -> tuple[list[dict[str, Any]], int]:
        r = self._call("axb_query", relationNum=x, pageSize=PAGE)
        if _code(r) == NOT_FOUND:
            return [], 0
        if _code(r) != "0":
            problem = f"listing {x} (query relationNum={x}, pageSize={PAGE}): got {_code(r)}: {r.text[:300]}"
            self._fail(problem, ["AXB-061"])
        items = self._items(r)
        return items, int((r.body or {}).get("totalCount") or len(items))

    def _all_pages(self, x: str, items: list[dict[str, Any]], total: int) -> list[dict[str, Any]]:
        page = 1
        while len(items) < total:
            page += 1
            more = self._items(self._call("axb_query", relationNum=x, pageSize=PAGE, pageIndex=page))
            if not more:
                break
            items = items + more
        return items

    def _list_x(self, x: str) -> list[dict[str, Any]]:
        """Every binding on X (AXB-061), or on a heavily filled X this example's ones plus the fill."""
        items, total = self._first_page(x)
        if total <= FULL_LIST_LIMIT:
            items = self._all_pages(x, items, total)
            if len(items) != total:  # AXB-061: totalCount counts the listed pairs
                self._fail(f"listing {x}: totalCount {total}, but {len(items)} bindings listed: {items}", ["AXB-061"])
            return items
        expected = self.model.live(x)
        if total != len(expected):
            self._fail(f"listing {x}: totalCount {total}, the model has {len(expected)} bindings there", ["AXB-061"])
        # Each pair of the example has its caller in the pool; the fill pairs are counted, not re-read.
        items = []
        for number in self.pool.values():
            q = self._call("axb_query", relationNum=x, callerNum=number)
            items += self._items(q) if _code(q) == "0" else []
        fill = self._fill_sids()
        return items + [_model_view(b) for b in expected if b.sid in fill]

    def _sweep(self) -> None:
        """Clean slate: unbind by subscriptionId whatever earlier examples or tests left on our X."""
        fill = self._fill_sids()
        for x in self.run.x_numbers:
            items, total = self._first_page(x)
            if total == sum(1 for b in self.model.live(x) if b.sid in fill):
                continue
            stray = [i for i in self._all_pages(x, items, total) if i.get("subscriptionId") not in fill]
            for i in stray:
                r = self._call("axb_unbind", subscriptionId=i.get("subscriptionId"))
                self.log.append(
                    f"(clean slate) axb_unbind(subscriptionId={i.get('subscriptionId')!r}) -> {_code(r)}"
                    f"  [left on {x}: {i.get('callerNum')} / {i.get('calleeNum')}]"
                )
            items, total = self._first_page(x)
            left = [i for i in self._all_pages(x, items, total) if i.get("subscriptionId") not in fill]
            if left:
                self._fail(
                    f"{x} still carries bindings that an earlier example or test left and that unbind by "
                    f"subscriptionId answered but did not remove (AXB-040): {left}",
                    ["AXB-040"],
                )


run_invariants = AxbInvariants.run_invariants


__all__ = ["AxbInvariants", "AxbRun", "FillSet", "run_invariants"]
