"""Known deviations of a target: the per-target expectations file and how outcomes are judged by it.

The file (`expectations:` of a target in targets.yaml, relative to that file)::

    deviations:
      - rule: AXB-004                 # rule id of the catalogue
        reason: "live platform answers 1012001 here"
        link: https://tracker.example/PN-12     # optional: ticket, mail, decision
        scenario: axb-bind-07         # optional: only this scenario (its stable id, exact), or
                                      # "empty areaCode": only scenarios whose name contains this

`scenario:` is a scenario id when it looks like one (`axb-bind-07`, `id:axb-bind-07`, or one
example of an outline, `axb-bind-07[1012010]`): it matches exactly, and a bare outline id matches
every example. Anything else is matched as before, as a substring of the scenario's name.

A failing scenario whose rule ids are all listed is an expected failure; a passing scenario with a
listed rule is an unexpected pass (the deviation is gone: update the file).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pnconform.tags import ID_TAG_PREFIX, RULE_ID, SCENARIO_ID_WITH_EXAMPLE

_KEYS = {"rule", "reason", "link", "scenario"}


class ExpectationsError(ValueError):
    """A defect of an expectations file; the message is one line naming the place."""


@dataclass(frozen=True)
class Deviation:
    rule: str
    reason: str
    link: str = ""
    scenario: str = ""  # empty: every scenario of the rule; a scenario id (exact) or a part of its name

    @property
    def scenario_id(self) -> str:
        """The scenario id `scenario:` names ("" when it is a part of a name)."""
        text = self.scenario.strip().removeprefix(ID_TAG_PREFIX)
        return text if SCENARIO_ID_WITH_EXAMPLE.match(text) else ""

    def applies_to(self, scenario_name: str, rules: list[str], scenario_id: str = "") -> bool:
        if self.rule not in rules:
            return False
        if not self.scenario:
            return True
        wanted = self.scenario_id
        if wanted:  # an id: exact; an outline's bare id covers each of its examples
            return scenario_id == wanted or scenario_id.split("[", 1)[0] == wanted
        return self.scenario in scenario_name


@dataclass(frozen=True)
class Verdict:
    """What the expectations say about one scenario's rules."""

    deviations: tuple[Deviation, ...]

    @property
    def reason(self) -> str:
        return "; ".join(f"{d.rule}: {d.reason}" for d in self.deviations)

    @property
    def rules(self) -> list[str]:
        return sorted({d.rule for d in self.deviations})

    @property
    def link(self) -> str:
        return " ".join(dict.fromkeys(d.link for d in self.deviations if d.link))


def load(path: str | Path) -> tuple[Deviation, ...]:
    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ExpectationsError(f"{path}: cannot read the expectations file: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ExpectationsError(f"{path}:{where}: not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    return parse(doc, str(path))


def parse(doc: Any, source: str) -> tuple[Deviation, ...]:
    if doc is None:
        return ()
    if not isinstance(doc, dict) or set(doc) - {"deviations"}:
        raise ExpectationsError(f"{source}: expected a mapping with 'deviations:' (a list of {{rule, reason, link}})")
    items = doc.get("deviations") or []
    if not isinstance(items, list):
        raise ExpectationsError(f"{source}: deviations: expected a list of {{rule, reason, link}}")
    found = []
    for i, item in enumerate(items):
        where = f"{source}: deviations[{i}]"
        if not isinstance(item, dict):
            raise ExpectationsError(f"{where}: expected a mapping {{rule, reason, link}}, got {type(item).__name__}")
        unknown = sorted(set(map(str, item)) - _KEYS)
        if unknown:
            raise ExpectationsError(f"{where}: unknown key '{unknown[0]}' (allowed: {', '.join(sorted(_KEYS))})")
        rule, reason = item.get("rule"), item.get("reason")
        if not isinstance(rule, str) or not RULE_ID.match(rule):
            raise ExpectationsError(f"{where}: rule: give a rule id of the catalogue like AXB-004, got {rule!r}")
        if not isinstance(reason, str) or not reason.strip():
            raise ExpectationsError(f"{where} ({rule}): reason: say why the target deviates (a non-empty string)")
        for key in ("link", "scenario"):
            if not isinstance(item.get(key, ""), str):
                raise ExpectationsError(f"{where} ({rule}): {key}: expected a string")
        found.append(Deviation(rule, " ".join(reason.split()), item.get("link", ""), item.get("scenario", "")))
    return tuple(found)


def judge(
    deviations: tuple[Deviation, ...], scenario_name: str, rules: list[str], scenario_id: str = ""
) -> Verdict | None:
    """The deviations listed for this scenario, or None when none is."""
    matching = tuple(d for d in deviations if d.applies_to(scenario_name, rules, scenario_id))
    return Verdict(matching) if matching else None


def covers_all(verdict: Verdict | None, rules: list[str]) -> bool:
    """A failure is expected only when every rule of the scenario is listed: an unlisted one may be the defect."""
    return verdict is not None and set(rules) <= {d.rule for d in verdict.deviations}
