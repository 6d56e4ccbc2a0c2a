"""Parallel runs (`pnconform run -n N`, pytest-xdist): keep the workers apart, report as one run.

- Embedded target: every worker starts its own emulator at collection, so workers share nothing.
- Shared (remote) target: user numbers are split per worker (`numbers.partition`); the scenarios
  of the modes that share X numbers run on one worker (one group per set of modes), since the
  platform allocates X itself; and scenarios that change the whole target through the test hooks
  (clock, app and X states, faults, callback URLs) run alone, under a cross-process
  readers-writer lock.
- Groups: with pytest 9 xdist 3.8 can no longer rename node ids (its `xdist_group` support
  appends "@group" to `item._nodeid`, which pytest 9 ignores), so the workers write each item's
  group (its `xdist_group` mark, or its mode group) to the run folder and the controller
  schedules by that file (`GroupFileScheduling`).
- The controller collects nothing: the workers put each scenario's info and cleanup problems on
  the reports, which pytest-xdist ships to the controller (see `pnconform.plugin.outcomes.record`).

Loaded as a plugin by `pnconform.pytest_plugin`.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from xdist.scheduler import LoadGroupScheduling

from pnconform.session import STATE, scenario_info
from pnconform.targets import Target, TargetError, load_target

MODES = ("axb", "ax", "axe", "axyb", "x")
# Scenarios that change state every other scenario sees: they take the lock exclusively.
GLOBAL_STATE_TAGS = frozenset({"needs-hooks", "needs-calls"})
SCENARIO_ATTR = "pnconform_scenario"  # report attribute: name, id, feature, interface, tags
CLEANUP_ATTR = "pnconform_cleanup"  # report attribute: the cleanup problems of the item
LOCK_DIR_KEY = "pnconform_lock_dir"  # workerinput key: the run's lock folder


def is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def is_controller(config: pytest.Config) -> bool:
    """The xdist process that distributes the tests (collects nothing, runs nothing).

    xdist's own test (its DSession may not be registered yet, whatever the plugin order)."""
    if is_worker(config) or config.getoption("collectonly", False):
        return False
    return config.getoption("dist", "no") != "no" and bool(config.getoption("tx", None))


def configured_target(config: pytest.Config) -> Target | None:
    """The selected target as targets.yaml gives it, without starting anything."""
    try:
        return load_target(config.getoption("--targets"), config.getoption("--target"))
    except TargetError:
        return None  # the worker's collection reports the problem in one line


def shared(target: Target | None) -> bool:
    return target is not None and target.kind != "embedded"


def modes_of(tags: Iterable[str]) -> frozenset[str]:
    """The apps (hence X pools) a scenario uses; untagged scenarios use the AXB app (`Ctx.client`)."""
    found = frozenset(t for t in tags if t in MODES)
    return found or frozenset({"axb"})


def mode_groups(scenario_modes: Iterable[frozenset[str]]) -> dict[str, str]:
    """Mode -> group name; modes that one scenario uses together end up in the same group."""
    group: dict[str, frozenset[str]] = {}
    for modes in scenario_modes:
        merged = frozenset(modes).union(*(group.get(m, frozenset()) for m in modes))
        for mode in merged:
            group[mode] = merged
    return {mode: "pool-" + "+".join(sorted(members)) for mode, members in group.items()}


# -- controller ----------------------------------------------------------------------------------


class GroupFileScheduling(LoadGroupScheduling):
    """xdist's loadgroup, with the groups the workers wrote to the run folder."""

    def __init__(self, config: pytest.Config, log: Any, folder: str) -> None:
        super().__init__(config, log)
        self.folder = Path(folder)
        self.groups: dict[str, str] | None = None

    def _split_scope(self, nodeid: str) -> str:
        if self.groups is None:  # first asked once every worker has sent its collection
            self.groups = {}
            for path in sorted(self.folder.glob("groups-*.json")):
                self.groups.update(json.loads(path.read_text()))
        group = self.groups.get(nodeid)
        return f"group:{group}" if group else super()._split_scope(nodeid)


class _Controller:
    """Hands every worker the run's folder (lock, groups); schedules by group; removes the folder."""

    def __init__(self) -> None:
        self.lock_dir = tempfile.mkdtemp(prefix="pnconform-run-")

    def pytest_configure_node(self, node: Any) -> None:
        node.workerinput[LOCK_DIR_KEY] = self.lock_dir

    def pytest_xdist_make_scheduler(self, config: pytest.Config, log: Any) -> Any:
        if config.getvalue("dist") != "loadgroup":
            return None
        return GroupFileScheduling(config, log, self.lock_dir)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        shutil.rmtree(self.lock_dir, ignore_errors=True)


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    if not is_controller(config):
        return
    if config.getoption("dist", "no") == "load":
        config.option.dist = "loadgroup"  # plain `-n N` would ignore the mode groups
    config.pluginmanager.register(_Controller(), "pnconform-parallel-controller")


def pytest_report_header(config: pytest.Config) -> list[str]:
    if not is_controller(config):
        return []
    target = configured_target(config)
    if target is None:
        return []
    how = "numbers split per worker, modes grouped, hook scenarios alone" if shared(target) else "one emulator each"
    return [f"pnconform target: {target.name} ({target.kind}) on {config.getoption('numprocesses')} workers: {how}"]


# -- worker: grouping, locking, report attributes ------------------------------------------------


def item_groups(items: list[pytest.Item], target: Target | None) -> dict[str, str]:
    """Node id -> group: the `xdist_group` marks, and on a shared target the scenarios' mode groups."""
    found: dict[str, str] = {}
    for item in items:
        names = sorted(
            {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")}
        )
        if names:
            found[item.nodeid] = "_".join(names)
    if shared(target):
        used = {item.nodeid: modes_of(info.tags) for item in items if (info := scenario_info(item)) is not None}
        groups = mode_groups(used.values())
        for nodeid, modes in used.items():
            found.setdefault(nodeid, groups[next(iter(modes))])
    return found


@pytest.hookimpl(trylast=True)  # after the -k/-m selection; before xdist sends the collection
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    folder = getattr(config, "workerinput", {}).get(LOCK_DIR_KEY)
    if not folder:
        return
    worker = config.workerinput["workerid"]  # type: ignore[attr-defined]
    _write_json(Path(folder) / f"groups-{worker}.json", item_groups(items, configured_target(config)))
    infos = [info for item in items if (info := scenario_info(item)) is not None]
    selection = {"scenarios": len(infos), "rules": sorted({rule for info in infos for rule in info.rules})}
    _write_json(Path(folder) / f"selection-{worker}.json", selection)


def _write_json(path: Path, data: Any) -> None:
    path.with_suffix(".tmp").write_text(json.dumps(data))
    os.replace(path.with_suffix(".tmp"), path)


def selection(config: pytest.Config) -> tuple[int, frozenset[str]] | None:
    """Controller: how many scenarios the workers selected and their rule ids (every worker
    collects the same selection); None when no worker selected a scenario."""
    controller = config.pluginmanager.get_plugin("pnconform-parallel-controller")
    if controller is None:
        return None
    found = [json.loads(path.read_text()) for path in Path(controller.lock_dir).glob("selection-*.json")]
    found = [f for f in found if f["scenarios"]]
    if not found:
        return None
    return found[0]["scenarios"], frozenset(rule for f in found for rule in f["rules"])


class RunLock:
    """A readers-writer lock across processes (flock): ordinary scenarios share it, global-state
    scenarios hold it alone. A waiting writer holds the turnstile, so new readers queue behind it
    and a stream of readers cannot starve it."""

    def __init__(self, folder: str | Path) -> None:
        folder = Path(folder)
        self._turnstile: IO[bytes] = open(folder / "turnstile.lock", "ab")  # noqa: SIM115 - held for the run
        self._main: IO[bytes] = open(folder / "run.lock", "ab")  # noqa: SIM115

    def acquire(self, exclusive: bool) -> None:
        fcntl.flock(self._turnstile, fcntl.LOCK_EX)
        try:
            fcntl.flock(self._main, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        finally:
            fcntl.flock(self._turnstile, fcntl.LOCK_UN)

    def release(self) -> None:
        fcntl.flock(self._main, fcntl.LOCK_UN)

    def close(self) -> None:
        self._turnstile.close()
        self._main.close()


RUN_LOCK = pytest.StashKey[RunLock | None]()


def _run_lock(config: pytest.Config) -> RunLock | None:
    """The worker's handle on the run lock; None when the target is not shared."""
    if RUN_LOCK not in config.stash:
        folder = getattr(config, "workerinput", {}).get(LOCK_DIR_KEY)
        use = bool(folder) and shared(configured_target(config))
        config.stash[RUN_LOCK] = RunLock(folder) if use else None
    return config.stash[RUN_LOCK]


def exclusive(tags: Iterable[str]) -> bool:
    return not GLOBAL_STATE_TAGS.isdisjoint(tags)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    info = item.config.stash[STATE].scenarios.get(item.nodeid)
    lock = _run_lock(item.config) if info is not None and is_worker(item.config) else None
    if lock is None:
        return (yield)
    lock.acquire(exclusive(info.tags))
    try:
        return (yield)
    finally:
        lock.release()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    report = yield
    if not is_worker(item.config):
        return report
    state = item.config.stash[STATE]
    info = state.scenarios.get(item.nodeid)
    if info is not None:
        setattr(
            report,
            SCENARIO_ATTR,
            {
                "name": info.name,
                "id": info.id,
                "feature": info.feature,
                "interface": info.interface,
                "tags": sorted(info.tags),
            },
        )
    if report.when == "teardown":
        shipped = item.config.stash.get(_SHIPPED, 0)
        if len(state.cleanup_problems) > shipped:
            setattr(report, CLEANUP_ATTR, state.cleanup_problems[shipped:])
            item.config.stash[_SHIPPED] = len(state.cleanup_problems)
    return report


_SHIPPED = pytest.StashKey[int]()


def pytest_unconfigure(config: pytest.Config) -> None:
    lock = config.stash.get(RUN_LOCK, None)
    if lock is not None:
        lock.close()
