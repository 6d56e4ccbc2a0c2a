"""Fault switches are declared once, as module constants, and checked through them.

Each switch is a module-level constant ``NAME = fault("area.switch", rules, description)`` in a
``faults.py`` beside the code it bends (emulator/faults.py documents the layout). The code that
bends a behaviour checks the constant (``if ALLOW_OVERLAP in state.faults:``), never the name as
a string literal, so a misspelt switch is an import error and grep leads from a switch to its
checks. A table-driven family is one module-level constant too, a dict comprehension whose one
``fault(...)`` call declares every member (``CODE_FAMILY = {key: fault(...) for ... in table}``,
emulator/calls/faults.py): its members are the switches declared at that line, and the code
that bends them reads the constant. Read statically (ast): nothing here runs the emulator.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

from pnconform.emulator import FAULTS
from pnconform.emulator.faults import declared_at

SRC = Path(__file__).resolve().parents[2] / "src"
EMULATOR = SRC / "pnconform" / "emulator"
# The families declared in the shared files when no single mode's code is all that checks them.
SHARED_FAMILIES = {
    "pnconform.emulator.faults": {"auth", "app", "envelope", "http", "validate", "number"},
    "pnconform.emulator.calls.faults": {"call", "push", "sms", "rec", "stop", "xmode", "xstat", "code"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, tuple[Path, ast.Module]]:
    """Every module of the emulator: name -> (path, syntax tree)."""
    return {
        _module_name(path): (path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
        for path in sorted(EMULATOR.rglob("*.py"))
    }


def _is_fault_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "fault"


@cache
def _declarations() -> dict[str, tuple[str, str, int]]:
    """fault name -> (declaring module, constant, line), read from the ``faults.py`` sources."""
    found: dict[str, tuple[str, str, int]] = {}
    for module, (path, tree) in _modules().items():
        if path.name != "faults.py":
            continue
        for node in tree.body:
            family = _family_call(node)
            if family is not None:  # NAME = {key: fault(...) for ...}: every switch declared at its line
                constant = _family_name(node)
                members = [n for n, f in FAULTS.items() if declared_at(n) == (path, family.lineno)]
                assert members, f"{path}:{family.lineno}: the family {constant} declares no switch"
                for name in members:
                    assert name not in found, f"{name} declared twice: {found[name]} and {module}"
                    found[name] = (module, constant, family.lineno)
                continue
            if isinstance(node, ast.Assign) and _is_fault_call(node.value):
                assert len(node.targets) == 1 and isinstance(node.targets[0], ast.Name), f"{path}:{node.lineno}"
                constant = node.targets[0].id
                call = node.value
                assert isinstance(call, ast.Call)
                name = call.args[0]
                assert isinstance(name, ast.Constant) and isinstance(name.value, str), f"{path}:{node.lineno}"
                assert constant.isupper(), f"{path}:{node.lineno}: {constant} is not a CONSTANT"
                assert name.value not in found, f"{name.value} declared twice: {found[name.value]} and {module}"
                found[name.value] = (module, constant, node.lineno)
        # a fault() call anywhere else in a declaring module is a declaration the lines above missed
        calls = [n for n in ast.walk(tree) if _is_fault_call(n)]
        top = [n.value for n in tree.body if isinstance(n, ast.Assign) and _is_fault_call(n.value)]
        top += [f for n in tree.body if (f := _family_call(n)) is not None]
        assert len(calls) == len(top), f"{path}: every fault() call must be a module-level NAME = fault(...)"
    return found


def _family_name(node: ast.stmt) -> str | None:
    """NAME of a module-level ``NAME = {...}`` / ``NAME: T = {...}`` dict comprehension."""
    if isinstance(node, ast.AnnAssign) and isinstance(node.value, ast.DictComp):
        return node.target.id if isinstance(node.target, ast.Name) else None
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.DictComp) and len(node.targets) == 1:
        return node.targets[0].id if isinstance(node.targets[0], ast.Name) else None
    return None


def _family_call(node: ast.stmt) -> ast.Call | None:
    """The one ``fault(...)`` call of a module-level ``NAME = {key: fault(...) for ...}`` (a family)."""
    target = _family_name(node)
    if target is None:
        return None
    assert target.isupper(), f"line {node.lineno}: {target} is not a CONSTANT"
    assert isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.DictComp)
    value = node.value.value
    return value if _is_fault_call(value) and isinstance(value, ast.Call) else None


def _absolute(module: str, path: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


@cache
def _checks() -> dict[tuple[str, str], set[str]]:
    """(declaring module, constant) -> the modules that use the constant (besides importing it)."""
    used: dict[tuple[str, str], set[str]] = defaultdict(set)
    for module, (path, tree) in _modules().items():
        names: dict[str, tuple[str, str]] = {}  # local name -> (declaring module, constant)
        modules: dict[str, str] = {}  # local name -> a declaring module imported whole
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = _absolute(module, path, node)
                for alias in node.names:
                    if alias.name == "faults":  # from . import faults; faults.ALLOW_OVERLAP
                        modules[alias.asname or alias.name] = f"{source}.{alias.name}"
                    names[alias.asname or alias.name] = (source, alias.name)
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in names:
                used[names[node.id]].add(module)
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
                used[(modules[node.value.id], node.attr)].add(module)
    return used


def test_the_registry_is_exactly_the_declarations() -> None:
    declarations = _declarations()
    assert set(declarations) == set(FAULTS), "a faults.py module is not imported by the emulator package"
    for name, (module, _constant, line) in declarations.items():
        assert FAULTS[name].name == name
        file, declared_line = declared_at(name)
        assert (_module_name(file), declared_line) == (module, line), name


def test_no_fault_is_checked_by_a_string_literal() -> None:
    declaration_names = {
        id(call.args[0])
        for _path, tree in _modules().values()
        for call in ast.walk(tree)
        if _is_fault_call(call) and isinstance(call, ast.Call) and call.args
    }
    literals = [
        f"{path.relative_to(SRC)}:{node.lineno}: {node.value!r}"
        for path, tree in _modules().values()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in FAULTS and id(node) not in declaration_names
    ]
    assert not literals, "check the declared constant instead of the fault name:\n" + "\n".join(literals)


def test_every_declared_fault_is_checked_somewhere() -> None:
    checks = _checks()
    unchecked = [
        f"{module}.{constant} ({name})"
        for name, (module, constant, _line) in sorted(_declarations().items())
        if not checks.get((module, constant), set()) - {module}
    ]
    assert not unchecked, "declared but never checked:\n" + "\n".join(unchecked)


def test_each_fault_is_declared_beside_the_code_it_bends() -> None:
    """One mode's switch (all its checks in modes/<mode>/) in modes/<mode>/faults.py; the others
    by family, in emulator/faults.py or emulator/calls/faults.py."""
    checks = _checks()
    misplaced = []
    for name, (module, constant, _line) in sorted(_declarations().items()):
        users = checks.get((module, constant), set()) - {module}
        if not users:
            continue  # test_every_declared_fault_is_checked_somewhere reports it
        # pnconform.emulator.modes.<mode>.* -> its mode package; any other module stands for itself
        packages = {".".join(u.split(".")[:4]) if u.startswith("pnconform.emulator.modes.") else u for u in users}
        modes = {p for p in packages if p.startswith("pnconform.emulator.modes.")}
        if len(modes) == 1 and modes == packages:
            expected = f"{modes.pop()}.faults"
        else:
            family = name.split(".")[0]
            expected = next((m for m, families in SHARED_FAMILIES.items() if family in families), "a shared file")
        if module != expected:
            misplaced.append(f"{name}: declared in {module}, checked in {sorted(users)}; belongs in {expected}")
    assert not misplaced, "\n".join(misplaced)
