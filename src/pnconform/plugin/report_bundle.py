"""Report-bundle hooks of the pytest plugin: the verdict in the terminal, the Allure environment.

Loaded from the root conftest next to `pnconform.pytest_plugin`. Both hooks run where the run's
outcomes are (the only process of a serial run, the controller of an xdist run) and never on an
xdist worker, whose outcomes are partial.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pnconform import parallel
from pnconform.reporting import allure_env, conformance
from pnconform.session import STATE
from pnconform.targets import Target


def _target(config: pytest.Config) -> Target | None:
    state = config.stash.get(STATE, None)
    if state is not None and state.target is not None:
        return state.target
    return parallel.configured_target(config)  # the xdist controller starts no target: read the file


def _outcomes(config: pytest.Config) -> list[conformance.ScenarioOutcome]:
    state = config.stash.get(STATE, None)
    return list(state.outcomes.values()) if state is not None else []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    results = getattr(config.option, "allure_report_dir", None)
    if parallel.is_worker(config) or not results or not _outcomes(config):
        return
    target = _target(config)
    if target is not None:
        allure_env.write(Path(results), target, Path(str(config.rootpath)))


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    state = config.stash.get(STATE, None)
    doc = state.doc if state is not None else None
    if parallel.is_worker(config) or doc is None:
        return
    write = terminalreporter.write_line
    listed = [o for o in _outcomes(config) if o.status in ("expected-fail", "unexpected-pass", "indeterminate")]
    if listed:
        terminalreporter.section("pnconform expected deviations, unexpected passes, indeterminate")
        for o in sorted(listed, key=lambda o: (o.status, o.name)):
            write(f"{o.status.upper():<16} {o.name}: {o.reason}" + (f" ({o.link})" if o.link else ""))
    status = doc["verdict_status"]
    bad = status not in ("conforms", "conforms-with-deviations", "conforms-partial")
    terminalreporter.section("pnconform verdict", red=bad, green=status == "conforms", bold=True)
    write(f"run: {conformance.describe_run(doc['run'])}")
    write(f"target '{doc['target']}': {doc['verdict']}", bold=True, red=bad)
