"""Build `conformance.json` and `conformance.md` from scenario outcomes and the rule catalogue."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pnconform.catalogue import Rule

SCENARIO_STATUSES = ("pass", "fail", "indeterminate", "expected-fail", "deviation", "unexpected-pass", "skip")
# A rule's status: the worst among the scenarios that ran for it; when none ran, why not.
# - exercised: its scenario failed on another rule (attributed by RuleViolation): neither pass nor fail;
# - not-run: selected, but the run stopped before its scenario; not-selected: the kit has a scenario
#   for it that this run did not select (-k, -m, paths); not-covered: the kit has no scenario for it.
STATUSES = (
    "pass",
    "fail",
    "indeterminate",
    "expected-fail",
    "deviation",
    "unexpected-pass",
    "exercised",
    "skip",
    "not-run",
    "not-selected",
    "not-covered",
)
_WORST_FIRST = ("fail", "indeterminate", "expected-fail", "deviation", "unexpected-pass", "pass", "exercised", "skip")
CHECKED = frozenset(("pass", "fail", "indeterminate", "expected-fail", "deviation", "unexpected-pass"))
VERDICT_FILES = ("conformance.json", "conformance.md", "summary.html")  # what a run writes: never left stale
MODE_ORDER = ("all", "axb", "common", "ax", "axe", "axyb", "x", "unknown")
VERDICTS = (
    "conforms",
    "conforms-with-deviations",
    "conforms-partial",
    "does-not-conform",
    "indeterminate",
    "interrupted",
    "not-assessed",
)
# `pnconform run`'s exit code per verdict (README "Verdicts and exit codes"); 2 is a usage or
# configuration error, before any verdict. A partial run passes a gate only with --accept-partial.
EXIT_CODES = {
    "conforms": 0,
    "conforms-with-deviations": 0,
    "does-not-conform": 1,
    "indeterminate": 3,
    "conforms-partial": 4,
    "not-assessed": 5,
    "interrupted": 130,
}


@dataclass
class ScenarioOutcome:
    name: str  # "feature file: scenario name [example]"
    status: str  # one of SCENARIO_STATUSES
    rules: list[str]
    reason: str = ""
    link: str = ""  # expected-fail / unexpected-pass: where the deviation is documented
    message: str = ""  # fail / indeterminate: the first lines of the (redacted) failure
    listed: list[str] = field(default_factory=list)  # its rule ids named in the expectations file
    failed_rules: list[str] = field(default_factory=list)  # a fail attributed to these rules (RuleViolation)
    step: str = ""  # the step that failed
    id: str = ""  # the scenario's stable id (`axb-bind-07`, an outline's example `axb-bind-07[1012010]`)

    @property
    def key(self) -> str:
        """Its id; a scenario without one (an old feature file) by its name."""
        return self.id or self.name

    def status_for(self, rule_id: str) -> str:
        """An unexpected pass is news for the listed rules only; a failure attributed to some
        rules only exercised the others."""
        if self.status == "unexpected-pass" and rule_id not in self.listed:
            return "pass"
        if self.status in ("fail", "expected-fail", "deviation") and self.failed_rules:
            return self.status if rule_id in self.failed_rules else "exercised"
        return self.status


@dataclass
class RunFacts:
    """What a run was asked to check and how far it got (the `run` section of conformance.json)."""

    target: str
    kind: str = ""
    modes: tuple[str, ...] = ()  # offered modes; empty: every mode counts
    selection: dict[str, Any] = field(default_factory=dict)  # keyword, markers, args
    hypothesis: dict[str, Any] = field(default_factory=dict)
    workers: int = 0
    selected: int | None = None  # scenarios selected (None: unknown)
    interrupted: bool = False  # Ctrl-C, -x / --maxfail, pytest.exit
    selected_rules: frozenset[str] | None = None  # rule ids of the selected scenarios
    kit_rules: frozenset[str] | None = None  # rule ids some scenario of the kit is tagged with

    def offers(self, mode: str) -> bool:
        return not self.modes or mode in ("common", "unknown") or mode in self.modes


@dataclass
class RuleResult:
    rule: Rule | None
    scenarios: list[ScenarioOutcome] = field(default_factory=list)
    id: str = ""

    def status(self, run: RunFacts) -> str:
        statuses = {s.status_for(self.id) for s in self.scenarios}
        for status in _WORST_FIRST:
            if status in statuses:
                return status
        if run.selected_rules is not None and self.id in run.selected_rules:
            return "not-run"
        if run.kit_rules is not None and self.id in run.kit_rules:
            return "not-selected"
        return "not-covered"


def build(
    target: str, rules: list[Rule], outcomes: list[ScenarioOutcome], run: RunFacts | None = None
) -> dict[str, Any]:
    run = run or RunFacts(target)
    results: dict[str, RuleResult] = {r.id: RuleResult(r, id=r.id) for r in rules}
    for outcome in outcomes:
        for rule_id in sorted({*outcome.rules, *outcome.failed_rules}):
            results.setdefault(rule_id, RuleResult(None, id=rule_id)).scenarios.append(outcome)
    totals: dict[str, Counter[str]] = {}
    doc_rules = {}
    for rule_id, result in results.items():
        mode = result.rule.mode if result.rule else "unknown"
        status = result.status(run)
        totals.setdefault(mode, Counter())[status] += 1
        totals.setdefault("all", Counter())[status] += 1
        doc_rules[rule_id] = _rule_entry(rule_id, result, status, mode)
    doc: dict[str, Any] = {
        "target": target,
        "generated": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "rules": doc_rules,
        "totals": {mode: {s: totals[mode].get(s, 0) for s in STATUSES} for mode in MODE_ORDER if mode in totals},
        "scenarios": {s: sum(1 for o in outcomes if o.status == s) for s in SCENARIO_STATUSES},
        "by_scenario": {o.key: _scenario_entry(o) for o in sorted(outcomes, key=lambda o: o.key)},
    }
    finished = len(outcomes)
    doc["run"] = {
        "target": target,
        "kind": run.kind,
        "modes": list(run.modes),
        "selection": run.selection,
        "hypothesis": run.hypothesis,
        "workers": run.workers,
        "selected": run.selected if run.selected is not None else finished,
        "finished": finished,
        "interrupted": run.interrupted,
        "complete": not run.interrupted and (run.selected is None or finished >= run.selected),
    }
    doc["coverage"] = coverage(rules, doc_rules, run)
    doc["clauses"] = clause_counts(rules, doc_rules)
    doc["verdict_status"], doc["verdict"] = verdict(doc)
    doc["exit_code"] = EXIT_CODES[doc["verdict_status"]]
    return doc


def _scenario_entry(outcome: ScenarioOutcome) -> dict[str, Any]:
    """One scenario of `by_scenario` (keyed by its id): its readable name, status and rules."""
    entry: dict[str, Any] = {"name": outcome.name, "status": outcome.status, "rules": outcome.rules}
    if outcome.failed_rules:
        entry["failed_rules"] = outcome.failed_rules
    if outcome.reason and outcome.status != "pass":
        entry["reason"] = outcome.reason
    return entry


# How the code-table rules name their codes (50 §3-§5): the field and the codes of a HANG-/TEAR-/Q850- rule.
_CODE_RULES = (
    ("HANG-", "stateCode", re.compile(r"Hang-up causes? ([\d, ]+(?:(?:and|or) \d+)?)")),
    ("TEAR-", "ulFailReason", re.compile(r"Teardown point ([\d, ]+(?:(?:and|or) \d+)?)")),
)


def rule_codes(rule: Rule) -> tuple[str, list[int]] | None:
    """(field, codes) of a code-table rule ("Hang-up cause 8102 ...", "Teardown point 8011 or 8040
    ...", Q850-017); None for any other rule."""
    if re.fullmatch(r"Q850-\d{3}", rule.id) and rule.id != "Q850-900":
        return "fwdUnaswRsn", [int(rule.id[5:])]
    for prefix, name, pattern in _CODE_RULES:
        match = pattern.match(rule.statement) if rule.id.startswith(prefix) else None
        if match:
            return name, [int(c) for c in re.findall(r"\d+", match.group(1))]
    return None


def not_covered_reason(rule: Rule) -> str:
    """Why a rule has no scenario. For a code-table rule the call simulator is to check, the
    reason comes from what the simulator can produce (the emulator's public table
    ``emulator.calls.outcomes.PRODUCIBLE``), not from a hand-kept list."""
    codes = rule_codes(rule) if rule.testable == "simulator" else None
    if codes is None:
        return rule.why or "the kit has no scenario for it yet"
    from pnconform.emulator.calls.outcomes import PRODUCIBLE  # the reference simulator's table

    name, wanted = codes
    missing = [c for c in wanted if c not in PRODUCIBLE[name]]
    if missing:
        return f"the call simulator cannot produce {name} {' or '.join(map(str, missing))}"
    return f"the call simulator can produce {name} {' or '.join(map(str, wanted))}: the kit has no scenario for it yet"


def _rule_entry(rule_id: str, result: RuleResult, status: str, mode: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "status": status,
        "scenarios": sorted({s.name for s in result.scenarios}),
        "scenario_ids": sorted({s.key for s in result.scenarios}),
    }
    if result.rule:
        entry.update(
            mode=mode,
            statement=result.rule.statement,
            confirmed=result.rule.confirmed,
            testable=result.rule.testable,
            source=result.rule.source,
        )
        if result.rule.clauses:  # what a pass of this rule asserted, part by part
            entry["clauses"] = [
                {"clause": c.text, "checked_by": list(c.checked_by)}
                if not c.not_checkable
                else {"clause": c.text, "not_checkable": c.not_checkable}
                for c in result.rule.clauses
            ]
        if status == "not-covered":
            entry["why"] = not_covered_reason(result.rule)
    else:
        entry["warning"] = "tag is not a rule id of the catalogue"
    mine = [s for s in result.scenarios if s.status_for(rule_id) not in ("pass", "exercised")]
    reasons = sorted({s.reason for s in mine if s.reason})
    if reasons:
        entry["reasons"] = reasons
    links = sorted({s.link for s in mine if s.link})
    if links:
        entry["links"] = links
    evidence = [
        {"scenario": s.name, "id": s.key, "status": s.status, "message": s.message, "step": s.step}
        for s in result.scenarios
        if s.status_for(rule_id) in ("fail", "indeterminate") and s.message
    ]
    if evidence:
        entry["evidence"] = evidence
    exercised = sorted(s.name for s in result.scenarios if s.status_for(rule_id) == "exercised")
    if exercised:
        entry["exercised_by"] = exercised  # scenarios that failed on another rule
    return entry


def coverage(rules: list[Rule], doc_rules: dict[str, dict[str, Any]], run: RunFacts) -> dict[str, int]:
    """Catalogue rules by what this run did with them; `checkable`: offered modes, kit covers."""
    counts = Counter({"catalogue": len(rules)})
    for r in rules:
        status = doc_rules[r.id]["status"]
        if not run.offers(r.mode):
            counts["other-modes"] += 1
        elif status == "not-covered":
            counts["not-covered"] += 1
        else:
            counts["checkable"] += 1
            counts["checked" if status in CHECKED else status] += 1
    keys = ("catalogue", "checkable", "checked", "exercised", "skip", "not-selected", "not-run", "not-covered")
    return {key: counts.get(key, 0) for key in (*keys, "other-modes")}


def clause_counts(rules: list[Rule], doc_rules: dict[str, dict[str, Any]]) -> dict[str, int]:
    """The clauses of the rules this run checked: asserted by a passing scenario, or not checkable."""
    counts: Counter[str] = Counter()
    for r in rules:
        if doc_rules[r.id]["status"] not in CHECKED:
            continue
        for clause in r.clauses:
            counts["clauses"] += 1
            counts["not-checkable" if clause.not_checkable else "asserted"] += 1
    return {key: counts.get(key, 0) for key in ("clauses", "asserted", "not-checkable")}


def verdict(doc: dict[str, Any]) -> tuple[str, str]:
    """One line a reader can sign: (status, text). It never says more than the run checked."""
    counts = doc["totals"].get("all", {})
    ran = doc["scenarios"]
    run = doc.get("run", {})
    cov = doc.get("coverage", {})
    fail, undecided = counts.get("fail", 0), counts.get("indeterminate", 0)
    expected, deviation = counts.get("expected-fail", 0), counts.get("deviation", 0)
    surprises = counts.get("unexpected-pass", 0)
    stopped = ""
    if not run.get("complete", True):
        stopped = f"interrupted after {run.get('finished', 0)} of {run.get('selected', 0)} scenarios"
    checked, checkable = cov.get("checked", 0), cov.get("checkable", 0)
    if fail:
        status, text = "does-not-conform", f"does not conform: {_n(fail, 'rule')} fail"
        if undecided:
            text += f", {_n(undecided, 'rule')} indeterminate"
        if stopped:
            text += f" ({stopped})"
    elif stopped:
        status = "interrupted"
        text = f"{stopped}: no failure in the part that ran ({checked} rules checked); no verdict on the rest"
    elif not any(n for s, n in ran.items() if s != "skip"):
        status, text = "not-assessed", "not assessed: no scenario ran"
        if ran.get("skip"):
            text += f" ({_n(ran['skip'], 'scenario')} skipped: the target lacks their capabilities)"
    elif undecided:
        status, text = "indeterminate", f"indeterminate: {_n(undecided, 'rule')} could not be decided (timeouts)"
    elif checked < checkable:
        status, text = "conforms-partial", f"conforms-partial: {checked} of {checkable} checkable rules checked"
        gaps = [
            f"{cov[key]} {label}"
            for key, label in (
                ("not-selected", "not selected in this run"),
                ("skip", "skipped: the target lacks a capability"),
            )
            if cov.get(key)
        ]
        if gaps:
            text += f" ({', '.join(gaps)})"
        if expected or deviation:
            text += f"; {_deviations(expected, deviation)}"
    else:
        status = "conforms-with-deviations" if expected or deviation else "conforms"
        text = "conforms" + (f" with {_deviations(expected, deviation)}" if status != "conforms" else "")
        if checkable:
            text += f": {checked} of {checkable} checkable rules checked"
    if status not in ("not-assessed", "interrupted") and cov.get("not-covered"):
        text += f"; {_n(cov['not-covered'], 'catalogue rule')} not checkable by the kit (see the summary)"
    if surprises:
        text += f"; {_n(surprises, 'unexpected pass', 'unexpected passes')} (update the expectations file)"
    return status, text


def _deviations(expected: int, deviation: int) -> str:
    parts = [_n(expected, "expected deviation")] if expected else []
    if deviation:
        parts.append(f"{_n(deviation, 'deviation')} from unconfirmed readings")
    return " and ".join(parts)


def _n(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def describe_run(run: dict[str, Any]) -> str:
    """The run's selection and completeness in one line (markdown, terminal)."""
    selection = run.get("selection") or {}
    parts = [f"{key} {value!r}" for key, value in selection.items() if value]
    chosen = "every scenario" if not parts else "selected by " + ", ".join(parts)
    done = "complete" if run.get("complete", True) else "INCOMPLETE"
    modes = ",".join(run.get("modes") or []) or "all"
    return f"{run.get('finished', 0)} of {run.get('selected', 0)} scenarios ({chosen}; modes {modes}): {done}"


def render_markdown(doc: dict[str, Any]) -> str:
    lines = [
        f"# Conformance of target `{doc['target']}`",
        "",
        f"**Verdict: {doc.get('verdict', 'unknown')}**",
        "",
        f"Generated {doc['generated']}. Scenarios: " + ", ".join(f"{n} {s}" for s, n in doc["scenarios"].items() if n),
        "",
        f"Run: {describe_run(doc.get('run', {}))}",
        "",
        "Rules: " + ", ".join(f"{n} {key}" for key, n in doc.get("coverage", {}).items() if n),
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


def remove_previous(directory: Path) -> None:
    """Remove an earlier run's verdict files and failure reports: they would look current."""
    for name in VERDICT_FILES:
        (directory / name).unlink(missing_ok=True)
    shutil.rmtree(directory / "failures", ignore_errors=True)


def write(directory: Path, doc: dict[str, Any]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "conformance.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (directory / "conformance.md").write_text(render_markdown(doc), encoding="utf-8")
