"""Collection: which scenarios run, against which target (started here), what is skipped and why.

Nothing starts unless pytest-bdd scenarios are collected, so the kit's own unit tests never need
a target.
"""

from __future__ import annotations

import pytest

from pnconform import plan, transport
from pnconform.session import STATE, scenario_info, skip_reason, start_target
from pnconform.targets import TargetError, load_target


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    state = config.stash[STATE]
    for item in items:
        info = scenario_info(item)
        if info is not None:
            state.scenarios[item.nodeid] = info
            if info.id:  # JUnit: <property name="scenario_id" value="axb-bind-07"/> on the test case
                item.user_properties.append(("scenario_id", info.id))
    if not state.scenarios:
        return
    state.selected = len(state.scenarios)
    state.selected_rules = frozenset(rule for info in state.scenarios.values() for rule in info.rules)
    recorder = config.stash.get(plan.PLAN_KEY, None)  # `pnconform plan`: a dry run on a private emulator
    try:
        if recorder is None:
            state.target = start_target(config)
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
        reason = skip_reason(state.target, info.tags)
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
    transport.close_all()  # the run's pooled connections (pnconform.transport)
    state = config.stash.get(STATE, None)
    if state is not None and state.emulator is not None:
        state.emulator.stop()
