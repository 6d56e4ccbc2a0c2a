"""The conformance summary: rule status from scenario outcomes, totals, markdown, coverage scan."""

import json
import warnings
from collections import Counter
from pathlib import Path

import pytest

from pnconform.catalogue import Rule
from pnconform.reporting import conformance
from pnconform.reporting.conformance import ScenarioOutcome
from pnconform.reporting.coverage import rules_covered, scan
from pnconform.tags import SCENARIO_ID, mode_of, rule_ids, scenario_id, scenario_ids

ROOT = Path(__file__).resolve().parents[1]


def rule(rule_id: str, mode: str = "axb", testable: str = "api") -> Rule:
    why = "" if testable == "api" else "needs a call simulator"
    return Rule(rule_id, mode, f"statement of {rule_id}", "https://example.test", True, testable, why, None, "10-axb")


def test_worst_outcome_decides_and_uncovered_rules_are_listed():
    rules = [rule("AXB-001"), rule("AXB-004"), rule("AXB-025"), rule("AXB-080", testable="simulator")]
    outcomes = [
        ScenarioOutcome("bind: a", "pass", ["AXB-001", "AXB-004"]),
        ScenarioOutcome("bind: b", "fail", ["AXB-004"], "failed in call"),
        ScenarioOutcome("bind: c", "skip", ["AXB-025"], "target has no test hooks"),
    ]
    doc = conformance.build("reference", rules, outcomes)
    statuses = {rid: entry["status"] for rid, entry in doc["rules"].items()}
    assert statuses == {"AXB-001": "pass", "AXB-004": "fail", "AXB-025": "skip", "AXB-080": "not-covered"}
    assert doc["rules"]["AXB-004"]["scenarios"] == ["bind: a", "bind: b"]
    assert doc["rules"]["AXB-025"]["reasons"] == ["target has no test hooks"]
    assert doc["rules"]["AXB-080"]["why"] == "needs a call simulator"
    assert doc["totals"]["axb"] == {
        "pass": 1,
        "fail": 1,
        "indeterminate": 0,
        "expected-fail": 0,
        "deviation": 0,
        "unexpected-pass": 0,
        "exercised": 0,
        "skip": 1,
        "not-run": 0,
        "not-selected": 0,
        "not-covered": 1,
    }
    assert doc["verdict"].startswith("does not conform: 1 rule fail")
    assert doc["target"] == "reference"


def test_unknown_tag_is_flagged_not_dropped():
    doc = conformance.build("t", [rule("AXB-001")], [ScenarioOutcome("x", "pass", ["AXB-999"])])
    assert doc["rules"]["AXB-999"]["warning"]


def test_files_are_written(tmp_path):
    doc = conformance.build("t", [rule("AXB-001")], [ScenarioOutcome("bind: a | b", "pass", ["AXB-001"])])
    conformance.write(tmp_path, doc)
    assert json.loads((tmp_path / "conformance.json").read_text())["rules"]["AXB-001"]["status"] == "pass"
    markdown = (tmp_path / "conformance.md").read_text()
    assert "| AXB-001 | pass |" in markdown and "bind: a \\| b" in markdown


def test_conformance_lists_scenarios_by_id_with_their_names():
    outcomes = [
        ScenarioOutcome("axb/bind.feature: a", "pass", ["AXB-001"], id="axb-bind-01"),
        ScenarioOutcome(
            "axb/bind.feature: b [x]", "fail", ["AXB-001"], "failed in call", message="boom", id="axb-bind-02[x]"
        ),
        ScenarioOutcome("old: no id", "pass", ["AXB-001"]),
    ]
    doc = conformance.build("reference", [rule("AXB-001")], outcomes)
    assert doc["rules"]["AXB-001"]["scenario_ids"] == ["axb-bind-01", "axb-bind-02[x]", "old: no id"]
    assert doc["rules"]["AXB-001"]["scenarios"] == ["axb/bind.feature: a", "axb/bind.feature: b [x]", "old: no id"]
    assert doc["rules"]["AXB-001"]["evidence"][0]["id"] == "axb-bind-02[x]"
    assert doc["by_scenario"]["axb-bind-01"] == {"name": "axb/bind.feature: a", "status": "pass", "rules": ["AXB-001"]}
    assert doc["by_scenario"]["axb-bind-02[x]"]["reason"] == "failed in call"
    assert list(doc["by_scenario"]) == sorted(doc["by_scenario"])


def test_tags():
    assert scenario_id({"axb", "id:axb-bind-07", "AXB-004"}) == "axb-bind-07"
    assert scenario_id({"axb", "AXB-004"}) == "" and scenario_id({"id:axb-bind-07", "id:axb-bind-08"}) == ""
    assert rule_ids({"axb", "id:axb-bind-07", "id:AXB-004", "AXB-001"}) == ["AXB-001"]  # id tags are never rules
    assert rule_ids({"axb", "AXB-004", "CODE-1010010-401", "needs-hooks", "AX-005"}) == [
        "AX-005",
        "AXB-004",
        "CODE-1010010-401",
    ]
    assert mode_of({"axb", "common"}) == "common"
    assert mode_of({"axb"}) == "axb"


def test_every_tagged_rule_id_is_in_the_catalogue():
    from pnconform.catalogue import rules_by_id

    known = rules_by_id()
    unknown = {rid: names for rid, names in rules_covered(ROOT / "features").items() if rid not in known}
    assert not unknown


def test_every_scenario_names_a_rule_and_a_mode():
    for scenario in scan(ROOT / "features"):
        assert rule_ids(scenario.tags), f"{scenario.feature_file}: {scenario.name} has no rule id tag"
        assert scenario.tags & {"axb", "ax", "axe", "axyb", "x", "common"}, f"{scenario.name} has no mode tag"


def test_every_scenario_has_exactly_one_stable_unique_id():
    """`@id:<features folder>-<file stem>-<NN>`, one per scenario, unique; ids are never renumbered:
    a new scenario takes its file's next free number, a removed scenario's id is never reused."""
    seen: Counter[str] = Counter()
    for scenario in scan(ROOT / "features"):
        where = f"{scenario.feature_file}:{scenario.line} {scenario.name}"
        ids = scenario_ids(scenario.tags)
        assert len(ids) == 1, f"{where}: expected exactly one @id: tag, got {ids}"
        folder, stem = Path(scenario.feature_file).parent.name, Path(scenario.feature_file).stem
        assert SCENARIO_ID.match(ids[0]) and ids[0].startswith(f"{folder}-{stem}-"), f"{where}: id {ids[0]}"
        seen[ids[0]] += 1
    assert len(seen) > 400
    assert not [i for i, n in seen.items() if n > 1], "duplicate scenario ids"


def test_an_id_tag_is_a_silent_mark_that_selects_its_scenario():
    # pytest-bdd turns each tag into a mark (`getattr(pytest.mark, tag)`): `id:axb-bind-07` is one,
    # and pyproject's filterwarnings keeps pytest's unknown-mark warning silent, as for rule ids.
    from _pytest.mark.expression import Expression

    mark = getattr(pytest.mark, "id:axb-bind-07")
    assert mark.name == "id:axb-bind-07"
    assert Expression.compile("id:axb-bind-07").evaluate(lambda name, **kw: name == "id:axb-bind-07")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.filterwarnings("ignore", category=pytest.PytestUnknownMarkWarning)  # as pyproject.toml
        getattr(pytest.mark, "id:axb-bind-08")


def test_each_rule_shows_its_clauses_and_the_run_counts_those_it_asserted():
    from dataclasses import replace

    from pnconform.catalogue import Clause
    from pnconform.reporting import summary

    clauses = (Clause("refused with 1012010", ("refused_with",)), Clause("nothing is stored", (), "needs a console"))
    rules = [replace(rule("AXB-004"), clauses=clauses), replace(rule("AXB-005"), clauses=clauses[:1])]
    doc = conformance.build("reference", rules, [ScenarioOutcome("bind: a", "pass", ["AXB-004"])])
    assert doc["rules"]["AXB-004"]["clauses"] == [
        {"clause": "refused with 1012010", "checked_by": ["refused_with"]},
        {"clause": "nothing is stored", "not_checkable": "needs a console"},
    ]
    # Only the clauses of the rules this run checked count (AXB-005 has no scenario here).
    assert doc["clauses"] == {"clauses": 2, "asserted": 1, "not-checkable": 1}
    page = summary.render(doc)
    assert "2 clause(s)" in page and "asserted by refused_with" in page and "not checkable: needs a console" in page
