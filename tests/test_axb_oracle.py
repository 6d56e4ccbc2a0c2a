"""The AXB oracle against the spec's own examples (10-axb.md), so the model itself is trusted."""

from __future__ import annotations

import pytest

from pnconform.oracle import ACCEPTED, INVALID, NOT_FOUND, NOT_OF_APP, AxbModel

X, X1, FOREIGN = "+8617010000001", "+8617010000002", "+8617099999999"
A, B, C, D = "+8613800000001", "+8613800000002", "+8613800000003", "+8613800000004"
DUP = {"1012010"}
FULL = {"1012008", "1012009"}


@pytest.fixture
def model() -> AxbModel:
    return AxbModel([X, X1], max_pairs_per_x=3)


def codes(outcome) -> set[str]:
    return set(outcome.codes)


def test_axb_then_cxd_on_one_x_is_allowed(model: AxbModel) -> None:  # AXB-007
    first, second = model.bind(A, B, X, sid="s1"), model.bind(C, D, X, sid="s2")
    assert first.accepted and second.accepted
    assert [b.sid for b in model.live(X)] == ["s1", "s2"]


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [(A, C, "AXB-004 same A"), (C, B, "AXB-005 same B"), (B, C, "AXB-006 B as A"), (C, A, "A as B"), (A, B, "AXB-008")],
)
def test_a_user_number_may_not_repeat_on_one_x(model: AxbModel, a: str, b: str, rule: str) -> None:
    model.bind(A, B, X, sid="s1")
    assert codes(model.bind(a, b, X)) == DUP, rule
    assert [b.sid for b in model.live()] == ["s1"]  # a refused bind changes nothing


def test_same_a_on_another_x_is_allowed(model: AxbModel) -> None:  # AXB-009, AXB-106
    model.bind(A, B, X)
    assert model.bind(A, C, X1).accepted
    assert codes(model.bind(A, C, X)) == DUP


def test_x_of_another_app_and_equal_numbers(model: AxbModel) -> None:  # AXB-011, AXB-045
    assert codes(model.bind(A, B, FOREIGN)) == {NOT_OF_APP}
    assert codes(model.bind(A, A, X)) == {INVALID}
    assert codes(model.unbind(x=FOREIGN)) == {NOT_OF_APP}
    assert codes(model.query(x=FOREIGN)) == {NOT_OF_APP}
    assert codes(model.unbind()) == {NOT_OF_APP}
    assert codes(model.query()) == {INVALID}


def test_unbind_by_id_and_twice(model: AxbModel) -> None:  # AXB-040, AXB-043, AXB-044, AXB-048
    model.bind(A, B, X, sid="s1")
    model.bind(C, D, X, sid="s2")
    assert [b.sid for b in model.unbind(sid="s1", x=X1).bindings] == ["s1"]  # subscriptionId wins (AXB-042)
    assert codes(model.unbind(sid="s1")) == {NOT_FOUND}
    assert codes(model.query(sid="s1")) == {NOT_FOUND}
    assert codes(model.modify("s1", duration=10)) == {NOT_FOUND}
    assert model.bind(A, B, X).accepted  # the freed numbers can be bound again


def test_unbind_by_relation_num_removes_every_pair(model: AxbModel) -> None:  # AXB-041, GEN-112
    model.bind(A, B, X, sid="s1")
    model.bind(C, D, X, sid="s2")
    model.bind(A, B, X1, sid="s3")
    assert {b.sid for b in model.unbind(x=X).bindings} == {"s1", "s2"}
    assert codes(model.query(x=X)) == {NOT_FOUND}
    assert codes(model.unbind(x=X)) == {NOT_FOUND}
    assert [b.sid for b in model.live()] == ["s3"]


def test_query_filters(model: AxbModel) -> None:  # AXB-060, AXB-061, AXB-063
    model.bind(A, B, X, sid="s1", call_direction=1, duration=600, max_duration=5, user_data="u1")
    model.bind(C, D, X, sid="s2")
    (one,) = model.query(sid="s1", x=X1).bindings
    fields = (one.a, one.b, one.x, one.call_direction, one.duration, one.max_duration, one.user_data)
    assert fields == (A, B, X, 1, 600, 5, "u1")
    assert [b.sid for b in model.query(x=X).bindings] == ["s1", "s2"]
    assert [b.sid for b in model.query(x=X, a=A).bindings] == ["s1"]
    assert [b.sid for b in model.query(x=X, b=D).bindings] == ["s2"]
    assert [b.sid for b in model.query(x=X, a=A, b=B).bindings] == ["s1"]
    assert codes(model.query(x=X, a=A, b=D)) == {NOT_FOUND}
    assert codes(model.query(x=X1)) == {NOT_FOUND}


def test_modify(model: AxbModel) -> None:  # AXB-055, AXB-056
    model.bind(A, B, X, sid="s1", call_direction=2)
    model.bind(C, D, X, sid="s2")
    assert codes(model.modify("s1", b=C)) == DUP  # C already on X in s2
    assert codes(model.modify("s1", a=B)) == {INVALID}  # would bind B to itself
    assert model.modify("s1", b="+8613800000009", max_duration=10).accepted
    (s1,) = model.query(sid="s1").bindings
    assert (s1.a, s1.b, s1.call_direction, s1.max_duration) == (A, "+8613800000009", 2, 10)
    assert model.modify("s1", a=A).accepted  # its own number is not an overlap
    assert model.bind(B, D.replace("4", "5"), X).accepted  # B was freed by the modify


def test_expiry(model: AxbModel) -> None:  # AXB-025, GEN-107
    model.bind(A, B, X, sid="s1", duration=60)
    model.bind(C, D, X, sid="s2")  # no duration: permanent
    model.advance(59)
    assert model.get("s1") is not None
    model.advance(1)
    assert codes(model.query(sid="s1")) == {NOT_FOUND}
    assert codes(model.unbind(sid="s1")) == {NOT_FOUND}
    assert model.bind(A, B, X).accepted  # expired pairs free their numbers
    model.advance(10**6)
    assert model.get("s2") is not None


def test_modified_duration_restarts_the_countdown(model: AxbModel) -> None:  # AXB-050, AXB-051, AXB-052
    model.bind(A, B, X, sid="s1", duration=600)
    model.bind(C, D, X, sid="s2")
    model.advance(300)
    assert model.modify("s1", duration=600).accepted
    assert model.modify("s2", duration=120).accepted
    model.advance(400)  # t0+700: s1 still there (600 s after the modify), s2 gone (120 s after it)
    assert model.get("s1") is not None and model.get("s2") is None
    model.advance(200)  # t0+900
    assert model.get("s1") is None
    model.bind(A, B, X, sid="s3", duration=3600)
    assert model.modify("s3", duration=0).accepted  # 0 = never expires
    model.advance(10**6)
    assert model.get("s3") is not None


def test_modify_without_duration_keeps_the_expiry(model: AxbModel) -> None:
    model.bind(A, B, X, sid="s1", duration=100)
    model.advance(50)
    assert model.modify("s1", call_direction=1).accepted
    model.advance(50)
    assert model.get("s1") is None


def test_pairs_per_x_limit(model: AxbModel) -> None:  # AXB-010, AXB-109
    for i in range(3):
        assert model.bind(f"+861390000000{i}", f"+861390000001{i}", X, sid=f"f{i}").accepted
    assert codes(model.bind(A, B, X)) == FULL
    assert codes(model.bind("+8613900000000", B, X)) == DUP | FULL  # both refusals apply: either code
    assert model.bind(A, B, X1).accepted  # the limit is per X
    model.unbind(sid="f0")
    assert model.bind(A, B, X).accepted  # capacity comes back on unbind


def test_capacity_comes_back_on_expiry() -> None:
    model = AxbModel([X], max_pairs_per_x=1)
    model.bind(A, B, X, duration=10)
    assert codes(model.bind(C, D, X)) == FULL
    model.advance(10)
    assert model.bind(C, D, X).accepted


def test_outcome_helpers(model: AxbModel) -> None:
    assert model.bind(A, B, X).allows(ACCEPTED)
    assert not model.bind(A, B, X).accepted


def test_the_oracle_never_imports_the_emulator() -> None:
    """An oracle sharing code with the emulator would share its bugs."""
    import ast
    from pathlib import Path

    import pnconform.oracle

    for path in Path(pnconform.oracle.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.startswith("pnconform.emulator") for n in names), f"{path.name} imports {names}"


# -- the machine against the emulator ----------------------------------------------------------------


def _machine_run(fault: str | None, *, clock: bool = False, examples: int = 30) -> BaseException | None:
    """Run the AXB invariants machine against the embedded emulator with ``fault`` on."""
    from itertools import count

    import httpx

    from pnconform.client import PrivateNumberClient
    from pnconform.emulator import builtin_config
    from pnconform.emulator.server import EmbeddedEmulator
    from pnconform.oracle.axb.machine import AxbRun, run_invariants

    cfg = builtin_config()
    if fault:
        cfg = cfg.with_faults([fault])
    numbers = count()
    with EmbeddedEmulator(cfg) as server:
        app = cfg.app_for_mode("axb")
        other = cfg.app_for_mode("ax")
        client = PrivateNumberClient(server.base_url, app.app_key, app.app_secret, mode="axb")
        url = f"{server.base_url}/_emulator/clock/advance"
        run = AxbRun(
            client=client,
            fresh_number=lambda: f"+86139{next(numbers):08d}",
            x_numbers=[x.number for x in app.x_numbers][:3],
            foreign_x=other.x_numbers[0].number,
            advance_clock=(lambda s: httpx.post(url, json={"seconds": s})) if clock else None,
        )
        try:
            run_invariants(run, max_examples=examples, step_count=15, shrink_seconds=1, derandomize=True)
        except AssertionError as exc:
            return exc
        finally:
            client.close()
    return None


def test_machine_agrees_with_the_clean_emulator() -> None:
    assert _machine_run(None, clock=True, examples=10) is None


def test_an_overlap_failure_names_the_overlap_rules_not_every_tag() -> None:
    from pnconform.violation import RuleViolation

    failure = _machine_run("axb.allow_overlap")
    assert isinstance(failure, RuleViolation), failure
    assert set(failure.rules) <= {"AXB-004", "AXB-005", "AXB-006", "AXB-008", "AXB-106", "GEN-113"}, failure.rules
    assert not {"GEN-102", "GEN-107"} & set(failure.rules)
    assert str(failure).startswith(f"[{', '.join(failure.rules)}] ") and "Calls of this example" in str(failure)


@pytest.mark.parametrize(
    ("fault", "clock"),
    [
        ("axb.allow_overlap", False),
        ("axb.unbind_noop", False),
        ("axb.unbind_one", False),
        ("axb.modify_noop", False),
        ("axb.relationnum_wins", False),
        ("app.ignore_ownership", False),
        ("axb.ignore_duration", True),
    ],
)
def test_machine_failures_name_only_rules_the_fault_breaks(fault: str, clock: bool) -> None:
    from pnconform.emulator.faults import FAULTS
    from pnconform.violation import RuleViolation

    failure = _machine_run(fault, clock=clock, examples=60)
    assert failure is not None, f"{fault} went unnoticed"
    assert isinstance(failure, RuleViolation), failure
    assert set(failure.rules) <= set(FAULTS[fault].rules), f"{fault}: {failure.rules}\n{str(failure)[:1500]}"
