"""Every clause of every covered rule is asserted by a step its scenarios run, or says why not."""

from __future__ import annotations

from pathlib import Path

import pytest

from pnconform.catalogue import load_texts
from pnconform.clauses import ASSERTED, UNASSERTED, clause_coverage, rule_clauses, summary

ROOT = Path(__file__).resolve().parents[1]


def test_every_covered_rule_has_every_clause_asserted_or_a_reason() -> None:
    entries = clause_coverage(ROOT)
    problems = [p for e in entries for p in e.problems]
    assert not problems, f"{len(problems)} clause problem(s):\n" + "\n".join(problems[:60])
    figures = summary(entries)
    assert figures["rules_fully_asserted"] == figures["covered_rules"]


def _rule(clauses: str) -> str:
    return f"""
- id: T-001
  mode: common
  statement: "x"
  source: "s"
  confirmed: true
  testable: api
  clauses:
{clauses}
"""


def test_a_clause_is_asserted_only_when_a_tagged_scenario_runs_its_step() -> None:
    (rule,) = load_texts([("t.yaml", _rule('    - clause: "a"\n      checked-by: [one, two]'))])
    assert rule_clauses(rule, frozenset({"one", "two", "three"})).clauses[0].status == ASSERTED
    missing = rule_clauses(rule, frozenset({"one"}))
    assert missing.clauses[0].status == UNASSERTED and "two" in missing.problems[0]


@pytest.mark.parametrize(
    ("clauses", "problem"),
    [
        ('    - clause: "a"', "either 'checked-by' or 'not-checkable'"),
        ('    - clause: "a"\n      checked-by: [s]\n      not-checkable: "r"', "either"),
        ('    - clause: "a"\n      checked-by: ["not a name"]', "step function names"),
        ('    - text: "a"', "unknown field"),
        ("    []", "non-empty list"),
    ],
)
def test_a_malformed_clause_is_one_line_naming_the_rule(clauses: str, problem: str) -> None:
    with pytest.raises(ValueError, match="T-001") as raised:
        load_texts([("t.yaml", _rule(clauses))])
    assert problem in str(raised.value) and "\n" not in str(raised.value)
