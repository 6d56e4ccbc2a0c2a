"""Hypothesis state machine: random AX call sequences against a real target, checked by `AxModel`.

Each example gets five fresh user numbers (P0..P4) and the X numbers of the AX app (the reference
app has 8): with more X than users, an A is quickly pushed to its 5-X limit (AX-005), and with
few users an X is often asked for by a second A (AX-004) or by its own A again (AX-028). Every
response is compared with the model's prediction; after every accepted call that changes state,
each touched X is listed by `privateNum` and each touched A by `origNum` and compared with the
model (same bindings, same fields), and random queries by `subscriptionId`, `origNum` and
`privateNum` are compared the same way. With test hooks, the clock moves in steps and the hooks'
view of every binding, including its `tempCallee`, is compared with the model after each change:
that is how "a temporary callee expires with the clock" and "a later set overwrites it" are
checked (AX-402/403/411), as no call is placed.

A failure names the rule, the difference and the numbered calls of the example, replayable
against a clean target (Hypothesis adds its own `state.…` steps below them).

Isolation: every example unbinds what it bound (client ledger) in `teardown`; the next one first
sweeps the X numbers the previous one used (all of them in the first example): whatever is
still bound there is unbound by subscriptionId, so one broken cleanup does not turn every later
example into a confusing failure. The X numbers must therefore be reserved for the kit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, consumes, invariant, multiple, precondition, rule

from pnconform.client import PrivateNumberClient, Response
from pnconform.oracle.ax.model import (
    DEFAULT_DUPLICATE_CODES,
    MAX_X_PER_A,
    NOT_FOUND,
    AxModel,
    Binding,
    Outcome,
    TempCallee,
    field_view,
)
from pnconform.oracle.machine_support import ModeMachine, RunStats, code_of, of_run

POOL_SIZE = 5
# With a clock, model time moves in steps of 120 s while every temporary-callee duration is
# 60 s off that grid (the default 60 too): no expiry falls within 60 s of an observation, so
# the real time an example takes (the target's clock runs on) cannot flip an outcome.
CLOCK_CALLEE_DURATIONS = (None, 180, 420, 259_140)
CLOCK_ADVANCES = (120, 240, 600)
PLAIN_CALLEE_DURATIONS = (None, 1, 300, 259_200)  # unobserved without hooks: the edges of 1..259200
UNKNOWN_SID = "pnconform-never-issued"  # an id no target issued (AX-107, AX-204, AX-307, AX-408)


@dataclass
class AxRun(RunStats):
    """Everything one invariants run shares across its examples."""

    client: PrivateNumberClient
    fresh_number: Callable[[], str]
    x_numbers: list[str]
    foreign_x: str | None = None  # an X of another app (1011001 / 1011004)
    duplicate_codes: tuple[str, ...] = DEFAULT_DUPLICATE_CODES
    advance_clock: Callable[[int], Any] | None = None  # hooks.advance when the target has test hooks
    hook_bindings: Callable[[], list[dict[str, Any]]] | None = None  # the hooks' AX bindings of the app
    suspect_x: set[str] | None = None  # X to sweep before the next example (None: all)


def _model_view(b: Binding) -> dict[str, Any]:
    return {"subscriptionId": b.sid, "origNum": b.a, "privateNum": b.x, **b.fields}


def _callee_view(tc: TempCallee | None) -> dict[str, Any] | None:
    return None if tc is None else {"calleeNum": tc.callee, "duration": tc.duration, **tc.fields}


LABELS = tuple(f"P{i}" for i in range(POOL_SIZE))
user = st.sampled_from(LABELS)
flag = st.sampled_from(["true", "false"])


def opt(s: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | s


def _any_x(m: AxInvariants) -> st.SearchStrategy[str]:
    """Mostly own X, one draw in len(x_numbers) + 1 an X of another app when the target has one."""
    run = m.run
    return st.sampled_from([*run.x_numbers, run.foreign_x]) if run.foreign_x else st.sampled_from(run.x_numbers)


def _callee_durations(m: AxInvariants) -> st.SearchStrategy[int | None]:
    return st.sampled_from(CLOCK_CALLEE_DURATIONS if m.run.advance_clock else PLAIN_CALLEE_DURATIONS)


own = of_run(lambda m: st.sampled_from(m.run.x_numbers))
any_x = of_run(_any_x)
callee_durations = of_run(_callee_durations)


class AxInvariants(ModeMachine):
    """One example of an AX invariants run (Hypothesis makes one per example)."""

    label = "AX"
    labels = LABELS
    run: AxRun
    sids = Bundle("sids")  # ids of bound bindings (live, or since removed by unbind by privateNum)
    dead = Bundle("dead")  # ids unbound by subscriptionId

    def __init__(self, run: AxRun) -> None:
        super().__init__(run)
        self.model = AxModel(run.x_numbers, duplicate_codes=run.duplicate_codes)
        self.sid_x: dict[str, str] = {}  # subscriptionId → its X (also after it is gone)
        self.dirty_x: set[str] = set()  # X to list at the next check
        self.dirty_a: set[str] = set()  # A to list at the next check
        self.changed = False  # anything for the hooks' view to show
        self.modified: dict[str, tuple[str, ...]] = {}  # subscriptionId -> its last modify's rules
        self._sweep()

    # -- reporting ------------------------------------------------------------------------

    def _compare(self, what: str, expected: list[Binding], items: list[dict[str, Any]], rules: Iterable[str]) -> None:
        """Same bindings, and each known field of the model as the target lists it.

        ``rules`` are the query's own (AX-301/302/303); a binding listed after its unbind names
        the unbind's rule (AX-101/102), one a modify changed the modify's (AX-201/202/206)."""
        __tracebackhide__ = True
        want = {b.sid: _model_view(b) for b in expected}
        got = {i.get("subscriptionId"): i for i in items}
        lines, broken = [], set()
        if len(got) != len(items):
            lines.append(f"  a binding is listed more than once: {[i.get('subscriptionId') for i in items]}")
            broken.update(rules)
        for sid in sorted(set(want) | set(got), key=str):
            w, g = want.get(sid), got.get(sid)
            why = self.model.removed.get(sid) or self.modified.get(sid) or tuple(rules)
            if w is None:
                lines.append(f"  unexpected {self._name(sid)}: {g}")
                broken.update(why)
            elif g is None:
                lines.append(f"  missing {self._name(sid)}: {w}")
                broken.update(why)
            else:
                diff = {k: (v, field_view(k, g.get(k))) for k, v in w.items() if v != field_view(k, g.get(k))}
                if diff:
                    lines.append(f"  {self._name(sid)} differs (model, target): {diff}")
                    broken.update(why)
        if lines:
            self._fail(f"{what}: target and model disagree:\n" + "\n".join(lines), broken)

    # -- helpers --------------------------------------------------------------------------

    def _items(self, r: Response) -> list[dict[str, Any]]:
        items = (r.body or {}).get("privateNumList")
        return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []

    def _touch(
        self,
        outcome: Outcome,
        r: Response,
        *,
        xs: tuple[str | None, ...] = (),
        a_s: tuple[str | None, ...] = (),
        listings: bool = True,
    ) -> None:
        """After a call that changes state when accepted: list its X and A at the next check
        (`listings`), and show the hooks' view (a temporary callee shows only there)."""
        if outcome.accepted or code_of(r) == "0":
            if listings:
                self.dirty_x.update(x for x in xs if x in self.run.x_numbers)
                self.dirty_a.update(a for a in a_s if a)
                self.dirty_x.update(b.x for b in outcome.bindings)
                self.dirty_a.update(b.a for b in outcome.bindings)
            self.changed = True

    def _busiest_a(self, excluding: str | None = None) -> str:
        """The pool number holding most X (the first on a tie)."""
        return max((n for n in self.pool.values() if n != excluding), key=self.model.x_count)

    def _other_number(self, *avoid: str | None, pick: int = 0) -> str:
        numbers = [n for n in self.pool.values() if n not in avoid]
        return numbers[pick % len(numbers)]

    # -- rules: bind ----------------------------------------------------------------------

    @rule(
        target=sids,
        a=user,
        x=any_x,
        private_sms=opt(flag),
        record_flag=opt(flag),
        max_duration=opt(st.sampled_from([0, 30, 1440])),
        user_data=opt(st.sampled_from(["u1", "order-42"])),
        turn_flag=opt(st.sampled_from(["on", "off"])),
        direction=opt(st.sampled_from([0, 1, 2])),
    )
    def bind(
        self,
        a: str,
        x: str,
        private_sms: str | None,
        record_flag: str | None,
        max_duration: int | None,
        user_data: str | None,
        turn_flag: str | None,
        direction: int | None,
    ) -> Any:
        fields = {
            "privateSms": private_sms,
            "recordFlag": record_flag,
            "maxDuration": max_duration,
            "userData": user_data,
            "turnFlag": turn_flag,
            "callDirection": direction,
        }
        return self._bind(self.pool[a], x, fields)

    @precondition(lambda self: bool(self._own_live()))
    @rule(target=sids, pick=st.integers(0, 99), up_to_the_limit=st.booleans())
    def bind_busiest_a(self, pick: int, up_to_the_limit: bool) -> Any:
        """The A holding most X takes free X: one more, or up to 5 and a 6th, 1011003 (AX-005, AX-029)."""
        a = self._busiest_a()
        new: list[str] = []
        for _ in range(MAX_X_PER_A + 1 if up_to_the_limit else 1):
            taken = {b.x for b in self.model.live()}
            free = [x for x in self.run.x_numbers if x not in taken]
            if not free:
                break
            full = self.model.x_count(a) >= MAX_X_PER_A
            bound = self._bind(a, free[pick % len(free)], {}).values
            new += bound
            if full or not bound:  # the 6th was asked for (or a bind was refused): done
                break
        return multiple(*new)

    @precondition(lambda self: bool(self._own_live()))
    @rule(target=sids, pick=st.integers(0, 99), same=st.booleans())
    def bind_taken_x(self, pick: int, same: bool) -> Any:
        """An X that carries an A, asked for by that A again (AX-028) or by another (AX-004)."""
        taken = self._pick(pick)
        assert taken is not None
        a = taken.a if same else self._other_number(taken.a, pick=pick // 7)
        return self._bind(a, taken.x, {})

    def _bind(self, a: str, x: str, fields: dict[str, Any]) -> Any:
        params = {"origNum": a, "privateNum": x, **fields}
        held = self.model.x_count(a)
        r = self._call("ax_bind", **params)
        sid = (r.body or {}).get("subscriptionId") if code_of(r) == "0" else None
        if sid:
            self.names[sid] = f"s{len(self.names) + 1}"
            self.sid_x[sid] = x
        self._record("ax_bind", params, r, f" (subscriptionId {self._name(sid)} = {sid!r})" if sid else "")
        outcome = self.model.bind(a, x, sid=sid, fields=fields)
        self._touch(outcome, r, xs=(x,), a_s=(a,))
        self._expect(f"bind A={a} X={x} (A holds {held} X before)", outcome, r)
        if not outcome.accepted:
            return multiple()
        body = r.body or {}
        if not sid or body.get("privateNum") != x or body.get("origNum") != a:  # AX-020
            problem = f"bind A={a} X={x}: accepted without subscriptionId or with another A/X: {r.text[:300]}"
            self._fail(problem, ["AX-020"])
        return multiple(sid)

    # -- rules: unbind --------------------------------------------------------------------

    @rule(target=dead, sid=consumes(sids), also_x=opt(any_x), also_a=opt(user))
    def unbind_by_id(self, sid: str, also_x: str | None, also_a: str | None) -> str:
        """subscriptionId wins over privateNum (AX-104); origNum is not evaluated (AX-105)."""
        params = {"subscriptionId": sid, "privateNum": also_x, "origNum": self.pool.get(also_a or "")}
        r = self._send("ax_unbind", params)
        outcome = self.model.unbind(sid=sid, x=also_x, a=params["origNum"])
        self._touch(outcome, r, xs=(self.sid_x.get(sid),))
        self._expect(f"unbind {self._name(sid)}", outcome, r)
        return sid  # gone now: later calls with it must get 1016001 (AX-107)

    @precondition(lambda self: bool(self.names))
    @rule(x=any_x, pick=st.integers(0, 99), held=st.booleans(), also_a=opt(user))
    def unbind_by_x(self, x: str, pick: int, held: bool, also_a: str | None) -> None:
        """Unbind by privateNum (AX-102), half the time an X that carries an A; 1011004 off the app."""
        taken = self._pick(pick)
        if held and taken is not None:
            x = taken.x
        params = {"privateNum": x, "origNum": self.pool.get(also_a or "")}
        r = self._send("ax_unbind", params)
        outcome = self.model.unbind(x=x, a=params["origNum"])
        self._touch(outcome, r, xs=(x,))
        self._expect(f"unbind on {x}", outcome, r)

    @precondition(lambda self: bool(self.names))
    @rule(
        sid=dead | st.just(UNKNOWN_SID),
        method=st.sampled_from(["ax_unbind", "ax_modify", "ax_query", "ax_set_temporary_callee"]),
    )
    def reuse_dead_id(self, sid: str, method: str) -> None:
        """A removed or never-issued id: 1016001 everywhere (AX-107, AX-204, AX-307, AX-408, D-7)."""
        extra = {
            "ax_modify": {"maxDuration": 5},
            "ax_set_temporary_callee": {"calleeNum": self._other_number()},
        }.get(method, {})
        r = self._send(method, {"subscriptionId": sid, **extra})
        self.run.outcomes[code_of(r)] += 1
        if code_of(r) != NOT_FOUND:
            rule_id = {"ax_unbind": "AX-107", "ax_modify": "AX-204", "ax_query": "AX-307"}.get(method, "AX-408")
            self._fail(
                f"{method} of {self._name(sid)}: expected resultcode {NOT_FOUND}, got {code_of(r)} "
                f"(HTTP {r.status}: {r.text[:300]})",
                [rule_id],
            )

    # -- rules: modify --------------------------------------------------------------------

    @rule(
        sid=sids,
        by_x=st.booleans(),
        new_a=opt(user),
        private_sms=opt(flag),
        max_duration=opt(st.sampled_from([0, 5, 1440])),
    )
    def modify(
        self,
        sid: str,
        by_x: bool,
        new_a: str | None,
        private_sms: str | None,
        max_duration: int | None,
    ) -> None:
        """D-8: the FAQ fields that have a rule (privateSms AX-201, maxDuration AX-202) and origNum
        (the new A, AX-206); by subscriptionId or by privateNum. A modified recordFlag is in the
        FAQ set but no rule of the digest states it: not drawn, so that every failure names its rule."""
        fields = {"privateSms": private_sms, "maxDuration": max_duration}
        self._modify(sid, by_x, self.pool[new_a] if new_a else None, fields)

    @precondition(lambda self: len({b.a for b in self._own_live()}) > 1)
    @rule(pick=st.integers(0, 99), by_x=st.booleans())
    def move_to_busiest_a(self, pick: int, by_x: bool) -> None:
        """A binding moves to the A holding most X: 1011003 when that A already has 5 (AX-206)."""
        b = self._pick(pick)
        assert b is not None
        self._modify(b.sid, by_x, self._busiest_a(excluding=b.a), {})

    def _modify(self, sid: str, by_x: bool, new_a: str | None, fields: dict[str, Any]) -> None:
        x = self.sid_x.get(sid) if by_x else None
        selector = {"privateNum": x} if x else {"subscriptionId": sid}
        before = self.model.get(sid) if not x else next(iter(self.model.live(x=x)), None)
        params = {**selector, "origNum": new_a, **fields}
        r = self._send("ax_modify", params)
        outcome = self.model.modify(sid=None if x else sid, x=x, a=new_a, fields=fields)
        self._touch(outcome, r, xs=(x,), a_s=(before.a if before else None, new_a))
        if outcome.accepted:
            self.modified[outcome.bindings[0].sid] = outcome.rules
        what = f"modify {self._name(sid)}" + (f" by privateNum {x}" if x else "")
        if new_a:
            what += f" to A={new_a} (holding {self.model.x_count(new_a)} X)"
        self._expect(what, outcome, r)

    # -- rules: query ---------------------------------------------------------------------

    @rule(sid=sids | dead, also_a=opt(user), also_x=opt(any_x))
    def query_by_id(self, sid: str, also_a: str | None, also_x: str | None) -> None:
        """subscriptionId wins over origNum and privateNum (AX-302, AX-304)."""
        params = {"subscriptionId": sid, "origNum": self.pool.get(also_a or ""), "privateNum": also_x}
        outcome = self.model.query(sid=sid, a=params["origNum"], x=also_x)
        self._query(f"query {self._name(sid)}", params, outcome)

    @precondition(lambda self: bool(self.names))
    @rule(a=user, also_x=opt(any_x))
    def query_by_orig(self, a: str, also_x: str | None) -> None:
        """Every X of A (AX-301); origNum wins over privateNum (AX-304); none → 1016001 (AX-307)."""
        number = self.pool[a]
        params = {"origNum": number, "privateNum": also_x}
        self._query(f"query origNum={number}", params, self.model.query(a=number, x=also_x))

    @precondition(lambda self: bool(self.names))
    @rule(x=any_x, pick=st.integers(0, 99), held=st.booleans())
    def query_by_x(self, x: str, pick: int, held: bool) -> None:
        """The binding on X (AX-303); 1011001 for an X of another app."""
        taken = self._pick(pick)
        if held and taken is not None:
            x = taken.x
        self._query(f"query privateNum={x}", {"privateNum": x}, self.model.query(x=x))

    def _query(self, what: str, params: dict[str, Any], outcome: Outcome) -> None:
        r = self._send("ax_query", params)
        if not outcome.accepted and "AX-304" in outcome.rules and r.resultcode == "0" and not self._items(r):
            # Precedence chose no binding, and the target agrees but answers an empty list where
            # 1016001 is due: that is AX-307's part, not the precedence of AX-304.
            outcome = replace(outcome, rules=("AX-307",))
        self._expect(what, outcome, r)
        if outcome.accepted:
            self._compare(what, list(outcome.bindings), self._items(r), outcome.rules)

    # -- rules: temporary callee ----------------------------------------------------------

    @rule(
        sid=sids,
        by=st.sampled_from(["subscriptionId", "privateNum", "privateNum+origNum", "privateNum+other origNum"]),
        pick=st.integers(0, 99),
        duration=callee_durations,
        max_duration=opt(st.sampled_from([0, 10])),
        user_data=opt(st.sampled_from(["u2"])),
    )
    def set_temp_callee(
        self, sid: str, by: str, pick: int, duration: int | None, max_duration: int | None, user_data: str | None
    ) -> None:
        """D-29: the relation lasts `duration` s (default 60); setting it again overwrites it (AX-403)."""
        current = self.model.get(sid)
        a = current.a if current else None
        x = self.sid_x.get(sid)
        callee = self._other_number(a, pick=pick)  # never A itself (AX-404 is another scenario's)
        selector: dict[str, Any] = {"subscriptionId": sid}
        if by != "subscriptionId":
            on_x = next(iter(self.model.live(x=x or "")), None)
            holder = on_x.a if on_x else a
            orig = {"privateNum+origNum": holder, "privateNum+other origNum": self._other_number(holder, callee)}
            selector = {"privateNum": x, "origNum": orig.get(by)}
            if on_x is not None and callee == on_x.a:
                callee = self._other_number(on_x.a, selector["origNum"], pick=pick)
        fields = {"maxDuration": max_duration, "userData": user_data}
        params = {**selector, "calleeNum": callee, "duration": duration, **fields}
        r = self._send("ax_set_temporary_callee", params)
        outcome = self.model.set_temp_callee(
            callee,
            sid=selector.get("subscriptionId"),
            x=selector.get("privateNum"),
            a=selector.get("origNum"),
            duration=duration,
            fields=fields,
        )
        self._touch(outcome, r, listings=False)
        self._expect(f"set temporary callee {callee} of {self._name(sid)} by {by}", outcome, r)

    # -- rules: clock ---------------------------------------------------------------------

    @precondition(lambda self: self.run.advance_clock is not None and bool(self._own_live()))  # else a no-op
    @rule(seconds=st.sampled_from(CLOCK_ADVANCES))
    def advance_clock(self, seconds: int) -> None:
        self._advance(seconds, "")

    @precondition(lambda self: self.run.advance_clock is not None and self._next_expiry() is not None)
    @rule(side=st.sampled_from(["before", "after"]))
    def advance_near_next_expiry(self, side: str) -> None:
        """Jump to 60 s before or after the soonest temporary-callee expiry (AX-402, AX-411)."""
        b = self._next_expiry()
        assert b is not None and b.temp_callee is not None
        target = b.temp_callee.expires_at + (60 if side == "after" else -60)  # on the 120 s grid
        self._advance(int(target - self.model.now), f"  # {side} the temporary callee of {self._name(b.sid)}")

    def _next_expiry(self) -> Binding | None:
        due = [b for b in self._own_live() if self.model.temp_callee(b.sid) is not None]
        return min(due, key=lambda b: b.temp_callee.expires_at if b.temp_callee else 0.0) if due else None

    def _advance(self, seconds: int, note: str) -> None:
        if seconds <= 0:
            return
        self.run.advance_clock(seconds)  # type: ignore[misc]
        self.model.advance(seconds)
        self.changed = True  # temporary callees may have expired; bindings must not (AX-007)
        self.log.append(f"[t={self.model.now:+.0f}s] hooks.advance({seconds}){note}")

    # -- invariants -----------------------------------------------------------------------

    @invariant()
    def listings_agree_with_the_model(self) -> None:
        self.run.steps += 1
        for x in sorted(self.dirty_x):
            items = self._listing("privateNum", x)
            # AX-004: one X carries one A, whoever bound it.
            if len({i.get("origNum") for i in items}) > 1 or any(i.get("privateNum") != x for i in items):
                self._fail(f"query privateNum={x} lists more than one A, or another X: {items}", ["AX-004", "AX-303"])
            listing = f"listing of privateNum={x} after the last call"
            self._compare(listing, self.model.live(x=x), items, ["AX-303"])
        for a in sorted(self.dirty_a):
            items = self._listing("origNum", a)
            # AX-005: one A holds at most 5 X.
            if len({i.get("privateNum") for i in items}) > MAX_X_PER_A or any(i.get("origNum") != a for i in items):
                problem = f"query origNum={a} lists more than {MAX_X_PER_A} X, or another A: {items}"
                self._fail(problem, ["AX-005", "AX-301"])
            self._compare(f"listing of origNum={a} after the last call", self.model.live(a=a), items, ["AX-301"])
        self.dirty_x.clear()
        self.dirty_a.clear()
        if self.changed and self.run.hook_bindings is not None:
            self._check_hooks_view()
        self.changed = False

    def _listing(self, key: str, value: str) -> list[dict[str, Any]]:
        r = self._call("ax_query", **{key: value})
        if code_of(r) == NOT_FOUND:
            return []
        if code_of(r) != "0":
            rule_id = "AX-301" if key == "origNum" else "AX-303"
            self._fail(f"listing (query {key}={value}): got {code_of(r)}: {r.text[:300]}", [rule_id])
        return self._items(r)

    def _check_hooks_view(self) -> None:
        """The hooks list every binding with its live temporary callee (AX-402/403/411, AX-007)."""
        assert self.run.hook_bindings is not None
        self.run.calls += 1
        items = [i for i in self.run.hook_bindings() if i.get("privateNum") in self.run.x_numbers]
        expected = self.model.live()
        self._compare("the hooks' view of the bindings", expected, items, ["AX-007"])
        got = {i.get("subscriptionId"): i.get("tempCallee") for i in items}
        lines, broken = [], set()
        for b in expected:
            want, seen = _callee_view(self.model.temp_callee(b.sid)), got.get(b.sid)
            if seen is not None and want is not None:
                seen = {k: field_view(k, seen.get(k)) for k in want}
            if want != seen:
                tc = b.temp_callee
                when = (
                    f"set at t=+{tc.set_at:.0f}s for {tc.duration} s, to {tc.callee}"
                    if tc
                    else "never set, or dropped with the old A"
                )
                lines.append(f"  {self._name(b.sid)}: model {want}, hooks {seen} (the model's last set: {when})")
                # AX-402/411: an expired callee is gone; AX-403: the last set wins; AX-206: a new A drops it.
                if want is None:
                    broken.update(("AX-402", "AX-411") if tc else ("AX-206",))
                else:
                    broken.update(("AX-401", "AX-403"))
        if lines:
            problem = f"the temporary callees at t=+{self.model.now:.0f}s disagree:\n" + "\n".join(lines)
            self._fail(problem, broken)

    def _sweep(self) -> None:
        """Clean slate: unbind by subscriptionId whatever earlier examples or tests left on our X."""
        for x in sorted(self.run.x_numbers if self.run.suspect_x is None else self.run.suspect_x):
            stray = self._listing("privateNum", x)
            for i in stray:
                r = self._call("ax_unbind", subscriptionId=i.get("subscriptionId"))
                self.log.append(
                    f"(clean slate) ax_unbind(subscriptionId={i.get('subscriptionId')!r}) -> {code_of(r)}"
                    f"  [left on {x}: {i.get('origNum')}]"
                )
            if stray and self._listing("privateNum", x):
                self._fail(
                    f"{x} still carries bindings that an earlier example or test left and that unbind by "
                    f"subscriptionId answered but did not remove (AX-101): {stray}",
                    ["AX-101"],
                )
        self.run.suspect_x = set()

    def teardown(self) -> None:
        # Unbind this example's bindings by subscriptionId (client ledger); the next example
        # sweeps the X this one bound on, in case something survived.
        self.run.suspect_x = (self.run.suspect_x or set()) | set(self.sid_x.values())
        self.run.cleanup_problems += self.client.cleanup()


run_invariants = AxInvariants.run_invariants


__all__ = ["AxInvariants", "AxRun", "run_invariants"]
