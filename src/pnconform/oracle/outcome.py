"""What a model predicts for one call: the codes a conforming target may answer, the bindings
the call returns or removes, and a problem with an accepted answer (the AX, AXB and AXE models).

Like the models, nothing here may import `pnconform.emulator`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

ACCEPTED = "0"


@dataclass(frozen=True)
class Outcome:
    """The codes a conforming target may answer, the bindings the call returns or removes, and
    a problem with an accepted answer (e.g. an assigned extension that is taken)."""

    codes: frozenset[str]
    bindings: tuple[Any, ...] = ()  # the model's own Binding type
    problem: str | None = None
    rules: tuple[str, ...] = ()  # the rule ids that decide these codes (what a wrong answer breaks)
    problem_rules: tuple[str, ...] = ()  # the rule ids `problem` breaks

    @property
    def accepted(self) -> bool:
        return ACCEPTED in self.codes

    def allows(self, code: object) -> bool:
        return code in self.codes


def outcome(
    *codes: Iterable[str] | str,
    bindings: Iterable[Any] = (),
    problem: str | None = None,
    rules: Iterable[str] = (),
    problem_rules: Iterable[str] = (),
) -> Outcome:
    """An Outcome of the codes given one by one or as collections, decided by ``rules``."""
    flat: set[str] = set()
    for c in codes:
        flat.update([c] if isinstance(c, str) else c)
    return Outcome(frozenset(flat), tuple(bindings), problem, tuple(dict.fromkeys(rules)), tuple(problem_rules))


__all__ = ["ACCEPTED", "Outcome", "outcome"]
