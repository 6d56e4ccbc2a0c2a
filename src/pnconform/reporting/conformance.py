"""Build `conformance.json` and `conformance.md` from scenario outcomes and the rule catalogue."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pnconform.catalogue import Rule

STATUSES = ("pass", "fail", "indeterminate", "expected-fail", "deviation", "unexpected-pass", "skip", "not-covered")
SCENARIO_STATUSES = STATUSES[:-1]
# A rule takes the worst status among its scenarios that ran (`not-covered` when none did).
_WORST_FIRST = ("fail", "indeterminate", "expected-fail", "deviation", "unexpected-pass", "pass", "skip")
MODE_ORDER = ("all", "axb", "common", "ax", "axe", "axyb", "x", "unknown")


@dataclass
class ScenarioOutcome:
    name: str  # "feature file: scenario name [example]"
    status: str  # one of SCENARIO_STATUSES
    rules: list[str]
    reason: str = ""
    link: str = ""  # expected-fail / unexpected-pass: where the deviation is documented
    message: str = ""  # fail / indeterminate: the first lines of the (redacted) failure
    listed: list[str] = field(default_factory=list)  # its rule ids named in the expectations file

    def status_for(self, rule_id: str) -> str:
        """An unexpected pass is news for the listed rules only; the others simply pass."""
        if self.status == "unexpected-pass" and rule_id not in self.listed:
            return "pass"
        return self.status


@dataclass
class RuleResult:
    rule: Rule | None
    scenarios: list[ScenarioOutcome] = field(default_factory=list)
    id: str = ""

    @property
    def status(self) -> str:
        statuses = {s.status_for(self.id) for s in self.scenarios}
        for status in _WORST_FIRST:
            if status in statuses:
                return status
        return "not-covered"


def build(target: str, rules: list[Rule], outcomes: list[ScenarioOutcome]) -> dict:
    results: dict[str, RuleResult] = {r.id: RuleResult(r, id=r.id) for r in rules}
    for outcome in outcomes:
        for rule_id in outcome.rules:
            results.setdefault(rule_id, RuleResult(None, id=rule_id)).scenarios.append(outcome)
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
        reasons = sorted({s.reason for s in result.scenarios if s.status_for(rule_id) != "pass" and s.reason})
        if reasons:
            entry["reasons"] = reasons
        links = sorted({s.link for s in result.scenarios if s.link and s.status_for(rule_id) != "pass"})
        if links:
            entry["links"] = links
        evidence = [
            {"scenario": s.name, "status": s.status, "message": s.message}
            for s in result.scenarios
            if s.status in ("fail", "indeterminate") and s.message
        ]
        if evidence:
            entry["evidence"] = evidence
        doc_rules[rule_id] = entry
    doc = {
        "target": target,
        "generated": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "rules": doc_rules,
        "totals": {mode: {s: totals[mode].get(s, 0) for s in STATUSES} for mode in MODE_ORDER if mode in totals},
        "scenarios": {s: sum(1 for o in outcomes if o.status == s) for s in SCENARIO_STATUSES},
    }
    doc["verdict_status"], doc["verdict"] = verdict(doc)
    return doc


def verdict(doc: dict) -> tuple[str, str]:
    """One line a reader can sign: (status, text), from the rule totals of a conformance document."""
    counts = doc["totals"].get("all", {})
    ran = doc["scenarios"]
    fail, undecided = counts.get("fail", 0), counts.get("indeterminate", 0)
    expected, deviation = counts.get("expected-fail", 0), counts.get("deviation", 0)
    surprises = counts.get("unexpected-pass", 0)
    if not any(n for s, n in ran.items() if s != "skip"):
        status, text = "not-assessed", "not assessed: no scenario ran"
    elif fail:
        status, text = "does-not-conform", f"does not conform: {_n(fail, 'rule')} fail"
        if undecided:
            text += f", {_n(undecided, 'rule')} indeterminate"
    elif undecided:
        status, text = "indeterminate", f"indeterminate: {_n(undecided, 'rule')} could not be decided (timeouts)"
    elif expected or deviation:
        status = "conforms-with-deviations"
        parts = [f"{_n(expected, 'expected deviation')}"] if expected else []
        if deviation:
            parts.append(f"{_n(deviation, 'deviation')} from unconfirmed readings")
        text = "conforms with " + " and ".join(parts)
    else:
        status, text = "conforms", "conforms"
    if surprises:
        text += f"; {_n(surprises, 'unexpected pass', 'unexpected passes')} (update the expectations file)"
    return status, text


def _n(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def render_markdown(doc: dict) -> str:
    lines = [
        f"# Conformance of target `{doc['target']}`",
        "",
        f"**Verdict: {doc.get('verdict', 'unknown')}**",
        "",
        f"Generated {doc['generated']}. Scenarios: " + ", ".join(f"{n} {s}" for s, n in doc["scenarios"].items() if n),
        "",
        "| mode | " + " | ".join(STATUSES) + " |",
        "|---|" + "---|" * len(STATUSES),
    ]
    for mode, counts in doc["totals"].items():
        lines.append(f"| {mode} | " + " | ".join(str(counts.get(s, 0)) for s in STATUSES) + " |")
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
