"""The routing oracles against the spec's call rules (10-axb.md §5, 20-ax.md §1/§6/§8, 30-axe-axyb-x.md
§A.7/§B.6, 50-events-cdr-codes.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pnconform.oracle.ax.model import AxModel
from pnconform.oracle.ax.routing import NO_AX_BINDING, NO_TEMP_CALLEE, route_ax
from pnconform.oracle.axb import routing as routing_model
from pnconform.oracle.axb.model import AxbModel
from pnconform.oracle.axb.routing import route_axb
from pnconform.oracle.axe.model import AxeModel
from pnconform.oracle.axe.routing import NO_BINDING as AXE_NO_BINDING
from pnconform.oracle.axe.routing import NO_CALLBACK_RECORD, Records, remember, route_axe
from pnconform.oracle.axyb.model import AxybModel
from pnconform.oracle.axyb.routing import NO_BINDING as AXYB_NO_BINDING
from pnconform.oracle.axyb.routing import SELF_CALL, route_axyb
from pnconform.oracle.call_route import (
    COLLECTED_EVENTS,
    CONNECTED_EVENTS,
    DIRECTION_CODES,
    NO_BINDING,
    NORMAL,
    REFUSED_EVENTS,
    CallRoute,
    direction_allowed,
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


@pytest.mark.parametrize(
    "module",
    [
        "call_route",
        "axb/routing",
        "axb/calls_machine",
        "calls_support",
        "ax/routing",
        "ax/calls_machine",
        "axe/routing",
        "axe/calls_machine",
        "axyb/routing",
        "axyb/calls_machine",
    ],
)
def test_the_oracle_never_imports_the_emulator(module: str) -> None:
    path = Path(routing_model.__file__).parents[1] / f"{module}.py"
    tree = ast.parse(path.read_text())
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in imported if "emulator" in m], imported


# -- AX ------------------------------------------------------------------------------------------


def settled(route: CallRoute | None) -> CallRoute:
    """A route the spec settles (the AXE and AXYB oracles answer None otherwise)."""
    assert route is not None
    return route


@pytest.fixture
def ax() -> AxModel:
    return AxModel([X, X1])


def _ax(model: AxModel, caller: str, dialled: str = X) -> CallRoute:
    return route_ax(model.live(), model.temp_callee, caller, dialled)


def test_ax_another_number_reaches_a_who_sees_x(ax: AxModel) -> None:  # AX-001, AX-502
    ax.bind(A, X, sid="s1", fields={"userData": "u1"})
    r = _ax(ax, C)
    assert (r.callee, r.display, r.direction, r.sid, r.user_data) == (A, X, 0, "s1", "u1")


def test_ax_a_without_temporary_callee_gets_8013(ax: AxModel) -> None:  # AX-002, AX-503
    ax.bind(A, X, sid="s1")
    r = _ax(ax, A)
    assert not r.connected and r.codes == {NO_TEMP_CALLEE} == {"8013"} and r.sid == "s1"


def test_ax_a_reaches_the_temporary_callee_with_its_user_data(ax: AxModel) -> None:  # AX-003, AX-401, AX-410
    ax.bind(A, X, sid="s1", fields={"userData": "u1"})
    ax.set_temp_callee(B, sid="s1", fields={"userData": "u2"})
    r = _ax(ax, A)
    assert (r.callee, r.display, r.direction, r.user_data) == (B, X, 1, "u2")
    assert _ax(ax, A).callee == B  # D-29: reusable within its duration
    assert _ax(ax, C).callee == A  # AX-412: other callers still reach A


def test_ax_the_temporary_callee_expires(ax: AxModel) -> None:  # AX-402
    ax.bind(A, X, sid="s1")
    ax.set_temp_callee(B, sid="s1")
    ax.advance(59)
    assert _ax(ax, A).callee == B
    ax.advance(1)
    assert _ax(ax, A).codes == {"8013"}


def test_ax_the_last_temporary_callee_wins(ax: AxModel) -> None:  # AX-403
    ax.bind(A, X, sid="s1")
    ax.set_temp_callee(B, sid="s1")
    ax.set_temp_callee(C, sid="s1")
    assert _ax(ax, A).callee == C


def test_ax_an_x_without_binding_gets_8018_without_subscription(ax: AxModel) -> None:  # AX-504, D-20
    r = _ax(ax, C)
    assert r.codes == {NO_AX_BINDING} == {"8018"} and r.unbound and r.sid is None


@pytest.mark.parametrize(
    ("direction", "caller", "codes"),
    [(1, C, DIRECTION_CODES), (2, A, DIRECTION_CODES | {"8013"}), (1, A, {"8013"}), (2, C, {NORMAL})],
)
def test_ax_call_direction(ax: AxModel, direction: int, caller: str, codes: frozenset[str]) -> None:  # AX-037
    ax.bind(A, X, sid="s1", fields={"callDirection": direction})
    assert _ax(ax, caller).codes == codes


def test_ax_call_direction_2_refuses_a_even_with_a_temporary_callee(ax: AxModel) -> None:  # AX-037
    ax.bind(A, X, sid="s1", fields={"callDirection": 2})
    ax.set_temp_callee(B, sid="s1")
    assert _ax(ax, A).codes == DIRECTION_CODES


# -- AXE -----------------------------------------------------------------------------------------


@pytest.fixture
def axe() -> AxeModel:
    return AxeModel([X, X1], 1)


def test_axe_b_typing_e_reaches_a_and_leaves_a_callback_record(axe: AxeModel) -> None:  # AXE-023, AXE-028
    axe.bind(A, X, chosen="1", sid="s1", fields={"userData": "u1"})
    records: Records = {}
    r = route_axe(axe.live(), records, B, X, "1", 0)
    assert r is not None and (r.callee, r.display, r.direction, r.user_data) == (A, X, 0, "u1")
    assert r.events == COLLECTED_EVENTS
    remember(records, r, B, X, 0)
    back = route_axe(axe.live(), records, A, X, None, 10)
    assert back is not None and (back.callee, back.display, back.sid) == (B, X, "s1")


def test_axe_the_latest_caller_wins(axe: AxeModel) -> None:  # AXE-029
    axe.bind(A, X, chosen="1", sid="s1")
    records: Records = {}
    for caller in (B, C):
        r = route_axe(axe.live(), records, caller, X, "1", 0)
        assert r is not None
        remember(records, r, caller, X, 0)
    back = route_axe(axe.live(), records, A, X, None, 0)
    assert back is not None and back.callee == C


@pytest.mark.parametrize(("digits", "code"), [("2", "8022"), (None, "8033"), ("", "8033")])
def test_axe_wrong_or_missing_extension(axe: AxeModel, digits: str | None, code: str) -> None:  # AXE-024, AXE-026
    axe.bind(A, X, chosen="1", sid="s1")
    r = route_axe(axe.live(), {}, B, X, digits, 0)
    assert r is not None and not r.connected and r.codes == {code}
    assert r.unbound is (code == AXE_NO_BINDING)


def test_axe_call_back_without_record_callback_num_or_8019(axe: AxeModel) -> None:  # AXE-030, AXE-031
    axe.bind(A, X, chosen="1", sid="s1")
    axe.bind(B, X, chosen="2", sid="s2", fields={"callbackNum": D})
    r = route_axe(axe.live(), {}, A, X, None, 0)
    assert r is not None and r.codes == {NO_CALLBACK_RECORD} == {"8019"}
    r = route_axe(axe.live(), {}, B, X, None, 0)
    assert r is not None and r.callee == D


def test_axe_callback_record_expiry(axe: AxeModel) -> None:  # AXE-032
    axe.bind(A, X, chosen="1", sid="s1", fields={"timeUnit": "1", "callbackExpiredTime": 1})
    records: Records = {}
    r = route_axe(axe.live(), records, B, X, "1", 0)
    assert r is not None
    remember(records, r, B, X, 0)
    assert settled(route_axe(axe.live(), records, A, X, None, 59)).callee == B
    expired = route_axe(axe.live(), records, A, X, None, 60)
    assert expired is not None and expired.codes == {"8019"}


def test_axe_an_expired_binding_is_8022(axe: AxeModel) -> None:  # AXE-014
    axe.bind(A, X, chosen="1", sid="s1", fields={"timeUnit": "1", "bindExpiredTime": 1})
    axe.advance(60)
    r = route_axe(axe.live(), {}, B, X, "1", 60)
    assert r is not None and r.codes == {"8022"}


def test_axe_a_record_of_an_earlier_binding_is_not_settled(axe: AxeModel) -> None:
    axe.bind(A, X, chosen="1", sid="s1")
    records: Records = {}
    r = route_axe(axe.live(), records, B, X, "1", 0)
    assert r is not None
    remember(records, r, B, X, 0)
    axe.unbind(sid="s1")
    axe.bind(A, X, chosen="1", sid="s2")
    assert route_axe(axe.live(), records, A, X, None, 0) is None


# -- AXYB ----------------------------------------------------------------------------------------

Y, Y2 = "+8617040000009", "+8617040000008"
POOL = {X: "0755", X1: "0755", Y: "020", Y2: "0755"}


@pytest.fixture
def axyb() -> AxybModel:
    model = AxybModel(POOL)
    model.bound_ax("s1", A, X, 0, 0)
    return model


def _axyb(model: AxybModel, caller: str, dialled: str, direction: int = 0) -> CallRoute | None:
    live = model.live()
    return route_axyb(
        live,
        caller,
        dialled,
        usable_y={r.sid: frozenset(model.usable_y(r, None)) for r in live},
        call_direction={r.sid: direction for r in live},
        user_data={r.sid: "u1" for r in live},
    )


def test_axyb_b_calls_x_reaches_a_showing_y_and_a_calls_y_reaches_b_showing_x(axyb: AxybModel) -> None:
    axyb.bound_yb("s1", B, Y, None)  # AXYB-009, AXYB-010
    r = _axyb(axyb, B, X)
    assert r is not None and (r.callee, r.display, r.sid, r.user_data) == (A, Y, "s1", "u1")
    r = _axyb(axyb, A, Y)
    assert r is not None and (r.callee, r.display) == (B, X)


def test_axyb_auto_y_allows_any_usable_y(axyb: AxybModel) -> None:  # AXYB-012
    r = _axyb(axyb, C, X)
    assert r is not None and r.callee == A and r.displays == {X1, Y, Y2}


def test_axyb_self_calls_get_8032(axyb: AxybModel) -> None:  # AXYB-021
    axyb.bound_yb("s1", B, Y, None)
    assert settled(_axyb(axyb, A, X)).codes == {SELF_CALL} == {"8032"}
    assert settled(_axyb(axyb, B, Y)).codes == {"8032"}


def test_axyb_strangers_and_unbound_numbers_get_8030(axyb: AxybModel) -> None:  # AXYB-013, AXYB-017
    axyb.bound_yb("s1", B, Y, None)
    r = _axyb(axyb, C, Y)
    assert r is not None and r.codes == {AXYB_NO_BINDING} == {"8030"} and not r.unbound
    r = _axyb(axyb, C, X1)
    assert r is not None and r.codes == {"8030"} and r.unbound


@pytest.mark.parametrize(("direction", "b_to_a", "a_to_b"), [(1, False, True), (2, True, False)])
def test_axyb_call_direction(axyb: AxybModel, direction: int, b_to_a: bool, a_to_b: bool) -> None:  # AXYB-011
    axyb.bound_yb("s1", B, Y, None)
    assert settled(_axyb(axyb, B, X, direction)).connected is b_to_a
    assert settled(_axyb(axyb, A, Y, direction)).connected is a_to_b


def test_axyb_a_shared_y_reaches_the_b_of_the_callers_relation(axyb: AxybModel) -> None:  # AXYB-006, AXYB-010
    axyb.bound_yb("s1", B, Y, None)
    axyb.bound_ax("s2", C, X1, 0, 0)
    axyb.bound_yb("s2", D, Y, None)
    r = _axyb(axyb, C, Y)
    assert r is not None and (r.callee, r.display, r.sid) == (D, X1, "s2")


def test_axyb_a_number_that_is_x_and_y_is_not_settled(axyb: AxybModel) -> None:
    axyb.bound_ax("s2", C, X1, 0, 0)
    axyb.bound_yb("s2", D, X, None)
    assert _axyb(axyb, A, X) is None
