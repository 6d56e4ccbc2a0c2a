"""`reports/listen.json` and `.md`: per-rule status of what `pnconform listen` saw.

Status per rule: `fail` (some push broke it; evidence kept), `pass` (checked and held),
`seen` (a row of a code table: its code appeared in its own field, which is all a call made by
hand can show — not that the platform reports it for the condition the row names), `not-seen`
(no push exercised it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pnconform.receiver.codes import HANG_CODES, Q850_CODES, TEAR_CODES
from pnconform.receiver.store import Push, body_summary
from pnconform.receiver.validate import Finding, failures, rules_checked

STATUSES = ("pass", "fail", "seen", "not-seen")
# The rows of the hang-up, teardown and Q.850 tables: one code each.
CODE_ROWS = frozenset({*HANG_CODES.values(), *TEAR_CODES.values(), *Q850_CODES.values()})
MAX_EVIDENCE = 5


def build(target: str, pushes: Sequence[Push], findings: Iterable[Finding], *, started: datetime) -> dict[str, Any]:
    try:
        from pnconform.catalogue import rules_by_id

        catalogue = rules_by_id()
    except Exception:  # the report must not die on a catalogue problem
        catalogue = {}
    by_rule: dict[str, list[Finding]] = {rule: [] for rule in rules_checked()}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    rules: dict[str, dict[str, Any]] = {}
    for rule_id in sorted(by_rule):
        found = by_rule[rule_id]
        bad = failures(found)
        status = "fail" if bad else ("seen" if rule_id in CODE_ROWS else "pass") if found else "not-seen"
        entry: dict[str, Any] = {"status": status, "checks": len(found)}
        rule = catalogue.get(rule_id)
        if rule is not None:
            entry.update(mode=rule.mode, statement=rule.statement, confirmed=rule.confirmed)
        if bad:
            evidence = list(dict.fromkeys(f.message for f in bad))
            entry["evidence"] = evidence[:MAX_EVIDENCE]
            entry["failures"] = len(bad)
        rules[rule_id] = entry
    totals = {s: sum(1 for e in rules.values() if e["status"] == s) for s in STATUSES}
    return {
        "target": target,
        "started": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "generated": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "pushes": [
            {
                "seq": p.seq,
                "kind": p.kind,
                "received": p.received_at.strftime("%Y-%m-%d %H:%M:%S"),
                "summary": body_summary(p.body),
                "signature": p.signature,
                "reply_status": p.reply_status,
                "failures": [str(f) for f in failures(p.findings)],
            }
            for p in pushes
        ],
        "rules": rules,
        "totals": totals,
    }


def render_markdown(doc: dict[str, Any]) -> str:
    totals = ", ".join(f"{n} {s}" for s, n in doc["totals"].items())
    lines = [
        f"# Callbacks received from target `{doc['target']}`",
        "",
        f"Listened from {doc['started']} to {doc['generated']}: {len(doc['pushes'])} push(es). Rules: {totals}.",
        "",
        "| rule | status | statement | evidence |",
        "|---|---|---|---|",
    ]
    order = {"fail": 0, "pass": 1, "seen": 2, "not-seen": 3}
    for rule_id, entry in sorted(doc["rules"].items(), key=lambda item: (order[item[1]["status"]], item[0])):
        statement = entry.get("statement", "").replace("|", "\\|")
        evidence = "; ".join(entry.get("evidence", [])).replace("|", "\\|")
        lines.append(f"| {rule_id} | {entry['status']} | {statement} | {evidence} |")
    if doc["pushes"]:
        lines += [
            "",
            "## Pushes",
            "",
            "| # | kind | received (UTC) | summary | reply | failures |",
            "|---|---|---|---|---|---|",
        ]
        for p in doc["pushes"]:
            bad = "; ".join(p["failures"]).replace("|", "\\|")
            lines.append(
                f"| {p['seq']} | {p['kind']} | {p['received']} | {p['summary']} | {p['reply_status']} | {bad} |"
            )
    return "\n".join(lines) + "\n"


def write(directory: Path, doc: dict[str, Any]) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    json_path, md_path = directory / "listen.json", directory / "listen.md"
    json_path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(render_markdown(doc), encoding="utf-8")
    return json_path, md_path
