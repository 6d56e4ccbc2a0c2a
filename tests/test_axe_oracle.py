"""The AXE oracle against the spec's own rules (30-axe-axyb-x.md §A, D-7/D-9/D-12/D-23), so the
model itself is trusted before it judges a target."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pnconform.oracle.axe.model import (
    ACCEPTED,
    DEFAULT_DUPLICATE_CODES,
    DEFAULT_FOREIGN_CODES,
    DEFAULT_FULL_CODES,
    EXTENSION_TAKEN,
    INVALID,
    NOT_FOUND,
    AxeModel,
    Outcome,
)

XS = [f"+861703000000{i}" for i in range(1, 4)]
X, X2 = XS[0], XS[1]
FOREIGN = "+8617010000001"  # an X of another app
USERS = [f"+86138000000{i:02d}" for i in range(1, 12)]
A, B, C = USERS[:3]


@pytest.fixture
def model() -> AxeModel:
    return AxeModel(XS, 1)


def codes(outcome: Outcome) -> set[str]:
    return set(outcome.codes)


def test_bind_records_the_answered_extension(model: AxeModel) -> None:  # AXE-001, AXE-002
    out = model.bind(A, X, answered="1", sid="s1", fields={"recordFlag": True, "userData": "u1", "timeUnit": None})
    assert codes(out) == {ACCEPTED} and out.problem is None
    (b,) = out.bindings
    assert (b.sid, b.x, b.a, b.extension, b.expires_at) == ("s1", X, A, "1", None)
    assert dict(b.fields) == {"recordFlag": "true", "userData": "u1"}  # only what was sent


@pytest.mark.parametrize("answered", [None, "", "01", "0", "a", "10"])
def test_an_assigned_extension_of_another_form_is_a_problem(model: AxeModel, answered: str | None) -> None:
    assert model.bind(A, X, answered=answered).problem is not None  # AXE-001


def test_an_assigned_extension_that_is_taken_is_a_problem(model: AxeModel) -> None:  # AXE-002, AXE-007
    model.bind(A, X, answered="3")
    assert "already held" in str(model.bind(B, X, answered="3").problem)
    assert model.bind(C, X2, answered="3").problem is None  # another X


def test_a_chosen_extension_is_given_as_chosen(model: AxeModel) -> None:  # AXE-003
    assert model.bind(A, X, chosen="5", answered="5").problem is None
    assert "chosen" in str(model.bind(B, X, chosen="6", answered="1").problem)
    assert model.bind(C, X, chosen="", answered="2").problem is None  # "" = not chosen (AXE-002)


def test_a_taken_extension_is_refused(model: AxeModel) -> None:  # AXE-004
    model.bind(A, X, chosen="5", answered="5", sid="s1")
    assert codes(model.bind(B, X, chosen="5")) == {EXTENSION_TAKEN}
    assert [b.sid for b in model.live()] == ["s1"]
    assert model.bind(B, X2, chosen="5", answered="5").accepted


@pytest.mark.parametrize("chosen", ["12", "12345", "a", "0"])
def test_a_chosen_extension_of_another_form_is_invalid(model: AxeModel, chosen: str) -> None:  # AXE-005
    assert codes(model.bind(A, X, chosen=chosen)) == {INVALID}


def test_capacity_of_one_x(model: AxeModel) -> None:  # AXE-006
    for i, a in enumerate(USERS[:9], 1):
        assert model.bind(a, X, answered=str(i)).accepted
    assert model.full(X)
    assert codes(model.bind(USERS[9], X)) == set(DEFAULT_FULL_CODES)
    assert codes(model.bind(USERS[9], X, chosen="4")) == {EXTENSION_TAKEN}
    model.unbind(x=X, extension="4")
    assert model.bind(USERS[9], X, answered="4").accepted
    assert AxeModel(XS, 2).capacity == 99 and AxeModel(XS, 4).capacity == 9999


def test_one_extension_per_a_per_x(model: AxeModel) -> None:  # D-12
    model.bind(A, X, answered="1")
    assert codes(model.bind(A, X)) == set(DEFAULT_DUPLICATE_CODES)
    assert codes(model.bind(A, X, chosen="1")) == set(DEFAULT_DUPLICATE_CODES) | {EXTENSION_TAKEN}
    assert model.bind(A, X2, answered="1").accepted


def test_codes_come_from_the_target() -> None:
    m = AxeModel(XS, 1, duplicate_codes=["1013102"], full_codes=["1020167"], foreign_codes=["1012001"])
    assert codes(m.bind(A, FOREIGN)) == {"1012001"}
    m.bind(A, X, answered="1")
    assert codes(m.bind(A, X)) == {"1013102"}


def test_x_of_another_app(model: AxeModel) -> None:  # GEN-102
    assert codes(model.bind(A, FOREIGN)) == set(DEFAULT_FOREIGN_CODES)


def test_selectors(model: AxeModel) -> None:  # AXE-015..AXE-018, D-7
    model.bind(A, X, answered="1", sid="s1")
    model.bind(B, X2, answered="1", sid="s2")
    assert [b.sid for b in model.query(sid="s1", x=X2, extension="1").bindings] == ["s1"]  # AXE-017
    assert [b.sid for b in model.query(x=X2, extension="1").bindings] == ["s2"]
    assert codes(model.query(x=X)) == {INVALID}  # AXE-016
    assert codes(model.unbind(extension="1")) == {INVALID}
    assert codes(model.query()) == {INVALID}
    assert codes(model.query(x=X, extension="2")) == {NOT_FOUND}
    assert model.unbind(sid="s1", x=X2, extension="1").accepted
    assert codes(model.unbind(sid="s1")) == {NOT_FOUND}  # AXE-018
    assert codes(model.modify(sid="s1", fields={"userData": "u"})) == {NOT_FOUND}
    assert [b.sid for b in model.live()] == ["s2"]


def test_modify_keeps_what_it_was_not_sent(model: AxeModel) -> None:  # AXE-019, AXE-021, D-9
    model.bind(A, X, answered="1", sid="s1", fields={"userData": "u1", "timeUnit": "1", "bindExpiredTime": 10})
    out = model.modify(x=X, extension="1", fields={"recordFlag": "true", "timeUnit": "0", "bindExpiredTime": 20})
    assert out.accepted
    fields = dict(model.get("s1").fields)  # type: ignore[union-attr]
    assert fields == {"userData": "u1", "timeUnit": "1", "bindExpiredTime": 10, "recordFlag": "true"}
    model.advance(599)
    assert model.get("s1") is not None
    assert [b.sid for b in model.advance(1)] == ["s1"]  # the bind-time expiry stays (D-9)


def test_expiry(model: AxeModel) -> None:  # AXE-013, AXE-014, D-23
    model.bind(A, X, answered="1", sid="never")
    model.bind(B, X, answered="2", sid="zero", fields={"bindExpiredTime": 0})
    model.bind(C, X, answered="3", sid="minute", fields={"timeUnit": "1", "bindExpiredTime": 1})
    model.bind(USERS[3], X, answered="4", sid="hour", fields={"bindExpiredTime": 1})
    assert model.advance(59) == []
    assert [b.sid for b in model.advance(1)] == ["minute"]
    assert [b.sid for b in model.advance(3540)] == ["hour"]
    model.advance(10**9)
    assert sorted(b.sid for b in model.live()) == ["never", "zero"]
    assert model.bind(USERS[4], X, chosen="3", answered="3").accepted  # the expired extension is free


def test_bad_length() -> None:
    with pytest.raises(ValueError):
        AxeModel(XS, 5)


def test_the_axe_oracle_never_imports_the_emulator() -> None:
    """An oracle sharing code with the emulator would share its bugs."""
    import pnconform.oracle

    folder = Path(pnconform.oracle.__file__).parent
    for path in (folder / "axe/model.py", folder / "axe/machine.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not any(n.startswith("pnconform.emulator") for n in names), f"{path.name} imports {names}"


# -- the machine against the emulator ----------------------------------------------------------------


def _machine_run(fault: str | None, examples: int = 30) -> BaseException | None:
    """Run the AXE invariants machine (with the test hooks) against the embedded emulator with ``fault`` on."""
    from itertools import count

    from pnconform.client import PrivateNumberClient
    from pnconform.emulator import builtin_config
    from pnconform.emulator.server import EmbeddedEmulator
    from pnconform.hooks import HooksClient
    from pnconform.oracle.axe.machine import AxeRun, run_invariants

    cfg = builtin_config()
    if fault:
        cfg = cfg.with_faults([fault])
    numbers = count()
    with EmbeddedEmulator(cfg) as server:
        app, other = cfg.app_for_mode("axe"), cfg.app_for_mode("axb")
        client = PrivateNumberClient(server.base_url, app.app_key, app.app_secret, mode="axe")
        hooks = HooksClient(server.base_url)
        run = AxeRun(
            client=client,
            fresh_number=lambda: f"+86139{next(numbers):08d}",
            x_numbers=[x.number for x in app.x_numbers][:2],
            extension_length=app.extension_length,
            foreign_x=other.x_numbers[0].number,
            advance_clock=hooks.advance,
            hook_bindings=lambda: hooks.bindings(mode="axe", app_key=app.app_key),
        )
        try:
            run_invariants(run, max_examples=examples, step_count=15, shrink_seconds=1, derandomize=True)
        except AssertionError as exc:
            return exc
        finally:
            client.close()
            hooks.close()
    return None


def test_machine_agrees_with_the_clean_emulator() -> None:
    assert _machine_run(None, examples=10) is None


@pytest.mark.parametrize(
    "fault",
    [
        "axe.allow_shared_extension",
        "axe.ignore_chosen_extension",
        "axe.assign_taken_extension",
        "axe.not_found_code",
        "axe.modify_clears_fields",
    ],
)
def test_machine_failures_name_only_rules_the_fault_breaks(fault: str) -> None:
    from pnconform.emulator.faults import FAULTS
    from pnconform.violation import RuleViolation

    failure = _machine_run(fault, examples=60)
    assert failure is not None, f"{fault} went unnoticed"
    assert isinstance(failure, RuleViolation), failure
    assert set(failure.rules) <= set(FAULTS[fault].rules), f"{fault}: {failure.rules}\n{str(failure)[:1500]}"
