"""Clause coverage: is every part of every covered rule asserted?

A rule of the catalogue may list its ``clauses``; each names the step definitions that assert it
(``checked-by``) or says why no scenario can (``not-checkable``). Here the names are held to the
feature files: a clause counts as asserted only when a scenario (or an outline row) tagged with
the rule runs every step definition it names. ``pnconform rules --clauses`` and conformance.json
show the result; tests/test_clauses.py fails on any covered rule that is not fully accounted for.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pnconform.catalogue import Rule, load_catalogue
from pnconform.reporting.coverage import scan
from pnconform.tags import rule_ids
from pnconform.where import step_function

ASSERTED, NOT_CHECKABLE, UNASSERTED = "asserted", "not-checkable", "unasserted"


@dataclass(frozen=True)
class ClauseStatus:
    text: str
    status: str  # asserted | not-checkable | unasserted
    checked_by: tuple[str, ...]
    detail: str = ""  # the not-checkable reason, or the step names no tagged scenario runs

    def as_json(self) -> dict[str, object]:
        return {"clause": self.text, "status": self.status, "checked_by": list(self.checked_by), "detail": self.detail}


@dataclass(frozen=True)
class RuleClauses:
    rule: Rule
    covered: bool
    clauses: tuple[ClauseStatus, ...]

    @property
    def problems(self) -> list[str]:
        """What keeps a covered rule from being fully accounted for (empty when it is)."""
        if not self.covered:
            return []
        if not self.clauses:
            return [f"{self.rule.id}: covered, but the catalogue lists no clauses"]
        return [f"{self.rule.id}: clause {c.text!r}: {c.detail}" for c in self.clauses if c.status == UNASSERTED]


@cache
def step_functions_by_rule(root: Path) -> dict[str, frozenset[str]]:
    """rule id -> names of the step definitions that scenarios (outline rows) tagged with it run."""
    found: dict[str, set[str]] = {}
    for scenario in scan(root / "features"):
        variants = scenario.rows or ((scenario.tags, scenario.steps),)
        for tags, steps in variants:
            names = {name for kind, text in steps if (name := step_function(kind, text, root)) is not None}
            for rule in rule_ids(tags):
                found.setdefault(rule, set()).update(names)
    return {rule: frozenset(names) for rule, names in found.items()}


def rule_clauses(rule: Rule, run: frozenset[str] | None) -> RuleClauses:
    """``run``: the step definitions run by the scenarios tagged with the rule (None: not covered)."""
    statuses = []
    for clause in rule.clauses:
        if clause.not_checkable:
            statuses.append(ClauseStatus(clause.text, NOT_CHECKABLE, (), clause.not_checkable))
            continue
        missing = [name for name in clause.checked_by if run is None or name not in run]
        if missing:
            detail = f"no scenario tagged {rule.id} runs {', '.join(missing)}"
            statuses.append(ClauseStatus(clause.text, UNASSERTED, clause.checked_by, detail))
        else:
            statuses.append(ClauseStatus(clause.text, ASSERTED, clause.checked_by))
    return RuleClauses(rule, run is not None, tuple(statuses))


def clause_coverage(root: Path) -> list[RuleClauses]:
    """Every catalogue rule with the status of each of its clauses, against the checkout at ``root``."""
    by_rule = step_functions_by_rule(root)
    return [rule_clauses(rule, by_rule.get(rule.id)) for rule in load_catalogue()]


def summary(entries: list[RuleClauses]) -> dict[str, int]:
    covered = [e for e in entries if e.covered]
    clauses = [c for e in covered for c in e.clauses]
    return {
        "covered_rules": len(covered),
        "rules_fully_asserted": sum(1 for e in covered if e.clauses and not e.problems),
        "clauses": len(clauses),
        "asserted": sum(1 for c in clauses if c.status == ASSERTED),
        "not_checkable": sum(1 for c in clauses if c.status == NOT_CHECKABLE),
        "unasserted": sum(1 for c in clauses if c.status == UNASSERTED),
        "rules_without_clauses": sum(1 for e in covered if not e.clauses),
    }
