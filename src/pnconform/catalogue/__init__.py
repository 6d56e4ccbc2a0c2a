"""The rule catalogue: one YAML file per spec file under ``rules/``, loaded and validated here.

Each file is a YAML list of rules::

    - id: AXB-004
      mode: axb               # axb | ax | axe | axyb | x | common
      statement: "..."        # one line, our own words
      source: https://...     # best URL the spec gives for the rule
      confirmed: true         # false: unconfirmed / open / inferred-only in the spec
      testable: api           # api | simulator | no
      why: ""                 # required when testable is not api
      decision: D-5           # optional README decision
      clauses:                # optional; required of a covered rule (tests/test_clauses.py)
        - clause: "..."       # one checkable part of the statement, one line
          checked-by: [step_function, ...]   # step definitions, run by a scenario tagged with the rule, that assert it
        - clause: "..."
          not-checkable: "why no scenario can assert this part"

``load_catalogue()`` reads every ``rules/*.yaml`` shipped in the package (whoever wrote it) and raises
``ValueError`` with a one-line message naming the file and the rule id on any problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import yaml

__all__ = ["MODES", "TESTABLE", "Clause", "Rule", "load_catalogue", "load_texts", "rules_by_id"]

MODES = frozenset({"axb", "ax", "axe", "axyb", "x", "common"})
TESTABLE = frozenset({"api", "simulator", "no"})

_REQUIRED = ("id", "mode", "statement", "source", "confirmed", "testable")
_OPTIONAL = ("why", "decision", "clauses")
_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[0-9A-Za-z]+)+$")
_DECISION = re.compile(r"^D-\d+$")
_BOOL_TAG = "tag:yaml.org,2002:bool"


class _CatalogueLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader with YAML 1.2 booleans: only true/false are booleans, so `testable: no` stays the string "no"."""


_CatalogueLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_CatalogueLoader.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


@dataclass(frozen=True)
class Clause:
    """One checkable part of a rule: asserted by the named step definitions, or not checkable (why)."""

    text: str
    checked_by: tuple[str, ...] = ()
    not_checkable: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    mode: str
    statement: str
    source: str
    confirmed: bool
    testable: str
    why: str = ""
    decision: str | None = None
    file: str = ""
    clauses: tuple[Clause, ...] = ()


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _fail(file: str, rule_id: object, problem: str) -> ValueError:
    where = f"{file}: {rule_id}" if rule_id not in (None, "") else f"{file}: (no id)"
    return ValueError(_one_line(f"rule catalogue {where}: {problem}"))


def _parse_clauses(file: str, label: str, value: object) -> tuple[Clause, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        raise _fail(file, label, "field 'clauses' must be a non-empty list")
    clauses = []
    for n, entry in enumerate(value, 1):
        where = f"clause #{n}"
        if not isinstance(entry, dict):
            raise _fail(file, label, f"{where}: expected a mapping with 'clause'")
        unknown = sorted(str(k) for k in entry if k not in ("clause", "checked-by", "not-checkable"))
        if unknown:
            raise _fail(file, label, f"{where}: unknown field(s) {', '.join(unknown)}")
        text = entry.get("clause")
        if not isinstance(text, str) or not text.strip() or "\n" in text.strip():
            raise _fail(file, label, f"{where}: 'clause' must be a non-empty one-line string")
        steps = entry.get("checked-by", [])
        if isinstance(steps, str):
            steps = [steps]
        if not isinstance(steps, list) or not all(isinstance(s, str) and s.isidentifier() for s in steps):
            raise _fail(file, label, f"{where}: 'checked-by' must list step function names")
        reason = entry.get("not-checkable", "")
        if not isinstance(reason, str):
            raise _fail(file, label, f"{where}: 'not-checkable' must be a reason (a string)")
        if bool(steps) == bool(reason.strip()):
            raise _fail(file, label, f"{where}: give either 'checked-by' or 'not-checkable' (with a reason)")
        clauses.append(Clause(text.strip(), tuple(steps), reason.strip()))
    return tuple(clauses)


def _parse_rule(file: str, stem: str, index: int, entry: object) -> Rule:
    if not isinstance(entry, dict):
        raise _fail(file, f"entry #{index + 1}", f"expected a mapping, got {type(entry).__name__}")
    rule_id = entry.get("id")
    label = rule_id if isinstance(rule_id, str) and rule_id else f"entry #{index + 1}"
    unknown = sorted(str(k) for k in entry if k not in _REQUIRED + _OPTIONAL)
    if unknown:
        raise _fail(file, label, f"unknown field(s) {', '.join(unknown)}")
    for name in _REQUIRED:
        if name not in entry or entry[name] is None:
            raise _fail(file, label, f"missing field '{name}'")
    for name in ("id", "mode", "statement", "source", "testable"):
        value = entry[name]
        if not isinstance(value, str) or not value.strip():
            raise _fail(file, label, f"field '{name}' must be a non-empty string")
    if not _ID.match(rule_id):
        raise _fail(file, label, "id must look like PREFIX-NNN (e.g. AXB-004, CODE-1010010-401)")
    if "\n" in entry["statement"]:
        raise _fail(file, label, "statement must be one line")
    if entry["mode"] not in MODES:
        raise _fail(file, label, f"mode '{entry['mode']}' not in {sorted(MODES)}")
    if entry["testable"] not in TESTABLE:
        raise _fail(file, label, f"testable '{entry['testable']}' not in {sorted(TESTABLE)}")
    if not isinstance(entry["confirmed"], bool):
        raise _fail(file, label, "field 'confirmed' must be true or false")
    why = entry.get("why")
    if why is None:
        why = ""
    if not isinstance(why, str):
        raise _fail(file, label, "field 'why' must be a string")
    if entry["testable"] != "api" and not why.strip():
        raise _fail(file, label, f"field 'why' is required when testable is '{entry['testable']}'")
    decision = entry.get("decision")
    if decision is not None and (not isinstance(decision, str) or not _DECISION.match(decision)):
        raise _fail(file, label, f"decision '{decision}' must look like D-<n>")
    return Rule(
        id=rule_id,
        mode=entry["mode"],
        statement=entry["statement"].strip(),
        source=entry["source"].strip(),
        confirmed=entry["confirmed"],
        testable=entry["testable"],
        why=why.strip(),
        decision=decision,
        file=stem,
        clauses=_parse_clauses(file, label, entry.get("clauses")),
    )


def _parse_file(file: str, text: str) -> list[Rule]:
    """Parse one catalogue file (``file`` is its name, e.g. ``10-axb.yaml``)."""
    stem = file.rsplit("/", 1)[-1].removesuffix(".yaml")
    try:
        data = yaml.load(text, Loader=_CatalogueLoader)
    except yaml.YAMLError as exc:
        raise _fail(file, None, f"invalid YAML: {exc}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise _fail(file, None, f"expected a list of rules, got {type(data).__name__}")
    return [_parse_rule(file, stem, i, entry) for i, entry in enumerate(data)]


def load_texts(texts: Iterable[tuple[str, str]]) -> list[Rule]:
    """Parse and cross-check several files given as (file name, text) pairs, in the given order."""
    return list(_load_texts(tuple(texts)))


@lru_cache(maxsize=8)
def _load_texts(texts: tuple[tuple[str, str], ...]) -> tuple[Rule, ...]:
    """Cached on the texts themselves: every report of a process (the self-test's long-lived
    suite runner writes hundreds) reads the same catalogue; an edited file parses anew."""
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for file, text in texts:
        for rule in _parse_file(file, text):
            if rule.id in seen:
                raise _fail(file, rule.id, f"duplicate id (also in {seen[rule.id]})")
            seen[rule.id] = file
            rules.append(rule)
    return tuple(rules)


def _shipped_files() -> list[tuple[str, str]]:
    folder = files(__name__).joinpath("rules")
    if not folder.is_dir():
        return []
    entries = sorted((e for e in folder.iterdir() if e.name.endswith(".yaml") and e.is_file()), key=lambda e: e.name)
    return [(e.name, e.read_text(encoding="utf-8")) for e in entries]


def load_catalogue() -> list[Rule]:
    """All rules of every ``rules/*.yaml`` shipped in the package, files in name order, rules in file order."""
    return load_texts(_shipped_files())


def rules_by_id() -> dict[str, Rule]:
    return {rule.id: rule for rule in load_catalogue()}


def rule_selection(values: Iterable[str]) -> frozenset[str]:
    """The rule ids of `--rule` values, each one id or several joined by commas."""
    return frozenset(r.strip() for value in values for r in value.split(",") if r.strip())


def unknown_rules_problem(ids: Iterable[str]) -> str | None:
    """The one-line complaint about `--rule` ids the catalogue lacks; None when it has them all."""
    wanted = set(ids)
    if not wanted:  # no selection: the catalogue is not even read
        return None
    unknown = sorted(wanted - set(rules_by_id()))
    return f"--rule: unknown rule id {', '.join(unknown)}; `pnconform rules` lists them" if unknown else None
