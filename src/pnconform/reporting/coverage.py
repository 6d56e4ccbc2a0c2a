"""Static coverage: which scenarios of the feature files claim which rule ids (read from their tags)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from gherkin.parser import Parser

from pnconform.tags import rule_ids


@dataclass(frozen=True)
class ScenarioTags:
    feature_file: str
    name: str
    tags: frozenset[str]
    line: int = 0
    steps: tuple[tuple[str, str], ...] = ()  # (given | when | then, text), background first
    # An outline's rows, each as it runs: (the row's tags with the scenario's, its filled-in steps).
    rows: tuple[tuple[frozenset[str], tuple[tuple[str, str], ...]], ...] = ()


def _fill(text: str, row: dict[str, str]) -> str:
    for name, value in row.items():
        text = text.replace(f"<{name}>", value)
    return text


def _steps(nodes: list[dict], previous: str = "given") -> list[tuple[str, str]]:
    """Typed steps: And / But / * take the type of the step before them."""
    typed = []
    for step in nodes:
        kind = {"Context": "given", "Action": "when", "Outcome": "then"}.get(step.get("keywordType", ""), previous)
        typed.append((kind, step["text"]))
        previous = kind
    return typed


def _tags(node: dict) -> set[str]:
    return {t["name"].lstrip("@") for t in node.get("tags", [])}


def scan(features_dir: Path) -> list[ScenarioTags]:
    """Every scenario of every `.feature` under `features_dir` with its effective tags."""
    found: list[ScenarioTags] = []
    for path in sorted(features_dir.rglob("*.feature")):
        stat = path.stat()
        found += _scan_file(path, str(path.relative_to(features_dir)), stat.st_mtime_ns, stat.st_size)
    return found


@lru_cache(maxsize=256)
def _scan_file(path: Path, rel: str, mtime_ns: int, size: int) -> tuple[ScenarioTags, ...]:
    """One feature file's scenarios; cached on its modification time and size, as every report
    (and every run of the self-test's long-lived process) reads the same files again."""
    found: list[ScenarioTags] = []
    feature = Parser().parse(path.read_text(encoding="utf-8")).get("feature")
    if not feature:
        return ()
    stack = [(child, _tags(feature), ()) for child in feature["children"]]
    while stack:
        child, inherited, background = stack.pop(0)
        if "background" in child:
            background = tuple(child["background"]["steps"])
            stack = [(c, t, background) for c, t, _ in stack]
        elif "rule" in child:
            rule_tags = inherited | _tags(child["rule"])
            stack.extend((c, rule_tags, background) for c in child["rule"]["children"])
        elif "scenario" in child:
            scenario = child["scenario"]
            tags = inherited | _tags(scenario)
            for examples in scenario.get("examples", []):
                tags |= _tags(examples)
            steps = tuple(_steps([*background, *scenario["steps"]]))
            # An outline's steps with its first example row filled in: a step text as it runs.
            for examples in scenario.get("examples", [])[:1]:
                if examples.get("tableHeader") and examples.get("tableBody"):
                    head = [c["value"] for c in examples["tableHeader"]["cells"]]
                    row = [c["value"] for c in examples["tableBody"][0]["cells"]]
                    steps = tuple((kind, _fill(text, dict(zip(head, row, strict=False)))) for kind, text in steps)
            rows = []
            for examples in scenario.get("examples", []):
                if examples.get("tableHeader"):
                    head = [c["value"] for c in examples["tableHeader"]["cells"]]
                    row_tags = frozenset(inherited | _tags(scenario) | _tags(examples))
                    for body in examples.get("tableBody", []):
                        values = dict(zip(head, [c["value"] for c in body["cells"]], strict=False))
                        typed = _steps([*background, *scenario["steps"]])
                        filled = tuple((kind, _fill(text, values)) for kind, text in typed)
                        rows.append((row_tags, filled))
            line = scenario["location"]["line"]
            found.append(ScenarioTags(rel, scenario["name"], frozenset(tags), line, steps, tuple(rows)))
    return tuple(found)


def rules_covered(features_dir: Path) -> dict[str, list[str]]:
    """rule id → names of the scenarios tagged with it."""
    covered: dict[str, list[str]] = {}
    for scenario in scan(features_dir):
        for rule in rule_ids(scenario.tags):
            covered.setdefault(rule, []).append(f"{scenario.feature_file}: {scenario.name}")
    return covered
