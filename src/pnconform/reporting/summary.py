"""`reports/summary.html`: the run on one self-contained page (inline CSS and JS, no external assets).

Built from `conformance.json` alone: the verdict, what the run selected and how far it got, what of
the rule catalogue it checked (and why the rest was not), per-mode totals, every failing rule with its
evidence, expected deviations, unexpected passes, and every rule of the catalogue in one table that
filters by mode and status (select boxes, or the URL: `summary.html#mode=axb&status=fail`).
Tolerant of older files: every section but the rules is optional. Jinja2 autoescapes everything, so
a target's answer quoted in the evidence cannot inject markup.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from pnconform.reporting.conformance import CHECKED, STATUSES  # STATUSES: the totals' order

# Worst first: the order of the rule table and of its status filter.
STATUS_ORDER = (
    "fail",
    "indeterminate",
    "unexpected-pass",
    "expected-fail",
    "deviation",
    "exercised",
    "not-run",
    "skip",
    "not-selected",
    "not-covered",
    "pass",
)
MODE_ORDER = ("all", "axb", "common", "ax", "axe", "axyb", "x", "unknown")
# conformance.json `coverage`: key → what it means to a reader.
COVERAGE_LABELS = (
    ("catalogue", "rules in the catalogue"),
    ("checkable", "checkable on this target: rules of the offered modes the kit has scenarios for"),
    ("checked", "checked: a scenario decided them (pass, fail, indeterminate or a deviation)"),
    ("exercised", "exercised only: their scenario failed on another rule"),
    ("skip", "skipped: the target lacks a capability (each rule says which)"),
    ("not-selected", "not selected in this run (-k, -m or paths): the kit has scenarios for them"),
    ("not-run", "not run: selected, but the run stopped before their scenario"),
    ("not-covered", "not covered by the kit: no scenario (each rule says why)"),
    ("other-modes", "of modes this target does not offer"),
)
STATUS_HELP = {
    "pass": "checked, behaves as documented",
    "fail": "checked, does not behave as documented",
    "indeterminate": "could not be decided (timeout: the operation may have happened)",
    "expected-fail": "a known deviation listed in the expectations file",
    "deviation": "fails a reading the kit marks unconfirmed",
    "unexpected-pass": "listed as a deviation but now passes: update the expectations file",
    "exercised": "its scenario failed on another rule: neither pass nor fail",
    "skip": "the target lacks a capability",
    "not-run": "selected, but the run stopped before it",
    "not-selected": "the kit has scenarios for it; none selected in this run",
    "not-covered": "the kit has no scenario for it",
}
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

_TEMPLATE = """{% macro rule_link(rid, e) %}
{%- if e.source %}<a href="{{ e.source }}">{{ rid }}</a>{% else %}{{ rid }}{% endif %}
{%- endmacro %}
{%- macro evidence(e) %}{% for ev in e.evidence or [] %}
<div class="ev">{% if ev.id and ev.id != ev.scenario %}<code>{{ ev.id }}</code> {% endif %}
<b{{ ev.scenario|lang }}>{{ ev.scenario }}</b> <span class="st-{{ ev.status }}">{{ ev.status }}</span>
{%- if ev.step %}<div class="muted"{{ ev.step|lang }}>step: {{ ev.step }}</div>{% endif %}
<pre{{ ev.message|lang }}>{{ ev.message }}</pre></div>{% endfor %}{% endmacro %}
{%- macro scenario_list(names) %}{% if names|length > 2 %}<details><summary>{{ names|length }} scenarios</summary>
{% for s in names %}<div{{ s|lang }}>{{ s }}</div>{% endfor %}</details>
{%- else %}{% for s in names %}<div{{ s|lang }}>{{ s }}</div>{% endfor %}{% endif %}{% endmacro -%}
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pnconform: {{ doc.target }}: {{ doc.verdict }}</title>
<style>
:root{--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Hiragino Sans GB",
"Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Noto Sans Mono CJK SC","Sarasa Mono SC","Microsoft YaHei",monospace}
*{box-sizing:border-box}
body{font:14px/1.5 var(--sans);margin:1.5em auto;max-width:80em;color:#222;padding:0 1em}
h1{font-size:1.5em}h2{margin-top:1.8em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
table.rules{table-layout:fixed}table.rules tr[hidden]{display:none}
col.c-id{width:9em}col.c-mode{width:6.5em}col.c-st{width:8.5em}col.c-stmt{width:38%}
pre{white-space:pre-wrap;overflow-wrap:anywhere;max-width:100%;margin:.2em 0;font:12px/1.4 var(--mono);
background:#f8f8f8;padding:.3em;border-left:3px solid #d99}
code{font-family:var(--mono)}
details summary{cursor:pointer}
.verdict{font-size:1.3em;padding:.6em 1em;border-radius:4px;display:inline-block;border:1px solid #0002;margin:.3em 0}
.v-conforms{background:#c9f0c9}.v-conforms-partial{background:#dde8f6;border:2px dashed #7a99c4}
.v-conforms-with-deviations{background:#fff0c2}
.v-does-not-conform{background:#f8c9c9}.v-indeterminate{background:#f3dcc0}.v-interrupted{background:#ffd9a8}
.v-not-assessed{background:#e6e6e6}
.st-fail,.st-indeterminate{color:#b00;font-weight:bold}.st-unexpected-pass,.st-not-run{color:#a60;font-weight:bold}
.st-pass{color:#070}.st-expected-fail,.st-deviation{color:#864}.st-skip,.st-not-selected,.st-not-covered,
.st-exercised{color:#666}
.muted{color:#777}.warn{color:#a60;font-weight:bold}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em;margin:.5em 0}
dl.facts dt{font-weight:bold}dl.facts dd{margin:0}
.filters{display:flex;flex-wrap:wrap;gap:1em;align-items:center;margin:.5em 0;padding:.4em .6em;background:#f4f4f4}
.ev+.ev{margin-top:.4em}
</style></head><body>
<h1>Conformance of target <code>{{ doc.target }}</code></h1>
<p class="verdict v-{{ doc.verdict_status }}" id="verdict" data-status="{{ doc.verdict_status }}">{{ doc.verdict }}</p>
<dl class="facts" id="run">
<dt>Generated</dt><dd>{{ doc.generated or "unknown" }}</dd>
{%- if run %}
<dt>Target</dt><dd>{{ run.target or doc.target }}{% if run.kind %} ({{ run.kind }}){% endif %};
 modes offered: {{ (run.modes or [])|join(", ") or "all" }}</dd>
<dt>Selection</dt><dd>{% if selection %}{% for k, v in selection %}{{ k }} <code>{{ v }}</code>
{{- "; " if not loop.last }}{% endfor %}{% else %}every scenario of the kit{% endif %}</dd>
<dt>Scenarios</dt><dd>{% if run.complete is defined and not run.complete %}<span class="warn">INCOMPLETE
{%- if run.interrupted %} (interrupted){% endif %}:</span> {% else %}complete: {% endif -%}
{{ run.finished if run.finished is not none else "?" }} of {{ run.selected if run.selected is not none else "?" }}
 selected scenarios ran to an outcome{% if scenario_counts %} ({{ scenario_counts }}){% endif %}</dd>
{%- if run.workers %}<dt>Workers</dt><dd>{{ run.workers }}</dd>{% endif %}
{%- if run.hypothesis %}<dt>Hypothesis</dt><dd>{% for k, v in run.hypothesis.items() %}{{ k }} {{ v }}
{{- ", " if not loop.last }}{% endfor %}</dd>{% endif %}
{%- elif scenario_counts %}<dt>Scenarios</dt><dd>{{ scenario_counts }}</dd>{% endif %}
{%- if doc.exit_code is not none %}<dt>Exit code</dt><dd>{{ doc.exit_code }}</dd>{% endif %}
</dl>
<nav class="muted">Sections: <a href="#failing">failing rules</a> · <a href="#expected">expected deviations</a> ·
<a href="#surprises">unexpected passes</a> · <a href="#coverage">coverage per mode</a> ·
<a href="#rules">every rule</a></nav>

<h2 id="checked">What this run checked</h2>
<table class="cov"><tr><th>rules</th><th>what</th></tr>
{% for key, label, n in coverage_rows %}<tr>
<td class="n">{% if key in help %}<a href="#status={{ key }}">{{ n }}</a>{% else %}{{ n }}{% endif %}</td>
<td>{{ label }}</td></tr>{% endfor %}
</table>
{% if not doc.coverage %}<p class="muted">(computed from the rule statuses: this conformance.json has no
 coverage section)</p>{% endif %}

<h2 id="totals">Rules per mode</h2>
<table><tr><th>mode</th>{% for s in total_statuses %}<th title="{{ help.get(s, '') }}">{{ s }}</th>{% endfor %}</tr>
{% for mode, counts in totals %}<tr>
<td>{% if mode == "all" %}all{% else %}<a href="#mode={{ mode }}">{{ mode }}</a>{% endif %}</td>
{% for s in total_statuses %}<td class="n">{{ counts.get(s, 0) }}</td>{% endfor %}</tr>
{% endfor %}</table>

<h2 id="failing">Failing rules ({{ failing|length }})</h2>
{% if failing %}<table class="rules"><colgroup><col class="c-id"><col class="c-st"><col class="c-stmt"><col></colgroup>
<tr><th>rule</th><th>status</th><th>statement</th><th>evidence</th></tr>
{% for rid, e in failing %}<tr><td>{{ rule_link(rid, e) }}</td>
<td class="st-{{ e.status }}">{{ e.status }}</td>
<td{{ (e.statement or '')|lang }}>{{ e.statement or e.warning }}</td><td>{{ evidence(e) }}
{%- if not e.evidence %}{{ scenario_list(e.scenarios or []) }}
{% for r in e.reasons or [] %}<div class="muted">{{ r }}</div>{% endfor %}{% endif %}
</td></tr>{% endfor %}</table>{% else %}<p>None.</p>{% endif %}

<h2 id="expected">Expected deviations ({{ expected|length }})</h2>
{% if expected %}<table><tr><th>rule</th><th>status</th><th>reason</th><th>link</th><th>scenarios</th></tr>
{% for rid, e in expected %}<tr><td>{{ rule_link(rid, e) }}</td><td>{{ e.status }}</td>
<td>{{ (e.reasons or [])|join("; ") }}</td>
<td>{% for l in e.links or [] %}<a href="{{ l }}">{{ l }}</a> {% endfor %}</td>
<td>{{ (e.scenarios or [])|join("; ") }}</td></tr>{% endfor %}</table>{% else %}<p>None.</p>{% endif %}

<h2 id="surprises">Unexpected passes ({{ surprises|length }})</h2>
{% if surprises %}<p class="st-unexpected-pass">Listed as deviations, but the target now behaves as documented:
remove them from the expectations file.</p>
<table><tr><th>rule</th><th>reason</th><th>link</th><th>scenarios</th></tr>
{% for rid, e in surprises %}<tr><td>{{ rule_link(rid, e) }}</td><td>{{ (e.reasons or [])|join("; ") }}</td>
<td>{% for l in e.links or [] %}<a href="{{ l }}">{{ l }}</a> {% endfor %}</td>
<td>{{ (e.scenarios or [])|join("; ") }}</td></tr>{% endfor %}</table>{% else %}<p>None.</p>{% endif %}

<h2 id="coverage">Coverage of the rule catalogue</h2>
<table><tr><th>mode</th><th>rules</th><th>checked</th><th>exercised</th><th>skipped on this target</th>
<th>not selected</th><th>not run</th><th>not covered by the kit</th></tr>
{% for mode, c in per_mode %}<tr><td><a href="#mode={{ mode }}">{{ mode }}</a></td>
{% for key in ("rules", "checked", "exercised", "skip", "not-selected", "not-run", "not-covered") %}
<td class="n">{{ c.get(key, 0) }}</td>{% endfor %}</tr>{% endfor %}</table>

<h2 id="rules">Every rule ({{ rules|length }})</h2>
<div class="filters"><label>mode <select id="f-mode">
<option value="all">all modes</option>
{% for m, n in mode_options %}<option value="{{ m }}">{{ m }} ({{ n }})</option>{% endfor %}
</select></label>
<label>status <select id="f-status">
<option value="all">all statuses</option>
{% for s, n in status_options %}<option value="{{ s }}">{{ s }} ({{ n }})</option>{% endfor %}
</select></label>
<span id="shown" aria-live="polite">{{ rules|length }} of {{ rules|length }} rules shown</span>
<span class="muted">Worst first. Link a view: <code>summary.html#mode=axb&amp;status=fail</code></span></div>
<table class="rules" id="rule-table"><colgroup><col class="c-id"><col class="c-mode"><col class="c-st">
<col class="c-stmt"><col></colgroup>
<thead><tr><th>rule</th><th>mode</th><th>status</th><th>statement</th><th>scenarios, why, evidence</th></tr></thead>
<tbody>
{% for rid, e in rules %}<tr id="rule-{{ rid }}" data-rule="{{ rid }}" data-mode="{{ e.mode or 'unknown' }}"
 data-status="{{ e.status }}"><td>{{ rule_link(rid, e) }}</td><td>{{ e.mode or "unknown" }}</td>
<td class="st-{{ e.status }}" title="{{ help.get(e.status, '') }}">{{ e.status }}</td>
<td{{ (e.statement or '')|lang }}>{{ e.statement or "" }}{% if e.confirmed is defined and not e.confirmed %}
 <span class="muted">(unconfirmed)</span>{% endif %}
{%- if e.warning %}<span class="warn">{{ e.warning }}</span>{% endif %}</td>
<td>{{ evidence(e) }}{{ scenario_list(e.scenarios or []) }}
{%- if e.why %}<div class="muted"{{ e.why|lang }}>{{ e.why }}</div>{% endif %}
{%- for r in e.reasons or [] %}<div class="muted"{{ r|lang }}>{{ r }}</div>{% endfor %}
{%- if e.clauses %}<details class="clauses"><summary>{{ e.clauses|length }} clause(s)</summary><ul>
{%- for c in e.clauses %}<li>{{ c.clause }} <span class="muted">
{%- if c.not_checkable %}not checkable: {{ c.not_checkable }}{% else %}asserted by {{ c.checked_by|join(", ") }}
{%- endif %}</span></li>{% endfor %}</ul></details>{% endif %}
{%- for l in e.links or [] %}<div><a href="{{ l }}">{{ l }}</a></div>{% endfor %}
{%- if e.exercised_by %}<div class="muted">exercised by (failed on another rule): {{ e.exercised_by|join("; ") }}</div>
{%- endif %}</td></tr>
{% endfor %}</tbody></table>
<script>
(function () {
  var mode = document.getElementById("f-mode"), status = document.getElementById("f-status");
  var shown = document.getElementById("shown");
  var rows = document.querySelectorAll("#rule-table tbody tr");
  function pick(select, value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) { select.value = value; return; }
    }
    select.value = "all";
  }
  function apply() {
    var m = mode.value, s = status.value, n = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var ok = (m === "all" || row.getAttribute("data-mode") === m) &&
               (s === "all" || row.getAttribute("data-status") === s);
      row.hidden = !ok;
      if (ok) { n++; }
    }
    shown.textContent = n + " of " + rows.length + " rules shown";
  }
  function fromHash() {
    var hash = location.hash.replace(/^#/, "");
    if (hash.indexOf("=") < 0) { return false; }  // a section anchor: keep the filters
    var params = {};
    hash.split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) { params[decodeURIComponent(pair.slice(0, at))] = decodeURIComponent(pair.slice(at + 1)); }
    });
    pick(mode, params.mode || "all");
    pick(status, params.status || "all");
    apply();
    return true;
  }
  function toHash() {
    var parts = [];
    if (mode.value !== "all") { parts.push("mode=" + encodeURIComponent(mode.value)); }
    if (status.value !== "all") { parts.push("status=" + encodeURIComponent(status.value)); }
    apply();
    history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
  }
  mode.addEventListener("change", toHash);
  status.addEventListener("change", toHash);
  window.addEventListener("hashchange", function () {
    if (fromHash()) { document.getElementById("rules").scrollIntoView(); }
  });
  if (!fromHash()) { apply(); }
})();
</script>
</body></html>
"""


def _lang(text: object) -> Markup:
    """` lang="zh"` on an element whose text has Chinese, so the browser picks a CJK font."""
    return Markup(' lang="zh"') if isinstance(text, str) and _CJK.search(text) else Markup("")


def _mode_key(mode: str) -> int:
    return MODE_ORDER.index(mode) if mode in MODE_ORDER else len(MODE_ORDER)


def _status_key(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else -1  # an unknown status: show it first


def _coverage(doc: dict[str, Any], rules: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, str, int]]:
    """The `coverage` numbers with what they mean; computed from the rules for an older file."""
    cov = doc.get("coverage")
    if not isinstance(cov, dict) or not cov:
        counts = Counter(e.get("status", "") for _, e in rules)
        cov = {
            "catalogue": len(rules),
            "checkable": len(rules) - counts["not-covered"],
            "checked": sum(n for s, n in counts.items() if s in CHECKED),
            **{s: counts[s] for s in ("exercised", "skip", "not-selected", "not-run", "not-covered")},
        }
    labels = dict(COVERAGE_LABELS)
    keys = [k for k, _ in COVERAGE_LABELS if k in cov] + [k for k in cov if k not in labels]
    return [(k, labels.get(k, k), cov[k]) for k in keys if cov[k] or k in ("catalogue", "checkable", "checked")]


def render(doc: dict[str, Any]) -> str:
    rules: list[tuple[str, dict[str, Any]]] = [
        (rid, e if isinstance(e, dict) else {"status": str(e)}) for rid, e in doc["rules"].items()
    ]
    for _, entry in rules:
        entry.setdefault("status", "unknown")
    per_mode: dict[str, Counter[str]] = {}
    for _, entry in rules:
        c = per_mode.setdefault(entry.get("mode") or "unknown", Counter())
        c["rules"] += 1
        c["checked" if entry["status"] in CHECKED else entry["status"]] += 1
    order = {rid: i for i, (rid, _) in enumerate(rules)}
    every = sorted(
        rules,
        key=lambda item: (_status_key(item[1]["status"]), _mode_key(item[1].get("mode") or "unknown"), order[item[0]]),
    )
    statuses = Counter(e["status"] for _, e in rules)
    modes = Counter(e.get("mode") or "unknown" for _, e in rules)
    totals = doc.get("totals") if isinstance(doc.get("totals"), dict) else {}
    seen = {s for counts in totals.values() for s in counts}
    run = doc.get("run") if isinstance(doc.get("run"), dict) else {}
    selection = [(k, v) for k, v in (run.get("selection") or {}).items() if v]
    scenarios = doc.get("scenarios") if isinstance(doc.get("scenarios"), dict) else {}
    env = Environment(autoescape=True)
    env.filters["lang"] = _lang
    return env.from_string(_TEMPLATE).render(
        doc=doc,
        run=run,
        selection=selection,
        scenario_counts=", ".join(f"{n} {s}" for s, n in scenarios.items() if n),
        help=STATUS_HELP,
        coverage_rows=_coverage(doc, rules),
        total_statuses=[s for s in STATUSES if s in seen or s in ("pass", "fail")] + sorted(seen - set(STATUSES)),
        totals=sorted(totals.items(), key=lambda item: _mode_key(item[0])),
        failing=[(r, e) for r, e in every if e["status"] in ("fail", "indeterminate")],
        expected=[(r, e) for r, e in every if e["status"] in ("expected-fail", "deviation")],
        surprises=[(r, e) for r, e in every if e["status"] == "unexpected-pass"],
        per_mode=sorted(per_mode.items(), key=lambda item: _mode_key(item[0])),
        rules=every,
        mode_options=sorted(modes.items(), key=lambda item: _mode_key(item[0])),
        status_options=[(s, statuses.get(s, 0)) for s in STATUS_ORDER]
        + sorted((s, n) for s, n in statuses.items() if s not in STATUS_ORDER),
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
    doc.setdefault("target", "unknown")
    doc.setdefault("verdict", "unknown (report written by an older kit)")
    doc.setdefault("verdict_status", "not-assessed")
    out = reports / "summary.html"
    out.write_text(render(doc), encoding="utf-8")
    return out
