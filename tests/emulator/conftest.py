"""Fixtures of the emulator unit tests (helpers live in emu_helpers.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from emu_helpers import Api, AsgiClient

from pnconform.emulator import EmulatorConfig, builtin_config, create_app


@pytest.fixture
def config() -> EmulatorConfig:
    return builtin_config()


@pytest.fixture
def client(config: EmulatorConfig) -> Iterator[AsgiClient]:
    c = AsgiClient(create_app(config))
    yield c
    c.close()


@pytest.fixture
def api(client: AsgiClient) -> Api:
    return Api(client)
