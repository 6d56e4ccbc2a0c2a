"""A failing scenario for humans: a compact block in the terminal, everything else in a file.

The terminal gets the rules, the failing step and the assertion (for invariants: the replayable
call list), at most `MAX_LINES` lines; the traceback, HTTP exchanges and callback pushes go to
`<conformance dir>/failures/<scenario>.txt` and to Allure. `pytest -v` shows everything instead.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pnconform.reporting.outcomes import redact

MAX_LINES = 40
_UNSAFE = re.compile(r"[^0-9A-Za-z._-]+")


def full_text(report: Any, sections: list[tuple[str, str]], secrets: list[str]) -> str:
    parts = [report.longreprtext, *(f"----- {title} -----\n{body}" for title, body in sections)]
    return redact("\n\n".join(parts), secrets)


def save(directory: str | None, scenario: str, text: str) -> Path | None:
    """Write the full failure next to conformance.json; None without a report folder."""
    if not directory:
        return None
    folder = Path(directory) / "failures"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (_UNSAFE.sub("_", scenario).strip("_")[:150] + ".txt")
    path.write_text(text, encoding="utf-8")
    return path


def compact(
    tags: list[str], failed_rules: list[str], step: str, message: str, secrets: list[str], where: Path | None
) -> str:
    if failed_rules:
        lines = [f"rules failing: {', '.join(failed_rules)}"]
        others = [r for r in tags if r not in failed_rules]
        if others:
            lines.append(f"also exercised (not failed): {_short_list(others)}")
    else:
        lines = [f"rules failing: {', '.join(tags) or '(none tagged)'} (the failed check names no rule: all tags)"]
    if step:
        lines.append(f"step: {step}")
    body = [line for line in redact(message, secrets).splitlines() if line.strip()] or ["(no message)"]
    room = MAX_LINES - len(lines) - 2
    if len(body) > room:
        cut = len(body) - room + 1
        body = [*body[: room - 1], f"… {cut} more lines" + (f" in {where}" if where else " (pytest -v)")]
    lines += body
    if where is not None:
        lines.append(f"full failure, HTTP exchanges and pushes: {where}")
    return "\n".join(lines)


def _short_list(rules: list[str], most: int = 12) -> str:
    shown = ", ".join(rules[:most])
    return shown + (f" … (+{len(rules) - most})" if len(rules) > most else "")
