"""The pytest side of pnconform: target selection, fixtures, capability skips, reports.

Loaded by the project's root `conftest.py`. Nothing here starts unless pytest-bdd scenarios are
collected, so the kit's own unit tests never need a target.
"""

from __future__ import annotations

import os
import shutil
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import allure
import httpx
import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry

from pnconform import tls
from pnconform.client import ExchangeLog, PrivateNumberClient
from pnconform.hooks import HooksClient, RestoringHooks
from pnconform.numbers import NumberPool, partition, worker_slot
from pnconform.ratelimit import limiter_for
from pnconform.reporting import allure_env, conformance, failure_report, outcomes
from pnconform.reporting.tags import MODE_TAGS, mode_of, rule_ids
from pnconform.safety.journal import Journal, journal_dir
from pnconform.safety.marker import current_run_id
from pnconform.targets import App, Target, TargetError, XNumber, load_target

FAULTS_ENV = "PNCONFORM_EMULATOR_FAULTS"
pytest_plugins = [
    "pnconform.parallel",  # `-n N`: worker grouping, run lock, controller reports
    "pnconform.recording.plugin",  # `run --record DIR`: per-scenario recordings
]


@dataclass
class ScenarioInfo:
    name: str
    feature: str
    interface: str
    tags: set[str]

    @property
    def rules(self) -> list[str]:
        return rule_ids(self.tags)


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


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pnconform")
    group.addoption("--target", default=None, help="target name in the targets file (default: its 'default:')")
    group.addoption("--targets", default=None, help="targets file (default: ./targets.yaml or $PNCONFORM_TARGETS)")
    group.addoption(
        "--emulator-fault",
        action="append",
        default=[],
        metavar="NAME",
        help="switch a fault on in the embedded emulator (repeatable; see `pnconform faults`)",
    )
    group.addoption("--conformance-dir", default=None, help="write conformance.json and conformance.md here")
    group.addoption(
        "--hypothesis-budget",
        default=None,
        metavar="EXAMPLESxSTEPS[xSHRINK_S]",
        help="override the target's hypothesis: settings for this run, e.g. 5x10 (a quick look) or 10x10x5",
    )


# pytest_runtest_logreport gets no config: the run's state is also kept here.
_CURRENT: dict[str, RunState] = {}


def pytest_configure(config: pytest.Config) -> None:
    config.stash[STATE] = _CURRENT["state"] = RunState()
    _CURRENT["config"] = config
    directory = config.getoption("--conformance-dir")
    if directory and not hasattr(config, "workerinput"):
        # A new run never leaves the previous run's verdict next to its own.
        for name in conformance.VERDICT_FILES:
            Path(directory, name).unlink(missing_ok=True)
        shutil.rmtree(Path(directory, "failures"), ignore_errors=True)


# -- collection: which scenarios, which target, what to skip -----------------------------------


def _scenario_info(item: pytest.Item) -> ScenarioInfo | None:
    function = getattr(item, "function", None)
    template = scenario_wrapper_template_registry.get(function) if function else None
    if template is None:
        return None
    tags = {m.name for m in item.iter_markers()}
    feature = template.feature.rel_filename
    name = template.name
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        name = f"{name} [{callspec.id}]"
    return ScenarioInfo(name=f"{feature}: {name}", feature=feature, interface=Path(feature).stem, tags=tags)


def _hypothesis_budget(option: str | None) -> dict[str, int]:
    if not option:
        return {}
    parts = option.lower().split("x")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() and int(p) > 0 for p in parts):
        raise TargetError(f"--hypothesis-budget {option}: use EXAMPLESxSTEPS or EXAMPLESxSTEPSxSHRINK_S, e.g. 5x10")
    keys = ("max_examples", "stateful_step_count", "shrink_seconds")
    return {key: int(part) for key, part in zip(keys, parts, strict=False)}


def _start_target(config: pytest.Config) -> Target:
    target = load_target(config.getoption("--targets"), config.getoption("--target"))
    budget = _hypothesis_budget(config.getoption("--hypothesis-budget"))
    if budget:
        target = target.with_hypothesis(**budget)
    state = config.stash[STATE]
    if target.kind == "embedded":
        target, state.emulator = _start_embedded(target, config.getoption("--emulator-fault"))
    else:
        _check_reachable(target)
    return target


def _start_embedded(target: Target, cli_faults: list[str]) -> tuple[Target, Any]:
    from pnconform.emulator import ConfigError, EmbeddedEmulator, builtin_config

    env_faults = [f for f in os.environ.get(FAULTS_ENV, "").split(",") if f.strip()]
    faults = [*target.emulator.get("faults", []), *env_faults, *cli_faults]
    try:
        cfg = builtin_config().with_settings(target.emulator.get("settings", {})).with_faults(faults)
    except ConfigError as exc:
        raise TargetError(f"{target.source}: target '{target.name}': emulator: {exc}") from None
    cfg = cfg.with_random_secrets()
    emulator = EmbeddedEmulator(cfg, host="127.0.0.1", port=0)
    emulator.start()
    apps: dict[str, App] = {}
    for app in cfg.apps:
        xs = tuple(XNumber(x.number, x.area_code, x.province) for x in app.x_numbers)
        apps.setdefault(app.mode, App(app.mode, app.app_key, app.app_secret, xs))
    return target.with_runtime(emulator.base_url, apps), emulator


def _check_reachable(target: Target) -> None:
    assert target.base_url
    try:
        httpx.get(target.base_url + "/", timeout=target.timeout_s, verify=tls.context(target.verify_tls))
    except httpx.TransportError as exc:
        hint = " (start it with `pnconform emulator`)" if "127.0.0.1" in target.base_url else ""
        raise TargetError(
            f"target '{target.name}': cannot reach {target.base_url}: {exc.__class__.__name__}{hint}; "
            f"check base_url in {target.source}"
        ) from None


def _skip_reason(target: Target, tags: set[str]) -> str | None:
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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    state = config.stash[STATE]
    for item in items:
        info = _scenario_info(item)
        if info is not None:
            state.scenarios[item.nodeid] = info
    if not state.scenarios:
        return
    state.selected = len(state.scenarios)
    state.selected_rules = frozenset(rule for info in state.scenarios.values() for rule in info.rules)
    from pnconform import plan

    recorder = config.stash.get(plan.PLAN_KEY, None)  # `pnconform plan`: a dry run on a private emulator
    try:
        if recorder is None:
            state.target = _start_target(config)
        else:
            real = load_target(config.getoption("--targets"), config.getoption("--target"))
            state.target, state.emulator = recorder.target, recorder.emulator = plan.start_shadow(real)
    except TargetError as exc:
        raise pytest.UsageError(str(exc)) from None
    needs: list[tuple[str, plan.Need]] = []
    for item in items:
        info = state.scenarios.get(item.nodeid)
        if info is None:
            continue
        reason = _skip_reason(state.target, info.tags)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))
            if recorder is not None:
                recorder.skipped[reason].append(info.name)
            continue
        need = plan.scenario_needs(plan.step_text(item), info.tags, state.target)
        needs.append((info.name, need))
        if recorder is not None:
            recorder.selected.append((item.nodeid, info, need))
    # Refuse before the first request rather than fail scenario by scenario on a small pool.
    problem = plan.pool_problem(state.target, needs)
    if problem:
        raise pytest.UsageError(problem)
    if recorder is not None:
        recorder.real_target = real


def pytest_report_header(config: pytest.Config) -> list[str]:
    state = config.stash[STATE]
    if state.target is None:
        return []
    target = state.target
    line = f"pnconform target: {target.name} ({target.kind}) {target.base_url}"
    if state.emulator is not None:
        faults = state.emulator.config.faults if hasattr(state.emulator, "config") else []
        line += f" faults: {', '.join(faults) or 'none'}"
    return [line]


def pytest_unconfigure(config: pytest.Config) -> None:
    state = config.stash.get(STATE, None)
    if state is not None and state.emulator is not None:
        state.emulator.stop()


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest) -> Target:
    state = request.config.stash[STATE]
    if state.target is None:  # a non-scenario test asked for it: start on demand
        try:
            state.target = _start_target(request.config)
        except TargetError as exc:
            pytest.exit(str(exc), returncode=4)
    return state.target


@pytest.fixture(scope="session")
def numbers(target: Target) -> NumberPool:
    # One xdist worker of N on a shared target: its own slice of the user numbers.
    return NumberPool(partition(target, *worker_slot()))


@pytest.fixture
def exchange_log(request: pytest.FixtureRequest) -> ExchangeLog:
    log = ExchangeLog()
    request.node.stash[EXCHANGES] = log
    return log


@pytest.fixture(scope="session")
def run_journal(request: pytest.FixtureRequest, target: Target) -> Journal | None:
    """The run journal (`pnconform sweep` reads it) of a remote target; an embedded emulator dies
    with its run, so there is nothing to journal."""
    if target.kind == "embedded":
        return None
    directory = journal_dir(request.config.rootpath)
    try:
        return Journal.open_for_run(directory, current_run_id(), target.name, target.base_url)
    except OSError as exc:
        pytest.exit(f"cannot write the run journal in {directory}: {exc}; set PNCONFORM_JOURNAL_DIR", returncode=4)


@pytest.fixture
def client_for(
    request: pytest.FixtureRequest, target: Target, exchange_log: ExchangeLog, run_journal: Journal | None
) -> Iterator[Callable[[str], PrivateNumberClient]]:
    """Clients of the target's apps; every bind is marked, journaled and unbound at teardown.

    @invariants scenarios are journaled but not marked: their oracle models predict every field
    a listing shows, userData included."""
    made: list[PrivateNumberClient] = []
    marker = None if request.node.get_closest_marker("invariants") else current_run_id()

    def make(mode: str) -> PrivateNumberClient:
        app = target.app(mode)
        client = PrivateNumberClient(
            target.base_url or "",
            app.app_key,
            app.app_secret,
            auth=target.auth,
            timeout=target.timeout_s,
            verify=target.verify_tls,
            log=exchange_log,
            mode=mode,
            limiter=limiter_for(target),
            journal=run_journal,
            marker=marker,
            x_numbers=tuple(x.number for x in app.x_numbers),
        )
        made.append(client)
        return client

    yield make
    # Unbind what the scenario bound, whatever its outcome (a failure, an exception, Ctrl-C: pytest
    # runs the finalizers of a KeyboardInterrupt'ed session from its sessionfinish): live targets
    # cost money. A killed run leaves its journal for `pnconform sweep`.
    state = request.config.stash[STATE]
    for client in made:
        problems = client.cleanup()
        client.close()
        for problem in problems:
            state.cleanup_problems.append(f"{request.node.nodeid}: {problem}")
            warnings.warn(f"cleanup: {problem}", stacklevel=1)


@pytest.fixture
def foreign_client_for(
    target: Target, client_for: Callable[[str], PrivateNumberClient]
) -> Callable[[str], PrivateNumberClient]:
    def make(mode: str) -> PrivateNumberClient:
        for other in target.apps:
            if other != mode:
                return client_for(other)
        pytest.skip(f"target '{target.name}' has no app of a mode other than {mode}")

    return make


@pytest.fixture
def hooks(target: Target) -> Iterator[RestoringHooks]:
    if not target.capabilities.test_hooks:
        pytest.skip(f"target '{target.name}' has no test hooks (capabilities.test_hooks)")
    client = RestoringHooks(
        target.base_url or "", timeout=target.timeout_s, verify=target.verify_tls, limiter=limiter_for(target)
    )
    yield client
    client.restore()


RECEIVER = pytest.StashKey[Any]()


def _point_callbacks(target: Target, receiver: Any) -> None:
    """On a target with test hooks, point every app's callback URLs at the receiver.

    Guarded with hasattr: `set_callbacks` belongs to the call-simulator contract, which a target
    (or an older kit) may not offer yet."""
    if not target.capabilities.test_hooks:
        return
    client = HooksClient(
        target.base_url or "", timeout=target.timeout_s, verify=target.verify_tls, limiter=limiter_for(target)
    )
    try:
        if hasattr(client, "set_callbacks"):
            urls = receiver.urls(target.callbacks.public_url)
            for app in target.apps.values():
                client.set_callbacks(app.app_key, **urls)
    finally:
        client.close()


@pytest.fixture(scope="session")
def receiver(request: pytest.FixtureRequest, target: Target) -> Iterator[Any]:
    """The suite's callback receiver (pnconform.receiver.Receiver), listening per `callbacks.listen`."""
    from pnconform.receiver import Receiver

    listen = target.callbacks
    secrets = {app.app_key: app.app_secret for app in target.apps.values()}
    modes = {app.app_key: app.mode for app in target.apps.values()}
    server = Receiver(listen.listen_host, listen.listen_port, secrets=secrets, app_modes=modes)
    try:
        server.start()
    except (OSError, RuntimeError) as exc:
        pytest.exit(
            f"target '{target.name}': the callback receiver cannot listen on "
            f"{listen.listen_host}:{listen.listen_port}: {exc}; change callbacks.listen in {target.source}",
            returncode=4,
        )
    request.config.stash[RECEIVER] = server
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _pnconform_receiver_scenario(request: pytest.FixtureRequest) -> Iterator[None]:
    # Only scenarios that use the receiver pay for re-pointing the callbacks (a hooks reset may
    # have cleared them) and get its captures attached; everyone gets a clean receiver.
    state = request.config.stash[STATE]
    info = state.scenarios.get(request.node.nodeid)
    # Steps ask for the receiver lazily: a @needs-calls scenario uses it whatever its steps say.
    uses = info is not None and ("receiver" in request.fixturenames or "needs-calls" in info.tags)
    if uses:
        server = request.getfixturevalue("receiver")
        server.reset()
        _point_callbacks(request.getfixturevalue("target"), server)
    yield
    server = request.config.stash.get(RECEIVER, None)
    if server is None:
        return
    if uses and len(server.store):
        text = server.store.render()
        allure.attach(text, name="Callback pushes (redacted)", attachment_type=allure.attachment_type.TEXT)
    server.reset()


@pytest.hookimpl(trylast=True)
def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    # trylast: Allure's listener opens the test case in this same hook; label it afterwards.
    info = request.config.stash[STATE].scenarios.get(request.node.nodeid)
    if info is None:
        return
    for rule in info.rules:
        allure.dynamic.label("rule", rule)
    allure.dynamic.label("mode", mode_of(info.tags))
    allure.dynamic.label("interface", info.interface)
    allure_env.label_scenario(info.rules, info.tags, info.feature)


@pytest.fixture(autouse=True)
def _pnconform_attach_exchanges(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    log = request.node.stash.get(EXCHANGES, None)
    if log is not None and log.exchanges:
        allure.attach(log.render(), name="HTTP exchanges (redacted)", attachment_type=allure.attachment_type.TEXT)


# -- outcomes ----------------------------------------------------------------------------------


FAILED_STEP = pytest.StashKey[str]()


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Any, **_: Any) -> None:
    request.node.stash[FAILED_STEP] = f"{step.keyword} {step.name}".strip()


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    # trylast: the innermost wrapper, so Allure's (an outer one) sees the judged report.
    report = yield
    state = item.config.stash[STATE]
    info = state.scenarios.get(item.nodeid)
    if info is None:
        return report
    failed = report.failed
    step = item.stash.get(FAILED_STEP, "")
    # expected failure, deviation, indeterminate, unexpected pass: see reporting/outcomes.py
    outcomes.judge(report, call, info.name, info.rules, info.tags, state.target, step)
    if not failed:
        return report
    sections = []
    log = item.stash.get(EXCHANGES, None)
    if log is not None and log.exchanges:
        sections.append(("HTTP exchanges (redacted)", log.render()))
    server = item.config.stash.get(RECEIVER, None)
    uses = report.when == "call" and ("receiver" in getattr(item, "fixturenames", ()) or "needs-calls" in info.tags)
    if server is not None and uses and len(server.store):  # before the teardown resets the receiver
        sections.append(("Callback pushes (redacted)", server.store.render()))
    if item.config.get_verbosity() > 0:
        report.sections.extend(sections)  # -v: everything in the terminal, as pytest shows it
    elif report.failed:
        # The terminal gets a compact block; the whole failure goes to reports/failures/ and Allure.
        secrets = [app.app_secret for app in state.target.apps.values()] if state.target else []
        captured, report.sections = report.sections, []  # captured output (Hypothesis' notes …) goes too
        text = failure_report.full_text(report, [*captured, *sections], secrets)
        allure.attach(text, name="Failure: traceback, exchanges, pushes", attachment_type=allure.attachment_type.TEXT)
        where = failure_report.save(item.config.getoption("--conformance-dir"), info.name, text)
        judged = getattr(report, outcomes.ATTR, {})
        report.longrepr = failure_report.compact(
            info.rules,
            judged.get("failed_rules", []),
            step,
            str(call.excinfo.value) if call.excinfo else "",
            secrets,
            where,
        )
    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    state = _CURRENT.get("state")
    if state is not None and _is_controller():
        # The xdist controller collects nothing: it learns the scenarios from the workers' reports.
        _learn_from_worker(state, report)
    info = None if state is None else state.scenarios.get(report.nodeid)
    if state is None or info is None:
        return
    _record(state, info, report)


def _is_controller() -> bool:
    from pnconform import parallel  # imported by pytest as a plugin (pytest_plugins): not at the top

    config = _CURRENT.get("config")
    return config is not None and parallel.is_controller(config)


def _learn_from_worker(state: RunState, report: pytest.TestReport) -> None:
    """xdist controller: the scenario info and cleanup problems a worker put on its report."""
    from pnconform import parallel

    data = getattr(report, parallel.SCENARIO_ATTR, None)
    if isinstance(data, dict) and report.nodeid not in state.scenarios:
        tags = set(data["tags"])
        state.scenarios[report.nodeid] = ScenarioInfo(data["name"], data["feature"], data["interface"], tags)
    state.cleanup_problems.extend(getattr(report, parallel.CLEANUP_ATTR, None) or [])


def _record(state: RunState, info: ScenarioInfo, report: pytest.TestReport) -> None:
    status, reason, link, message, listed, failed_rules, step = None, "", "", "", [], [], ""
    judged = getattr(report, outcomes.ATTR, None)  # set in pytest_runtest_makereport
    if isinstance(judged, dict):
        status, reason, link, message = judged["status"], judged["reason"], judged["link"], judged["message"]
        listed, failed_rules, step = judged.get("listed", []), judged.get("failed_rules", []), judged.get("step", "")
    elif report.when == "setup" and report.skipped:
        status = "skip"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
    elif report.failed:
        status = "fail"
        reason = f"failed in {report.when}"
    elif report.when == "call" and hasattr(report, "wasxfail"):
        status, reason = "deviation", report.wasxfail
    elif report.when == "call" and report.skipped:
        status = "skip"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
        reason = reason.removeprefix("Skipped: ")
    elif report.when == "call" and report.passed:
        status = "pass"
    if status is None:
        return
    previous = state.outcomes.get(report.nodeid)
    if previous is not None and previous.status in ("fail", "indeterminate"):
        return  # a teardown pass never hides a failure
    state.outcomes[report.nodeid] = conformance.ScenarioOutcome(
        info.name, status, info.rules, reason, link, message, listed, failed_rules, step
    )


def _reported_target(config: pytest.Config) -> Target | None:
    """The target the run's reports name; None when no scenario was selected (or on an xdist
    worker, whose outcomes the controller reports)."""
    from pnconform import parallel

    state = config.stash[STATE]
    if parallel.is_worker(config):
        return None
    if state.target is not None:
        return state.target
    if not parallel.is_controller(config):
        return None
    selected = parallel.selection(config)
    if selected is not None:
        state.selected, state.selected_rules = selected
    return parallel.configured_target(config) if selected is not None or state.outcomes else None


def _run_facts(session: pytest.Session, target: Target) -> conformance.RunFacts:
    """What the run was asked to check (target, modes, selection, budget) and whether it finished."""
    from pnconform import parallel
    from pnconform.reporting.coverage import rules_covered

    config = session.config
    state = config.stash[STATE]
    features = config.rootpath / (config.getini("bdd_features_base_dir") or "features")
    keyword, markers = config.getoption("keyword", ""), config.getoption("markexpr", "")
    steps_dir = str(config.rootpath / "steps")
    args = [a for a in config.args if a.rstrip("/") not in (steps_dir, "steps")]
    return conformance.RunFacts(
        target=target.name,
        kind=target.kind,
        modes=tuple(target.capabilities.modes),
        selection={"keyword": keyword, "markers": markers, "args": args},
        hypothesis=dict(target.hypothesis),
        workers=int(config.getoption("numprocesses", 0) or 0) if parallel.is_controller(config) else 0,
        selected=state.selected,
        interrupted=session.exitstatus == pytest.ExitCode.INTERRUPTED
        or bool(session.shouldfail)
        or bool(session.shouldstop),
        selected_rules=state.selected_rules,
        kit_rules=frozenset(rules_covered(features)) if features.is_dir() else None,
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    state = config.stash[STATE]
    target = _reported_target(config)
    from pnconform import plan

    if target is None or config.stash.get(plan.PLAN_KEY, None) is not None:
        return  # no scenario selected, an xdist worker, or `pnconform plan`: no verdict
    from pnconform.catalogue import load_catalogue

    doc = conformance.build(target.name, load_catalogue(), list(state.outcomes.values()), _run_facts(session, target))
    if state.cleanup_problems:
        doc["cleanup_problems"] = state.cleanup_problems
    state.doc = doc
    directory = config.getoption("--conformance-dir")
    if directory:
        conformance.write(Path(directory), doc)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    state = config.stash[STATE]
    if state.cleanup_problems:
        terminalreporter.section("pnconform cleanup problems")
        for problem in state.cleanup_problems:
            terminalreporter.write_line(problem)
    directory = config.getoption("--conformance-dir")
    if directory and state.doc is not None:
        terminalreporter.write_line(f"pnconform: conformance report in {directory}/conformance.md")
