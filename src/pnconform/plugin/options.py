"""Options and per-run state: `--target`, `--targets`, `--emulator-fault`, `--conformance-dir`,
`--hypothesis-budget`; a fresh `RunState` per session; a new run never leaves the last verdict."""

from __future__ import annotations

from pathlib import Path

import pytest

from pnconform.reporting import conformance
from pnconform.session import STATE, RunState


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


def pytest_configure(config: pytest.Config) -> None:
    config.stash[STATE] = RunState()
    directory = config.getoption("--conformance-dir")
    if directory and not hasattr(config, "workerinput"):
        # A new run never leaves the previous run's verdict next to its own.
        conformance.remove_previous(Path(directory))
