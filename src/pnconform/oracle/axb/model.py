"""A deliberately plain model of the AXB bindings of one app (spec 10-axb.md, README D-3/D-4/D-5).

It predicts, for bind / unbind / modify / query with an explicit X, which result codes a
conforming target may answer and what the bindings look like afterwards. It only covers what
the invariants machine sends: no area-based allocation, no parameter validation beyond A == B.

Time is the model's own clock in seconds (`advance`). A binding with `duration` d > 0 expires d
seconds after its bind or after the last modify that set `duration` (AXB-050); an expired
binding is gone everywhere: query, unbind, modify, overlap and capacity (AXB-025, AXB-109).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from pnconform.oracle.outcome import ACCEPTED, Outcome
from pnconform.oracle.outcome import outcome as _outcome

INVALID = "1010002"  # invalid request (here: A == B)
NOT_OF_APP = "1012001"  # X is not an X of this app (AXB-011, AXB-045)
NOT_FOUND = "1012007"  # unknown / removed / expired id, or no binding matches (AXB-043, AXB-057, AXB-067)

# The rules a removed binding's absence checks (`AxbModel.removed`): why it is gone.
UNBOUND_BY_ID = ("AXB-040",)  # unbind by subscriptionId removes it
UNBOUND_BY_X = ("AXB-041", "GEN-112")  # unbind by relationNum alone removes every pair on X
EXPIRED = ("AXB-025", "GEN-107")  # released once `duration` has passed since the bind
EXPIRED_AFTER_MODIFY = ("AXB-051", "GEN-107")  # ... since the modify that set it


@dataclass(frozen=True)
class Binding:
    sid: str
    x: str
    a: str
    b: str
    call_direction: int = 0
    duration: int = 0  # 0 = never expires
    max_duration: int = 0
    user_data: str | None = None
    seq: int = 0  # creation order: query lists are sorted by it
    expires_at: float | None = None
    renewed: bool = False  # `duration` last set by a modify (AXB-050/051/052), not by the bind


class AxbModel:
    def __init__(
        self,
        x_numbers: Iterable[str],
        *,
        max_pairs_per_x: int = 5000,
        duplicate_codes: Iterable[str] = ("1012010",),
        full_codes: Iterable[str] = ("1012008", "1012009"),
    ) -> None:
        self.x_numbers = frozenset(x_numbers)  # the X numbers of this app; any other X is foreign
        self.max_pairs_per_x = max_pairs_per_x
        self.duplicate_codes = frozenset(duplicate_codes)
        self.full_codes = frozenset(full_codes)
        self.now = 0.0
        self._bindings: dict[str, Binding] = {}
        self._seq = 0
        self.removed: dict[str, tuple[str, ...]] = {}  # subscriptionId -> the rules that removed it

    # -- state --------------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self._expire()

    def _expire(self) -> None:
        for sid, b in list(self._bindings.items()):
            if b.expires_at is not None and b.expires_at <= self.now:
                del self._bindings[sid]
                self.removed[sid] = EXPIRED_AFTER_MODIFY if b.renewed else EXPIRED

    def _expiry(self, duration: int) -> float | None:
        return self.now + duration if duration > 0 else None

    def live(self, x: str | None = None) -> list[Binding]:
        """Live bindings (on X when given), oldest first."""
        self._expire()
        return sorted((b for b in self._bindings.values() if x is None or b.x == x), key=lambda b: b.seq)

    def get(self, sid: str) -> Binding | None:
        self._expire()
        return self._bindings.get(sid)

    def _numbers_on(self, x: str, excluding: str | None = None) -> set[str]:
        return {n for b in self.live(x) if b.sid != excluding for n in (b.a, b.b)}

    def lifetime_rules(self, b: Binding) -> tuple[str, ...]:
        """The rules that keep a live binding alive: a renewed duration counts from the modify."""
        if not b.renewed:
            return ()
        return ("AXB-050",) if b.duration > 0 else ("AXB-052",)

    def _gone(self, sid: str, by_id: tuple[str, ...], by_x: tuple[str, ...], unknown: tuple[str, ...]) -> Outcome:
        """NOT_FOUND for an id that is not live, decided by why it is gone (or by ``unknown``)."""
        why = self.removed.get(sid)
        if why is None:
            return _outcome(NOT_FOUND, rules=unknown)
        if why == UNBOUND_BY_ID:
            return _outcome(NOT_FOUND, rules=by_id)
        if why == UNBOUND_BY_X:
            return _outcome(NOT_FOUND, rules=by_x)
        return _outcome(NOT_FOUND, rules=why)  # expired (AXB-025) or expired after a modify (AXB-050/051)

    # -- interfaces ---------------------------------------------------------------------------

    def bind(
        self,
        a: str,
        b: str,
        x: str,
        *,
        sid: str | None = None,
        call_direction: int = 0,
        duration: int = 0,
        max_duration: int = 0,
        user_data: str | None = None,
    ) -> Outcome:
        """Bind A-X-B. `sid` is the id the target returned (one is made up when absent)."""
        if a == b:
            return _outcome(INVALID, rules=["GEN-113"])  # one number twice on X (not sent by the machine)
        if x not in self.x_numbers:
            return _outcome(NOT_OF_APP, rules=["AXB-011", "GEN-102"])
        # AXB-004/005/006/008: neither user number may already be on X, in either role (GEN-113).
        on_x = self.live(x)
        overlap: list[str] = []
        if any((m.a, m.b) == (a, b) for m in on_x):
            overlap.append("AXB-008")  # the identical triple
        if any(m.a == a for m in on_x):
            overlap += ["AXB-004", "AXB-106"]  # same A (one A with several B needs several X)
        if any(m.b == b for m in on_x):
            overlap.append("AXB-005")  # same B
        if any(m.b == a or m.a == b for m in on_x):
            overlap.append("AXB-006")  # B as A (or A as B)
        full = len(on_x) >= self.max_pairs_per_x  # AXB-010, AXB-109
        if overlap or full:
            # The spec gives no precedence between the two refusals: accept either code when both apply.
            return _outcome(
                self.duplicate_codes if overlap else (),
                self.full_codes if full else (),
                rules=([*overlap, "GEN-113"] if overlap else []) + (["AXB-010", "AXB-109"] if full else []),
            )
        # AXB-007: two numbers new to X bind beside its other pairs; AXB-009: the same A on another X.
        elsewhere = any({a, b} & {m.a, m.b} for m in self.live() if m.x != x)
        accepted = ["AXB-007", *(["AXB-009"] if elsewhere else [])]
        self._seq += 1
        new = Binding(
            sid=sid or f"model-{self._seq}",
            x=x,
            a=a,
            b=b,
            call_direction=call_direction,
            duration=duration,
            max_duration=max_duration,
            user_data=user_data,
            seq=self._seq,
            expires_at=self._expiry(duration),
        )
        self._bindings[new.sid] = new
        return _outcome(ACCEPTED, bindings=[new], rules=accepted)

    def unbind(self, *, sid: str | None = None, x: str | None = None) -> Outcome:
        """`subscriptionId` wins (AXB-042); only `relationNum` removes every pair on X (AXB-041)."""
        if sid is not None:
            wins = ("AXB-042", "GEN-111") if x is not None else ()  # sent with a relationNum: the id decides
            found = self.get(sid)
            if found is None:  # AXB-043 unknown id, AXB-044 unbound twice
                if wins:
                    return _outcome(NOT_FOUND, rules=wins)
                return self._gone(sid, ("AXB-044",), ("AXB-041", "GEN-112"), ("AXB-043",))
            del self._bindings[sid]
            self.removed[sid] = UNBOUND_BY_ID
            return _outcome(ACCEPTED, bindings=[found], rules=wins or UNBOUND_BY_ID)
        if x is None or x not in self.x_numbers:
            return _outcome(NOT_OF_APP, rules=["AXB-045", "GEN-102"] if x else ["AXB-046"])
        removed = self.live(x)
        if not removed:
            return _outcome(NOT_FOUND, rules=UNBOUND_BY_X)
        for gone in removed:
            del self._bindings[gone.sid]
            self.removed[gone.sid] = UNBOUND_BY_X
        return _outcome(ACCEPTED, bindings=removed, rules=UNBOUND_BY_X)

    def modify(
        self,
        sid: str,
        *,
        a: str | None = None,
        b: str | None = None,
        call_direction: int | None = None,
        duration: int | None = None,
        max_duration: int | None = None,
    ) -> Outcome:
        """Absent fields stay unchanged; a new duration restarts the countdown now (AXB-050/051)."""
        old = self.get(sid)
        if old is None:  # AXB-057: unknown or expired id
            return self._gone(sid, ("AXB-057", "AXB-040"), ("AXB-057", "AXB-041"), ("AXB-057",))
        new_a, new_b = a or old.a, b or old.b
        if new_a == new_b:
            return _outcome(INVALID, rules=["GEN-113"])  # not sent by the machine
        if {new_a, new_b} & self._numbers_on(old.x, excluding=sid):  # AXB-056
            return _outcome(self.duplicate_codes, rules=["AXB-056", "GEN-113"])
        new = replace(
            old,
            a=new_a,
            b=new_b,
            call_direction=old.call_direction if call_direction is None else call_direction,
            max_duration=old.max_duration if max_duration is None else max_duration,
        )
        if duration is not None:
            new = replace(new, duration=duration, expires_at=self._expiry(duration), renewed=True)
        self._bindings[sid] = new
        return _outcome(ACCEPTED, bindings=[new], rules=["AXB-055", *self.lifetime_rules(old)])

    def query(
        self, *, sid: str | None = None, x: str | None = None, a: str | None = None, b: str | None = None
    ) -> Outcome:
        """`subscriptionId` wins (numbers ignored); else bindings on X filtered by A and/or B."""
        if sid is not None:
            wins = ("AXB-062", "GEN-111") if x is not None else ()  # sent with a relationNum: the id decides
            found = self.get(sid)
            if found is None:  # AXB-067 unknown id; AXB-040 a query after the unbind
                if wins:
                    return _outcome(NOT_FOUND, rules=wins)
                return self._gone(sid, ("AXB-040",), ("AXB-041", "GEN-112"), ("AXB-067",))
            return _outcome(ACCEPTED, bindings=[found], rules=wins or ("AXB-060", *self.lifetime_rules(found)))
        if x is None:
            return _outcome(INVALID, rules=["AXB-064"])
        if x not in self.x_numbers:
            return _outcome(NOT_OF_APP, rules=["AXB-011", "GEN-102"])
        filtered = a is not None or b is not None
        rules = ["AXB-063"] if filtered else ["AXB-061"]  # narrowed by callerNum/calleeNum, or every pair
        matches = [m for m in self.live(x) if a in (None, m.a) and b in (None, m.b)]
        return _outcome(ACCEPTED, bindings=matches, rules=rules) if matches else _outcome(NOT_FOUND, rules=rules)
