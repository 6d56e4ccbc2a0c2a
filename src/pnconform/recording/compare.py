"""`pnconform compare`: replay recordings against the emulator, report the differences.

Exit code 0 when every answer matches, 1 when some differ, 2 when the recordings cannot be used.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pnconform.recording import store
from pnconform.recording.diff import Difference
from pnconform.recording.replay import Replayer, describe_key, emulator_config

DEFAULT_REPORT = Path("reports") / "compare"
_PROGRESS_EVERY = 25


def report_paths(report: str | Path | None) -> tuple[Path, Path]:
    """`--report PATH`: PATH.md and PATH.json (a given .md/.json suffix is dropped)."""
    base = Path(report) if report else DEFAULT_REPORT
    if base.suffix in (".md", ".json"):
        base = base.with_suffix("")
    return base.with_suffix(".md"), base.with_suffix(".json")


def run(directory: Path, report: str | Path | None = None) -> int:
    try:
        recordings = store.load_all(directory)
        configs = {describe_key(doc["target"]): emulator_config(doc["target"]) for _, doc in recordings}
    except (store.RecordingError, KeyError) as exc:
        message = str(exc) if isinstance(exc, store.RecordingError) else f"a recording lacks {exc}"
        print(f"pnconform: error: {message}", file=sys.stderr)
        return 2
    print(
        f"pnconform: replaying {len(recordings)} recorded scenario(s) from {directory} against the emulator", flush=True
    )
    results: list[dict[str, Any]] = []
    replayers: dict[str, Replayer] = {}
    try:
        for n, (path, doc) in enumerate(recordings, start=1):
            key = describe_key(doc["target"])
            if key not in replayers:
                replayers[key] = Replayer(configs[key], doc["target"].get("auth", "aksk"))
            try:
                differences = replayers[key].replay(doc)
                results.append(_result(path, doc, differences))
            except (KeyError, TypeError, AttributeError) as exc:  # a hand-edited or truncated file
                print(
                    f"pnconform: error: {path}: not a usable recording ({exc.__class__.__name__}: {exc})",
                    file=sys.stderr,
                )
                return 2
            if differences:
                print(f"  differs: {doc['scenario']['name']} ({len(differences)} difference(s))", flush=True)
            elif n % _PROGRESS_EVERY == 0:
                print(f"  {n}/{len(recordings)} replayed", flush=True)
    finally:
        for replayer in replayers.values():
            replayer.close()
    document = build(directory, results)
    md_path, json_path = report_paths(report)
    write(document, md_path, json_path)
    totals = document["summary"]
    print(
        f"pnconform: {totals['scenarios']} scenario(s) replayed: {totals['identical']} identical, "
        f"{totals['different']} with {totals['differences']} difference(s); report in {md_path}"
    )
    return 1 if totals["different"] else 0


def _result(path: Path, doc: dict[str, Any], differences: list[Difference]) -> dict[str, Any]:
    scenario = doc["scenario"]
    return {
        "scenario": scenario["name"],
        "id": scenario.get("id", ""),
        "nodeid": scenario.get("nodeid"),
        "rules": scenario.get("rules", []),
        "target": doc["target"].get("name"),
        "recording": path.name,
        "exchanges": len(doc["exchanges"]),
        "differences": [d.as_dict() for d in differences],
    }


def build(directory: Path, results: list[dict[str, Any]]) -> dict[str, Any]:
    rules: dict[str, list[str]] = {}
    for result in results:
        if result["differences"]:
            for rule in result["rules"] or ["(no rule)"]:
                rules.setdefault(rule, []).append(result["scenario"])
    different = [r for r in results if r["differences"]]
    return {
        "recordings": str(directory),
        "targets": sorted({str(r["target"]) for r in results}),
        "summary": {
            "scenarios": len(results),
            "identical": len(results) - len(different),
            "different": len(different),
            "differences": sum(len(r["differences"]) for r in results),
        },
        "rules": dict(sorted(rules.items())),
        "scenarios": results,
    }


def _cell(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = text if len(text) <= 80 else text[:77] + "..."
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(document: dict[str, Any]) -> str:
    totals = document["summary"]
    lines = [
        "# Recorded target vs emulator",
        "",
        f"Recordings: `{document['recordings']}` (target {', '.join(document['targets'])}). "
        f"{totals['scenarios']} scenario(s) replayed: **{totals['identical']} identical, "
        f"{totals['different']} different** ({totals['differences']} difference(s)).",
        "",
        "Compared: HTTP status, `resultcode`, Location header, every JSON field (present, value). "
        "Not compared: ids the platform assigns (mapped recorded → replayed), timestamps, `resultdesc`.",
    ]
    if document["rules"]:
        lines += ["", "## Rules with differences", "", "| rule | scenarios |", "|---|---|"]
        lines += [f"| {rule} | {'; '.join(names)} |" for rule, names in document["rules"].items()]
    for result in document["scenarios"]:
        if not result["differences"]:
            continue
        lines += [
            "",
            f"## {result['id']}: {result['scenario']}" if result.get("id") else f"## {result['scenario']}",
            "",
            f"Rules: {', '.join(result['rules']) or '-'}; recording `{result['recording']}`",
            "",
            "| # | request | what | recorded | emulator |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {d['exchange']} | {_cell(d['request'])} | {_cell(d['what'])} | {_cell(d['recorded'])} | "
            f"{_cell(d['emulator'])} |"
            for d in result["differences"]
        ]
    return "\n".join(lines) + "\n"


def write(document: dict[str, Any], md_path: Path, json_path: Path) -> None:
    md_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(render_markdown(document), encoding="utf-8")
