"""`reports/summary.html`: the run on one self-contained page (inline CSS, no external assets).

Built from `conformance.json` alone: verdict, per-mode totals, every failing rule with its evidence,
expected deviations, unexpected passes, and what of the rule catalogue was covered, per mode.
Jinja2 autoescapes everything, so a target's answer quoted in the evidence cannot inject markup.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from jinja2 import Environment

from pnconform.reporting.allure_env import CATEGORIES
from pnconform.reporting.conformance import MODE_ORDER, STATUSES

ALLURE_TIMEOUT_S = 180

_TEMPLATE = """{% macro rule_link(rid, e) %}
{%- if e.source %}<a href="{{ e.source }}">{{ rid }}</a>{% else %}{{ rid }}{% endif %}
{%- endmacro %}<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>pnconform: {{ doc.target }}: {{ doc.verdict }}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;color:#222;padding:0 1em}
h1{font-size:1.5em}h2{margin-top:1.8em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#f4f4f4}
td.n{text-align:right}pre{white-space:pre-wrap;margin:.2em 0;font-size:12px;background:#f8f8f8;padding:.3em}
.verdict{font-size:1.3em;padding:.6em 1em;border-radius:4px;display:inline-block}
.conforms{background:#dff5df}.conforms-with-deviations{background:#fff4d6}
.does-not-conform{background:#fbdcdc}.indeterminate,.not-assessed{background:#eee}
.fail,.indeterminate-s{color:#b00;font-weight:bold}.unexpected-pass{color:#a60;font-weight:bold}
.pass{color:#070}.muted{color:#777}
</style></head><body>
<h1>Conformance of target <code>{{ doc.target }}</code></h1>
<p class="verdict {{ doc.verdict_status }}">{{ doc.verdict }}</p>
<p class="muted">Generated {{ doc.generated }}. Scenarios:
{% for s, n in doc.scenarios.items() if n %}{{ n }} {{ s }}{{ ", " if not loop.last }}{% endfor %}.</p>

<h2>Rules per mode</h2>
<table><tr><th>mode</th>{% for s in statuses %}<th>{{ s }}</th>{% endfor %}</tr>
{% for mode, counts in doc.totals.items() %}<tr><td>{{ mode }}</td>
{% for s in statuses %}<td class="n">{{ counts.get(s, 0) }}</td>{% endfor %}</tr>
{% endfor %}</table>

<h2>Failing rules ({{ failing|length }})</h2>
{% if failing %}<table><tr><th>rule</th><th>status</th><th>statement</th><th>evidence</th></tr>
{% for rid, e in failing %}<tr><td>{{ rule_link(rid, e) }}</td>
<td class="{{ 'fail' if e.status == 'fail' else 'indeterminate-s' }}">{{ e.status }}</td>
<td>{{ e.statement or e.warning }}</td><td>
{% for ev in e.evidence or [] %}
<div><b>{{ ev.scenario }}</b><pre>{{ ev.message }}</pre></div>{% endfor %}
{% if not e.evidence %}{% for s in e.scenarios %}<div>{{ s }}</div>{% endfor %}
{% for r in e.reasons or [] %}<div class="muted">{{ r }}</div>{% endfor %}{% endif %}
</td></tr>{% endfor %}</table>{% else %}<p>None.</p>{% endif %}

<h2>Expected deviations ({{ expected|length }})</h2>
{% if expected %}<table><tr><th>rule</th><th>status</th><th>reason</th><th>link</th><th>scenarios</th></tr>
{% for rid, e in expected %}<tr><td>{{ rid }}</td><td>{{ e.status }}</td>
<td>{{ (e.reasons or [])|join("; ") }}</td>
<td>{% for l in e.links or [] %}<a href="{{ l }}">{{ l }}</a> {% endfor %}</td>
<td>{{ e.scenarios|join("; ") }}</td></tr>{% endfor %}</table>{% else %}<p>None.</p>{% endif %}

<h2>Unexpected passes ({{ surprises|length }})</h2>
{% if surprises %}<p class="unexpected-pass">Listed as deviations, but the target now behaves as documented:
remove them from the expectations file.</p>
<table><tr><th>rule</th><th>reason</th><th>link</th><th>scenarios</th></tr>
{% for rid, e in surprises %}<tr><td>{{ rid }}</td><td>{{ (e.reasons or [])|join("; ") }}</td>
<td>{% for l in e.links or [] %}<a href="{{ l }}">{{ l }}</a> {% endfor %}</td>
<td>{{ e.scenarios|join("; ") }}</td></tr>{% endfor %}</table>{% else %}<p>None.</p>{% endif %}

<h2>Coverage of the rule catalogue</h2>
<table><tr><th>mode</th><th>rules</th><th>checked</th><th>skipped on this target</th><th>not covered</th></tr>
{% for mode, c in coverage.items() %}<tr><td>{{ mode }}</td>
<td class="n">{{ c.rules }}</td><td class="n">{{ c.checked }}</td>
<td class="n">{{ c.skip }}</td><td class="n">{{ c["not-covered"] }}</td></tr>{% endfor %}</table>
{% for mode, entries in uncovered.items() %}
<details><summary>{{ mode }}: {{ entries|length }} rules not checked in this run</summary>
<table><tr><th>rule</th><th>status</th><th>statement</th><th>why</th></tr>
{% for rid, e in entries %}<tr><td>{{ rule_link(rid, e) }}</td>
<td>{{ e.status }}</td><td>{{ e.statement }}</td>
<td>{{ e.why or (e.reasons or [])|join("; ")
  or ("not selected in this run" if e.testable == "api" else e.testable) }}</td></tr>
{% endfor %}</table></details>{% endfor %}
</body></html>
"""


def render(doc: dict) -> str:
    rules = list(doc["rules"].items())
    coverage: dict[str, dict[str, int]] = {}
    uncovered: dict[str, list] = {}
    for rid, entry in rules:
        mode = entry.get("mode", "unknown")
        c = coverage.setdefault(mode, {"rules": 0, "checked": 0, "skip": 0, "not-covered": 0})
        c["rules"] += 1
        status = entry["status"]
        if status in ("skip", "not-covered"):
            c[status] += 1
            uncovered.setdefault(mode, []).append((rid, entry))
        else:
            c["checked"] += 1
    order = {mode: i for i, mode in enumerate(MODE_ORDER)}
    return (
        Environment(autoescape=True)
        .from_string(_TEMPLATE)
        .render(
            doc=doc,
            statuses=STATUSES,
            failing=[(r, e) for r, e in rules if e["status"] in ("fail", "indeterminate")],
            expected=[(r, e) for r, e in rules if e["status"] in ("expected-fail", "deviation")],
            surprises=[(r, e) for r, e in rules if e["status"] == "unexpected-pass"],
            coverage=dict(sorted(coverage.items(), key=lambda item: order.get(item[0], 99))),
            uncovered=dict(sorted(uncovered.items(), key=lambda item: order.get(item[0], 99))),
        )
    )


class ReportError(Exception):
    """No usable conformance.json; the message is one line."""


def write_summary(reports: Path) -> Path:
    source = reports / "conformance.json"
    try:
        doc = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{source}: not found; run `pnconform run` first (or pass --reports DIR)") from None
    except (OSError, ValueError) as exc:
        raise ReportError(f"{source}: cannot read it: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), dict):
        raise ReportError(f"{source}: not a pnconform conformance report (no 'rules')")
    doc.setdefault("verdict", "unknown (report written by an older kit)")
    doc.setdefault("verdict_status", "not-assessed")
    out = reports / "summary.html"
    out.write_text(render(doc), encoding="utf-8")
    return out


def build_allure(reports: Path, timeout_s: float = ALLURE_TIMEOUT_S) -> str:
    """Best effort: the Allure 3 HTML report from npm. Returns one line saying what happened."""
    results, out = (reports / "allure-results").resolve(), (reports / "allure-report").resolve()
    if not results.is_dir():
        return f"allure: skipped, no {results}"
    npx = shutil.which("npx")
    if npx is None:
        return "allure: skipped, Node.js (npx) is not installed; summary.html has the essentials"
    # Allure 3 takes the categories from its config, not from categories.json.
    config = Path(tempfile.mkdtemp(prefix="pnconform-allure-")) / "allurerc.json"
    config.write_text(json.dumps({"name": "pnconform", "categories": CATEGORIES}), encoding="utf-8")
    command = [npx, "--yes", "allure@3", "generate", str(results), "--output", str(out), "--config", str(config)]
    try:
        done = subprocess.run(command, cwd=reports, capture_output=True, text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        return f"allure: gave up after {timeout_s:.0f}s (npm download or build too slow); summary.html is complete"
    except OSError as exc:
        return f"allure: could not start npx: {exc}"
    finally:
        shutil.rmtree(config.parent, ignore_errors=True)
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()
        return f"allure: failed ({last[-1] if last else f'exit {done.returncode}'}); summary.html is complete"
    return f"allure: HTML report in {out}/index.html"
