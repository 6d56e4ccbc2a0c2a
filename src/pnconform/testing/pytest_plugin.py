"""pytest fixtures that stand the reference emulator in for the PrivateNumber platform.

Loaded through the ``pytest11`` entry point in every pytest session where pnconform is installed
(pnconform's own suites too), so it stays inert until a test asks for a fixture: no autouse
fixture, no command-line option, one ini option and one marker; the emulator is imported inside
the fixtures only, which keeps this import cheap.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pnconform.testing.handle import PrivateNumberEmulator

INI_CONFIG = "privatenumber_emulator_config"
MARKER = "privatenumber"
MARKER_ARGS = ("settings", "config", "accept_wsse", "faults")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        INI_CONFIG,
        "emulator config YAML for the privatenumber_emulator fixtures (relative to the ini file); "
        "default: the built-in apps with fresh random secrets",
        type="string",
        default="",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(settings=None, config=None, accept_wsse=None, faults=None): customise this test's "
        "privatenumber_emulator (config: a YAML file relative to the test file)",
    )


def _ini_config(config: pytest.Config) -> Path | None:
    value = str(config.getini(INI_CONFIG) or "").strip()
    if not value:
        return None
    base = config.inipath.parent if config.inipath is not None else config.rootpath
    return base / value


def _marker_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The test's ``privatenumber`` markers merged, the closest winning (settings key by key)."""
    options: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers(MARKER))):
        unknown = sorted(set(marker.kwargs) - set(MARKER_ARGS))
        if marker.args or unknown:
            pytest.fail(
                f"@pytest.mark.{MARKER}: keyword arguments only, of {', '.join(MARKER_ARGS)} "
                f"(got {', '.join(unknown) or 'a positional argument'})",
                pytrace=False,
            )
        for key, value in marker.kwargs.items():
            if key == "settings":
                if not isinstance(value, Mapping | None):
                    pytest.fail(f"@pytest.mark.{MARKER}: settings must be a mapping, got {value!r}", pytrace=False)
                options["settings"] = {**options.get("settings", {}), **(value or {})}
            elif key == "config" and value is not None:
                options["config"] = request.path.parent / value
            else:
                options[key] = value
    return options


def _start(pytest_config: pytest.Config, **options: Any) -> PrivateNumberEmulator:
    from pnconform.emulator import ConfigError
    from pnconform.testing.handle import PrivateNumberEmulator, emulator_config

    options.setdefault("config", _ini_config(pytest_config))
    try:
        cfg = emulator_config(**options)
    except ConfigError as exc:
        problem = str(exc)  # failed outside the handler: one line, no chained traceback
    else:
        return PrivateNumberEmulator(cfg).start()
    pytest.fail(f"privatenumber emulator: {problem}", pytrace=False)


@pytest.fixture
def privatenumber_emulator(request: pytest.FixtureRequest) -> Iterator[PrivateNumberEmulator]:
    """A fresh emulator for this test (the ini config and this test's ``privatenumber`` marker)."""
    emulator = _start(request.config, **_marker_options(request))
    try:
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture(scope="session")
def privatenumber_emulator_session(request: pytest.FixtureRequest) -> Iterator[PrivateNumberEmulator]:
    """One emulator for the whole session (the ini config; markers do not apply): state carries
    over from test to test unless a test calls ``reset()``."""
    emulator = _start(request.config)
    try:
        yield emulator
    finally:
        emulator.stop()
