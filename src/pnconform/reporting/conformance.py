"""Build `conformance.json` and `conformance.md` from scenario outcomes and the rule catalogue."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pnconform.catalogue import Rule

STATUSES = ("pass", "fail", "deviation", "skip", "not-covered")
MODE_ORDER = ("all", "axb", "common", "ax", "axe", "axyb", "x", "unknown")


@dataclass
class ScenarioOutcome:
    name: str  # "feature file: scenario name [example]"
    status: str  # pass | fail | deviation | skip
    rules: list[str]
    reason: str = ""


@dataclass
class RuleResult:
    rule: Rule | None
    scenarios: list[ScenarioOutcome] = field(default_factory=list)

    @property
    def status(self) -> str:
        statuses = {s.status for s in self.scenarios}
        for status in ("fail", "deviation", "pass", "skip"):  # the worst outcome that ran decides
            if status in statuses:
                return status
        return "not-covered"


def build(target: str, rules: list[Rule], outcomes: list[ScenarioOutcome]) -> dict:
    results: dict[str, RuleResult] = {r.id: RuleResult(r) for r in rules}
    for outcome in outcomes:
        for rule_id in outcome.rules:
            results.setdefault(rule_id, RuleResult(None)).scenarios.append(outcome)
    totals: dict[str, Counter] = {}
    doc_rules = {}
    for rule_id, result in results.items():
        mode = result.rule.mode if result.rule else "unknown"
        totals.setdefault(mode, Counter())[result.status] += 1
        totals.setdefault("all", Counter())[result.status] += 1
        entry: dict = {
            "status": result.status,
            "scenarios": sorted({s.name for s in result.scenarios}),
        }
        if result.rule:
            entry.update(
                mode=mode,
                statement=result.rule.statement,
                confirmed=result.rule.confirmed,
                testable=result.rule.testable,
                source=result.rule.source,
            )
            if result.status == "not-covered" and result.rule.testable != "api":
                entry["why"] = result.rule.why
        else:
            entry["warning"] = "tag is not a rule id of the catalogue"
        reasons = sorted({s.reason for s in result.scenarios if s.status in ("skip", "fail", "deviation") and s.reason})
        if reasons:
            entry["reasons"] = reasons
        doc_rules[rule_id] = entry
    return {
        "target": target,
        "generated": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "rules": doc_rules,
        "totals": {mode: {s: totals[mode].get(s, 0) for s in STATUSES} for mode in MODE_ORDER if mode in totals},
        "scenarios": {s: sum(1 for o in outcomes if o.status == s) for s in ("pass", "fail", "deviation", "skip")},
    }


def render_markdown(doc: dict) -> str:
    lines = [
        f"# Conformance of target `{doc['target']}`",
        "",
        f"Generated {doc['generated']}. Scenarios: " + ", ".join(f"{n} {s}" for s, n in doc["scenarios"].items()),
        "",
        "| mode | " + " | ".join(STATUSES) + " |",
        "|---|" + "---|" * len(STATUSES),
    ]
    for mode, counts in doc["totals"].items():
        lines.append(f"| {mode} | " + " | ".join(str(counts[s]) for s in STATUSES) + " |")
    by_mode: dict[str, list[tuple[str, dict]]] = {}
    for rule_id, entry in doc["rules"].items():
        by_mode.setdefault(entry.get("mode", "unknown"), []).append((rule_id, entry))
    for mode, entries in sorted(by_mode.items(), key=lambda item: MODE_ORDER.index(item[0])):
        lines += ["", f"## {mode}", "", "| rule | status | statement | scenarios / why |", "|---|---|---|---|"]
        for rule_id, entry in entries:
            note = "; ".join(entry["scenarios"]) or entry.get("why", "")
            if entry.get("reasons"):
                note += " — " + "; ".join(entry["reasons"])
            flag = "" if entry.get("confirmed", True) else " (unconfirmed)"
            statement = entry.get("statement", entry.get("warning", "")).replace("|", "\\|")
            note = note.replace("|", "\\|")
            lines.append(f"| {rule_id} | {entry['status']} | {statement}{flag} | {note} |")
    return "\n".join(lines) + "\n"


def write(directory: Path, doc: dict) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "conformance.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (directory / "conformance.md").write_text(render_markdown(doc), encoding="utf-8")
