"""A deliberately plain model of the AX bindings of one app (spec 20-ax.md, README D-6/D-7/D-8/D-29).

It predicts, for bind / unbind / modify / query / set-temporary-callee with an explicit X, which
result codes a conforming target may answer and what the bindings look like afterwards. It only
covers what the invariants machine sends: no allocation by areaCode, no parameter validation
beyond the temporary callee's duration range and callee ≠ A.

* One X carries one A at a time (AX-004: another A → 1011005); one A holds at most 5 X (AX-005:
  a 6th → 1011003); an identical re-bind → the target's duplicate code(s) (AX-028, D-6).
  The spec gives no precedence between refusals, so when several apply any of their codes is
  accepted.
* Not found → 1016001 (D-7). An X of another app → 1011001, on unbind 1011004 (AX-106).
* Selectors: `subscriptionId` wins; unbind/modify/set-callee then take `privateNum`; query takes
  `origNum` before `privateNum` (AX-304). Unbind ignores `origNum` (AX-105).
* AX bindings never expire (AX-007). A temporary callee belongs to one binding, lasts `duration`
  seconds (1..259200, default 60) on the model's clock (`advance`), and a later set overwrites it
  (AX-402/403/411, D-29); a new A (modify) drops it, as the relation was the old A's.

Fields are kept as the query shows them (`privateSms`/`recordFlag` as "true"/"false", integers
as int). Only fields whose value is known are kept: what was sent, and the documented defaults
(maxDuration 0, privateSms "true", turnFlag "on"); the others are not compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pnconform.oracle.outcome import ACCEPTED, Outcome
from pnconform.oracle.outcome import outcome as _outcome

INVALID = "1010002"  # invalid request (here: callee = A, duration out of range, no selector)
NOT_OF_APP = "1011001"  # X is not an X of this app (AX-027, AX-413)
UNBIND_NOT_OF_APP = "1011004"  # the same on unbind, or unbind naming neither id nor X (AX-103, AX-106)
ALLOCATION_FAILED = "1011002"  # also one reading of the identical re-bind (D-6)
A_FULL = "1011003"  # A already holds 5 X (AX-005, AX-029, AX-206)
X_TAKEN = "1011005"  # X already carries another A (AX-004)
NOT_FOUND = "1016001"  # unknown / removed binding, or no match (D-7)

MAX_X_PER_A = 5
CALLEE_DEFAULT_S = 60
CALLEE_MAX_S = 259_200
DEFAULT_DUPLICATE_CODES = ("1016002", ALLOCATION_FAILED, X_TAKEN)  # D-6
DEFAULT_FIELDS: Mapping[str, Any] = {"maxDuration": 0, "privateSms": "true", "turnFlag": "on"}
MODIFIABLE = ("privateSms", "recordFlag", "maxDuration")  # D-8: the FAQ set (origNum is the new A)


def field_view(name: str, value: Any) -> Any:
    """A field value as the query lists it: booleans as "true"/"false", integers as int."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if name in ("maxDuration", "callDirection", "duration"):
        try:
            return int(value)
        except (TypeError, ValueError):
            return value
    return value


@dataclass(frozen=True)
class TempCallee:
    callee: str
    duration: int
    set_at: float
    expires_at: float
    fields: Mapping[str, Any] = field(default_factory=dict)  # maxDuration / userData when sent


@dataclass(frozen=True)
class Binding:
    sid: str
    x: str
    a: str
    fields: Mapping[str, Any] = field(default_factory=dict)  # known query fields (see the module doc)
    seq: int = 0  # creation order
    temp_callee: TempCallee | None = None


class AxModel:
    def __init__(
        self,
        x_numbers: Iterable[str],
        *,
        duplicate_codes: Iterable[str] = DEFAULT_DUPLICATE_CODES,
        max_x_per_a: int = MAX_X_PER_A,
    ) -> None:
        self.x_numbers = frozenset(x_numbers)  # the X numbers of this app; any other X is foreign
        self.duplicate_codes = frozenset(duplicate_codes)
        self.max_x_per_a = max_x_per_a
        self.now = 0.0
        self._bindings: dict[str, Binding] = {}
        self._seq = 0
        self.removed: dict[str, tuple[str, ...]] = {}  # subscriptionId -> the rules that removed it
        self._removed_x: set[str] = set()  # X numbers an unbind freed (AX-006)

    # -- state --------------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Only temporary callees expire; AX bindings do not (AX-007)."""
        self.now += seconds

    def live(self, *, x: str | None = None, a: str | None = None) -> list[Binding]:
        """Bindings (on X / of A when given), oldest first."""
        found = (b for b in self._bindings.values() if x in (None, b.x) and a in (None, b.a))
        return sorted(found, key=lambda b: b.seq)

    def get(self, sid: str) -> Binding | None:
        return self._bindings.get(sid)

    def temp_callee(self, sid: str) -> TempCallee | None:
        """The binding's temporary callee while it lasts (None when unset, expired or unbound)."""
        b = self._bindings.get(sid)
        tc = b.temp_callee if b else None
        return tc if tc is not None and tc.expires_at > self.now else None

    def x_count(self, a: str) -> int:
        return len({b.x for b in self._bindings.values() if b.a == a})

    def _select(
        self, sid: str | None, x: str | None, not_of_app: str, rules: Iterable[str], foreign: Iterable[str] = ()
    ) -> Binding | Outcome:
        """`subscriptionId` wins, else the binding on `privateNum`; an Outcome (of ``rules``) when none,
        of ``foreign`` (and GEN-102) when privateNum is not an X of the app."""
        if sid is not None:
            found = self.get(sid)
            return found if found is not None else _outcome(NOT_FOUND, rules=rules)
        if x is None:
            return _outcome(INVALID, rules=rules)
        if x not in self.x_numbers:
            return _outcome(not_of_app, rules=[*(foreign or rules), "GEN-102"])
        on_x = self.live(x=x)
        return on_x[0] if on_x else _outcome(NOT_FOUND, rules=rules)

    # -- interfaces ---------------------------------------------------------------------------

    def bind(self, a: str, x: str, *, sid: str | None = None, fields: Mapping[str, Any] | None = None) -> Outcome:
        """Bind A to an explicit X. `sid` is the id the target returned (one is made up when absent)."""
        full = self.x_count(a) >= self.max_x_per_a
        refusals: list[Iterable[str]] = []
        rules: list[str] = []
        if x not in self.x_numbers:
            refusals.append([NOT_OF_APP])
            rules += ["AX-027", "GEN-102"]
        else:
            holders = {b.a for b in self.live(x=x)}
            if a in holders:
                refusals.append(self.duplicate_codes)
                rules.append("AX-028")  # the identical re-bind
            elif holders:
                refusals.append([X_TAKEN])
                rules += ["AX-004", "AX-028"]  # one X carries one A
        if full:
            refusals.append([A_FULL])
            rules += ["AX-005", "AX-029"]
        if refusals:
            return _outcome(*refusals, rules=rules)
        self._seq += 1
        shown = {**DEFAULT_FIELDS, **{k: field_view(k, v) for k, v in (fields or {}).items() if v is not None}}
        new = Binding(sid=sid or f"model-{self._seq}", x=x, a=a, fields=shown, seq=self._seq)
        self._bindings[new.sid] = new
        reuse = ["AX-006"] if x in self._removed_x else []  # an unbound X is free again
        return _outcome(ACCEPTED, bindings=[new], rules=["AX-020", *reuse])

    def unbind(self, *, sid: str | None = None, x: str | None = None, a: str | None = None) -> Outcome:
        """`subscriptionId` wins (AX-104); else `privateNum`; neither → 1011004 (AX-103); `origNum`
        (``a``) is not evaluated (AX-105)."""
        if sid is None and x is None:
            return _outcome(UNBIND_NOT_OF_APP, rules=["AX-103"])
        wins = sid is not None and x is not None  # AX-104: the id decides, not privateNum
        found = self._select(
            sid, x, UNBIND_NOT_OF_APP, ["AX-107"] if sid else ["AX-102"], foreign=["AX-106", "CODE-1011004"]
        )
        if isinstance(found, Outcome):
            return found
        del self._bindings[found.sid]
        # What removed it: the id winning over privateNum (AX-104), else the id (AX-101) or X (AX-102).
        why = ("AX-104",) if wins else ("AX-101",) if sid is not None else ("AX-102",)
        self.removed[found.sid] = why
        self._removed_x.add(found.x)
        ignored = ["AX-105"] if a is not None and a != found.a else []  # a wrong origNum is not evaluated
        # A wrong origNum is named only where nothing else decides which binding goes (AX-104 does).
        return _outcome(ACCEPTED, bindings=[found], rules=[*why, *([] if wins else ignored)])

    def modify(
        self,
        *,
        sid: str | None = None,
        x: str | None = None,
        a: str | None = None,
        fields: Mapping[str, Any] | None = None,
    ) -> Outcome:
        """D-8: absent = unchanged; `origNum` is the new A (equal = no-op, a full A → 1011003)."""
        found = self._select(sid, x, NOT_OF_APP, ["AX-204"])
        if isinstance(found, Outcome):
            return found
        new = found
        rules: list[str] = []
        if a is not None and a != found.a:
            if self.x_count(a) >= self.max_x_per_a:
                return _outcome(A_FULL, rules=["AX-206", "AX-005"])
            new = replace(new, a=a, temp_callee=None)  # the relation was the old A's
            rules.append("AX-206")
        changed = {k: field_view(k, v) for k, v in (fields or {}).items() if v is not None}
        rules += ["AX-201"] if "privateSms" in changed else []
        rules += ["AX-202"] if "maxDuration" in changed else []
        new = replace(new, fields={**new.fields, **changed})
        self._bindings[new.sid] = new
        return _outcome(ACCEPTED, bindings=[new], rules=rules or ["AX-203"])

    def query(self, *, sid: str | None = None, a: str | None = None, x: str | None = None) -> Outcome:
        """`subscriptionId` wins, then `origNum`, then `privateNum` (AX-304); no match → 1016001 (AX-307)."""
        # AX-304: with several selectors, the precedence is what the answer checks.
        if sid is not None:
            found = self.get(sid)
            matches = [found] if found else []
            rules = ["AX-304"] if a is not None or x is not None else ["AX-302"]
        elif a is not None:
            matches = self.live(a=a)
            rules = ["AX-304"] if x is not None else ["AX-301"]
        elif x is not None:
            if x not in self.x_numbers:
                return _outcome(NOT_OF_APP, rules=["GEN-102", "CODE-1011001"])
            matches = self.live(x=x)
            rules = ["AX-303"]
        else:
            return _outcome(INVALID, rules=["AX-305"])
        if not matches:
            return _outcome(NOT_FOUND, rules=["AX-304"] if rules == ["AX-304"] else ["AX-307"])  # 1016001 (AX-307)
        return _outcome(ACCEPTED, bindings=matches, rules=rules)

    def set_temp_callee(
        self,
        callee: str,
        *,
        sid: str | None = None,
        x: str | None = None,
        a: str | None = None,
        duration: int | None = None,
        fields: Mapping[str, Any] | None = None,
    ) -> Outcome:
        """D-29: the relation lasts `duration` s from now (default 60); a later set overwrites it (AX-403).

        With no `subscriptionId`, `privateNum` names the binding and an `origNum` that is not its A
        names none (1016001, D-7).
        """
        if duration is not None and not 1 <= duration <= CALLEE_MAX_S:
            return _outcome(INVALID, rules=["AX-405"])
        found = self._select(sid, x, NOT_OF_APP, ["AX-408"] if sid is not None else ["AX-413"])
        if isinstance(found, Outcome):
            return found
        if sid is None and a is not None and a != found.a:
            return _outcome(NOT_FOUND, rules=["AX-407"])  # origNum and privateNum name no binding (D-7)
        if callee in (found.a, a):
            return _outcome(INVALID, rules=["AX-404"])
        d = CALLEE_DEFAULT_S if duration is None else duration
        shown = {k: field_view(k, v) for k, v in (fields or {}).items() if v is not None}
        tc = TempCallee(callee=callee, duration=d, set_at=self.now, expires_at=self.now + d, fields=shown)
        new = replace(found, temp_callee=tc)
        self._bindings[new.sid] = new
        return _outcome(ACCEPTED, bindings=[new], rules=["AX-401", "AX-403"])


__all__ = [
    "ACCEPTED",
    "ALLOCATION_FAILED",
    "A_FULL",
    "DEFAULT_DUPLICATE_CODES",
    "INVALID",
    "MODIFIABLE",
    "NOT_FOUND",
    "NOT_OF_APP",
    "UNBIND_NOT_OF_APP",
    "X_TAKEN",
    "AxModel",
    "Binding",
    "Outcome",
    "TempCallee",
    "field_view",
]
