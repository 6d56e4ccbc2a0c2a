"""The run's session, for the pytest plugins and the CLI: scenario info, run state, target start-up.

Public on purpose: `pnconform.plugin.*` (the pytest plugins), `pnconform.parallel` and the
recording plugin share these names instead of reaching into each other. No pytest hooks live
here. Only imported inside a pytest run (it imports pytest-bdd, which pytest loads first).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry

from pnconform.catalogue import rule_selection
from pnconform.client import ExchangeLog
from pnconform.reporting import conformance
from pnconform.tags import MODE_TAGS, rule_ids, scenario_id
from pnconform.targets import App, Target, TargetError, XNumber, check_reachable, load_target, trust_ca_file

FAULTS_ENV = "PNCONFORM_EMULATOR_FAULTS"


@dataclass
class ScenarioInfo:
    name: str  # "feature file: title [example]": readable, not stable
    feature: str
    interface: str
    tags: set[str]
    id: str = ""  # stable: the scenario's `@id:` tag, `axb-bind-07`; an outline's example `axb-bind-07[1012010]`

    @property
    def rules(self) -> list[str]:
        return rule_ids(self.tags)

    @property
    def key(self) -> str:
        """What reports and recordings key the scenario by: its id, else (an untagged scenario) its name."""
        return self.id or self.name


@dataclass
class RunState:
    target: Target | None = None
    emulator: Any = None
    scenarios: dict[str, ScenarioInfo] = field(default_factory=dict)
    outcomes: dict[str, conformance.ScenarioOutcome] = field(default_factory=dict)
    cleanup_problems: list[str] = field(default_factory=list)
    selected: int | None = None  # scenarios selected (the xdist controller learns it from a worker)
    selected_rules: frozenset[str] | None = None
    doc: dict[str, Any] | None = None  # the run's conformance document, once built


STATE = pytest.StashKey[RunState]()
EXCHANGES = pytest.StashKey[ExchangeLog]()
RECEIVER = pytest.StashKey[Any]()  # the session's callback receiver, once started
FAILED_STEP = pytest.StashKey[str]()  # on an item: the step that failed ("Then …")


def scenario_info(item: pytest.Item) -> ScenarioInfo | None:
    function = getattr(item, "function", None)
    template = scenario_wrapper_template_registry.get(function) if function else None
    if template is None:
        return None
    tags = {m.name for m in item.iter_markers()}
    feature = template.feature.rel_filename
    name, sid = template.name, scenario_id(tags)
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        name = f"{name} [{callspec.id}]"
        sid = f"{sid}[{callspec.id}]" if sid else ""
    return ScenarioInfo(name=f"{feature}: {name}", feature=feature, interface=Path(feature).stem, tags=tags, id=sid)


def wanted_rules(config: pytest.Config) -> frozenset[str]:
    """`--rule ID[,ID...]` (plugin.rule_selection): the rules a run is limited to; empty: no limit."""
    return rule_selection(config.getoption("--rule", None) or ())


def hypothesis_budget(option: str | None) -> dict[str, int]:
    if not option:
        return {}
    parts = option.lower().split("x")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() and int(p) > 0 for p in parts):
        raise TargetError(f"--hypothesis-budget {option}: use EXAMPLESxSTEPS or EXAMPLESxSTEPSxSHRINK_S, e.g. 5x10")
    keys = ("max_examples", "stateful_step_count", "shrink_seconds")
    return {key: int(part) for key, part in zip(keys, parts, strict=False)}


def start_target(config: pytest.Config) -> Target:
    """The run's target as configured (and --hypothesis-budget), started or checked reachable."""
    target = load_target(config.getoption("--targets"), config.getoption("--target"))
    budget = hypothesis_budget(config.getoption("--hypothesis-budget"))
    if budget:
        target = target.with_hypothesis(**budget)
    state = config.stash[STATE]
    if target.kind == "embedded":
        target, state.emulator = start_embedded(target, config.getoption("--emulator-fault"))
    else:
        trust_ca_file(target)  # GEN-001: a CA of the target's own (`pnconform emulator --tls`)
        check_reachable(target)
    return target


def start_embedded(target: Target, cli_faults: list[str]) -> tuple[Target, Any]:
    """Start the reference emulator for an `embedded` target; the target with its address and apps."""
    # Imported here: a run against a remote target never loads the emulator (nor Starlette).
    from pnconform.emulator import ConfigError, EmbeddedEmulator, builtin_config

    env_faults = [f for f in os.environ.get(FAULTS_ENV, "").split(",") if f.strip()]
    faults = [*target.emulator.get("faults", []), *env_faults, *cli_faults]
    try:
        cfg = builtin_config().with_settings(target.emulator.get("settings", {})).with_faults(faults)
    except ConfigError as exc:
        raise TargetError(f"{target.source}: target '{target.name}': emulator: {exc}") from None
    cfg = cfg.with_random_secrets()
    emulator = EmbeddedEmulator(cfg, host="127.0.0.1", port=0, tls=target.tls)  # GEN-001: HTTPS if asked
    emulator.start()
    apps: dict[str, App] = {}
    for app in cfg.apps:
        xs = tuple(XNumber(x.number, x.area_code, x.province) for x in app.x_numbers)
        apps.setdefault(app.mode, App(app.mode, app.app_key, app.app_secret, xs))
    return target.with_runtime(emulator.base_url, apps), emulator


def skip_reason(target: Target, tags: set[str]) -> str | None:
    caps = target.capabilities
    for mode in MODE_TAGS:
        if mode in tags and mode != "common" and mode not in caps.modes:
            return f"target '{target.name}' does not offer mode {mode} (capabilities.modes)"
    if "needs-hooks" in tags and not caps.test_hooks:
        return f"target '{target.name}' has no test hooks (capabilities.test_hooks): clock, number and app states"
    if "needs-calls" in tags and not (caps.test_hooks and caps.call_simulator):
        why = "capabilities.call_simulator is false" if caps.test_hooks else "no test hooks (capabilities.test_hooks)"
        return f"target '{target.name}' cannot simulate calls and messages: {why}"
    if "needs-wsse" in tags and not caps.wsse:
        return f"target '{target.name}' does not accept legacy WSSE auth (capabilities.wsse)"
    if "needs-concurrency" in tags and not caps.concurrency:
        return f"target '{target.name}' is not to be hit concurrently (capabilities.concurrency)"
    if "needs-fixed-line" in tags and target.fixed_line_numbers is None:
        return f"target '{target.name}' gives no fixed_line_numbers"
    if "needs-fill" in tags and caps.limits["axb_pairs_per_x"] > caps.limits["max_fill"]:
        return (
            f"filling an X takes {caps.limits['axb_pairs_per_x']} binds, above limits.max_fill "
            f"({caps.limits['max_fill']}) of target '{target.name}'"
        )
    return None
