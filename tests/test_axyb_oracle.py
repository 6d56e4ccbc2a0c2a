"""The AXYB oracle against the spec's own rules (30-axe-axyb-x.md §B, D-7/D-10/D-19/D-24), so the
model itself is trusted; and the machine against the emulator, clean and with a fault."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pnconform.oracle.axyb.model import ACCEPTED, ANY_REFUSAL, NOT_FOUND, AxybModel, Outcome

XS = [f"+861704000000{i}" for i in range(1, 5)]
Y_CITY = "+8617040000009"
POOL = {**{x: "0755" for x in XS}, Y_CITY: "020"}
A, B, C, D = "+8613800000001", "+8613800000002", "+8613800000003", "+8613800000004"
ALLOC = {"1011002", "1012008"}


@pytest.fixture
def model() -> AxybModel:
    return AxybModel(POOL, max_x_per_a=2, max_relations_per_y=2)


def codes(outcome: Outcome) -> set[str]:
    return set(outcome.codes)


def bind(model: AxybModel, sid: str, a: str, x: str, duration: int = 0, yb: int = 0) -> None:
    out = model.bind_ax(a, "0755")
    assert out.accepted and x in out.allowed_numbers
    model.bound_ax(sid, a, x, duration, yb)


def test_step1_allows_only_free_numbers_of_the_city(model: AxybModel) -> None:  # AXYB-001/002
    assert model.bind_ax(A, "0755").allowed_numbers == set(XS)
    bind(model, "s1", A, XS[0])
    assert model.bind_ax(B, "0755").allowed_numbers == set(XS[1:])
    assert codes(model.bind_ax(B, "010")) == ALLOC  # D-19


def test_x_limit_is_any_refusal(model: AxybModel) -> None:  # AXYB-003, D-10
    bind(model, "s1", A, XS[0])
    bind(model, "s2", A, XS[1])
    out = model.bind_ax(A, "0755")
    assert codes(out) == {ANY_REFUSAL}
    assert out.allows("1011003") and out.allows("1012009") and not out.allows(ACCEPTED)
    model.unbind("s1")
    assert model.bind_ax(A, "0755").accepted


def test_full_city_and_limit_accept_either(model: AxybModel) -> None:
    for i, x in enumerate(XS):
        bind(model, f"s{i}", [A, A, B, C][i], x)
    assert codes(model.bind_ax(A, "0755")) == {ANY_REFUSAL} | ALLOC


def test_y_rules(model: AxybModel) -> None:  # AXYB-004, 006, 007, 008
    bind(model, "s1", A, XS[0])
    bind(model, "s2", B, XS[1])
    bind(model, "s3", C, XS[2])
    assert XS[0] not in model.bind_yb("s1", D, None).allowed_numbers  # not its own X
    assert model.bind_yb("s1", D, "020").allowed_numbers == {Y_CITY}
    model.bound_yb("s1", D, Y_CITY, None)
    assert codes(model.bind_yb("s1", C, "020")) == ALLOC  # never twice on one AX
    assert model.bind_yb("s2", D, "020").allowed_numbers == {Y_CITY}  # reuse across AX
    model.bound_yb("s2", D, Y_CITY, None)
    assert codes(model.bind_yb("s3", D, "020")) == ALLOC  # the Y serves its limit (2)
    assert codes(model.bind_yb("nope", D, None)) == {NOT_FOUND}  # AXYB-005


def test_expiry_cascade(model: AxybModel) -> None:  # AXYB-013, AXYB-014
    bind(model, "s1", A, XS[0], duration=420)
    model.bound_yb("s1", B, Y_CITY, None)
    bind(model, "s2", B, XS[1], duration=0, yb=180)
    model.bound_yb("s2", C, Y_CITY, None)
    model.advance(240)
    assert model.query(sid="s2")[1] == {(B, XS[1], None, None)}  # YB gone, AX stays
    assert model.query(sid="s1")[1] == {(A, XS[0], Y_CITY, B)}
    model.advance(240)
    assert codes(model.query(sid="s1")[0]) == {NOT_FOUND}  # AX gone with its YB
    assert model.relations_on_y(Y_CITY) == 0


def test_step2_yb_duration_wins(model: AxybModel) -> None:
    bind(model, "s1", A, XS[0], duration=0, yb=180)
    model.bound_yb("s1", B, XS[1], 0)
    model.advance(600)
    assert model.query(sid="s1")[1] == {(A, XS[0], XS[1], B)}


def test_unbind(model: AxybModel) -> None:  # AXYB-017, 018, 019
    bind(model, "s1", A, XS[0])
    model.bound_yb("s1", B, XS[1], None)
    model.bound_yb("s1", C, XS[2], None)
    assert codes(model.unbind("s1", y=XS[1], b=C)) == {ACCEPTED}  # yNum wins
    assert model.query(sid="s1")[1] == {(A, XS[0], XS[2], C)}
    assert codes(model.unbind("s1", b=B)) == {NOT_FOUND}
    assert codes(model.unbind("s1", b=C)) == {ACCEPTED}
    assert model.query(x=XS[0])[1] == {(A, XS[0], None, None)}
    assert codes(model.unbind("s1")) == {ACCEPTED}
    assert codes(model.unbind("s1")) == {NOT_FOUND}
    assert codes(model.query(x=XS[0])[0]) == {NOT_FOUND}


def test_oracle_never_imports_the_emulator() -> None:
    root = Path(__file__).resolve().parents[1] / "src/pnconform/oracle"
    for name in ("axyb/model.py", "axyb/machine.py"):
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in imported if "emulator" in m], name


# -- the machine against the emulator ----------------------------------------------------------------


def _machine_run(fault: str | None, hooks: bool, examples: int = 15) -> tuple[str, BaseException | None]:
    import httpx

    from pnconform.client import PrivateNumberClient
    from pnconform.emulator import builtin_config
    from pnconform.emulator.server import EmbeddedEmulator
    from pnconform.oracle.axyb.machine import AxybRun, run_invariants

    cfg = builtin_config().with_settings({"axyb_max_relations_per_y": 2})
    if fault:
        cfg = cfg.with_faults([fault])
    counter = iter(range(10**6))
    with EmbeddedEmulator(cfg) as server:
        client = PrivateNumberClient(server.base_url, "emu-axyb-app", "emu-axyb-secret", mode="axyb")
        app = cfg.app_for_mode("axyb")
        advance = (
            (lambda s: httpx.post(f"{server.base_url}/_emulator/clock/advance", json={"seconds": s})) if hooks else None
        )
        run = AxybRun(
            client=client,
            fresh_number=lambda: f"+8613900{next(counter):06d}",
            numbers={x.number: x.area_code for x in app.x_numbers},
            x_city="0755",
            y_city="020",
            max_relations_per_y=2,
            advance_clock=advance,
        )
        try:
            return run_invariants(run, max_examples=examples, step_count=15, shrink_seconds=1, derandomize=True), None
        except AssertionError as exc:
            return "", exc
        finally:
            client.close()


def test_machine_agrees_with_the_clean_emulator() -> None:
    summary, failure = _machine_run(None, hooks=True)
    assert failure is None, failure
    assert "AXYB invariants" in summary


@pytest.mark.parametrize("fault", ["axyb.reuse_y_on_ax", "axyb.yb_expiry_removes_ax"])
def test_machine_catches_a_fault_with_a_replayable_call_list(fault: str) -> None:
    # Derandomized: the same sequences every run (100 examples find both faults).
    _, failure = _machine_run(fault, hooks=True, examples=100)
    assert failure is not None, f"{fault} went unnoticed"
    assert "Calls of this example" in str(failure) and "axyb_bind(" in str(failure)
    from pnconform.emulator.faults import FAULTS
    from pnconform.violation import RuleViolation

    assert isinstance(failure, RuleViolation), failure
    assert set(failure.rules) <= set(FAULTS[fault].rules), (failure.rules, str(failure)[:1500])
