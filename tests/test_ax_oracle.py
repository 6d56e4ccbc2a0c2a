"""The AX oracle against the spec's own rules (20-ax.md, D-6/D-7/D-8/D-29), so the model itself is trusted."""

from __future__ import annotations

import pytest

from pnconform.oracle.ax.model import (
    A_FULL,
    ACCEPTED,
    INVALID,
    NOT_FOUND,
    NOT_OF_APP,
    UNBIND_NOT_OF_APP,
    X_TAKEN,
    AxModel,
    Outcome,
)

XS = [f"+861702000000{i}" for i in range(1, 9)]
X, X1, X2 = XS[0], XS[1], XS[2]
FOREIGN = "+8617010000001"  # an X of another app
A, B, C, D = "+8613800000001", "+8613800000002", "+8613800000003", "+8613800000004"
DUP = {"1016002", "1011002", "1011005"}  # D-6: the default accepted set


@pytest.fixture
def model() -> AxModel:
    return AxModel(XS)


def codes(outcome: Outcome) -> set[str]:
    return set(outcome.codes)


def test_bind_returns_the_binding_with_documented_defaults(model: AxModel) -> None:  # AX-020
    out = model.bind(A, X, sid="s1", fields={"recordFlag": True, "userData": "u1", "maxDuration": None})
    assert codes(out) == {ACCEPTED}
    (b,) = out.bindings
    assert (b.sid, b.a, b.x) == ("s1", A, X)
    # Sent fields as the query shows them; absent ones only where a default is documented.
    assert dict(b.fields) == {
        "maxDuration": 0,
        "privateSms": "true",
        "turnFlag": "on",
        "recordFlag": "true",
        "userData": "u1",
    }


def test_one_x_carries_one_a(model: AxModel) -> None:  # AX-004, AX-028, D-6
    model.bind(A, X, sid="s1")
    assert codes(model.bind(B, X)) == {X_TAKEN}
    assert codes(model.bind(A, X)) == DUP
    assert [b.sid for b in model.live()] == ["s1"]  # a refused bind changes nothing


def test_duplicate_codes_come_from_the_target(model: AxModel) -> None:
    strict = AxModel(XS, duplicate_codes=["1016002"])
    strict.bind(A, X)
    assert codes(strict.bind(A, X)) == {"1016002"}


def test_x_is_free_again_after_unbind(model: AxModel) -> None:  # AX-006
    model.bind(A, X, sid="s1")
    assert model.unbind(sid="s1").accepted
    assert model.bind(B, X).accepted


def test_one_a_holds_at_most_five_x(model: AxModel) -> None:  # AX-005, AX-029
    for x in XS[:5]:
        assert model.bind(A, x).accepted
    assert model.x_count(A) == 5
    assert codes(model.bind(A, XS[5])) == {A_FULL}
    model.unbind(x=XS[0])
    assert model.bind(A, XS[5]).accepted  # after one unbind, the 6th succeeds


def test_refusals_without_precedence_accept_either_code(model: AxModel) -> None:
    for x in XS[:5]:
        model.bind(A, x)
    model.bind(B, XS[5])
    assert codes(model.bind(A, XS[5])) == {X_TAKEN, A_FULL}  # X taken and A full
    assert codes(model.bind(A, XS[0])) == DUP | {A_FULL}  # identical re-bind of a full A
    assert codes(model.bind(A, FOREIGN)) == {NOT_OF_APP, A_FULL}


def test_x_of_another_app(model: AxModel) -> None:  # AX-027, AX-106, AX-413, GEN-102
    assert codes(model.bind(A, FOREIGN)) == {NOT_OF_APP}
    assert codes(model.unbind(x=FOREIGN)) == {UNBIND_NOT_OF_APP}
    assert codes(model.modify(x=FOREIGN, fields={"maxDuration": 5})) == {NOT_OF_APP}
    assert codes(model.query(x=FOREIGN)) == {NOT_OF_APP}
    assert codes(model.set_temp_callee(B, x=FOREIGN)) == {NOT_OF_APP}


def test_not_found_is_1016001(model: AxModel) -> None:  # AX-107, AX-204, AX-307, AX-408, AX-413, D-7
    model.bind(A, X, sid="s1")
    model.unbind(sid="s1")
    for outcome in (
        model.unbind(sid="s1"),
        model.unbind(x=X),
        model.modify(sid="s1", fields={"maxDuration": 5}),
        model.modify(x=X),
        model.query(sid="s1"),
        model.query(a=A),
        model.query(x=X),
        model.set_temp_callee(B, sid="s1"),
        model.set_temp_callee(B, x=X),
    ):
        assert codes(outcome) == {NOT_FOUND}


def test_selectors_missing(model: AxModel) -> None:  # AX-103, AX-305, AX-407, D-8
    assert codes(model.unbind()) == {UNBIND_NOT_OF_APP}
    assert codes(model.modify(fields={"maxDuration": 5})) == {INVALID}
    assert codes(model.query()) == {INVALID}
    assert codes(model.set_temp_callee(B)) == {INVALID}


def test_unbind_subscription_id_wins_and_orig_num_is_ignored(model: AxModel) -> None:  # AX-102, AX-104, AX-105
    model.bind(A, X, sid="s1")
    model.bind(B, X1, sid="s2")
    assert [b.sid for b in model.unbind(sid="s1", x=X1).bindings] == ["s1"]
    assert [b.sid for b in model.live()] == ["s2"]
    assert [b.sid for b in model.unbind(x=X1).bindings] == ["s2"]  # by privateNum alone


def test_query_precedence(model: AxModel) -> None:  # AX-301..AX-304
    model.bind(A, X, sid="s1")
    model.bind(A, X1, sid="s2")
    model.bind(B, X2, sid="s3")
    assert [b.sid for b in model.query(a=A).bindings] == ["s1", "s2"]
    assert [b.sid for b in model.query(sid="s3", a=A, x=X).bindings] == ["s3"]  # subscriptionId wins
    assert [b.sid for b in model.query(a=A, x=X2).bindings] == ["s1", "s2"]  # origNum wins over privateNum
    assert [b.sid for b in model.query(x=X2).bindings] == ["s3"]


def test_modify_fields_and_selector(model: AxModel) -> None:  # AX-201, AX-202, AX-203, D-8
    model.bind(A, X, sid="s1", fields={"maxDuration": 30})
    assert model.modify(sid="s1", fields={"privateSms": "false", "maxDuration": 5}).accepted
    assert model.modify(x=X, fields={"recordFlag": True}).accepted  # by privateNum
    assert model.modify(sid="s1").accepted  # nothing to change: accepted, nothing changes
    fields = model.get("s1").fields  # type: ignore[union-attr]
    assert (fields["privateSms"], fields["maxDuration"], fields["recordFlag"]) == ("false", 5, "true")


def test_modify_orig_num_moves_x_to_the_new_a(model: AxModel) -> None:  # AX-206
    model.bind(A, X, sid="s1")
    model.set_temp_callee(C, sid="s1")
    assert model.modify(sid="s1", a=A).accepted and model.temp_callee("s1") is not None  # same A: a no-op
    assert model.modify(sid="s1", a=B).accepted
    assert [b.x for b in model.query(a=B).bindings] == [X]
    assert codes(model.query(a=A)) == {NOT_FOUND}
    assert model.temp_callee("s1") is None  # the relation was the old A's


def test_modify_to_an_a_with_five_x_is_refused(model: AxModel) -> None:  # AX-206 (1011003, unconfirmed)
    for x in XS[:5]:
        model.bind(A, x)
    model.bind(B, XS[5], sid="s6")
    assert codes(model.modify(sid="s6", a=A)) == {A_FULL}
    assert model.get("s6").a == B  # type: ignore[union-attr]


def test_temp_callee_expires_with_the_clock(model: AxModel) -> None:  # AX-402, AX-411, D-29
    model.bind(A, X, sid="s1")
    assert model.temp_callee("s1") is None
    assert model.set_temp_callee(B, sid="s1").accepted  # default 60 s
    model.advance(59)
    assert model.temp_callee("s1").callee == B  # type: ignore[union-attr]
    model.advance(1)
    assert model.temp_callee("s1") is None
    model.set_temp_callee(C, sid="s1", duration=300, fields={"userData": "u2", "maxDuration": None})
    model.advance(299)
    tc = model.temp_callee("s1")
    assert tc is not None and (tc.callee, tc.duration, dict(tc.fields)) == (C, 300, {"userData": "u2"})
    model.advance(1)
    assert model.temp_callee("s1") is None
    assert [b.sid for b in model.live()] == ["s1"]  # AX bindings never expire (AX-007)


def test_a_later_set_overwrites(model: AxModel) -> None:  # AX-403
    model.bind(A, X, sid="s1")
    model.set_temp_callee(B, sid="s1", duration=600)
    model.advance(100)
    model.set_temp_callee(C, x=X, a=A, duration=60)
    tc = model.temp_callee("s1")
    assert tc is not None and (tc.callee, tc.expires_at) == (C, 160)


def test_temp_callee_checks(model: AxModel) -> None:  # AX-404, AX-405, D-7
    model.bind(A, X, sid="s1")
    assert codes(model.set_temp_callee(A, sid="s1")) == {INVALID}  # callee = A
    for duration in (0, 259_201, -5):
        assert codes(model.set_temp_callee(B, sid="s1", duration=duration)) == {INVALID}
    for duration in (1, 259_200):
        assert model.set_temp_callee(B, sid="s1", duration=duration).accepted
    assert codes(model.set_temp_callee(C, x=X, a=D)) == {NOT_FOUND}  # origNum is not the binding's A
    assert model.set_temp_callee(C, sid="s1", x=X1, a=D).accepted  # subscriptionId wins


# -- the machine against the emulator ----------------------------------------------------------------


def _machine_run(fault: str | None, examples: int = 30) -> BaseException | None:
    """Run the AX invariants machine (with the test hooks) against the embedded emulator with ``fault`` on."""
    from itertools import count

    from pnconform.client import PrivateNumberClient
    from pnconform.emulator import builtin_config
    from pnconform.emulator.server import EmbeddedEmulator
    from pnconform.hooks import HooksClient
    from pnconform.oracle.ax.machine import AxRun, run_invariants

    cfg = builtin_config()
    if fault:
        cfg = cfg.with_faults([fault])
    numbers = count()
    with EmbeddedEmulator(cfg) as server:
        app, other = cfg.app_for_mode("ax"), cfg.app_for_mode("axb")
        client = PrivateNumberClient(server.base_url, app.app_key, app.app_secret, mode="ax")
        hooks = HooksClient(server.base_url)
        run = AxRun(
            client=client,
            fresh_number=lambda: f"+86139{next(numbers):08d}",
            x_numbers=[x.number for x in app.x_numbers][:6],
            foreign_x=other.x_numbers[0].number,
            advance_clock=hooks.advance,
            hook_bindings=lambda: hooks.bindings(mode="ax", app_key=app.app_key),
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
        "ax.allow_shared_x",
        "ax.allow_duplicate",
        "ax.unbind_noop",
        "ax.modify_noop",
        "ax.privatenum_wins",
        "ax.query_empty_list",
        "ax.ignore_ownership",
    ],
)
def test_machine_failures_name_only_rules_the_fault_breaks(fault: str) -> None:
    from pnconform.emulator.faults import FAULTS
    from pnconform.violation import RuleViolation

    failure = _machine_run(fault, examples=60)
    assert failure is not None, f"{fault} went unnoticed"
    assert isinstance(failure, RuleViolation), failure
    assert set(failure.rules) <= set(FAULTS[fault].rules), f"{fault}: {failure.rules}\n{str(failure)[:1500]}"
