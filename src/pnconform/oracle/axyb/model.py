"""A deliberately plain model of the AXYB relations of one app (spec 30-axe-axyb-x.md §B, README
D-7/D-10/D-19/D-24). It never imports the emulator.

The platform, not the client, picks X (step 1, by city) and Y (step 2), so the model does not
predict *which* number comes back: it predicts whether a bind must succeed or fail, and then
checks that the number the target chose is one the rules allow.

* Step 1 (A + X in a city, strict): refused when A already holds `max_x_per_a` X (AXYB-003; the
  code is undocumented, D-10: any refusal) or when the city has no number that is not the X of a
  live relation (AXYB-002; the allocation codes of D-19). When both apply, either. An accepted
  X must be a number of the city that no live relation uses as X.
* Step 2 (B + Y for subscriptionId S): S unknown, removed or expired → 1016001 (D-7, AXYB-005).
  A Y may serve several AX relations (AXYB-006) but never S twice (AXYB-007), nor S's own X
  (AXYB-004), nor more than `max_relations_per_y` relations (AXYB-008). X and Y come from the
  app's one pool (design.md "AXYB behaviour"). No usable number → D-19 codes.
* Lifetimes on the model clock (`advance`): the AX part ends at bind + `duration` (0: never) and
  takes its YB parts along (AXYB-013); a YB part ends at its bind + `ybDuration` (step 2's value,
  else step 1's; 0: with the AX part) and leaves the AX part (AXYB-014).
* Unbind: S alone removes everything (AXYB-017); with `yNum` only that YB part (AXYB-018), with
  `bNum` only B's (AXYB-019); `yNum` wins over `bNum`. Nothing matching → 1016001.
* Query: `subscriptionId` wins over `relationNum` (AXYB-020); one entry per YB part, or one
  without Y/B while there is none; no match → 1016001.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

ACCEPTED = "0"
INVALID = "1010002"
NOT_FOUND = "1016001"  # D-7
DEFAULT_ALLOC_CODES = ("1011002", "1012008")  # D-19
MAX_X_PER_A = 5  # D-10
MAX_RELATIONS_PER_Y = 1000  # D-10
ANY_REFUSAL = "any refusal"  # D-10: the code for exceeding an AXYB limit is not documented


@dataclass(frozen=True)
class Outcome:
    """What a conforming target may answer: codes (or any refusal), and for an accepted bind the
    numbers it may hand out."""

    codes: frozenset[str]
    allowed_numbers: frozenset[str] = frozenset()
    rules: tuple[str, ...] = ()  # the rule ids that decide these codes

    @property
    def accepted(self) -> bool:
        return self.codes == {ACCEPTED}

    def allows(self, code: str) -> bool:
        if code in self.codes:
            return True
        return ANY_REFUSAL in self.codes and code not in (ACCEPTED, "<no JSON body>")


def outcome(*codes: str, numbers: Iterable[str] = (), rules: Iterable[str] = ()) -> Outcome:
    return Outcome(frozenset(codes), frozenset(numbers), tuple(dict.fromkeys(rules)))


@dataclass
class Yb:
    b: str
    y: str
    created: float
    yb_duration: int

    @property
    def expires_at(self) -> float | None:
        return self.created + self.yb_duration if self.yb_duration > 0 else None


@dataclass
class Relation:
    sid: str
    a: str
    x: str
    created: float
    duration: int
    yb_duration: int
    ybs: list[Yb] = field(default_factory=list)

    @property
    def expires_at(self) -> float | None:
        return self.created + self.duration if self.duration > 0 else None

    def entries(self) -> set[tuple[str, str, str | None, str | None]]:
        """(numA, numX, numY, numB) as the query lists them."""
        if not self.ybs:
            return {(self.a, self.x, None, None)}
        return {(self.a, self.x, p.y, p.b) for p in self.ybs}


class AxybModel:
    def __init__(
        self,
        numbers: dict[str, str],  # number -> city of the app's pool
        *,
        max_x_per_a: int = MAX_X_PER_A,
        max_relations_per_y: int = MAX_RELATIONS_PER_Y,
        alloc_codes: Iterable[str] = DEFAULT_ALLOC_CODES,
        default_duration: int | None = None,  # None: absent durations are never observed to end
    ) -> None:
        self.numbers = dict(numbers)
        self.max_x_per_a = max_x_per_a
        self.max_relations_per_y = max_relations_per_y
        self.alloc_codes = tuple(alloc_codes)
        self.default_duration = default_duration
        self.now = 0.0
        self.relations: dict[str, Relation] = {}
        self.gone: set[str] = set()
        # subscriptionId -> the rules of its last change (AXYB-013/014 expiry, AXYB-017/018/019 unbind):
        # what a listing of it checks first.
        self.changed_by: dict[str, tuple[str, ...]] = {}

    # -- time ----------------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self._purge()

    def _purge(self) -> None:
        for sid, r in list(self.relations.items()):
            if r.expires_at is not None and r.expires_at <= self.now:
                self._drop(sid)
                self.changed_by[sid] = ("AXYB-013",)  # the AX lifetime ends, its YB parts with it
                continue
            kept = [p for p in r.ybs if p.expires_at is None or p.expires_at > self.now]
            if len(kept) != len(r.ybs):
                self.changed_by[sid] = ("AXYB-014",)  # only YB parts end: the AX part stays
            r.ybs = kept

    def _drop(self, sid: str) -> None:
        self.relations.pop(sid, None)
        self.gone.add(sid)

    # -- lookups -------------------------------------------------------------------------------

    def live(self) -> list[Relation]:
        return list(self.relations.values())

    def get(self, sid: str) -> Relation | None:
        return self.relations.get(sid)

    def x_count(self, a: str) -> int:
        return sum(1 for r in self.relations.values() if r.a == a)

    def relations_on_y(self, y: str) -> int:
        return sum(1 for r in self.relations.values() if any(p.y == y for p in r.ybs))

    def free_x(self, city: str) -> set[str]:
        used = {r.x for r in self.relations.values()}
        return {n for n, c in self.numbers.items() if c == city and n not in used}

    def usable_y(self, relation: Relation, city: str | None) -> set[str]:
        return {
            n
            for n, c in self.numbers.items()
            if (city is None or c == city)
            and n != relation.x
            and all(p.y != n for p in relation.ybs)
            and self.relations_on_y(n) < self.max_relations_per_y
        }

    # -- predictions and state changes ------------------------------------------------------------

    def bind_ax(self, a: str, city: str) -> Outcome:
        """What step 1 may answer (state unchanged: call `bound_ax` with the target's answer)."""
        codes: set[str] = set()
        rules: list[str] = []
        if self.x_count(a) >= self.max_x_per_a:
            codes.add(ANY_REFUSAL)
            rules.append("AXYB-003")
        free = self.free_x(city)
        if not free:
            codes.update(self.alloc_codes)
            rules.append("AXYB-002")  # every X of the city serves another A
        return (
            outcome(*codes, rules=rules) if codes else outcome(ACCEPTED, numbers=free, rules=["AXYB-001", "AXYB-002"])
        )

    def bound_ax(self, sid: str, a: str, x: str, duration: int | None, yb_duration: int | None) -> None:
        d = self.default_duration if duration is None else duration
        self.relations[sid] = Relation(sid, a, x, self.now, d or 0, yb_duration or 0)

    def bind_yb(self, sid: str, b: str, city: str | None) -> Outcome:
        relation = self.relations.get(sid)
        if relation is None:
            return outcome(NOT_FOUND, rules=["AXYB-005"])
        usable = self.usable_y(relation, city)
        if not usable:  # each number of the city is X (AXYB-004), a Y of S already (AXYB-007), or full (AXYB-008)
            rules = set()
            for n, c in self.numbers.items():
                if city is None or c == city:
                    if n == relation.x:
                        rules.add("AXYB-004")
                    elif any(p.y == n for p in relation.ybs):
                        rules.add("AXYB-007")
                    else:
                        rules.add("AXYB-008")
            return outcome(*self.alloc_codes, rules=sorted(rules) or ["AXYB-008"])
        return outcome(ACCEPTED, numbers=usable, rules=["AXYB-004", "AXYB-006"])

    def bound_yb(self, sid: str, b: str, y: str, yb_duration: int | None) -> None:
        relation = self.relations[sid]
        applied = relation.yb_duration if yb_duration is None else yb_duration
        relation.ybs.append(Yb(b, y, self.now, applied))

    def unbind(self, sid: str, y: str | None = None, b: str | None = None) -> Outcome:
        rules = ["AXYB-017"] if y is None and b is None else ["AXYB-018"] if y is not None else ["AXYB-019"]
        relation = self.relations.get(sid)
        if relation is None:
            return outcome(NOT_FOUND, rules=self.changed_by.get(sid, rules))
        self.changed_by[sid] = tuple(rules)
        if y is None and b is None:
            self._drop(sid)
            return outcome(ACCEPTED, rules=rules)
        keep = [p for p in relation.ybs if not (p.y == y if y is not None else p.b == b)]
        if len(keep) == len(relation.ybs):
            return outcome(NOT_FOUND, rules=rules)
        relation.ybs = keep
        return outcome(ACCEPTED, rules=rules)

    def query(self, sid: str | None = None, x: str | None = None) -> tuple[Outcome, set[tuple]]:
        """The outcome and the (numA, numX, numY, numB) entries a query must list."""
        if sid is not None:
            relation = self.relations.get(sid)
            found = relation.entries() if relation is not None else set()
            changes = set(self.changed_by.get(sid, ()))
        else:
            on_x = [r for r in self.relations.values() if r.x == x]
            found = set().union(*(r.entries() for r in on_x))
            changes = {rule for r in on_x for rule in self.changed_by.get(r.sid, ())}
        rules = sorted(changes) or ["AXYB-020"]  # the last change it shows, else the query itself
        return (outcome(ACCEPTED, rules=rules) if found else outcome(NOT_FOUND, rules=rules)), found


__all__ = [
    "ACCEPTED",
    "ANY_REFUSAL",
    "DEFAULT_ALLOC_CODES",
    "INVALID",
    "MAX_RELATIONS_PER_Y",
    "MAX_X_PER_A",
    "NOT_FOUND",
    "AxybModel",
    "Outcome",
    "Relation",
    "Yb",
]
