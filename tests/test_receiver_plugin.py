"""The pytest side of the receiver: the `receiver` fixture, callback pointing and per-scenario reset."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any, ClassVar

import pytest

from pnconform.plugin import fixtures as plugin_fixtures
from pnconform.receiver import Receiver
from pnconform.targets import load_target

pytest_plugins = ["pytester"]
ROOT = Path(__file__).resolve().parents[1]


class FakeHooks:
    calls: ClassVar[list[tuple[str, dict[str, str]]]] = []

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        self.base_url = base_url

    def set_callbacks(self, app_key: str, **urls: str) -> None:
        FakeHooks.calls.append((app_key, urls))

    def close(self) -> None:
        pass


class OldHooks:
    def __init__(self, base_url: str, **kwargs: Any) -> None:
        pass

    def close(self) -> None:
        pass


def test_point_callbacks_sets_every_app(monkeypatch: pytest.MonkeyPatch) -> None:
    target = load_target(ROOT / "targets.yaml", "local")  # test hooks, published secrets
    FakeHooks.calls = []
    monkeypatch.setattr(plugin_fixtures, "HooksClient", FakeHooks)
    with Receiver() as receiver:
        plugin_fixtures.point_callbacks(target, receiver)
        assert {key for key, _ in FakeHooks.calls} == {app.app_key for app in target.apps.values()}
        assert all(urls == receiver.urls() for _, urls in FakeHooks.calls)
        # A hooks client without set_callbacks (the contract not landed yet): nothing happens.
        monkeypatch.setattr(plugin_fixtures, "HooksClient", OldHooks)
        plugin_fixtures.point_callbacks(target, receiver)


FEATURE = """
Feature: receiver fixture
  Scenario: first
    Given a push reaches the receiver
    Then the receiver holds 1 push

  Scenario: second
    Given a push reaches the receiver
    Then the receiver holds 1 push
"""

STEPS = """
import httpx
from pytest_bdd import given, scenarios, then, parsers

scenarios("receiver.feature")


@given("a push reaches the receiver")
def push(receiver):
    assert receiver.store.all() == []  # reset between scenarios
    body = {"eventType": "callin", "statusInfo": {"sessionId": "s", "timestamp": "2019-01-24 07:03:28"}}
    assert httpx.post(receiver.urls()["call_event_url"], json=body).status_code == 200


@then(parsers.parse("the receiver holds {n:d} push"))
def holds(receiver, n, target):
    assert len(receiver.store) == n
    assert set(receiver.app_modes.values()) >= {"axb", "ax"}  # the embedded apps and their secrets
"""


def test_fixture_in_scenarios(pytester: pytest.Pytester) -> None:
    pytester.makefile(".feature", receiver=FEATURE)
    pytester.makepyfile(test_receiver_steps=textwrap.dedent(STEPS))
    pytester.makefile(".yaml", targets=(ROOT / "targets.yaml").read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nbdd_features_base_dir = .\n")
    result = pytester.runpytest_subprocess("-p", "pnconform.pytest_plugin", "--targets", "targets.yaml", "-q")
    result.assert_outcomes(passed=2)
