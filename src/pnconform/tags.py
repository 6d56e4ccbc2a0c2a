"""What a scenario's tags say: the rule ids it checks and the mode it belongs to."""

from __future__ import annotations

import re
from collections.abc import Iterable

_PREFIXES = "GEN|AUTH|NUM|CODE|STOP|REC|XSTAT|SMS|AXB|AX|AXE|AXYB|XM|EVT|CDR|HANG|Q850|TEAR"
RULE_ID = re.compile(rf"^({_PREFIXES})-[0-9][0-9A-Za-z-]*$")
MODE_TAGS = ("axb", "ax", "axe", "axyb", "x", "common")


def rule_ids(tags: Iterable[str]) -> list[str]:
    return sorted({t for t in tags if RULE_ID.match(t)})


def mode_of(tags: Iterable[str]) -> str:
    """The scenario's mode; `common` wins because common scenarios also carry their carrier mode."""
    tags = set(tags)
    for mode in MODE_TAGS[::-1]:
        if mode in tags:
            return mode
    return "common"
