"""The AXB routing oracle against the spec's call rules (10-axb.md §5, 50-events-cdr-codes.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pnconform.oracle import routing_model
from pnconform.oracle.axb_model import AxbModel
from pnconform.oracle.routing_model import (
    CONNECTED_EVENTS,
    DIRECTION_CODES,
    NO_BINDING,
    NORMAL,
    REFUSED_EVENTS,
    direction_allowed,
    route_axb,
)

X, X1 = "+8617010000001", "+8617010000002"
A, B, C, D = "+8613800000001", "+8613800000002", "+8613800000003", "+8613800000004"


@pytest.fixture
def model() -> AxbModel:
    return AxbModel([X, X1])


def test_a_calling_x_reaches_b_who_sees_x(model: AxbModel) -> None:  # AXB-080, AXB-100
    model.bind(A, B, X, sid="s1")
    r = route_axb(model.live(), A, X)
    assert r.connected and (r.callee, r.display, r.direction) == (B, X, 1)
    assert r.codes == {NORMAL} and r.binding is not None and r.binding.sid == "s1"
    assert r.events == CONNECTED_EVENTS == ("callin", "callout", "alerting", "answer", "disconnect")


def test_b_calling_x_reaches_a_who_sees_x(model: AxbModel) -> None:  # AXB-081, AXB-100
    model.bind(A, B, X, sid="s1")
    r = route_axb(model.live(), B, X)
    assert (r.callee, r.display, r.direction) == (A, X, 0)


def test_a_caller_outside_the_pair_gets_8014(model: AxbModel) -> None:  # AXB-082, HANG-012, CDR-032
    model.bind(A, B, X, sid="s1")
    r = route_axb(model.live(), C, X)
    assert not r.connected and r.codes == {NO_BINDING} == {"8014"}
    assert r.binding is None and r.callee is None and r.display is None
    assert r.events == REFUSED_EVENTS


def test_an_x_without_bindings_gives_8014(model: AxbModel) -> None:
    assert route_axb(model.live(), A, X).codes == {"8014"}


def test_a_pair_member_calling_another_x_gets_8014(model: AxbModel) -> None:
    model.bind(A, B, X, sid="s1")
    assert route_axb(model.live(), A, X1).codes == {"8014"}


def test_each_pair_on_one_x_routes_to_its_own_partner(model: AxbModel) -> None:  # AXB-007
    model.bind(A, B, X, sid="s1")
    model.bind(C, D, X, sid="s2")
    assert route_axb(model.live(), C, X).callee == D
    assert route_axb(model.live(), D, X).callee == C
    assert route_axb(model.live(), A, X).callee == B


def test_same_a_on_two_x_reaches_the_partner_of_the_dialled_x(model: AxbModel) -> None:  # AXB-106
    model.bind(A, B, X, sid="s1")
    model.bind(A, C, X1, sid="s2")
    assert route_axb(model.live(), A, X).callee == B
    assert route_axb(model.live(), A, X1).callee == C
    assert route_axb(model.live(), C, X).codes == {"8014"}


@pytest.mark.parametrize(
    ("direction", "caller", "connected"),
    [(0, A, True), (0, B, True), (1, A, True), (1, B, False), (2, A, False), (2, B, True)],
)
def test_call_direction(model: AxbModel, direction: int, caller: str, connected: bool) -> None:  # AXB-083/084
    model.bind(A, B, X, sid="s1", call_direction=direction)
    r = route_axb(model.live(), caller, X)
    assert r.connected is connected
    if not connected:
        assert r.codes == DIRECTION_CODES == {"8016", "8057"}
        assert r.binding is not None and r.reason == "direction not allowed" and r.direction is None


def test_direction_allowed_table() -> None:
    assert [direction_allowed(d, from_a) for d in (0, 1, 2) for from_a in (True, False)] == [
        True,
        True,
        True,
        False,
        False,
        True,
    ]


def test_a_modify_of_call_direction_governs_the_next_call(model: AxbModel) -> None:  # AXB-054
    model.bind(A, B, X, sid="s1")
    assert route_axb(model.live(), B, X).connected
    model.modify("s1", call_direction=1)
    assert route_axb(model.live(), B, X).codes == DIRECTION_CODES
    assert route_axb(model.live(), A, X).callee == B


def test_after_unbind_calls_get_8014(model: AxbModel) -> None:  # AXB-107
    model.bind(A, B, X, sid="s1")
    model.unbind(sid="s1")
    assert route_axb(model.live(), A, X).codes == {"8014"}
    assert route_axb(model.live(), B, X).codes == {"8014"}


def test_after_expiry_calls_get_8014() -> None:  # AXB-103
    model = AxbModel([X])
    model.bind(A, B, X, sid="s1", duration=60)
    assert route_axb(model.live(), A, X).connected
    model.advance(61)
    assert route_axb(model.live(), A, X).codes == {"8014"}


def test_describe_names_the_callee_or_the_codes(model: AxbModel) -> None:
    model.bind(A, B, X, sid="s1", call_direction=1)
    assert route_axb(model.live(), A, X).describe() == f"reaches {B} showing {X}"
    assert "8016 or 8057" in route_axb(model.live(), B, X).describe()
    assert "no binding: 8014" in route_axb(model.live(), C, X).describe()


@pytest.mark.parametrize("module", ["routing_model", "calls_machine"])
def test_the_oracle_never_imports_the_emulator(module: str) -> None:
    path = Path(routing_model.__file__).with_name(f"{module}.py")
    tree = ast.parse(path.read_text())
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in imported if "emulator" in m], imported
