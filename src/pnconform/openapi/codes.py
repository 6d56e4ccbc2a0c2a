"""Which result codes each operation can answer, read off the emulator's own source.

Every code comes from the one table (``emulator/codes.py``); which route can raise it is found
by scanning the emulator's modules for the table's keys: a key named under ``modes/<mode>/`` (or
in a ``<mode>_…`` setting of ``config.py``) belongs to that mode's routes, one under ``calls/``
to the call routes, any other to every route (authentication, flow control, envelopes). A scan
rather than a hand list, so a new ``ApiError("…")`` appears in the description by itself.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

from ..emulator import codes as table
from ..emulator.config import MODES

COMMON = "*"
CALLS = "calls"
_ROOT = Path(table.__file__).parent
_ALIASES: Mapping[str, str] = {
    name: value for name, value in vars(table).items() if isinstance(value, str) and value in table.CODES
}


def _keys(node: ast.AST) -> Iterator[str]:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and sub.value in table.CODES:
            yield sub.value
        elif isinstance(sub, ast.Name | ast.Attribute):
            name = sub.id if isinstance(sub, ast.Name) else sub.attr
            if name in _ALIASES:
                yield _ALIASES[name]


def _scope(path: Path) -> str:
    parts = path.relative_to(_ROOT).parts
    if parts[0] == "modes" and len(parts) > 2:
        return parts[1]
    return CALLS if parts[0] == "calls" else COMMON


def _config_keys(tree: ast.Module) -> dict[str, set[str]]:
    """config.py: a code inside a ``<mode>_…`` setting belongs to that mode, others to all."""
    out: dict[str, set[str]] = {}
    owned: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                mode = key.value.split("_")[0]
                if mode in MODES:
                    out.setdefault(mode, set()).update(_keys(value))
                    owned.update(id(sub) for sub in ast.walk(value))
    for sub in ast.walk(tree):
        if id(sub) not in owned:
            out.setdefault(COMMON, set()).update(_keys(sub) if isinstance(sub, ast.Constant) else ())
    return out


@cache
def codes_by_scope() -> Mapping[str, frozenset[str]]:
    """scope (a mode, ``calls`` or ``*``) -> the code-table keys named there."""
    found: dict[str, set[str]] = {}
    for path in sorted(_ROOT.rglob("*.py")):
        if path == Path(table.__file__):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if path.name == "config.py" and path.parent == _ROOT:
            for scope, keys in _config_keys(tree).items():
                found.setdefault(scope, set()).update(keys)
        else:
            found.setdefault(_scope(path), set()).update(_keys(tree))
    return {scope: frozenset(keys) for scope, keys in found.items()}


def codes_for(mode: str | None) -> list[table.ResultCode]:
    """The table rows a route of ``mode`` (None: the call routes) can answer, in table order."""
    scopes = codes_by_scope()
    keys = scopes.get(COMMON, frozenset()) | scopes.get(mode or CALLS, frozenset()) | {"0"}
    return [row for key, row in table.CODES.items() if key in keys]
