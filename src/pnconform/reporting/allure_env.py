"""What the Allure results carry besides the scenarios: environment, categories, severities, links.

- `environment.properties`: target, target kind, base URL host (never credentials), kit version,
  spec and catalogue revisions, auth scheme.
- `categories.json`: product defects (assertion failures on the target's answers) apart from
  unreachable targets, indeterminate outcomes (timeouts), test-setup problems and expected deviations.
- per scenario: a severity and a link to the Huawei documentation page of each of its rules.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import allure

from pnconform.catalogue import rules_by_id

# Severity of a scenario (decision, docs/design.md): wrong routing, auth and the invariants leak
# calls or numbers to the wrong party (critical); an unconfirmed reading is minor; the rest normal.
_CRITICAL_INTERFACES = ("routing", "auth", "invariants")

# Allure 2 reads these from categories.json; Allure 3 from its config (`pnconform report` passes
# them). The regexes avoid inline flags: Allure 3 matches with JavaScript.
CATEGORIES = [
    {
        "name": "Indeterminate (timeout: the operation may have happened)",
        "matchedStatuses": ["broken", "failed"],
        "messageRegex": r"[\s\S]*(Indeterminate|indeterminate:)[\s\S]*",
    },
    {
        "name": "Unreachable target",
        "description": "the target did not answer at the transport level: check base_url, network, TLS",
        "matchedStatuses": ["broken", "failed"],
        "messageRegex": r"[\s\S]*TargetUnreachable[\s\S]*",
    },
    {
        "name": "Expected deviations (expectations file)",
        "matchedStatuses": ["skipped"],
        "messageRegex": r"XFAIL expected deviation[\s\S]*",
    },
    {
        "name": "Deviations from unconfirmed readings",
        "matchedStatuses": ["skipped"],
        "messageRegex": r"XFAIL deviation from an unconfirmed reading[\s\S]*",
    },
    {
        "name": "Unexpected passes (listed as deviation)",
        "matchedStatuses": ["passed", "failed", "broken"],  # broken: expectations_strict
        "messageRegex": r"[\s\S]*(XPASS|unexpected pass)[\s\S]*",
    },
    {
        "name": "Product defects",
        "description": "the target's answer broke a rule (an assertion on the target's answer failed)",
        "matchedStatuses": ["failed"],
    },
    {
        "name": "Test-setup problems",
        "description": "the kit could not run the scenario: configuration, targets.yaml, fixtures, kit errors",
        "matchedStatuses": ["broken"],
    },
    {
        "name": "Not run on this target (capabilities)",
        "matchedStatuses": ["skipped"],
    },
]


def severity_of(tags: set[str], feature: str) -> str:
    if "unconfirmed" in tags:
        return allure.severity_level.MINOR.value
    if "invariants" in tags or any(Path(feature).stem.startswith(p) for p in _CRITICAL_INTERFACES):
        return allure.severity_level.CRITICAL.value
    return allure.severity_level.NORMAL.value


@cache
def _catalogue() -> dict[str, Any]:
    return rules_by_id()


def doc_links(rules: list[str]) -> list[tuple[str, str]]:
    """(url, name) of each rule's documentation page, one per page."""
    known = _catalogue()
    links: dict[str, str] = {}
    for rule_id in rules:
        rule = known.get(rule_id)
        if rule is not None and rule.source:
            links.setdefault(rule.source, f"{rule_id}: Huawei documentation")
    return list(links.items())


def label_scenario(rules: list[str], tags: set[str], feature: str) -> None:
    allure.dynamic.severity(allure.severity_level(severity_of(tags, feature)))
    for url, name in doc_links(rules):
        allure.dynamic.link(url, name=name)


def kit_version() -> str:
    try:
        return version("pnconform")
    except PackageNotFoundError:
        return "unknown"


def _digest(paths: list[Path]) -> str:
    sha = hashlib.sha256()
    for path in sorted(paths):
        sha.update(path.name.encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()[:12]


def spec_revision(project_root: Path | None) -> str:
    """Content hash of the spec digest (`../shared/spec/*.md` next to the checkout), else "unknown".

    The spec lives outside the repository and carries no version of its own: a hash of its files
    tells two runs made against different spec texts apart."""
    if project_root is None:
        return "unknown"
    spec = project_root.parent / "shared" / "spec"
    found = list(spec.glob("*.md")) if spec.is_dir() else []
    return f"sha256:{_digest(found)}" if found else "unknown"


def catalogue_revision() -> str:
    rules = files("pnconform.catalogue") / "rules"
    found = [Path(str(p)) for p in rules.iterdir() if p.name.endswith(".yaml")]
    return f"sha256:{_digest(found)}" if found else "unknown"


def environment(target: Any, project_root: Path | None) -> dict[str, str]:
    host = urlsplit(target.base_url).hostname if target.base_url else None
    return {
        "target": target.name,
        "target.kind": target.kind,
        "target.host": host or ("127.0.0.1 (embedded emulator)" if target.kind == "embedded" else "unknown"),
        "auth.scheme": target.auth,
        "kit.version": kit_version(),
        "spec.revision": spec_revision(project_root),
        "catalogue.revision": catalogue_revision(),
        "expected.deviations": str(len(target.expectations)),
    }


def write(results_dir: Path, target: Any, project_root: Path | None) -> None:
    results_dir.mkdir(parents=True, exist_ok=True)
    env = environment(target, project_root)
    text = "".join(f"{key}={_escape(value)}\n" for key, value in env.items())
    (results_dir / "environment.properties").write_text(text, encoding="utf-8")
    (results_dir / "categories.json").write_text(json.dumps(CATEGORIES, indent=2) + "\n", encoding="utf-8")


def _escape(value: str) -> str:
    # java.util.Properties: backslash escapes; keep the value on one line
    return value.replace("\\", "\\\\").replace("\n", " ")
