"""`pnconform where RULE-ID`: from a rule id to everything that states, checks and breaks it.

The one-minute path for a newcomer: the rule's text and catalogue entry, the scenarios tagged
with it (file:line), the step definitions those scenarios run, the fault switches that break it,
and the code that names it — emulator, oracle, receiver validators — found by the rule id
written next to the code that enforces or checks it (the project's convention).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pnconform.catalogue import Rule, load_catalogue
from pnconform.reporting.coverage import ScenarioTags, scan
from pnconform.tags import rule_ids

PACKAGE = Path(__file__).resolve().parent
CODE_AREAS = (("emulator", "emulator"), ("oracle", "oracle"), ("receiver", "receiver validators"))


@dataclass
class Place:
    path: str  # relative to the project root (or the package)
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}  {self.text}"


@dataclass
class Where:
    rule: Rule
    catalogue: Place | None
    scenarios: list[Place] = field(default_factory=list)
    steps: list[Place] = field(default_factory=list)
    faults: list[Place] = field(default_factory=list)
    code: dict[str, list[Place]] = field(default_factory=dict)  # area -> places naming the rule


def _relative(path: Path, root: Path | None) -> str:
    for base in (root, PACKAGE.parent.parent):
        if base is not None and path.is_relative_to(base):
            return str(path.relative_to(base))
    return str(path)


@cache
def _lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


_WORD = re.compile(r"[\w-]+")


@cache
def _index(path: Path) -> dict[str, list[int]]:
    """The line numbers of each hyphenated word of a file. A rule id is named where it stands alone
    (no word character or hyphen beside it), i.e. where it is a whole run of word characters and
    hyphens: one scan of each file serves every rule."""
    index: dict[str, list[int]] = {}
    for number, line in enumerate(_lines(path), 1):
        for word in {w for w in _WORD.findall(line) if "-" in w}:
            index.setdefault(word, []).append(number)
    return index


def _grep(files: Iterable[Path], rule_id: str, root: Path | None) -> list[Place]:
    return [
        Place(_relative(path, root), number, _lines(path)[number - 1].strip()[:140])
        for path in files
        for number in _index(path).get(rule_id, ())
    ]


@cache
def _scenarios(features: Path) -> tuple[ScenarioTags, ...]:
    return tuple(scan(features)) if features.is_dir() else ()


@cache
def _step_definitions(root: Path) -> tuple[tuple[str | None, object, object], ...]:
    """(type, parser, function) of every step definition of the checkout's `steps` package."""
    import sys

    from pytest_bdd.steps import step_function_context_registry

    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    steps = importlib.import_module("steps")
    for module in pkgutil.walk_packages(steps.__path__, "steps."):  # steps/<mode>/ packages too
        if not module.name.rpartition(".")[2].startswith("test_"):
            importlib.import_module(module.name)
    return tuple((c.type, c.parser, c.step_func) for c in step_function_context_registry.values())


@cache
def _step_place(kind: str, text: str, root: Path) -> Place | None:
    for step_type, parser, func in _step_definitions(root):
        if step_type in (kind, None) and parser.is_matching(text):  # type: ignore[attr-defined]
            source = Path(inspect.getsourcefile(func) or "?")  # type: ignore[arg-type]
            line = inspect.getsourcelines(func)[1]  # type: ignore[arg-type]
            return Place(_relative(source, root), line, f"{kind} {func.__name__}")  # type: ignore[attr-defined]
    return None


def step_function(kind: str, text: str, root: Path) -> str | None:
    """The name of the step definition a step of a feature runs (None when no definition matches)."""
    place = _step_place(kind, text, root)
    return place.text.split(" ", 1)[1] if place is not None else None


def locate(rule_id: str, root: Path | None) -> Where:
    """Everything the kit holds about one rule id; KeyError when the catalogue has no such rule."""
    rules = {r.id: r for r in load_catalogue()}
    rule = rules[rule_id]
    catalogue_file = PACKAGE / "catalogue" / "rules" / f"{rule.file}.yaml"
    entry = [p for p in _grep([catalogue_file], rule_id, root) if p.text.startswith("- id:")]
    where = Where(rule, entry[0] if entry else None)
    if root is not None:
        steps: dict[tuple[str, int], Place] = {}
        for scenario in _scenarios(root / "features"):
            if rule_id not in rule_ids(scenario.tags):
                continue
            where.scenarios.append(Place(f"features/{scenario.feature_file}", scenario.line, scenario.name))
            for kind, text in scenario.steps:
                place = _step_place(kind, text, root)
                if place is not None:
                    steps.setdefault((place.path, place.line), place)
        where.steps = sorted(steps.values(), key=lambda p: (p.path, p.line))
    from pnconform.emulator import FAULTS
    from pnconform.emulator.faults import declared_at

    for name, fault in sorted(FAULTS.items()):
        if rule_id in fault.rules:
            fault_file, line = declared_at(name)  # each switch is declared beside the code it bends
            where.faults.append(Place(_relative(fault_file, root), line, f"{name}: {fault.description}"))
    for folder, area in CODE_AREAS:
        files = sorted((PACKAGE / folder).rglob("*.py"))
        if folder == "emulator":  # the fault declarations (listed above) name the rules they break
            files = [f for f in files if f.name != "faults.py"]
        where.code[area] = _grep(files, rule_id, root)
    return where


def render(where: Where) -> str:
    rule = where.rule
    flags = [rule.mode, "confirmed" if rule.confirmed else "unconfirmed", f"testable: {rule.testable}"]
    if rule.decision:
        flags.append(f"decision {rule.decision}")
    lines = [f"{rule.id}  ({', '.join(flags)})", f"  {rule.statement}", f"  source: {rule.source}"]
    if rule.why:
        lines.append(f"  why not api: {rule.why}")
    if where.catalogue:
        lines.append(f"  catalogue: {where.catalogue.path}:{where.catalogue.line}")
    sections = [
        ("scenarios", where.scenarios),
        ("step definitions they run", where.steps),
        ("fault switches that break it", where.faults),
        *where.code.items(),
    ]
    for title, places in sections:
        lines.append(f"{title} ({len(places)}):" if places else f"{title}: none")
        lines += [f"  {place}" for place in places]
    return "\n".join(lines)
