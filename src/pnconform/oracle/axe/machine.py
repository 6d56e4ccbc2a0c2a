"""Hypothesis state machine: random AXE call sequences against a real target, checked by `AxeModel`.

Each example gets ten fresh user numbers (P0..P9) and up to three X numbers of the AXE app.
With the reference app's one-digit extensions an X holds nine bindings, so the machine fills an
X now and then and asks for one more (AXE-006), asks for extensions that are taken (AXE-004) or
free (AXE-003), and lets the target pick (AXE-002). Every response is compared with the model's
prediction; an accepted bind must answer an extension of the app's length that no live binding
on that X holds. After every call that changes state, each touched X is read back with the v1.0
query at the extensions the call touched: the same binding behind the same extension with the
same fields, or 1016001 where the model has none.
With test hooks the clock moves as well (bindings with a lifetime in minutes expire, AXE-014)
and the hooks' list of the app's AXE bindings on our X must equal the model's, which also shows
a second binding behind one extension that a v1.0 query would hide.

A failure names the rule, the difference and the numbered calls of the example, replayable
against a clean target (Hypothesis adds its own `state.…` steps below them).

Isolation: every example unbinds what it bound (client ledger) in `teardown`; the next one first
sweeps the X numbers the previous one used (all of them in the first example) when it can read
them back (test hooks, or at most 9 extensions per X): whatever is still bound there is unbound
by subscriptionId. The X numbers must therefore be reserved for the kit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, consumes, invariant, multiple, precondition, rule

from pnconform.client import PrivateNumberClient, Response
from pnconform.oracle.axe.model import (
    DEFAULT_DUPLICATE_CODES,
    DEFAULT_FOREIGN_CODES,
    DEFAULT_FULL_CODES,
    INVALID,
    NOT_FOUND,
    NOT_FOUND_RULES,
    AxeModel,
    Binding,
    Outcome,
    field_view,
)
from pnconform.oracle.machine_support import ModeMachine, RunStats, code_of, of_run

POOL_SIZE = 10  # one more than a one-digit X holds: a full X meets an A it does not carry yet
MACHINE_X = 3
# With a clock, model time moves in steps that are multiples of 30 s and every lifetime is a
# whole number of minutes: an expiry never falls strictly between an observation on the model's
# clock and the same observation on the target's clock, which runs ahead by the (short) real
# time the example takes.
CLOCK_LIFETIMES: tuple[tuple[str, int] | None, ...] = (None, ("1", 1), ("1", 2), ("1", 5), ("0", 1), ("0", 0))
CLOCK_ADVANCES = (30, 90, 150)
PLAIN_LIFETIMES: tuple[tuple[str, int] | None, ...] = (None, ("0", 0), ("0", 720), ("1", 43200))  # never reached
UNKNOWN_SID = "pnconform-never-issued"  # an id no target issued (AXE-018)
READ_BACK_ALL = 9  # without hooks, sweep an X extension by extension only when it has at most this many


@dataclass
class AxeRun(RunStats):
    """Everything one invariants run shares across its examples."""

    client: PrivateNumberClient
    fresh_number: Callable[[], str]
    x_numbers: list[str]
    extension_length: int
    foreign_x: str | None = None  # an X of another app (GEN-102)
    voice_file: str | None = None  # an approved tone for callbackTone
    duplicate_codes: tuple[str, ...] = DEFAULT_DUPLICATE_CODES
    full_codes: tuple[str, ...] = DEFAULT_FULL_CODES
    foreign_codes: tuple[str, ...] = DEFAULT_FOREIGN_CODES
    advance_clock: Callable[[int], Any] | None = None  # hooks.advance when the target has test hooks
    hook_bindings: Callable[[], list[dict[str, Any]]] | None = None  # the hooks' AXE bindings of the app
    # (X, extension) to sweep before the next example; None: all X (extension by extension
    # without hooks, only for one-digit extensions)
    suspect: set[tuple[str, str]] | None = None
    # statistics for the progress line


def _model_view(b: Binding) -> dict[str, Any]:
    return {"subscriptionId": b.sid, "virtualNum": b.x, "extendNum": b.extension, "bindNum": b.a, **b.fields}


LABELS = tuple(f"P{i}" for i in range(POOL_SIZE))
user = st.sampled_from(LABELS)
flag = st.sampled_from(["true", "false"])


def opt(s: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | s


def _any_x(m: AxeInvariants) -> st.SearchStrategy[str]:
    run = m.run
    return st.sampled_from(run.x_numbers * 4 + [run.foreign_x]) if run.foreign_x else st.sampled_from(run.x_numbers)


def _some_extension(m: AxeInvariants) -> st.SearchStrategy[str]:
    length = m.run.extension_length
    return st.integers(1, m.capacity).map(lambda n: str(n).zfill(length))


def _lifetimes(m: AxeInvariants) -> st.SearchStrategy[Any]:
    return st.sampled_from(CLOCK_LIFETIMES if m.run.advance_clock else PLAIN_LIFETIMES)


def _callbacks(m: AxeInvariants) -> st.SearchStrategy[str]:
    return st.sampled_from(["tone", "number"] if m.run.voice_file else ["number"])


own = of_run(lambda m: st.sampled_from(m.run.x_numbers))
any_x = of_run(_any_x)
some_extension = of_run(_some_extension)
lifetimes = of_run(_lifetimes)
callbacks = of_run(_callbacks)


class AxeInvariants(ModeMachine):
    """One example of an AXE invariants run (Hypothesis makes one per example)."""

    label = "AXE"
    labels = LABELS
    run: AxeRun
    sids = Bundle("sids")  # ids of bound bindings (live, or since removed by X and extension)
    dead = Bundle("dead")  # ids unbound by subscriptionId

    def __init__(self, run: AxeRun) -> None:
        super().__init__(run)
        self.model = AxeModel(
            run.x_numbers,
            run.extension_length,
            duplicate_codes=run.duplicate_codes,
            full_codes=run.full_codes,
            foreign_codes=run.foreign_codes,
        )
        self.dirty_x: set[str] = set()
        self.dirty_ext: set[tuple[str, str]] = set()  # (X, extension) the last calls touched
        self.used: set[tuple[str, str]] = set()  # (X, extension) this example bound (swept next)
        self.changed = False
        self.modified: set[str] = set()  # subscriptionIds an accepted modify changed (AXE-019)
        self._sweep()

    @property
    def capacity(self) -> int:
        """The extensions one X holds: 9 with one digit."""
        return int(10**self.run.extension_length - 1)

    # -- reporting ------------------------------------------------------------------------

    def _preamble(self) -> str:
        return f"{super()._preamble()}; extension length {self.run.extension_length}"

    def _compare(self, what: str, expected: Binding | None, got: dict[str, Any] | None) -> None:
        """One binding as the model has it; a difference names the rule behind it: the unbind
        or expiry that removed it (AXE-015/016, AXE-014), its lifetime (AXE-013/014), the
        modify that changed it (AXE-019), else the query's field set (AXE-021)."""
        __tracebackhide__ = True
        if expected is None and got is None:
            return
        if expected is None or got is None:
            if expected is not None:
                rules = self.model.lifetime_rules(expected)
            else:
                rules = self.model.removed.get(str((got or {}).get("subscriptionId")), ("AXE-021",))
            self._fail(f"{what}: model {expected and _model_view(expected)}, target {got}", rules)
            return
        want = _model_view(expected)
        diff = {k: (v, field_view(k, got.get(k))) for k, v in want.items() if v != field_view(k, got.get(k))}
        if diff:
            rules = ("AXE-019",) if expected.sid in self.modified else ("AXE-021",)
            self._fail(f"{what}: {self._name(expected.sid)} differs (model, target): {diff}", rules)

    # -- helpers --------------------------------------------------------------------------

    def _touch(self, outcome: Outcome, r: Response, xs: tuple[str | None, ...], ext: str | None = None) -> None:
        if outcome.accepted or code_of(r) == "0":
            self.dirty_x.update(x for x in xs if x in self.run.x_numbers)
            self.dirty_x.update(b.x for b in outcome.bindings)
            self.dirty_ext.update((x, ext) for x in xs if x in self.run.x_numbers and ext)
            self.dirty_ext.update((b.x, b.extension) for b in outcome.bindings)
            self.changed = True

    def _other_number(self, *avoid: str | None, pick: int = 0) -> str:
        numbers = [n for n in self.pool.values() if n not in avoid]
        return numbers[pick % len(numbers)]

    # -- rules: bind ----------------------------------------------------------------------

    @rule(
        target=sids,
        a=user,
        x=any_x,
        extension=st.none() | st.just("") | some_extension,
        record_flag=opt(flag),
        user_data=opt(st.sampled_from(["u1", "order-42"])),
        display=opt(st.just("0")),
        callback=opt(callbacks),
        lifetime=lifetimes,
    )
    def bind(
        self,
        a: str,
        x: str,
        extension: str | None,
        record_flag: str | None,
        user_data: str | None,
        display: str | None,
        callback: str | None,
        lifetime: tuple[str, int] | None,
    ) -> Any:
        fields: dict[str, Any] = {"recordFlag": record_flag, "userData": user_data, "displayNumMode": display}
        if callback == "tone":
            fields["callbackTone"] = self.run.voice_file
        elif callback == "number":
            fields["callbackNum"] = self._other_number(self.pool[a])
        if lifetime is not None:
            fields["timeUnit"], fields["bindExpiredTime"] = lifetime
        return self._bind(self.pool[a], x, extension, fields)

    @precondition(lambda self: bool(self._own_live()))
    @rule(target=sids, pick=st.integers(0, 99), same_a=st.booleans())
    def bind_taken_extension(self, pick: int, same_a: bool) -> Any:
        """The extension of a live binding asked for again on its X: 1020167 (AXE-004), or by
        the same A the duplicate codes as well (D-12)."""
        taken = self._pick(pick)
        assert taken is not None
        a = taken.a if same_a else self._other_number(taken.a, pick=pick // 7)
        return self._bind(a, taken.x, taken.extension, {})

    @precondition(lambda self: self.capacity < POOL_SIZE)
    @rule(target=sids, x=own)
    def fill_x(self, x: str) -> Any:
        """Bind A numbers X does not carry until it is full, then one more (AXE-006)."""
        new: list[str] = []
        for _ in range(self.capacity + 1):
            holders = {b.a for b in self.model.live(x=x)}
            free_a = [n for n in self.pool.values() if n not in holders]
            if not free_a:
                break
            full = self.model.full(x)
            bound = self._bind(free_a[0], x, None, {}).values
            new += bound
            if full or not bound:
                break
        return multiple(*new)

    def _bind(self, a: str, x: str, extension: str | None, fields: dict[str, Any]) -> Any:
        params = {"bindNum": a, "virtualNum": x, "extendNum": extension, **fields}
        held = len(self.model.live(x=x))
        r = self._call("axe_bind", **params)
        body = r.body or {}
        sid = body.get("subscriptionId") if code_of(r) == "0" else None
        if sid:
            self.names[sid] = f"s{len(self.names) + 1}"
        extra = f" (subscriptionId {self._name(sid)} = {sid!r}, extendNum {body.get('extendNum')!r})" if sid else ""
        self._record("axe_bind", params, r, extra)
        if sid and x in self.run.x_numbers:
            self.used.add((x, str(body.get("extendNum"))))
        outcome = self.model.bind(a, x, chosen=extension, answered=body.get("extendNum"), sid=sid, fields=fields)
        self._touch(outcome, r, (x,), extension or body.get("extendNum"))
        self._expect(f"bind A={a} on X={x} (X holds {held} bindings before)", outcome, r)
        if not outcome.accepted:
            return multiple()
        if outcome.problem:
            self._fail(f"bind A={a} on X={x}: {outcome.problem}", outcome.problem_rules)
        if not sid or body.get("virtualNum") != x:  # AXE-001
            problem = f"bind A={a} on X={x}: accepted without subscriptionId or with another X: {r.text[:300]}"
            self._fail(problem, ["AXE-001"])
        return multiple(sid)

    # -- rules: unbind --------------------------------------------------------------------

    @rule(target=dead, sid=consumes(sids), pick=st.integers(0, 99), also_numbers=st.booleans())
    def unbind_by_id(self, sid: str, pick: int, also_numbers: bool) -> str:
        """subscriptionId wins over another binding's X and extension (AXE-015, AXE-017)."""
        params: dict[str, Any] = {"subscriptionId": sid}
        other = self._pick(pick)
        if also_numbers and other is not None:
            params.update(virtualNum=other.x, extendNum=other.extension)
        r = self._send("axe_unbind", params)
        outcome = self.model.unbind(sid=sid, x=params.get("virtualNum"), extension=params.get("extendNum"))
        self._touch(outcome, r, ())
        self._expect(f"unbind {self._name(sid)}", outcome, r)
        return sid

    @precondition(lambda self: bool(self.names))
    @rule(x=own, extension=some_extension, pick=st.integers(0, 99), held=st.booleans())
    def unbind_by_numbers(self, x: str, extension: str, pick: int, held: bool) -> None:
        """By X and extension (AXE-016), half the time those of a live binding; 1016001 when none."""
        taken = self._pick(pick)
        if held and taken is not None:
            x, extension = taken.x, taken.extension
        r = self._send("axe_unbind", {"virtualNum": x, "extendNum": extension})
        outcome = self.model.unbind(x=x, extension=extension)
        self._touch(outcome, r, (x,), extension)
        self._expect(f"unbind extension {extension} of {x}", outcome, r)

    @precondition(lambda self: bool(self._own_live()))
    @rule(
        pick=st.integers(0, 99),
        half=st.sampled_from(["virtualNum", "extendNum"]),
        method=st.sampled_from(["axe_unbind", "axe_query"]),
    )
    def half_selector(self, pick: int, half: str, method: str) -> None:
        """Only one of X and extension: 1010002, nothing changes (AXE-016)."""
        b = self._pick(pick)
        assert b is not None
        value = b.x if half == "virtualNum" else b.extension
        r = self._send(method, {half: value})
        self._expect(f"{method} naming only {half}", Outcome(frozenset({INVALID}), rules=("AXE-016",)), r)

    @precondition(lambda self: bool(self.names))
    @rule(sid=dead | st.just(UNKNOWN_SID), method=st.sampled_from(["axe_unbind", "axe_modify", "axe_query"]))
    def reuse_dead_id(self, sid: str, method: str) -> None:
        """A removed or never-issued id: 1016001 everywhere (AXE-018, D-7)."""
        extra = {"axe_modify": {"userData": "u9"}}.get(method, {})
        r = self._send(method, {"subscriptionId": sid, **extra})
        self._expect(f"{method} of {self._name(sid)}", Outcome(frozenset({NOT_FOUND}), rules=NOT_FOUND_RULES), r)

    # -- rules: modify --------------------------------------------------------------------

    @rule(
        sid=sids,
        by_numbers=st.booleans(),
        record_flag=opt(flag),
        user_data=opt(st.sampled_from(["u2", "order-43"])),
        display=opt(st.just("0")),
        lifetime=st.none() | st.sampled_from(PLAIN_LIFETIMES[1:]),
    )
    def modify(
        self,
        sid: str,
        by_numbers: bool,
        record_flag: str | None,
        user_data: str | None,
        display: str | None,
        lifetime: tuple[str, int] | None,
    ) -> None:
        """Absent = unchanged (AXE-019); a lifetime in a modify changes neither the query (D-9)
        nor, on a clock, the model's expiry: only sent when the machine has no clock."""
        fields: dict[str, Any] = {"recordFlag": record_flag, "userData": user_data, "displayNumMode": display}
        if lifetime is not None and self.run.advance_clock is None:
            fields["timeUnit"], fields["bindExpiredTime"] = lifetime
        current = self.model.get(sid)
        selector: dict[str, Any] = {"subscriptionId": sid}
        if by_numbers and current is not None:
            selector = {"virtualNum": current.x, "extendNum": current.extension}
        r = self._send("axe_modify", {**selector, **fields})
        outcome = self.model.modify(
            sid=selector.get("subscriptionId"),
            x=selector.get("virtualNum"),
            extension=selector.get("extendNum"),
            fields=fields,
        )
        self._touch(outcome, r, ())
        self.modified.update(b.sid for b in outcome.bindings)
        self._expect(
            f"modify {self._name(sid)}" + (" by X and extension" if "virtualNum" in selector else ""), outcome, r
        )

    # -- rules: query ---------------------------------------------------------------------

    @rule(sid=sids | dead, pick=st.integers(0, 99), also_numbers=st.booleans())
    def query_by_id(self, sid: str, pick: int, also_numbers: bool) -> None:
        """subscriptionId wins over another binding's X and extension (AXE-017, AXE-021)."""
        params: dict[str, Any] = {"subscriptionId": sid}
        other = self._pick(pick)
        if also_numbers and other is not None:
            params.update(virtualNum=other.x, extendNum=other.extension)
        outcome = self.model.query(sid=sid, x=params.get("virtualNum"), extension=params.get("extendNum"))
        self._query(f"query {self._name(sid)}", params, outcome)

    @precondition(lambda self: bool(self.names))
    @rule(x=own, extension=some_extension, pick=st.integers(0, 99), held=st.booleans())
    def query_by_numbers(self, x: str, extension: str, pick: int, held: bool) -> None:
        taken = self._pick(pick)
        if held and taken is not None:
            x, extension = taken.x, taken.extension
        outcome = self.model.query(x=x, extension=extension)
        self._query(f"query extension {extension} of {x}", {"virtualNum": x, "extendNum": extension}, outcome)

    def _query(self, what: str, params: dict[str, Any], outcome: Outcome) -> None:
        r = self._send("axe_query", params)
        self._expect(what, outcome, r)
        if outcome.accepted:
            self._compare(what, outcome.bindings[0], r.body)

    # -- rules: clock ---------------------------------------------------------------------

    @precondition(lambda self: self.run.advance_clock is not None and bool(self._own_live()))
    @rule(seconds=st.sampled_from(CLOCK_ADVANCES))
    def advance_clock(self, seconds: int) -> None:
        """Bindings with a lifetime expire (AXE-014); the others stay (AXE-013)."""
        self.run.advance_clock(seconds)  # type: ignore[misc]
        gone = self.model.advance(seconds)
        self.dirty_x.update(b.x for b in gone)
        self.dirty_ext.update((b.x, b.extension) for b in gone)
        self.changed = True
        names = ", ".join(self._name(b.sid) for b in gone)
        self.log.append(
            f"[t={self.model.now:+.0f}s] hooks.advance({seconds})" + (f"  # expired: {names}" if gone else "")
        )

    # -- invariants -----------------------------------------------------------------------

    @invariant()
    def read_back_agrees_with_the_model(self) -> None:
        self.run.steps += 1
        for x in sorted(self.dirty_x):
            self._read_back(x)
        self.dirty_x.clear()
        self.dirty_ext.clear()
        if self.changed and self.run.hook_bindings is not None:
            self._check_hooks_view()
        self.changed = False

    def _read_back(self, x: str) -> None:
        """The extensions of X the last calls touched answer the model's binding, or 1016001
        (AXE-007, AXE-021); the hooks' view covers the others."""
        for extension in sorted(e for y, e in self.dirty_ext if y == x):
            r = self._call("axe_query", virtualNum=x, extendNum=extension)
            expected = self.model.at(x, extension)
            if code_of(r) == NOT_FOUND and expected is None:
                continue
            if code_of(r) != "0":
                # Gone as the model says, but answered with another code: CODE-1016001 (D-7).
                rules = self.model.lifetime_rules(expected) if expected is not None else ("CODE-1016001",)
                self._fail(f"read-back of extension {extension} on {x}: got {code_of(r)}: {r.text[:300]}", rules)
            self._compare(f"read-back of extension {extension} on {x} after the last call", expected, r.body)

    def _check_hooks_view(self) -> None:
        """Exactly the model's bindings on our X: one per extension (AXE-004, AXE-006, AXE-007)."""
        assert self.run.hook_bindings is not None
        self.run.calls += 1
        items = [i for i in self.run.hook_bindings() if i.get("virtualNum") in self.run.x_numbers]
        got = sorted((str(i.get("virtualNum")), str(i.get("extendNum")), str(i.get("subscriptionId"))) for i in items)
        want = sorted((b.x, b.extension, b.sid) for b in self.model.live())
        if got != want:
            # A binding kept after its unbind or expiry names what removed it; one gone early its
            # lifetime (AXE-013/014); two on one extension AXE-004/AXE-007.
            live = {b.sid: b for b in self.model.live()}
            rules: set[str] = set()
            for _, _, sid in set(got) ^ set(want):
                b = live.get(sid)
                rules.update(self.model.lifetime_rules(b) if b else self.model.removed.get(sid, ("AXE-007",)))
            self._fail(
                f"the hooks list other AXE bindings than the model at t=+{self.model.now:.0f}s:\n"
                f"  model  {[(x, e, self._name(s)) for x, e, s in want]}\n"
                f"  hooks  {[(x, e, self._name(s)) for x, e, s in got]}",
                rules or ("AXE-007",),
            )

    def _sweep(self) -> None:
        """Clean slate: unbind whatever earlier examples or tests left on our X, when it can be seen."""
        stray: list[tuple[str, str]] = []
        if self.run.hook_bindings is not None:
            xs = self.run.x_numbers if self.run.suspect is None else {x for x, _ in self.run.suspect}
            stray = [
                (str(i.get("subscriptionId")), str(i.get("virtualNum")))
                for i in self.run.hook_bindings()
                if i.get("virtualNum") in xs
            ]
        else:
            if self.run.suspect is not None:
                places = sorted(self.run.suspect)
            elif self.capacity <= READ_BACK_ALL:
                places = [(x, e) for x in self.run.x_numbers for e in self.model.extensions()]
            else:
                places = []  # too many queries: rely on the ledger of the earlier example
            for x, extension in places:
                r = self._call("axe_query", virtualNum=x, extendNum=extension)
                if code_of(r) == "0" and r.body:
                    stray.append((str(r.body.get("subscriptionId")), x))
        for sid, x in stray:
            r = self._call("axe_unbind", subscriptionId=sid)
            self.log.append(f"(clean slate) axe_unbind(subscriptionId={sid!r}) -> {code_of(r)}  [left on {x}]")
            if code_of(r) != "0":
                problem = f"a binding left on {x} by an earlier example or test cannot be unbound: {r.text[:300]}"
                self._fail(problem, ["AXE-015"])
        self.run.suspect = set()

    def teardown(self) -> None:
        self.run.suspect = (self.run.suspect or set()) | self.used
        self.run.cleanup_problems += self.client.cleanup()


run_invariants = AxeInvariants.run_invariants


__all__ = ["AxeInvariants", "AxeRun", "run_invariants"]
