"""The calls machines of every mode against the embedded emulator and the callback receiver:
silent on the clean emulator, and each catches a routing fault switch with a replayable call list."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import count
from typing import Any

import pytest

from pnconform.client import PrivateNumberClient
from pnconform.emulator import builtin_config
from pnconform.emulator.faults import FAULTS
from pnconform.emulator.server import EmbeddedEmulator
from pnconform.hooks import HooksClient
from pnconform.oracle.ax import calls_machine as ax_calls_machine
from pnconform.oracle.axb import calls_machine
from pnconform.oracle.axe import calls_machine as axe_calls_machine
from pnconform.oracle.axyb import calls_machine as axyb_calls_machine
from pnconform.receiver import Receiver
from pnconform.violation import RuleViolation

EXAMPLES, STEPS = 10, 10


@contextmanager
def calls_target(fault: str | None) -> Iterator[tuple[Any, Any, HooksClient, Receiver]]:
    """The embedded emulator (with ``fault`` on), its apps' callbacks pointed at a fresh receiver."""
    # The AXYB run's model counts 3 relations per Y, as the reference target does (D-10).
    cfg = builtin_config().with_settings({"axyb_max_relations_per_y": 3})
    if fault:
        cfg = cfg.with_faults([fault])
    secrets = {app.app_key: app.app_secret for app in cfg.apps}
    modes = {app.app_key: app.mode for app in cfg.apps}
    with EmbeddedEmulator(cfg) as server, Receiver(secrets=secrets, app_modes=modes) as receiver:
        hooks = HooksClient(server.base_url)
        for app in cfg.apps:
            hooks.set_callbacks(app.app_key, **receiver.urls())
        try:
            yield cfg, server, hooks, receiver
        finally:
            hooks.close()


def _run(mode: str, fault: str | None, examples: int = EXAMPLES) -> tuple[str, BaseException | None]:
    numbers = count()
    with calls_target(fault) as (cfg, server, hooks, receiver):
        app = cfg.app_for_mode(mode)
        client = PrivateNumberClient(server.base_url, app.app_key, app.app_secret, mode=mode)
        common: dict[str, Any] = {
            "client": client,
            "fresh_number": lambda: f"+86139{next(numbers):08d}",
            "x_numbers": [x.number for x in app.x_numbers][:2],
            "hooks": hooks,
            "receiver": receiver,
            "clock": True,
        }
        run, runner = _mode_run(mode, common, app)
        try:
            return runner(run, max_examples=examples, step_count=STEPS, shrink_seconds=1), None
        except AssertionError as exc:
            return "", exc
        finally:
            client.close()


def _mode_run(mode: str, common: dict[str, Any], app: Any) -> tuple[Any, Callable[..., str]]:
    if mode == "axb":
        return calls_machine.AxbCallsRun(**common, max_pairs_per_x=25), calls_machine.run_invariants
    if mode == "ax":
        return ax_calls_machine.AxCallsRun(**common), ax_calls_machine.run_invariants
    if mode == "axe":
        return axe_calls_machine.AxeCallsRun(**common, extension_length=1), axe_calls_machine.run_invariants
    pool = {x.number: x.area_code for x in app.x_numbers}
    common["x_numbers"] = sorted(pool)
    run = axyb_calls_machine.AxybCallsRun(**common, numbers=pool, x_city="0755", y_city="020", max_relations_per_y=3)
    return run, axyb_calls_machine.run_invariants


@pytest.mark.parametrize("mode", ["axb", "ax", "axe", "axyb"])
def test_machine_agrees_with_the_clean_emulator(mode: str) -> None:
    summary, failure = _run(mode, None)
    assert failure is None, failure
    assert "calls invariants" in summary


# What each fault's failure says: the hooks' answer against the oracle's.
FAULT_SHOWS = {
    "call.ignore_direction": r"stateCode 0; the oracle: the call is not connected \(direction not allowed",
    "call.ax_no_binding_8014": r"stateCode 8014; the oracle: the call is not connected \(no AX binding: 8018\)",
    "call.axe_wrong_extension_connects": r"stateCode 0; the oracle: the call is not connected \(no binding at this ext",
    "call.axyb_display_x": r"routed to (\+\d+) showing \+\d+; the oracle: the call reaches \1 showing",
}


@pytest.mark.parametrize(
    ("mode", "fault"),
    [
        ("axb", "call.ignore_direction"),
        ("ax", "call.ax_no_binding_8014"),
        ("axe", "call.axe_wrong_extension_connects"),
        ("axyb", "call.axyb_display_x"),
    ],
)
def test_machine_catches_a_routing_fault_with_a_replayable_call_list(mode: str, fault: str) -> None:
    # A random search: enough examples that missing the fault is practically impossible.
    _, failure = _run(mode, fault, examples=60)
    assert failure is not None, f"{fault} went unnoticed"
    assert re.search(FAULT_SHOWS[fault], str(failure)), str(failure)[:2000]
    assert "Calls of this example" in str(failure) and "hooks.place_call(" in str(failure)
    # The failure names the routing rule it checks, one the fault declares it breaks.
    assert isinstance(failure, RuleViolation), failure
    assert set(failure.rules) <= set(FAULTS[fault].rules), (failure.rules, str(failure)[:1500])
