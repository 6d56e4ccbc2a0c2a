"""Push validators: spec-example payloads pass, each mutated one fails on the rule it breaks."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from pnconform.receiver import validate as v
from pnconform.receiver.codes import HANG_CODES, Q850_CODES, TEAR_CODES

SESSION = "1202_1051_4294967295_20190124070250@callenabler246.huaweicaas.com"  # 50 §1.4 example


def event(kind: str, ts: str = "2019-01-24 07:03:28", **info: Any) -> dict[str, Any]:
    status = {"timestamp": ts, "sessionId": SESSION, "caller": "+8613800000021", "called": "+8617010000001"}
    status.update(info)
    return {"eventType": kind, "statusInfo": status}


def cdr(**fields: Any) -> dict[str, Any]:
    """The developer guide's example CDR (50 §2.2, CDR-021 times)."""
    record = {
        "direction": 0,
        "spId": "customer_sp",
        "appKey": "app-key-1",
        "icid": "ba171f34e6953fcd751edc77127748f4.3757285803.338666679.5",
        "bindNum": "+8617010000001",
        "sessionId": SESSION,
        "subscriptionId": "sub-1",
        "callerNum": "+8613800000021",
        "calleeNum": "+8617010000001",
        "fwdDisplayNum": "+8617010000001",
        "fwdDstNum": "+8613800000022",
        "callInTime": "2019-01-24 02:30:03",
        "fwdStartTime": "2019-01-24 02:30:03",
        "fwdAlertingTime": "2019-01-24 02:30:04",
        "fwdAnswerTime": "2019-01-24 02:30:06",
        "callEndTime": "2019-01-24 02:30:22",
        "fwdUnaswRsn": 0,
        "ulFailReason": 0,
        "sipStatusCode": 0,
        "callOutUnaswRsn": 0,
        "recordFlag": 0,
        "serviceType": "003",
        "hostName": "callenabler246.huaweicaas.com",
    }
    record.update(fields)
    return record


def fee(*records: dict[str, Any]) -> dict[str, Any]:
    return {"eventType": "fee", "feeLst": list(records) or [cdr()]}


def xstatus(**info: Any) -> dict[str, Any]:
    entry = {"number": "+8617010000001", "status": "10", "cause": "2"}
    entry.update(info)
    return {"eventType": "numStatus", "numInfo": [entry]}


def sms(**event_fields: Any) -> dict[str, Any]:
    """00 §9 SMS-004 example shape."""
    smsevent = {
        "smsIdentifier": "sms-0001",
        "notificationMode": "Notify",
        "calling": "+8613800000021",
        "called": "+8613800000022",
        "virtualNumber": "+8617010000001",
        "event": "TextSMS",
        "timeStamp": "2018-09-13T09:46:16.023Z",
        "subscriptionId": "sub-1",
        "extInfo": {"extParas": [{"key": "splitNum", "value": "1"}, {"key": "direction", "value": "0"}]},
        "sendResult": 0,
    }
    smsevent.update(event_fields)
    return {"appKey": "app-key-1", "smsEvent": smsevent}


def rules_failed(findings: list[v.Finding]) -> set[str]:
    return {f.rule for f in v.failures(findings)}


# -- valid samples pass ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, body",
    [
        ("event", event("callin", userData="order-1", subscriptionId="sub-1")),
        ("event", event("callout")),
        ("event", event("alerting")),
        ("event", event("answer")),
        ("event", event("disconnect", stateCode=0, stateDesc="The user releases the call.", callRelDirection=1)),
        ("event", event("disconnect", stateCode=8014, stateDesc="invalid call")),
        ("event", xstatus()),  # XSTAT-002: may arrive on the call-status URL
        ("fee", fee()),
        ("fee", fee(*[cdr(icid=f"id-{i}") for i in range(50)])),
        ("fee", fee(cdr(fwdAnswerTime="", fwdAlertingTime="", ulFailReason=8102, fwdUnaswRsn=17))),
        (
            "fee",
            fee(
                cdr(
                    recordFlag=1,
                    recordStartTime="2019-01-24 02:30:06",
                    recordObjectName="a.wav",
                    recordDomain="ostor.example",
                    recordBucketName="b",
                    callDuration=16,
                )
            ),
        ),
        ("fee", fee(cdr(subscriptionId="", direction=2, fwdAnswerTime=None, ulFailReason=8014))),
        ("x_status", xstatus()),
        ("x_status", xstatus(status="5", cause=None)),
        ("sms", sms()),
        ("sms", sms(sendResult=13)),  # D-31
        ("sms_control", sms(notificationMode="Block", called=None, sendResult=None)),
    ],
)
def test_spec_examples_pass(kind: str, body: dict[str, Any]) -> None:
    body = _drop_none(body)
    findings = v.validate_body(kind, body)
    assert not v.failures(findings), v.failures(findings)
    assert findings, "a valid payload still records the rules it checked"


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(x) for k, x in value.items() if x is not None}
    if isinstance(value, list):
        return [_drop_none(x) for x in value]
    return value


# -- each validator fails on a bad payload ------------------------------------------------------------


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(body: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = body
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if value is _DELETE:
            del node[last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return mutate


_DELETE = object()

EVENT_MUTATIONS = [
    ("not an object", lambda b: b.clear() or b.update({"x": 1}), "EVT-007"),  # no eventType
    ("unknown eventType", _set("eventType", "ringing"), "EVT-010"),
    ("fee on the event URL", _set("eventType", "fee"), "EVT-010"),
    ("statusInfo missing", _set("statusInfo", _DELETE), "EVT-007"),
    ("sessionId missing", _set("statusInfo.sessionId", _DELETE), "EVT-011"),
    ("sessionId too long", _set("statusInfo.sessionId", "s" * 257), "EVT-011"),
    ("local time with T", _set("statusInfo.timestamp", "2019-01-24T07:03:28"), "EVT-014"),
    ("unix timestamp", _set("statusInfo.timestamp", 1548313408), "EVT-014"),
    ("impossible date", _set("statusInfo.timestamp", "2019-02-30 07:03:28"), "EVT-014"),
    ("timestamp missing", _set("statusInfo.timestamp", _DELETE), "EVT-014"),
    ("national number", _set("statusInfo.caller", "13800000021"), "EVT-013"),
    ("stateCode on callin", _set("statusInfo.stateCode", 0), "EVT-012"),
    ("callRelDirection 3", _set("statusInfo.callRelDirection", 3), "EVT-007"),
    ("userData too long", _set("statusInfo.userData", "u" * 257), "EVT-007"),
]


@pytest.mark.parametrize("name, mutate, rule", EVENT_MUTATIONS, ids=[m[0] for m in EVENT_MUTATIONS])
def test_event_validator_fails(name: str, mutate: Callable[[dict[str, Any]], None], rule: str) -> None:
    body = event("callin")
    mutate(body)
    assert rule in rules_failed(v.validate_event(body))


@pytest.mark.parametrize(
    "code, rule",
    [(9999, "HANG-002"), (8021, "HANG-098"), (-1, "HANG-002")],
)
def test_disconnect_code_outside_the_table_fails(code: int, rule: str) -> None:
    assert rule in rules_failed(v.validate_event(event("disconnect", stateCode=code)))


def test_disconnect_string_state_code_fails() -> None:
    assert "EVT-007" in rules_failed(v.validate_event(event("disconnect", stateCode="0")))


def test_code_tables_match_the_spec_counts() -> None:
    # 50 §3-5: 70 Q.850 values; hang-up and teardown tables as transcribed (8021 absent, HANG-098).
    assert len(Q850_CODES) == 70
    assert 8021 not in HANG_CODES and 8021 not in TEAR_CODES
    assert HANG_CODES[8014] == "HANG-012" and TEAR_CODES[8014] == "TEAR-049" and Q850_CODES[17] == "Q850-017"
    assert {8030, 8031, 8032, 8139} & set(TEAR_CODES) == set()  # TEAR-090


def test_known_code_is_tagged_with_its_row() -> None:
    findings = v.validate_event(event("disconnect", stateCode=8102))
    assert v.Finding("HANG-045", True) in findings


FEE_MUTATIONS = [
    ("eventType", _set("eventType", "cdr"), "CDR-003"),
    ("empty feeLst", _set("feeLst", []), "CDR-003"),
    ("feeLst not list", _set("feeLst", {"a": 1}), "CDR-003"),
    ("no spId", _set("feeLst.0.spId", _DELETE), "CDR-020"),
    ("no sessionId", _set("feeLst.0.sessionId", _DELETE), "CDR-020"),
    ("no callerNum", _set("feeLst.0.callerNum", _DELETE), "CDR-020"),
    ("no direction", _set("feeLst.0.direction", _DELETE), "CDR-020"),
    ("direction 5", _set("feeLst.0.direction", 5), "CDR-020"),
    ("direction string", _set("feeLst.0.direction", "1"), "CDR-020"),
    ("Beijing ISO time", _set("feeLst.0.callEndTime", "2019-01-24T10:30:22+08:00"), "CDR-008"),
    ("unknown Q.850", _set("feeLst.0.fwdUnaswRsn", 200), "Q850-900"),
    ("unknown teardown", _set("feeLst.0.ulFailReason", 9999), "TEAR-002"),
    ("answered with a Q.850 cause", _set("feeLst.0.fwdUnaswRsn", 17), "CDR-021"),
    ("answer before alerting", _set("feeLst.0.fwdAnswerTime", "2019-01-24 02:30:03"), "CDR-021"),
    ("end before answer", _set("feeLst.0.callEndTime", "2019-01-24 02:30:05"), "CDR-021"),
    ("recorded without file", _set("feeLst.0.recordFlag", 1), "CDR-022"),
    ("recordFlag 2", _set("feeLst.0.recordFlag", 2), "CDR-003"),
    ("wrong callDuration", _set("feeLst.0.callDuration", 60), "CDR-010"),
    ("answered with teardown", _set("feeLst.0.ulFailReason", 8102), "TEAR-001"),
    ("icid too long", _set("feeLst.0.icid", "i" * 65), "CDR-003"),
    ("national callee", _set("feeLst.0.fwdDstNum", "013800000022"), "EVT-013"),
]


@pytest.mark.parametrize("name, mutate, rule", FEE_MUTATIONS, ids=[m[0] for m in FEE_MUTATIONS])
def test_fee_validator_fails(name: str, mutate: Callable[[dict[str, Any]], None], rule: str) -> None:
    body = fee()
    mutate(body)
    assert rule in rules_failed(v.validate_fee(body))


def test_more_than_50_cdrs_fail() -> None:
    assert "CDR-004" in rules_failed(v.validate_fee(fee(*[cdr() for _ in range(51)])))


XSTAT_MUTATIONS = [
    ("eventType", _set("eventType", "status"), "XSTAT-004"),
    ("status int", _set("numInfo.0.status", 10), "XSTAT-004"),
    ("status 7", _set("numInfo.0.status", "7"), "XSTAT-004"),
    ("cause with status 5", _set("numInfo.0.status", "5"), "XSTAT-004"),
    ("cause 4", _set("numInfo.0.cause", "4"), "XSTAT-004"),
    ("national number", _set("numInfo.0.number", "17010000001"), "XSTAT-004"),
    ("empty numInfo", _set("numInfo", []), "XSTAT-004"),
]


@pytest.mark.parametrize("name, mutate, rule", XSTAT_MUTATIONS, ids=[m[0] for m in XSTAT_MUTATIONS])
def test_x_status_validator_fails(name: str, mutate: Callable[[dict[str, Any]], None], rule: str) -> None:
    body = xstatus()
    mutate(body)
    assert rule in rules_failed(v.validate_x_status(body))


SMS_MUTATIONS = [
    ("no appKey", _set("appKey", _DELETE), "SMS-004"),
    ("no smsIdentifier", _set("smsEvent.smsIdentifier", _DELETE), "SMS-004"),
    ("mode lower case", _set("smsEvent.notificationMode", "notify"), "SMS-004"),
    ("Block on notify URL", _set("smsEvent.notificationMode", "Block"), "SMS-002"),
    ("sendResult 14", _set("smsEvent.sendResult", 14), "SMS-007"),
    ("sendResult string", _set("smsEvent.sendResult", "0"), "SMS-007"),
    ("timeStamp local", _set("smsEvent.timeStamp", "2018-09-13 17:46:16"), "SMS-004"),
    ("national calling", _set("smsEvent.calling", "13800000021"), "SMS-004"),
    ("extParas long", _set("smsEvent.extInfo.extParas", [{"key": "k", "value": "v" * 33}]), "SMS-004"),
    ("direction 5", _set("smsEvent.extInfo.extParas", [{"key": "direction", "value": "5"}]), "SMS-004"),
]


@pytest.mark.parametrize("name, mutate, rule", SMS_MUTATIONS, ids=[m[0] for m in SMS_MUTATIONS])
def test_sms_validator_fails(name: str, mutate: Callable[[dict[str, Any]], None], rule: str) -> None:
    body = sms()
    mutate(body)
    assert rule in rules_failed(v.validate_sms(body, "sms"))


def test_sms_mode_rules() -> None:
    assert "SMS-001" in rules_failed(v.validate_sms(sms(), "sms", mode="axe"))  # D-21
    assert "SMS-003" in rules_failed(v.validate_sms(sms(notificationMode="Block"), "sms_control", mode="axb"))
    assert "SMS-002" in rules_failed(v.validate_sms(sms(), "sms_control"))


@pytest.mark.parametrize(
    "reply, ok",
    [
        ({"actions": [{"operation": "vNumberRoute", "message": {"called": "+8613800000022"}}]}, True),
        ({"actions": [{"operation": "DiscardMessage"}], "userData": "abc"}, True),
        ({"actions": []}, False),
        ({"actions": [{"operation": "forward"}]}, False),
        ({"actions": [{"operation": "vNumberRoute"}]}, False),
        ({"actions": [{"operation": "DiscardMessage"}], "userData": "{x}"}, False),
        ({"actions": [{"operation": "DiscardMessage"}], "userData": "订单"}, False),
    ],
)
def test_sms_block_reply(reply: dict[str, Any], ok: bool) -> None:
    assert (not v.failures(v.validate_sms_block_reply(reply))) is ok


@pytest.mark.parametrize(
    "reply, ok",
    [
        ({"operation": "connect", "connectInfo": {"calleeNum": "+8613800000022", "maxDuration": 1440}}, True),
        ({"operation": "close"}, True),
        ({"operation": "connect", "connectInfo": {"calleeNum": "+8613800000022", "maxDuration": 7200}}, False),
        ({"operation": "connect", "connectInfo": {}}, False),
        ({"operation": "connect"}, False),
        ({"operation": "transfer"}, False),
        ({}, False),
        ("connect", False),
    ],
)
def test_callin_reply(reply: Any, ok: bool) -> None:
    findings = v.validate_callin_reply(reply)
    assert (not v.failures(findings)) is ok
    assert {f.rule for f in findings} == {"XM-005"}


# -- transport --------------------------------------------------------------------------------------


def test_transport_checks() -> None:
    good = {"Content-Type": "application/json; charset=UTF-8"}
    assert not v.failures(v.validate_transport("event", "POST", good, "aksk"))
    assert "EVT-001" in rules_failed(v.validate_transport("event", "GET", good, "aksk"))
    assert "EVT-004" in rules_failed(v.validate_transport("event", "POST", {"content-type": "text/plain"}, "aksk"))
    assert "CDR-002" in rules_failed(v.validate_transport("fee", "POST", good, "bad digest"))
    assert "AUTH-014" in rules_failed(v.validate_transport("sms", "POST", good, "missing"))
    wsse = v.validate_transport("x_status", "POST", good, "wsse")
    assert "XSTAT-003" in rules_failed(wsse) and v.Finding("EVT-006", True) in wsse
    assert not v.validate_transport("event", "POST", good, "unverified")[2:]  # nothing said about a signature


# -- a whole call ------------------------------------------------------------------------------------


def _call(*kinds: str, code: int = 0) -> list[dict[str, Any]]:
    out = []
    for i, kind in enumerate(kinds):
        extra = {"stateCode": code, "stateDesc": "x"} if kind == "disconnect" else {}
        out.append(event(kind, ts=f"2019-01-24 07:03:{20 + i:02d}", **extra))
    return out


NORMAL = ("callin", "callout", "alerting", "answer", "disconnect")


def test_normal_call_passes() -> None:
    findings = v.validate_session(_call(*NORMAL), [cdr()])
    assert not v.failures(findings), v.failures(findings)


@pytest.mark.parametrize(
    "events, cdrs, rule",
    [
        (_call("callout", "callin", "alerting", "answer", "disconnect"), [cdr()], "EVT-040"),
        (_call("callin", "callout", "answer", "alerting", "disconnect"), [cdr()], "EVT-040"),
        (_call("callin", "callin", "callout", "alerting", "answer", "disconnect"), [cdr()], "EVT-040"),
        (_call("callin", "callout", "alerting", "answer"), [cdr()], "EVT-042"),
        (_call(*NORMAL), [], "CDR-005"),
        (_call(*NORMAL), [cdr(sessionId="other")], "EVT-011"),
        (_call("callin", "callout", "disconnect", code=0), [cdr(fwdAnswerTime="")], "HANG-002"),
        (_call(*NORMAL), [cdr(fwdAnswerTime="")], "CDR-031"),
        (_call(*NORMAL), [cdr(ulFailReason=8102)], "TEAR-001"),
    ],
)
def test_session_failures(events: list[dict[str, Any]], cdrs: list[dict[str, Any]], rule: str) -> None:
    assert rule in rules_failed(v.validate_session(events, cdrs))


def test_backwards_timestamps_fail() -> None:
    events = _call(*NORMAL)
    events[2]["statusInfo"]["timestamp"] = "2019-01-24 07:00:00"
    assert "EVT-040" in rules_failed(v.validate_session(events, [cdr()]))


def test_rejected_call_shape_passes() -> None:
    findings = v.validate_session(_call("callin", "disconnect", code=8014), [cdr(fwdAnswerTime="", ulFailReason=8014)])
    assert not v.failures(findings), v.failures(findings)


def test_x_mode_sessions() -> None:
    callee = "+8613800000022"
    connect = {"operation": "connect", "connectInfo": {"calleeNum": callee}}
    events = _call(*NORMAL)
    events[1]["statusInfo"]["called"] = callee
    assert not v.failures(v.validate_session(events, [cdr(fwdDstNum=callee)], callin_reply=connect))
    events[1]["statusInfo"]["called"] = "+8613800000099"
    assert "XM-003" in rules_failed(v.validate_session(events, [cdr(fwdDstNum=callee)], callin_reply=connect))
    closed = _call("callin", "callout", "disconnect", code=7501)
    assert "XM-004" in rules_failed(
        v.validate_session(closed, [cdr(fwdAnswerTime="")], callin_reply={"operation": "close"})
    )
    bad = {"operation": "connect", "connectInfo": {"calleeNum": callee, "maxDuration": 7200}}
    rejected = _call("callin", "disconnect", code=8102)
    assert "XM-005" in rules_failed(v.validate_session(rejected, [cdr(fwdAnswerTime="")], callin_reply=bad))
    ok = _call("callin", "disconnect", code=8014)
    assert not v.failures(v.validate_session(ok, [cdr(fwdAnswerTime="", ulFailReason=8014)], callin_reply=bad))


def test_retries() -> None:
    body = "{}"
    assert not v.failures(v.validate_retries([("event", body, 500), ("event", body, 200)]))
    assert "EVT-021" in rules_failed(v.validate_retries([("event", body, 200), ("event", body, 200)]))
    assert "CDR-006" in rules_failed(v.validate_retries([("fee", body, 500)] * 8))
    assert "XM-008" in rules_failed(v.validate_retries([("event", body, 500)] * 8, mode="x"))
    assert "EVT-022" in rules_failed(v.validate_retries([("event", body, 500)] * 2, x_callin=True))


def test_every_reported_rule_is_in_the_catalogue() -> None:
    from pnconform.catalogue import rules_by_id

    known = rules_by_id()
    assert [r for r in v.rules_checked() if r not in known] == []
    assert all(rule in known for rule in [*HANG_CODES.values(), *TEAR_CODES.values(), *Q850_CODES.values()])


def test_findings_are_immutable_copies() -> None:
    body = event("callin")
    before = copy.deepcopy(body)
    v.validate_event(body)
    assert body == before


def test_partial_call_is_not_judged() -> None:
    # Listening started mid-call, or the CDR came before the last events: no correlation verdict.
    findings = v.validate_session(_call("callin"), [cdr()], complete=False)
    assert not v.failures(findings), v.failures(findings)


def test_x_status_url_choice_is_recorded() -> None:
    assert v.Finding("XSTAT-002", True) in v.validate_body("event", xstatus())
    assert v.Finding("XSTAT-002", True) in v.validate_body("x_status", xstatus())


def test_x_mode_close_code_8017_is_read_from_the_older_flat_table():
    from pnconform.receiver.validate import hangup_code

    assert [f.ok for f in hangup_code(8017)] == [True]
    assert [f.rule for f in hangup_code(8017)] == ["HANG-099"]
    assert not hangup_code(8021)[0].ok


def test_rules_checked_is_the_union_of_the_validators_declarations_which_cannot_go_stale() -> None:
    assert {"EVT-010", "CDR-020", "XM-002", "SMS-005"} <= set(v.rules_checked())

    @v.validator("EVT-010")
    def sloppy() -> list[v.Finding]:
        return [v.Finding("EVT-010", True), v.Finding("EVT-011", False, "undeclared")]

    with pytest.raises(ValueError, match=r"sloppy reported \['EVT-011'\]"):
        sloppy()


# A code says "ok" only when it is in the table of its own field; an unknown one is flagged and
# names no table row (the listen report must not show a row as passed because a code appeared).
CODE_IN_FIELD = [
    # (field, code, the rule of that field's table, whether the code is documented for the field)
    ("stateCode", 8102, "HANG-002", True),
    ("stateCode", 9999, "HANG-002", False),
    ("stateCode", 7104, "HANG-002", False),  # a teardown point, not a hang-up cause
    ("stateCode", 17, "HANG-002", False),  # a Q.850 cause
    ("ulFailReason", 7104, "TEAR-002", True),
    ("ulFailReason", 8030, "TEAR-002", False),  # a hang-up cause only (TEAR-090)
    ("ulFailReason", 17, "TEAR-002", False),
    ("fwdUnaswRsn", 17, "Q850-900", True),
    ("fwdUnaswRsn", 8014, "Q850-900", False),  # a teardown point, not a Q.850 cause
    ("fwdUnaswRsn", 200, "Q850-900", False),
]
TABLES = {"stateCode": HANG_CODES, "ulFailReason": TEAR_CODES, "fwdUnaswRsn": Q850_CODES}


def findings_of(field: str, code: int) -> list[v.Finding]:
    if field == "stateCode":
        return v.validate_event(event("disconnect", stateCode=code))
    return v.validate_fee(fee(cdr(**{field: code})))


@pytest.mark.parametrize("field, code, rule, documented", CODE_IN_FIELD)
def test_a_code_is_ok_only_in_the_table_of_its_field(field: str, code: int, rule: str, documented: bool) -> None:
    findings = findings_of(field, code)
    # The rows of the field's own table that are reported ok (the sample CDR's other codes aside).
    ok_rows = {f.rule for f in findings if f.ok and f.rule in set(TABLES[field].values())}
    if documented:
        assert v.Finding(rule, True) in findings or any(f.rule == rule and f.ok for f in findings)
        assert ok_rows == {TABLES[field][code]}, ok_rows  # its own row, nothing else
        assert rule not in rules_failed(findings)
    else:
        assert rule in rules_failed(findings), findings
        assert not ok_rows, f"an unknown {field} {code} reported rows {ok_rows} as ok"


def test_wrongly_typed_codes_name_no_row() -> None:
    for field, value in (("ulFailReason", "8014"), ("fwdUnaswRsn", True)):
        findings = v.validate_fee(fee(cdr(**{field: value})))
        assert "CDR-003" in rules_failed(findings)
        own = {"ulFailReason": ("TEAR-",), "fwdUnaswRsn": ("Q850-",)}[field]
        assert not [f for f in findings if f.rule.startswith(own) and f.ok], findings


@pytest.mark.parametrize(("point", "fails"), [(0, False), (8010, False), (8015, False), (8102, True), (7501, True)])
def test_an_answered_call_never_reports_a_not_connected_teardown_point(point: int, fails: bool) -> None:
    # TEAR-001: 0 is the normal end after connection; a failure after answer (8010, 8015 ...) is
    # possible, a point that says the callee was never connected (8102 busy, 7501 caller gave up) is not.
    findings = v.validate_fee(fee(cdr(ulFailReason=point)))
    assert ("TEAR-001" in rules_failed(findings)) is fails, findings
