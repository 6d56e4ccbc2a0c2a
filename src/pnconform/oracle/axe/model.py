"""A deliberately plain model of the AXE bindings of one app (spec 30-axe-axyb-x.md §A, README
D-7/D-9/D-12/D-23).

It predicts, for bind (explicit X) / unbind / modify / query, which result codes a conforming
target may answer and which bindings exist afterwards. It covers what the invariants machine
sends: no allocation by areaCode, no parameter validation beyond the extension format.

* Extensions of length L run from 1 to 10**L - 1, written with L digits (§A.1); one X holds at
  most that many bindings. An extension is held at most once per X (AXE-004, AXE-007); without
  `extendNum` the target picks any free one (AXE-002, the model accepts every free one and
  records the one the target answered); with it the target gives exactly that one (AXE-003).
* Refusals: an X of another app → the target's foreign-X codes (GEN-102); the same A again on
  one X → its duplicate codes (D-12); a chosen extension that is taken → 1020167 (AXE-004); a
  full X without `extendNum` → its full-X codes (AXE-006). The spec gives no precedence between
  refusals, so when several apply any of their codes is accepted.
* Selectors: `subscriptionId` wins (AXE-017); else `virtualNum` with `extendNum`; neither, or
  only one of the two → 1010002 (AXE-016). Not found → 1016001 (D-7, AXE-018).
* Lifetime: `bindExpiredTime` × (3600 | 60 for `timeUnit` "1") seconds after the bind on the
  model's clock (`advance`); absent or 0 = never (AXE-013, AXE-014, D-23). A modify does not
  move it, and the query keeps the bind-time `timeUnit`/`bindExpiredTime` (D-9).

Fields are kept as the query shows them (`recordFlag` as "true"/"false", integers as int); only
fields whose value is known are compared: what was sent, and the documented defaults.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pnconform.oracle.outcome import ACCEPTED, Outcome
from pnconform.oracle.outcome import outcome as _outcome

INVALID = "1010002"
NOT_FOUND = "1016001"  # D-7
EXTENSION_TAKEN = "1020167"  # `No idle extend Number.` (AXE-004)
DEFAULT_DUPLICATE_CODES = ("1013102", "1012010")  # D-12
DEFAULT_FULL_CODES = ("1020167", "1012008", "1011002")  # AXE-006: undocumented
DEFAULT_FOREIGN_CODES = ("1012001", "1011001")  # GEN-102: undocumented for AXE
UNIT_SECONDS = {"0": 3600, "1": 60}
NOT_FOUND_RULES = ("AXE-018", "CODE-1016001")  # a removed or unknown id: 1016001 (D-7)
# §A.6 documents no default values, so only what was sent is compared.
DEFAULT_FIELDS: Mapping[str, Any] = {}
MODIFIABLE = ("displayNumMode", "recordFlag", "callbackExpiredTime", "userData")


def field_view(name: str, value: Any) -> Any:
    """A field value as the query shows it: booleans as "true"/"false", integers as int."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if name in ("bindExpiredTime", "callbackExpiredTime"):
        try:
            return int(value)
        except (TypeError, ValueError):
            return value
    return value


@dataclass(frozen=True)
class Binding:
    sid: str
    x: str
    a: str
    extension: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    seq: int = 0
    expires_at: float | None = None  # None: never


class AxeModel:
    def __init__(
        self,
        x_numbers: Iterable[str],
        extension_length: int,
        *,
        duplicate_codes: Iterable[str] = DEFAULT_DUPLICATE_CODES,
        full_codes: Iterable[str] = DEFAULT_FULL_CODES,
        foreign_codes: Iterable[str] = DEFAULT_FOREIGN_CODES,
    ) -> None:
        if not 1 <= extension_length <= 4:
            raise ValueError("an AXE extension has 1-4 digits")
        self.x_numbers = frozenset(x_numbers)
        self.length = extension_length
        self.capacity = 10**extension_length - 1
        self.duplicate_codes = frozenset(duplicate_codes)
        self.full_codes = frozenset(full_codes)
        self.foreign_codes = frozenset(foreign_codes)
        self.now = 0.0
        self._bindings: dict[str, Binding] = {}
        self._seq = 0
        self.removed: dict[str, tuple[str, ...]] = {}  # subscriptionId -> the rules that removed it

    # -- state --------------------------------------------------------------------------------

    def advance(self, seconds: float) -> list[Binding]:
        """Move the clock; returns the bindings that expired (AXE-014)."""
        self.now += seconds
        gone = [b for b in self._bindings.values() if b.expires_at is not None and b.expires_at <= self.now]
        for b in gone:
            del self._bindings[b.sid]
            self.removed[b.sid] = ("AXE-014",)
        return gone

    def lifetime_rules(self, b: Binding) -> tuple[str, ...]:
        """The rule that keeps a live binding: no lifetime never expires (AXE-013), else not yet (AXE-014)."""
        return ("AXE-013",) if b.expires_at is None else ("AXE-014",)

    def live(self, *, x: str | None = None) -> list[Binding]:
        """Bindings (on X when given), oldest first."""
        return sorted((b for b in self._bindings.values() if x in (None, b.x)), key=lambda b: b.seq)

    def get(self, sid: str) -> Binding | None:
        return self._bindings.get(sid)

    def at(self, x: str, extension: str) -> Binding | None:
        return next((b for b in self._bindings.values() if b.x == x and b.extension == extension), None)

    def extensions(self) -> list[str]:
        """Every extension of the app's length, in order."""
        return [str(n).zfill(self.length) for n in range(1, self.capacity + 1)]

    def is_extension(self, value: object) -> bool:
        """L ASCII digits within 1..10**L-1 (AXE-001, AXE-005)."""
        return (
            isinstance(value, str)
            and len(value) == self.length
            and value.isascii()
            and value.isdigit()
            and int(value) >= 1
        )

    def full(self, x: str) -> bool:
        return len(self.live(x=x)) >= self.capacity

    def _select(self, sid: str | None, x: str | None, extension: str | None) -> Binding | Outcome:
        if sid is not None:
            found = self.get(sid)
            wins = ("AXE-017",) if x is not None or extension is not None else ()
            return found if found is not None else _outcome(NOT_FOUND, rules=wins or NOT_FOUND_RULES)
        if x is None or extension is None:
            return _outcome(INVALID, rules=["AXE-016"])  # AXE-016: the two come together
        found = self.at(x, extension)
        return found if found is not None else _outcome(NOT_FOUND, rules=["AXE-016", "CODE-1016001"])

    # -- interfaces ---------------------------------------------------------------------------

    def bind(
        self,
        a: str,
        x: str,
        *,
        chosen: str | None = None,
        answered: str | None = None,
        sid: str | None = None,
        fields: Mapping[str, Any] | None = None,
    ) -> Outcome:
        """Bind A on an explicit X, with a `chosen` extension or without (None or "").

        `answered` is the extension the target returned and `sid` its id (made up when absent);
        an accepted bind whose extension is not the chosen one, or not free, carries a problem.
        """
        chosen = chosen or None
        if chosen is not None and not self.is_extension(chosen):
            return _outcome(INVALID, rules=["AXE-005"])  # parameter checks come before the business rules
        refusals: list[Iterable[str]] = []
        rules: list[str] = []
        if x not in self.x_numbers:
            refusals.append(self.foreign_codes)
            rules.append("GEN-102")
        else:
            if any(b.a == a for b in self.live(x=x)):
                refusals.append(self.duplicate_codes)
                rules.append("CODE-1013102")  # D-12: one A once per X
            if chosen is not None and self.at(x, chosen) is not None:
                refusals.append([EXTENSION_TAKEN])
                rules += ["AXE-004", "CODE-1020167"]
            if chosen is None and self.full(x):
                refusals.append(self.full_codes)
                rules.append("AXE-006")
        if refusals:
            return _outcome(*refusals, rules=rules)
        extension = chosen if chosen is not None else answered
        problem, problem_rules = None, ()
        if chosen is not None and answered != chosen:
            problem, problem_rules = (
                f"the chosen extension {chosen!r} was answered as {answered!r} (AXE-003)",
                ("AXE-003",),
            )
        elif not self.is_extension(answered):
            problem = f"the extension {answered!r} is not {self.length} digits within 1..{self.capacity} (AXE-001)"
            problem_rules = ("AXE-001",)
        elif self.at(x, str(answered)) is not None:
            problem = f"the extension {answered!r} is already held on {x} (AXE-002, AXE-007)"
            problem_rules = ("AXE-002", "AXE-007")
        self._seq += 1
        sent = {k: field_view(k, v) for k, v in (fields or {}).items() if v is not None}
        unit, lifetime = sent.get("timeUnit", "0"), sent.get("bindExpiredTime", 0)
        expires = self.now + lifetime * UNIT_SECONDS.get(unit, 3600) if isinstance(lifetime, int) and lifetime else None
        new = Binding(
            sid=sid or f"model-{self._seq}",
            x=x,
            a=a,
            extension=str(extension or ""),
            fields={**DEFAULT_FIELDS, **sent},
            seq=self._seq,
            expires_at=expires,
        )
        self._bindings[new.sid] = new
        accepted = ["AXE-003"] if chosen is not None else ["AXE-002"]  # a free extension: chosen, or any
        return _outcome(ACCEPTED, bindings=[new], problem=problem, rules=accepted, problem_rules=problem_rules)

    def unbind(self, *, sid: str | None = None, x: str | None = None, extension: str | None = None) -> Outcome:
        found = self._select(sid, x, extension)
        if isinstance(found, Outcome):
            return found
        del self._bindings[found.sid]
        self.removed[found.sid] = ("AXE-015",) if sid is not None else ("AXE-016",)
        wins = ("AXE-017",) if sid is not None and (x is not None or extension is not None) else ()
        return _outcome(ACCEPTED, bindings=[found], rules=wins or self.removed[found.sid])

    def modify(
        self,
        *,
        sid: str | None = None,
        x: str | None = None,
        extension: str | None = None,
        fields: Mapping[str, Any] | None = None,
    ) -> Outcome:
        """Absent = unchanged; `timeUnit`/`bindExpiredTime` change neither the query nor the expiry (D-9)."""
        found = self._select(sid, x, extension)
        if isinstance(found, Outcome):
            return found
        changed = {
            k: field_view(k, v)
            for k, v in (fields or {}).items()
            if v is not None and k not in ("timeUnit", "bindExpiredTime")
        }
        new = replace(found, fields={**found.fields, **changed})
        self._bindings[new.sid] = new
        return _outcome(ACCEPTED, bindings=[new], rules=["AXE-019"])

    def query(self, *, sid: str | None = None, x: str | None = None, extension: str | None = None) -> Outcome:
        found = self._select(sid, x, extension)
        if isinstance(found, Outcome):
            return found
        wins = ("AXE-017",) if sid is not None and (x is not None or extension is not None) else ()
        return _outcome(ACCEPTED, bindings=[found], rules=wins or ("AXE-021", *self.lifetime_rules(found)))


__all__ = [
    "ACCEPTED",
    "DEFAULT_DUPLICATE_CODES",
    "DEFAULT_FOREIGN_CODES",
    "DEFAULT_FULL_CODES",
    "EXTENSION_TAKEN",
    "INVALID",
    "MODIFIABLE",
    "NOT_FOUND",
    "NOT_FOUND_RULES",
    "AxeModel",
    "Binding",
    "Outcome",
    "field_view",
]
