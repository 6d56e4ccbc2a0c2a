"""The kit's own tests: the figure the fault self-tests prove, in the terminal summary."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

# The kit's tests write only into temporary folders: Hypothesis keeps its example database and caches
# (constants, unicode data) in `.hypothesis` under the current folder unless told otherwise. One folder for
# the session, inherited by xdist workers and by the suites the self-tests start as subprocesses.
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    _hypothesis_home = tempfile.mkdtemp(prefix="pnconform-hypothesis-")
    atexit.register(shutil.rmtree, _hypothesis_home, ignore_errors=True)
    os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = _hypothesis_home
set_hypothesis_home_dir(os.environ["HYPOTHESIS_STORAGE_DIRECTORY"])

_FAULT_TEST = re.compile(r"test_selftest\.py::test_each_fault_is_caught\[(?P<fault>[^\]]+)\]")
_FAMILY_TEST = re.compile(r"test_selftest\.py::test_code_family_is_caught\[(?P<table>[^\]]+)\]")


# The longest tests (each a whole suite run, 20-30 s) start first: handed out last, one of them
# would keep a worker busy while the other has nothing left to do.
LONG_FIRST = (
    "tests/test_local_target.py::",
    "tests/test_selftest.py::test_clean_emulator",
    "tests/test_selftest.py::test_report_lists_every_rule",
    "tests/test_parallel.py::",
)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: one worker more than cores. Much of the kit's tests is waiting (suite runs in
    subprocesses, standalone emulators, pushes): a third worker on 2 cores fills those waits
    (measured: 167 s against 188 s with two)."""
    return (os.cpu_count() or 1) + 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not item.nodeid.startswith(LONG_FIRST))  # stable: the rest keep their order


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    passed = {r.nodeid for r in terminalreporter.stats.get("passed", [])}
    faults = {m["fault"] for nodeid in passed if (m := _FAULT_TEST.search(nodeid))}
    tables = {m["table"] for nodeid in passed if (m := _FAMILY_TEST.search(nodeid))}
    if tables:  # a family's batched run proves each of its switches (test_code_family_is_caught)
        from pnconform.emulator.calls.faults import CODE_FAMILY

        faults |= {name for (table, _code), name in CODE_FAMILY.items() if table in tables}
    if not faults:
        return  # the fault self-tests did not run (or none passed): no figure to show
    from fault_figures import caught, checkable_covered

    figure = f"rules with a caught fault: {len(caught(faults))} / {len(checkable_covered())}"
    terminalreporter.write_sep("-", figure)
