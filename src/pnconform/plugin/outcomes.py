"""Outcomes and the verdict: each scenario's status (judged in `pnconform.reporting.outcomes`),
a compact failure block, and at the end of the run `conformance.json` with its verdict.

Runs where the outcomes are: the only process of a serial run, the controller of an xdist run
(which learns the scenarios from the workers' reports). `pnconform plan` writes no verdict.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import allure
import pytest

from pnconform import parallel, plan
from pnconform.catalogue import load_catalogue
from pnconform.reporting import conformance, failure_report, outcomes
from pnconform.reporting.coverage import rules_covered
from pnconform.session import EXCHANGES, FAILED_STEP, RECEIVER, STATE, RunState, ScenarioInfo, wanted_rules
from pnconform.targets import Target


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(Outcomes(config), "pnconform-outcomes")


class Outcomes:
    """Turns each scenario's reports into its conformance outcome and the run's into the verdict.

    An object, registered at configure, so that `pytest_runtest_logreport` (which pytest calls
    without the config) reaches the run's state through `self`."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    def pytest_bdd_step_error(self, request: pytest.FixtureRequest, step: Any) -> None:
        request.node.stash[FAILED_STEP] = f"{step.keyword} {step.name}".strip()

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        # trylast: the innermost wrapper, so Allure's (an outer one) sees the judged report.
        report = yield
        state = item.config.stash[STATE]
        info = state.scenarios.get(item.nodeid)
        if info is None:
            return report
        failed = report.failed
        step = item.stash.get(FAILED_STEP, "")
        # expected failure, deviation, indeterminate, unexpected pass: see reporting/outcomes.py
        outcomes.judge(report, call, info.name, info.rules, info.tags, state.target, step, info.id)
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
            secrets = state.target.secrets if state.target else []
            captured, report.sections = report.sections, []  # captured output (Hypothesis' notes …) goes too
            text = failure_report.full_text(report, [*captured, *sections], secrets)
            allure.attach(
                text, name="Failure: traceback, exchanges, pushes", attachment_type=allure.attachment_type.TEXT
            )
            where = failure_report.save(
                item.config.getoption("--conformance-dir"), f"{info.id} {info.name}".strip(), text
            )
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

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        state = self.config.stash.get(STATE, None)
        if state is None:
            return
        if parallel.is_controller(self.config):
            # The xdist controller collects nothing: it learns the scenarios from the workers' reports.
            learn_from_worker(state, report)
        info = state.scenarios.get(report.nodeid)
        if info is not None:
            record(state, info, report)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        config = session.config
        state = config.stash[STATE]
        target = _reported_target(config)
        if target is None or config.stash.get(plan.PLAN_KEY, None) is not None:
            return  # no scenario selected, an xdist worker, or `pnconform plan`: no verdict
        doc = conformance.build(
            target.name, load_catalogue(), list(state.outcomes.values()), _run_facts(session, target)
        )
        if state.cleanup_problems:
            doc["cleanup_problems"] = state.cleanup_problems
        state.doc = doc
        directory = config.getoption("--conformance-dir")
        if directory:
            conformance.write(Path(directory), doc)

    def pytest_terminal_summary(self, terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
        state = config.stash[STATE]
        if state.cleanup_problems:
            terminalreporter.section("pnconform cleanup problems")
            for problem in state.cleanup_problems:
                terminalreporter.write_line(problem)
        directory = config.getoption("--conformance-dir")
        if directory and state.doc is not None:
            terminalreporter.write_line(f"pnconform: conformance report in {directory}/conformance.md")


def learn_from_worker(state: RunState, report: pytest.TestReport) -> None:
    """xdist controller: the scenario info and cleanup problems a worker put on its report."""
    data = getattr(report, parallel.SCENARIO_ATTR, None)
    if isinstance(data, dict) and report.nodeid not in state.scenarios:
        tags = set(data["tags"])
        state.scenarios[report.nodeid] = ScenarioInfo(
            data["name"], data["feature"], data["interface"], tags, data.get("id", "")
        )
    state.cleanup_problems.extend(getattr(report, parallel.CLEANUP_ATTR, None) or [])


def record(state: RunState, info: ScenarioInfo, report: pytest.TestReport) -> None:
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
        info.name, status, info.rules, reason, link, message, listed, failed_rules, step, info.id
    )


def _reported_target(config: pytest.Config) -> Target | None:
    """The target the run's reports name; None when no scenario was selected (or on an xdist
    worker, whose outcomes the controller reports)."""
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
    config = session.config
    state = config.stash[STATE]
    features = config.rootpath / (config.getini("bdd_features_base_dir") or "features")
    keyword, markers = config.getoption("keyword", ""), config.getoption("markexpr", "")
    rules = ",".join(sorted(wanted_rules(config)))
    steps_dir = str(config.rootpath / "steps")
    args = [a for a in config.args if a.rstrip("/") not in (steps_dir, "steps")]
    return conformance.RunFacts(
        target=target.name,
        kind=target.kind,
        modes=tuple(target.capabilities.modes),
        selection={"rules": rules, "keyword": keyword, "markers": markers, "args": args},
        hypothesis=dict(target.hypothesis),
        workers=int(config.getoption("numprocesses", 0) or 0) if parallel.is_controller(config) else 0,
        selected=state.selected,
        interrupted=session.exitstatus == pytest.ExitCode.INTERRUPTED
        or bool(session.shouldfail)
        or bool(session.shouldstop),
        selected_rules=state.selected_rules,
        kit_rules=frozenset(rules_covered(features)) if features.is_dir() else None,
    )
