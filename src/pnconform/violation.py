"""A failed check that names the rules it checks.

A scenario is tagged with every rule it exercises; when it fails, the report must blame the
rule the failing check belongs to, not every tag nearby (issue "a verdict you can sign"). Checks
that know their rule raise `RuleViolation`; `pnconform.reporting.outcomes` reads `.rules` from
the failure and reports the scenario's other tags as `exercised`. A plain AssertionError still
fails every rule the scenario is tagged with: attribution is a refinement, never a loophole.

No imports from the rest of pnconform: the oracle, the steps and the receiver all raise it.
"""

from __future__ import annotations

from collections.abc import Iterable


class RuleViolation(AssertionError):
    """An AssertionError whose ``rules`` are the rule ids the failed check belongs to."""

    def __init__(self, message: str, rules: Iterable[str]) -> None:
        self.rules: tuple[str, ...] = tuple(sorted({str(r) for r in rules if r}))
        if not self.rules:
            raise ValueError("a RuleViolation names at least one rule id")
        super().__init__(message)

    def __reduce__(self) -> tuple[type[RuleViolation], tuple[str, tuple[str, ...]]]:
        # Picklable with its rules (Hypothesis and xdist may copy exceptions between contexts).
        return (type(self), (str(self), self.rules))


def check(rules: str | Iterable[str], condition: object, message: str) -> None:
    """Raise RuleViolation(message, rules) unless ``condition`` holds."""
    __tracebackhide__ = True
    if not condition:
        raise RuleViolation(message, [rules] if isinstance(rules, str) else rules)


def rules_of(exc: BaseException | None) -> tuple[str, ...]:
    """The rules a failure names: its own, else those of the exception it was raised from."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, RuleViolation):
            return exc.rules
        if isinstance(exc, BaseExceptionGroup):  # e.g. Hypothesis' FlakyFailure: the first that names rules
            found = [rules for inner in exc.exceptions if (rules := rules_of(inner))]
            return found[0] if found else ()
        exc = exc.__cause__ or exc.__context__
    return ()


__all__ = ["RuleViolation", "check", "rules_of"]
