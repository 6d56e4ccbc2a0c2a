"""Hypothesis state machine: AXE bind / unbind / clock mixed with simulated calls through X + E.

Each example gets five fresh user numbers (P0..P4), one fresh number that is never bound (S,
also the `callbackNum` of the binds that draw one) and two X numbers of the AXE app. Binds draw
an A, an X, one of the first four extensions, lifetimes in minutes (`bindExpiredTime`,
`callbackExpiredTime`, valid pairs only: AXE-012 is another machine's business) and, half of
them, a userData; the clock moves by 30 s, 61 s or an hour. Calls: anyone dials either X and
types one of the first four extensions, or nothing (right, wrong and missing digits), or the A
of a live binding dials its X (call-back). The API answers are checked by `AxeModel`, each call
by `axe.routing.route_axe` through `calls_support.CallsMachine`; connected A-called calls leave the
callback records the oracle routes A's call-backs by.

Like the models, nothing here may import `pnconform.emulator`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, consumes, precondition, rule

from pnconform.oracle.axe.model import (
    DEFAULT_DUPLICATE_CODES,
    DEFAULT_FOREIGN_CODES,
    DEFAULT_FULL_CODES,
    AxeModel,
)
from pnconform.oracle.axe.routing import Records, remember, route_axe
from pnconform.oracle.calls_support import CallsMachine, CallsRun, pool_labels, waits
from pnconform.oracle.machine_support import of_run

POOL_SIZE = 5
STRANGER = "S"  # a fresh number of the example that is never bound (the callbackNum)
EXTENSIONS_DRAWN = 4  # binds and calls share a few extensions: right and wrong digits both happen
# (bindExpiredTime, callbackExpiredTime) in minutes (timeUnit "1"); 0 = never (AXE-013); no sum of
# the waits hits one exactly
LIFETIMES = ((0, 0), (0, 1), (59, 1), (1, 0), (1, 1))


@dataclass(kw_only=True)
class AxeCallsRun(CallsRun):
    """An AXE calls run: the app's extension length and the target's AXE codes."""

    extension_length: int = 4
    duplicate_codes: tuple[str, ...] = DEFAULT_DUPLICATE_CODES
    full_codes: tuple[str, ...] = DEFAULT_FULL_CODES
    foreign_codes: tuple[str, ...] = DEFAULT_FOREIGN_CODES
    skipped: int = 0  # call-backs the spec says nothing about (see axe_routing)


_labels, user, anyone = pool_labels(POOL_SIZE, STRANGER)
xs = of_run(lambda m: st.sampled_from(m.run.x_numbers))
extension = of_run(lambda m: st.sampled_from(m.extensions))
digits = of_run(lambda m: st.sampled_from([None, *m.extensions]))
lifetimes = of_run(lambda m: st.sampled_from(LIFETIMES if m.run.clock else LIFETIMES[:2]))


class AxeCallsInvariants(CallsMachine):
    """One example of an AXE calls run (Hypothesis makes one per example)."""

    label = "AXE calls"
    labels = (*_labels, STRANGER)
    run: AxeCallsRun
    sids = Bundle("sids")

    def __init__(self, run: AxeCallsRun) -> None:
        super().__init__(run)
        self.records: Records = {}
        self.model = AxeModel(
            run.x_numbers,
            run.extension_length,
            duplicate_codes=run.duplicate_codes,
            full_codes=run.full_codes,
            foreign_codes=run.foreign_codes,
        )
        self._sweep("axe", "axe_unbind")

    @property
    def extensions(self) -> list[str]:
        """The first few extensions: binds and calls share them."""
        return [str(n).zfill(self.run.extension_length) for n in range(1, EXTENSIONS_DRAWN + 1)]

    # -- bindings -------------------------------------------------------------------------

    @rule(
        target=sids,
        who=user,
        x=xs,
        extension=extension,
        lifetime=lifetimes,
        callback_num=st.booleans(),
        with_data=st.booleans(),
    )
    def bind(
        self, who: str, x: str, extension: str, lifetime: tuple[int, int], callback_num: bool, with_data: bool
    ) -> Any:
        a = self.pool[who]
        fields = {
            "timeUnit": "1",
            "bindExpiredTime": lifetime[0],
            "callbackExpiredTime": lifetime[1],
            "callbackNum": self.pool[STRANGER] if callback_num else None,
            "userData": f"pnc-{len(self.log) + 1}" if with_data else None,
        }
        params = {"bindNum": a, "virtualNum": x, "extendNum": extension, **fields}
        return self._bind(
            "axe_bind",
            params,
            f"bind A={a} X={x} E={extension}",
            lambda sid, r: self.model.bind(
                a, x, chosen=extension, answered=(r.body or {}).get("extendNum"), sid=sid, fields=fields
            ),
        )

    @rule(sid=consumes(sids))
    def unbind(self, sid: str) -> None:
        r = self._send("axe_unbind", {"subscriptionId": sid})
        self._expect(f"unbind {self._name(sid)}", self.model.unbind(sid=sid), r)

    # -- calls ----------------------------------------------------------------------------

    @precondition(lambda self: bool(self.names))  # calls before any bind: only 8022s
    @rule(who=anyone, x=xs, digits=digits, wait=waits())
    def place_call(self, who: str, x: str, digits: str | None, wait: int) -> None:
        """Anyone dials either X and types an extension, right or wrong, or none."""
        self._place(self.pool[who], x, digits, wait)

    @precondition(lambda self: bool(self._own_live()))
    @rule(pick=st.integers(0, 99), who=anyone, wait=waits())
    def b_calls_a(self, pick: int, who: str, wait: int) -> None:
        """Someone dials the X of a live binding and types its extension (AXE-023)."""
        b = self._pick(pick)
        self._place(self.pool[who], b.x, b.extension, wait)

    @precondition(lambda self: bool(self._own_live()))
    @rule(pick=st.integers(0, 99), who=anyone, wait=waits())
    def wrong_extension(self, pick: int, who: str, wait: int) -> None:
        """Someone dials the X of a live binding and types an extension nobody holds there (AXE-024)."""
        b = self._pick(pick)
        taken = {other.extension for other in self.model.live(x=b.x)}
        free = [e for e in self.extensions if e not in taken]
        if free:
            self._place(self.pool[who], b.x, free[pick % len(free)], wait)

    @precondition(lambda self: bool(self._own_live()))
    @rule(pick=st.integers(0, 99), wait=waits())
    def a_calls_back(self, pick: int, wait: int) -> None:
        """A dials its X: the latest caller, the callbackNum, or 8019 (AXE-028..032)."""
        b = self._pick(pick)
        self._place(b.a, b.x, None, wait)

    def _place(self, caller: str, x: str, digits: str | None, wait: int) -> None:
        self._wait(wait)
        route = route_axe(self.model.live(), self.records, caller, x, digits, self.model.now)
        if route is None:
            self.run.skipped += 1
            self.log.append(f"(not placed: {self._label(caller)} calls back on {x} over an older record)")
            return
        self._place_call(caller, x, route, digits)
        remember(self.records, route, caller, x, self.model.now)


run_invariants = AxeCallsInvariants.run_invariants


__all__ = ["AxeCallsInvariants", "AxeCallsRun", "run_invariants"]
