"""What a scenario's tags say: its stable id, the rule ids it checks and the mode it belongs to."""

from __future__ import annotations

import re
from collections.abc import Iterable

_PREFIXES = "GEN|AUTH|NUM|CODE|STOP|REC|XSTAT|SMS|AXB|AX|AXE|AXYB|XM|EVT|CDR|HANG|Q850|TEAR"
RULE_ID = re.compile(rf"^({_PREFIXES})-[0-9][0-9A-Za-z-]*$")
MODE_TAGS = ("axb", "ax", "axe", "axyb", "x", "common")
# A scenario's stable id (`@id:axb-bind-07`): <features folder>-<feature file stem>-<number in that
# file>. Assigned once and never renumbered: a new scenario takes the file's next free number, a
# removed scenario's id is never reused. An outline's examples share it: `axb-bind-07[<example id>]`.
ID_TAG_PREFIX = "id:"
SCENARIO_ID = re.compile(r"^[a-z][a-z0-9]*-[a-z0-9_]+-[0-9]{2,}$")
SCENARIO_ID_WITH_EXAMPLE = re.compile(r"^([a-z][a-z0-9]*-[a-z0-9_]+-[0-9]{2,})(\[.*\])?$")


def is_id_tag(tag: str) -> bool:
    return tag.startswith(ID_TAG_PREFIX)


def scenario_ids(tags: Iterable[str]) -> list[str]:
    """Every id tag's id (a scenario has exactly one; tests/test_reporting.py holds the kit to it)."""
    return sorted(t[len(ID_TAG_PREFIX) :] for t in tags if is_id_tag(t))


def scenario_id(tags: Iterable[str]) -> str:
    """The scenario's stable id, or "" when it has none (or, wrongly, several)."""
    ids = scenario_ids(tags)
    return ids[0] if len(ids) == 1 else ""


def rule_ids(tags: Iterable[str]) -> list[str]:
    return sorted({t for t in tags if not is_id_tag(t) and RULE_ID.match(t)})


def mode_of(tags: Iterable[str]) -> str:
    """The scenario's mode; `common` wins because common scenarios also carry their carrier mode."""
    tags = set(tags)
    for mode in MODE_TAGS[::-1]:
        if mode in tags:
            return mode
    return "common"
