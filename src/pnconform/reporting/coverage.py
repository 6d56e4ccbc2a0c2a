"""Static coverage: which scenarios of the feature files claim which rule ids (read from their tags)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gherkin.parser import Parser

from pnconform.reporting.tags import rule_ids


@dataclass(frozen=True)
class ScenarioTags:
    feature_file: str
    name: str
    tags: frozenset[str]


def _tags(node: dict) -> set[str]:
    return {t["name"].lstrip("@") for t in node.get("tags", [])}


def scan(features_dir: Path) -> list[ScenarioTags]:
    """Every scenario of every `.feature` under `features_dir` with its effective tags."""
    found: list[ScenarioTags] = []
    for path in sorted(features_dir.rglob("*.feature")):
        feature = Parser().parse(path.read_text(encoding="utf-8")).get("feature")
        if not feature:
            continue
        rel = str(path.relative_to(features_dir))
        stack = [(child, _tags(feature)) for child in feature["children"]]
        while stack:
            child, inherited = stack.pop(0)
            if "rule" in child:
                rule_tags = inherited | _tags(child["rule"])
                stack.extend((c, rule_tags) for c in child["rule"]["children"])
            elif "scenario" in child:
                scenario = child["scenario"]
                tags = inherited | _tags(scenario)
                for examples in scenario.get("examples", []):
                    tags |= _tags(examples)
                found.append(ScenarioTags(rel, scenario["name"], frozenset(tags)))
    return found


def rules_covered(features_dir: Path) -> dict[str, list[str]]:
    """rule id → names of the scenarios tagged with it."""
    covered: dict[str, list[str]] = {}
    for scenario in scan(features_dir):
        for rule in rule_ids(scenario.tags):
            covered.setdefault(rule, []).append(f"{scenario.feature_file}: {scenario.name}")
    return covered
