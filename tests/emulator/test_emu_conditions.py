"""The call simulator's conditions (design.md "Test hooks contract"): ``POST /_emulator/calls``
with ``"condition"`` (or its older name ``"behaviour"``) or ``"q850"`` provokes each documented
outcome; bad input is refused with 400; the ``code.*`` fault switches bend one code each."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from calls_helpers import RX, CallsApi
from emu_helpers import X1, AsgiClient, check_fault_switch

from pnconform.emulator import FAULTS, builtin_config, create_app
from pnconform.emulator.calls.faults import CODE_FAMILY, substitute
from pnconform.emulator.calls.outcomes import (
    CONDITIONS,
    EVENTS,
    HANG_RULES,
    OUTCOMES,
    PRODUCIBLE,
    Q850_CAUSES,
    TEAR_RULES,
    release,
)

pytestmark = pytest.mark.xdist_group("calls-receiver")


@pytest.fixture
def calls() -> Iterator[CallsApi]:
    client = AsgiClient(create_app(builtin_config()))
    yield CallsApi(client)
    client.close()


def _place(api: CallsApi, **kw: Any) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    """An AXB call with ``kw`` in the hook's body: (the hook's answer, the events, the CDR)."""
    api.connect()  # every app pushes to RX (again: a reset drops the callback URLs)
    a = api.pair(X1)["callerNum"]
    RX.clear()
    out = api.call(a, X1, **kw)
    api.flush()
    (fee,) = RX.fees()
    return out, RX.events(), fee


@pytest.mark.parametrize("name", sorted(CONDITIONS))
def test_each_condition_gives_its_codes_and_events(calls, name):
    want = CONDITIONS[name]
    out, events, fee = _place(calls, condition=name)
    assert [e["eventType"] for e in events] == list(EVENTS[want.stage or ""])  # EVT-042 shapes
    assert not out["connected"] and out["stateCode"] == want.state_code
    assert events[-1]["statusInfo"]["stateCode"] == want.state_code
    assert events[-1]["statusInfo"]["stateDesc"] == want.state_desc
    assert (fee["ulFailReason"], fee["fwdUnaswRsn"]) == (want.ul_fail_reason, want.q850)
    assert "fwdAnswerTime" not in fee and fee["failTime"]
    forwarded = want.stage != "refused"
    assert ("fwdDstNum" in fee) == forwarded and ("fwdAlertingTime" in fee) == (want.stage == "ringing")
    assert fee.get("sipStatusCode") == want.sip_status


def test_behaviour_is_the_older_name_of_condition(calls):
    out, _, _ = _place(calls, behaviour="refused")
    assert out["stateCode"] == 7504


@pytest.mark.parametrize("cause", Q850_CAUSES)
def test_a_carrier_release_reports_its_q850_cause(calls, cause):
    out, events, fee = _place(calls, q850=cause)
    assert fee["fwdUnaswRsn"] == cause and not out["connected"]
    assert out["stateCode"] in PRODUCIBLE["stateCode"] and fee["ulFailReason"] == release(cause).ul_fail_reason
    assert events[0]["eventType"] == "callin" and events[1]["eventType"] == "callout"


def test_q850_may_come_as_a_behaviour_string(calls):
    _, _, fee = _place(calls, behaviour="q850:42")
    assert fee["fwdUnaswRsn"] == 42


def test_answer_is_the_default_and_connects(calls):
    out, events, fee = _place(calls, condition="answer")
    assert out["connected"] and events[-2]["eventType"] == "answer"
    assert (fee["ulFailReason"], fee["fwdUnaswRsn"]) == (0, 0)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"condition": "dance"}, "condition must be answer or one of"),
        ({"behaviour": "dance"}, "behaviour must be answer or one of"),
        ({"condition": 7}, "condition must be answer or one of"),
        ({"condition": "busy", "q850": 17}, "give one of condition, behaviour, q850"),
        ({"condition": "busy", "behaviour": "busy"}, "give one of condition, behaviour, q850"),
        ({"q850": 24}, "q850 must be a non-zero cause"),
        ({"q850": 0}, "q850 must be a non-zero cause"),
        ({"q850": True}, "q850 must be a non-zero cause"),
        ({"q850": "17"}, "q850 must be a non-zero cause"),
        ({"behaviour": "q850:x"}, "q850 must be a non-zero cause"),
        ({"behaviour": "q850:89"}, "q850 must be a non-zero cause"),
    ],
)
def test_bad_conditions_are_refused(calls, extra, message):
    r = calls.client.post("/_emulator/calls", json={"caller": "+8613800000001", "called": X1, **extra})
    assert r.status_code == 400 and message in r.text, r.text


def test_the_table_names_a_rule_for_every_code_it_produces():
    # Every code the simulator can put in a field is a code of its table (HANG-002, TEAR-002, Q850-900).
    # 8017 (X mode, the customer closes the call) is only in the older table (HANG-099, TEAR-052).
    assert PRODUCIBLE["stateCode"] - {0, 8017} <= set(HANG_RULES)
    assert PRODUCIBLE["ulFailReason"] - {0} <= set(TEAR_RULES)
    assert set(Q850_CAUSES) == PRODUCIBLE["fwdUnaswRsn"] - {0} and len(Q850_CAUSES) == 69
    assert set(CONDITIONS) <= set(OUTCOMES)


# -- the code.* faults ----------------------------------------------------------------------------------


def _codes(api: CallsApi, condition: str) -> tuple[int, int, int]:
    _, events, fee = _place(api, condition=condition)
    return events[-1]["statusInfo"]["stateCode"], fee["ulFailReason"], fee["fwdUnaswRsn"]


def test_the_family_declares_one_switch_per_code_of_each_table():
    assert {c for f, c in CODE_FAMILY if f == "hang"} == set(HANG_RULES)
    assert {c for f, c in CODE_FAMILY if f == "tear"} == set(TEAR_RULES)
    assert {c for f, c in CODE_FAMILY if f == "q850"} == set(Q850_CAUSES)
    for (field, code), name in CODE_FAMILY.items():
        assert name == f"code.{field}_{code}" and FAULTS[name].rules
        assert substitute(field, code) != code


@pytest.mark.parametrize(
    ("name", "condition", "faulty"),
    [
        ("code.hang_8102", "busy", (522, 8102, 17)),
        ("code.tear_8102", "busy", (8102, 522, 17)),
        ("code.q850_17", "busy", (8102, 8102, 127)),
        ("code.hang_522", "platform_ports", (7109, 522, 0)),
        ("code.hang_off_table", "busy", (8021, 8102, 17)),
        ("code.tear_off_table", "busy", (8102, 8021, 17)),
        ("code.q850_off_table", "busy", (8102, 8102, 24)),
    ],
)
def test_a_code_switch_bends_only_its_code(name, condition, faulty):
    clean = (CONDITIONS[condition].state_code, CONDITIONS[condition].ul_fail_reason, CONDITIONS[condition].q850)
    check_fault_switch(CallsApi, lambda api: _codes(api, condition), clean, faulty, name)
    # the other conditions are untouched
    check_fault_switch(CallsApi, lambda api: _codes(api, "no_answer"), (8101, 8101, 19), (8101, 8101, 19), name)


@pytest.mark.parametrize(
    ("name", "faulty"), [("code.tear_on_normal", (0, 7503, 0)), ("code.q850_on_normal", (0, 0, 16))]
)
def test_the_normal_call_switches(name, faulty):
    def normal(api: CallsApi) -> tuple[int, int, int]:
        _, events, fee = _place(api)
        return events[-1]["statusInfo"]["stateCode"], fee["ulFailReason"], fee["fwdUnaswRsn"]

    check_fault_switch(CallsApi, normal, (0, 0, 0), faulty, name)


def test_the_hooks_contract_lists_every_condition():
    design = Path(__file__).resolve().parents[2] / "docs" / "design.md"
    text = design.read_text(encoding="utf-8").split("**Conditions of `POST /_emulator/calls`**", 1)[1]
    rows = re.findall(r"^\| `([a-z_0-9]+)` \| (\d+) \| (\d+) \| (\d+) \| [^|]+ \| (\w+) \|$", text, re.M)
    listed = {name: (int(h), int(t), int(q), stage) for name, h, t, q, stage in rows}
    assert listed == {n: (o.state_code, o.ul_fail_reason, o.q850, o.stage) for n, o in CONDITIONS.items()}
