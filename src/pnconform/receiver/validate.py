"""Validators of the platform's pushes, written from the spec digest only.

Every check yields `Finding`s tagged with the rule id it checks: `ok=True` records that the rule
was exercised and held (the listen report needs that to tell "pass" from "not seen"), `ok=False`
carries a one-line message with the evidence.

Push kinds: "event" (call events, 50 §1), "fee" (CDRs, 50 §2), "sms" / "sms_control" (SMS
Notify / Block, 00 §9), "x_status" (X-number status, 00 §8).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from pnconform.receiver.codes import HANG_CODES, Q850_CODES, TEAR_CODES

KINDS = ("event", "fee", "sms", "sms_control", "x_status")

EVENT_TYPES = ("callin", "collectInfo", "callout", "alerting", "answer", "disconnect")  # EVT-010
EVENT_ORDER = {name: i for i, name in enumerate(EVENT_TYPES)}  # EVT-040/041
CDR_TIME_FIELDS = ("callInTime", "fwdStartTime", "fwdAlertingTime", "fwdAnswerTime", "callEndTime")
XSTAT_STATUSES = ("5", "9", "10", "11")
XSTAT_CAUSES = ("1", "2", "3", "5", "6", "7", "8", "9")
SMS_SEND_RESULTS = range(0, 14)  # SMS-007: 0-12, plus 13 accepted as an unknown failure (D-31)

_UTC_TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
_GLOBAL = re.compile(r"^\+\d{5,31}$")
_NONCE = re.compile(r"^[0-9A-Za-z]{1,128}$")
_CREATED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_SMS_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class Finding:
    rule: str
    ok: bool
    message: str = ""

    def __str__(self) -> str:
        return f"{self.rule} {'ok' if self.ok else 'FAIL'}{': ' + self.message if self.message else ''}"


Validator = TypeVar("Validator", bound=Callable[..., list[Finding]])
_DECLARED: dict[str, tuple[str, ...]] = {}  # validator name -> the rules it reports on


def validator(*rules: str, tables: Iterable[str] = ()) -> Callable[[Validator], Validator]:
    """Declare the rule ids a validator reports on: `rules_checked()` is their union (`tables`:
    rule ids of a code table, reported when a code is looked up, not listed as checked). A finding
    of an undeclared rule is a programming error, so a declaration cannot go stale."""

    def declare(func: Validator) -> Validator:
        allowed = frozenset(rules) | frozenset(tables)
        _DECLARED[func.__name__] = rules

        @functools.wraps(func)
        def checked(*args: Any, **kwargs: Any) -> list[Finding]:
            findings = func(*args, **kwargs)
            stray = {f.rule for f in findings} - allowed
            if stray:
                raise ValueError(f"{func.__name__} reported {sorted(stray)}: declare them in its @validator")
            return findings

        return checked  # type: ignore[return-value]

    return declare


def failures(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if not f.ok]


class _Checker:
    """Collects findings; `check` records one outcome per (rule, condition)."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def check(self, rule: str, condition: bool, message: str) -> bool:
        self.findings.append(Finding(rule, bool(condition), "" if condition else message))
        return bool(condition)

    def string(self, rule: str, obj: Mapping[str, Any], key: str, lo: int, hi: int, *, required: bool) -> bool:
        where = f"{key}"
        if key not in obj or obj[key] is None:
            return self.check(rule, not required, f"required field {where} is missing")
        value = obj[key]
        if not isinstance(value, str):
            return self.check(rule, False, f"{where} must be a string, got {type(value).__name__} {value!r}")
        return self.check(rule, lo <= len(value) <= hi, f"{where} length {len(value)} outside {lo}-{hi}")

    def integer(self, rule: str, obj: Mapping[str, Any], key: str, allowed: Iterable[int] | None = None) -> bool:
        if key not in obj or obj[key] is None:
            return True
        value = obj[key]
        if isinstance(value, bool) or not isinstance(value, int):
            return self.check(rule, False, f"{key} must be an integer, got {type(value).__name__} {value!r}")
        if allowed is not None:
            allowed = list(allowed)
            return self.check(rule, value in allowed, f"{key}={value} not one of {allowed}")
        return self.check(rule, True, "")

    def utc_time(self, rule: str, obj: Mapping[str, Any], key: str, *, empty_ok: bool = False) -> datetime | None:
        value = obj.get(key)
        if value is None or (empty_ok and value == ""):
            return None
        ok = isinstance(value, str) and bool(_UTC_TIME.match(value))
        parsed = None
        if ok:
            try:
                parsed = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
            except ValueError:
                ok = False
        self.check(rule, ok, f"{key}={value!r} is not UTC 'yyyy-MM-dd HH:mm:ss'")
        return parsed

    def number(self, rule: str, obj: Mapping[str, Any], key: str) -> None:
        value = obj.get(key)
        if value is None or value == "":
            return
        self.check(rule, isinstance(value, str) and bool(_GLOBAL.match(value)), f"{key}={value!r} not global +CC…")


# -- transport: method, content type, signature -----------------------------------------------

_TRANSPORT_RULES = {
    # kind: (method rule, content-type rule, signature rule)
    "event": ("EVT-001", "EVT-004", "EVT-005"),
    "fee": ("CDR-001", "CDR-002", "CDR-002"),
    "x_status": ("XSTAT-003", "XSTAT-003", "XSTAT-003"),
    "sms": ("SMS-004", "SMS-004", "AUTH-014"),
    "sms_control": ("SMS-004", "SMS-004", "AUTH-014"),
}


@validator(*{rule for rules in _TRANSPORT_RULES.values() for rule in rules}, "EVT-006")
def validate_transport(kind: str, method: str, headers: Mapping[str, str], signature: str) -> list[Finding]:
    """Method, Content-Type and the signature verdict (see `signature.verify`) of one push."""
    c = _Checker()
    method_rule, ctype_rule, sig_rule = _TRANSPORT_RULES[kind]
    c.check(method_rule, method.upper() == "POST", f"pushed with {method}, only POST is used")
    lower = {k.lower(): v for k, v in headers.items()}
    ctype = lower.get("content-type", "")
    parts = [p.strip().lower() for p in ctype.split(";")]
    c.check(
        ctype_rule,
        parts[0] == "application/json" and "charset=utf-8" in parts[1:],
        f"Content-Type {ctype!r}, expected application/json;charset=UTF-8",
    )
    if signature == "aksk":
        c.check(sig_rule, True, "")
    elif signature == "wsse":
        c.check("EVT-006", True, "")
        c.check(sig_rule, False, "signed with legacy WSSE; callbacks are signed with AKSK (D-27)")
    elif signature == "unverified":
        pass  # no secret for this app: nothing to say
    else:
        c.check(sig_rule, False, f"signature {signature}")
    return c.findings


# -- call events --------------------------------------------------------------------------------


@validator(
    "EVT-007",
    "EVT-010",
    "EVT-011",
    "EVT-012",
    "EVT-013",
    "EVT-014",
    "XSTAT-002",
    "XSTAT-004",
    "HANG-002",
    "HANG-098",
    "HANG-099",
    tables=HANG_CODES.values(),
)
def validate_event(body: Any) -> list[Finding]:
    """One call-event push (50 §1.2-1.4, 3)."""
    c = _Checker()
    if not c.check("EVT-007", isinstance(body, dict), "body is not a JSON object"):
        return c.findings
    event_type = body.get("eventType")
    c.check("EVT-007", isinstance(event_type, str), "eventType missing or not a string")
    if event_type == "numStatus":  # XSTAT-002: X status may arrive on the call-status URL
        return [*c.findings, Finding("XSTAT-002", True), *validate_x_status(body)]
    if not c.check("EVT-010", event_type in EVENT_TYPES, f"eventType {event_type!r} is not a call event"):
        return c.findings
    info = body.get("statusInfo")
    if not c.check("EVT-007", isinstance(info, dict), "statusInfo missing or not an object"):
        return c.findings
    if c.string("EVT-011", info, "sessionId", 1, 256, required=True):
        pass
    ts = info.get("timestamp")
    c.check("EVT-014", ts is not None, "statusInfo.timestamp missing")
    c.utc_time("EVT-014", info, "timestamp")
    for key in ("caller", "called"):
        c.string("EVT-007", info, key, 1, 32, required=False)
        c.number("EVT-013", info, key)
    c.string("EVT-007", info, "subscriptionId", 1, 64, required=False)
    c.string("EVT-007", info, "userData", 1, 256, required=False)
    c.integer("EVT-007", info, "callRelDirection", (1, 2))
    has_state = "stateCode" in info or "stateDesc" in info
    if event_type != "disconnect":
        c.check("EVT-012", not has_state, f"stateCode/stateDesc on a {event_type} event")
        return c.findings
    c.string("EVT-007", info, "stateDesc", 1, 128, required=False)
    code = info.get("stateCode")
    if code is None:
        return c.findings
    if not c.integer("EVT-007", info, "stateCode"):
        return c.findings
    c.findings.extend(hangup_code(code))
    return c.findings


@validator("HANG-002", "HANG-098", "HANG-099", tables=HANG_CODES.values())
def hangup_code(code: int) -> list[Finding]:
    """A `disconnect` stateCode against the hang-up table (50 §3)."""
    if code in HANG_CODES:
        return [Finding("HANG-002", True), Finding(HANG_CODES[code], True)]
    if code == 8021:
        return [Finding("HANG-098", False, "stateCode 8021 is in no hang-up or teardown table")]
    if code == 8017:  # HANG-099 / TEAR-052: only the older flat table lists it (X-mode `close`)
        return [Finding("HANG-099", True, "stateCode 8017 is only in the older flat hang-up table (X-mode close)")]
    return [Finding("HANG-002", False, f"stateCode {code} is not in the hang-up table")]


# -- CDRs ---------------------------------------------------------------------------------------


# The rules one FeeInfo (CDR) is checked against, and the cause tables its codes are looked up in.
FEE_INFO_RULES = (
    "CDR-003",
    "CDR-008",
    "CDR-010",
    "CDR-020",
    "CDR-021",
    "CDR-022",
    "EVT-013",
    "Q850-900",
    "TEAR-001",
    "TEAR-002",
)
CAUSE_TABLES = (*Q850_CODES.values(), *TEAR_CODES.values())
# Teardown points (50 §5) that say the forwarded call never connected: caller gave up (7501, 7502,
# 8004, 8009, 7516), callee refused or unreachable (7503, 7504, 8035, 8003, 8100-8105), no extension.
NOT_CONNECTED_POINTS = frozenset(
    {7501, 7502, 7503, 7504, 7516, 8003, 8004, 8009, 8033, 8035, 8100, 8101, 8102, 8103, 8104, 8105}
)


@validator("CDR-004", *FEE_INFO_RULES, tables=CAUSE_TABLES)
def validate_fee(body: Any) -> list[Finding]:
    """One CDR push: `{"eventType": "fee", "feeLst": [FeeInfo, …]}` (50 §2)."""
    c = _Checker()
    if not c.check("CDR-003", isinstance(body, dict), "body is not a JSON object"):
        return c.findings
    c.check("CDR-003", body.get("eventType") == "fee", f"eventType {body.get('eventType')!r}, expected 'fee'")
    records = body.get("feeLst")
    listed = isinstance(records, list) and len(records) > 0
    if not c.check("CDR-003", listed, "feeLst missing, empty or not a list") or not isinstance(records, list):
        return c.findings
    c.check("CDR-004", len(records) <= 50, f"feeLst holds {len(records)} CDRs, at most 50 per push")
    for i, record in enumerate(records):
        c.findings.extend(
            Finding(f.rule, f.ok, f"feeLst[{i}]: {f.message}" if f.message else "") for f in validate_fee_info(record)
        )
    return c.findings


@validator(*FEE_INFO_RULES, tables=CAUSE_TABLES)
def validate_fee_info(record: Any) -> list[Finding]:
    c = _Checker()
    if not c.check("CDR-003", isinstance(record, dict), "a FeeInfo is not an object"):
        return c.findings
    for key, hi in (("spId", 32), ("appKey", 128), ("sessionId", 256), ("callerNum", 32)):
        c.string("CDR-020", record, key, 1, hi, required=True)
    if c.check("CDR-020", "direction" in record, "required field direction is missing"):
        c.integer("CDR-020", record, "direction", (0, 1, 2))
    for key, hi in (
        ("icid", 64),
        ("subscriptionId", 64),
        ("calleeNum", 32),
        ("fwdDisplayNum", 32),
        ("fwdDstNum", 32),
        ("bindNum", 32),
        ("hostName", 128),
        ("recordDomain", 128),
        ("recordFileDownloadUrl", 1024),
        ("userData", 256),
        ("serviceType", 32),
    ):
        if not (key == "subscriptionId" and record.get(key) == ""):  # CDR-032: empty = no binding
            c.string("CDR-003", record, key, 1, hi, required=False)
    for key in ("callerNum", "calleeNum", "fwdDisplayNum", "fwdDstNum", "bindNum"):
        c.number("EVT-013", record, key)
    times = {
        key: c.utc_time("CDR-008", record, key, empty_ok=True)
        for key in (*CDR_TIME_FIELDS, "failTime", "recordStartTime")
    }
    for key in ("sipStatusCode", "callOutUnaswRsn", "callDuration"):
        c.integer("CDR-003", record, key)
    c.integer("CDR-003", record, "callRelDirection", (1, 2))
    c.integer("CDR-003", record, "recordFlag", (0, 1))
    q850 = record.get("fwdUnaswRsn")
    if c.integer("CDR-003", record, "fwdUnaswRsn") and q850 is not None:
        ok = q850 in Q850_CODES
        c.check("Q850-900", ok, f"fwdUnaswRsn {q850} is not one of the listed Q.850 causes")
        if ok:
            c.check(Q850_CODES[q850], True, "")
    tear = record.get("ulFailReason")
    if c.integer("CDR-003", record, "ulFailReason") and tear is not None:
        ok = tear in TEAR_CODES
        c.check("TEAR-002", ok, f"ulFailReason {tear} is not in the teardown table")
        if ok:
            c.check(TEAR_CODES[tear], True, "")
    answer = times.get("fwdAnswerTime")
    if answer is not None:  # an answered call (CDR-021)
        c.check("CDR-021", record.get("fwdUnaswRsn", 0) == 0, f"answered but fwdUnaswRsn={q850}")
        # TEAR-001: 0 marks a normal end after connection; an answered call may still end on a
        # failure after answer (8010 max duration, 8007 last-minute prompt, 8015/8041 recording ...),
        # but never on a point that says the callee was not connected.
        if tear is None or (isinstance(tear, int) and not isinstance(tear, bool)):  # a wrong type fails CDR-003
            c.check("TEAR-001", tear not in NOT_CONNECTED_POINTS, f"answered, yet ulFailReason={tear}: not connected")
        chain = [(k, t) for k in CDR_TIME_FIELDS if (t := times.get(k)) is not None]
        for (k1, t1), (k2, t2) in itertools.pairwise(chain):
            c.check("CDR-021", t1 <= t2, f"{k1} {record[k1]} is after {k2} {record[k2]}")
        end = times.get("callEndTime")
        duration = record.get("callDuration")
        if end and isinstance(duration, int) and not isinstance(duration, bool):
            expected = int((end - answer).total_seconds())
            c.check("CDR-010", abs(duration - expected) <= 1, f"callDuration {duration} s, times give {expected} s")
    if record.get("recordFlag") == 1:
        missing = [k for k in ("recordStartTime", "recordObjectName", "recordDomain") if not record.get(k)]
        c.check("CDR-022", not missing, f"recordFlag=1 but {', '.join(missing)} missing")
    return c.findings


# -- X-number status ------------------------------------------------------------------------------


@validator("XSTAT-004")
def validate_x_status(body: Any) -> list[Finding]:
    """`{"eventType": "numStatus", "numInfo": [{number, status, cause?}]}` (00 §8, XSTAT-004)."""
    c = _Checker()
    if not c.check("XSTAT-004", isinstance(body, dict), "body is not a JSON object"):
        return c.findings
    c.check("XSTAT-004", body.get("eventType") == "numStatus", f"eventType {body.get('eventType')!r} != numStatus")
    infos = body.get("numInfo")
    if not c.check("XSTAT-004", isinstance(infos, list) and 1 <= len(infos) <= 100, "numInfo must hold 1-100 items"):
        return c.findings
    for i, info in enumerate(infos):
        if not c.check("XSTAT-004", isinstance(info, dict), f"numInfo[{i}] is not an object"):
            continue
        number = info.get("number")
        c.check("XSTAT-004", isinstance(number, str) and bool(_GLOBAL.match(number)), f"numInfo[{i}].number={number!r}")
        status, cause = info.get("status"), info.get("cause")
        c.check("XSTAT-004", status in XSTAT_STATUSES, f"numInfo[{i}].status={status!r} not in {XSTAT_STATUSES}")
        if cause is not None:
            c.check("XSTAT-004", status == "10", f"numInfo[{i}].cause given with status {status!r} (only with 10)")
            c.check("XSTAT-004", cause in XSTAT_CAUSES, f"numInfo[{i}].cause={cause!r} not in {XSTAT_CAUSES}")
    return c.findings


# -- SMS ------------------------------------------------------------------------------------------


@validator("SMS-001", "SMS-002", "SMS-003", "SMS-004", "SMS-007")
def validate_sms(body: Any, kind: str = "sms", mode: str | None = None) -> list[Finding]:
    """An SMS notification (00 §9, SMS-004); `kind` says which URL it arrived on, `mode` the app's mode."""
    c = _Checker()
    if not c.check("SMS-004", isinstance(body, dict), "body is not a JSON object"):
        return c.findings
    c.string("SMS-004", body, "appKey", 1, 32, required=True)
    event = body.get("smsEvent")
    if not c.check("SMS-004", isinstance(event, dict), "smsEvent missing or not an object"):
        return c.findings
    c.string("SMS-004", event, "smsIdentifier", 1, 64, required=True)
    notification = event.get("notificationMode")
    if c.check("SMS-004", notification in ("Notify", "Block"), f"notificationMode {notification!r}"):
        expected = "Block" if kind == "sms_control" else "Notify"
        c.check("SMS-002", notification == expected, f"{notification} notification arrived on the {kind} URL")
    for key in ("calling", "called", "virtualNumber"):
        c.string("SMS-004", event, key, 1, 32, required=False)
        c.number("SMS-004", event, key)
    c.string("SMS-004", event, "event", 1, 16, required=False)
    stamp = event.get("timeStamp")
    if stamp is not None:
        c.check("SMS-004", isinstance(stamp, str) and bool(_SMS_TIME.match(stamp)), f"timeStamp {stamp!r} not UTC ISO")
    paras = (event.get("extInfo") or {}).get("extParas") if isinstance(event.get("extInfo"), dict) else None
    if paras is not None:
        ok = isinstance(paras, list) and all(
            isinstance(p, dict)
            and isinstance(p.get("key"), str)
            and isinstance(p.get("value"), str)
            and len(p["key"].encode()) <= 32
            and len(p["value"].encode()) <= 32
            for p in paras
        )
        if c.check("SMS-004", ok, "extInfo.extParas must be a list of {key, value} strings of ≤ 32 bytes"):
            for p in paras:
                if p["key"] == "direction":
                    c.check("SMS-004", p["value"] in ("0", "1", "2"), f"extParas direction={p['value']!r}")
    if "sendResult" in event:
        c.integer("SMS-007", event, "sendResult", SMS_SEND_RESULTS)
    if mode in ("axe", "axyb"):
        c.check("SMS-001", False, f"SMS notification from a {mode.upper()} app (no SMS in AXE/AXYB, D-21)")
    if mode == "axb":
        c.check("SMS-003", notification == "Notify", "AXB sends Notify SMS notifications only")
    return c.findings


@validator("SMS-005")
def validate_sms_block_reply(reply: Any, request: Mapping[str, Any] | None = None) -> list[Finding]:
    """The customer's answer to a Block SMS notification (SMS-005)."""
    c = _Checker()
    if not c.check("SMS-005", isinstance(reply, dict), "reply is not a JSON object"):
        return c.findings
    actions = reply.get("actions")
    if not c.check("SMS-005", isinstance(actions, list) and len(actions) > 0, "actions missing or empty"):
        return c.findings
    calling = ((request or {}).get("smsEvent") or {}).get("calling")
    for i, action in enumerate(actions):
        if not c.check("SMS-005", isinstance(action, dict), f"actions[{i}] is not an object"):
            continue
        op = action.get("operation")
        c.check("SMS-005", op in ("vNumberRoute", "DiscardMessage"), f"actions[{i}].operation={op!r}")
        if op == "vNumberRoute":
            message = action.get("message")
            if c.check("SMS-005", isinstance(message, dict), f"actions[{i}].message missing"):
                called = message.get("called")
                c.check("SMS-005", isinstance(called, str) and bool(_GLOBAL.match(called)), f"called={called!r}")
                if calling is not None and "calling" in message:
                    c.check("SMS-005", message["calling"] == calling, "message.calling differs from the request's")
    user_data = reply.get("userData")
    if user_data is not None:
        ok = isinstance(user_data, str) and 1 <= len(user_data) <= 256 and not re.search(r"[{}]", user_data)
        c.check("SMS-005", ok and not _CJK.search(user_data), "userData: 1-256 chars, no braces, no Chinese")
    return c.findings


# -- X mode: the Block answer to `callin` ------------------------------------------------------------


@validator("XM-005")
def validate_callin_reply(reply: Any) -> list[Finding]:
    """The customer's answer to an X-mode `callin` (30 §C.2); a failure here means the platform
    should end the call with 8014 (XM-005)."""
    c = _Checker()
    if not c.check("XM-005", isinstance(reply, dict), "reply is not a JSON object"):
        return c.findings
    op = reply.get("operation")
    if not c.check("XM-005", op in ("connect", "close"), f"operation={op!r}, expected connect or close"):
        return c.findings
    if op == "close":
        return c.findings
    info = reply.get("connectInfo")
    if not c.check("XM-005", isinstance(info, dict), "connect without connectInfo"):
        return c.findings
    callee = info.get("calleeNum")
    c.check(
        "XM-005",
        isinstance(callee, str) and 4 <= len(callee) <= 31 and bool(_GLOBAL.match(callee)),
        f"connectInfo.calleeNum={callee!r}",
    )
    display = info.get("displayCalleeNum")
    if display is not None:
        c.check("XM-005", isinstance(display, str) and 4 <= len(display) <= 31, f"displayCalleeNum={display!r}")
    duration = info.get("maxDuration")
    if duration is not None:
        ok = isinstance(duration, int) and not isinstance(duration, bool) and 0 <= duration <= 1440
        c.check("XM-005", ok, f"maxDuration={duration!r} outside 0-1440 minutes")
    wait = info.get("waitVoice")
    if wait is not None:
        c.check("XM-005", isinstance(wait, str) and len(wait) <= 128, "waitVoice longer than 128")
    return c.findings


# -- a whole call: events + CDR by sessionId ------------------------------------------------------------


@validator(
    "CDR-005",
    "CDR-031",
    "EVT-011",
    "EVT-040",
    "EVT-042",
    "HANG-001",
    "HANG-002",
    "TEAR-001",
    "XM-003",
    "XM-004",
    "XM-005",
)
def validate_session(
    events: Sequence[Mapping[str, Any]],
    cdrs: Sequence[Mapping[str, Any]],
    *,
    callin_reply: Mapping[str, Any] | None = None,
    complete: bool = True,
) -> list[Finding]:
    """Order and correlation of one call's events (in arrival order) and its CDR(s).

    `callin_reply`: the Block answer given to this call's X-mode `callin`, if any. `complete`:
    the call is over (a CDR or a disconnect arrived); only then are missing pieces a failure."""
    c = _Checker()
    types = [e.get("eventType") for e in events]
    infos = [e.get("statusInfo") or {} for e in events]
    sessions = {i.get("sessionId") for i in infos} | {r.get("sessionId") for r in cdrs}
    c.check("EVT-011", len(sessions) == 1, f"events/CDR of one call carry sessionIds {sorted(map(str, sessions))}")
    if events:
        known = [t for t in types if t in EVENT_ORDER]
        c.check("EVT-040", known[:1] == ["callin"], f"first event is {known[:1]}, expected callin")
        c.check("EVT-040", len(known) == len(set(known)), f"repeated events {known}")
        c.check("EVT-040", known == sorted(known, key=EVENT_ORDER.__getitem__), f"events out of order: {known}")
        if "disconnect" in known:
            c.check("EVT-040", known[-1] == "disconnect", f"events after disconnect: {known}")
        stamps = [t for i in infos if isinstance(t := i.get("timestamp"), str)]
        c.check("EVT-040", stamps == sorted(stamps), "event timestamps go backwards")
        if complete:
            c.check("EVT-042", "disconnect" in known, f"the call ended without a disconnect event: {known}")
        disconnect = next((i for t, i in zip(types, infos, strict=False) if t == "disconnect"), None)
        if disconnect is not None and isinstance(disconnect.get("stateCode"), int):
            code = disconnect["stateCode"]
            if "answer" not in known:
                c.check("HANG-002", code != 0, "an unanswered call ended with stateCode 0")
            elif code == 0:
                c.check("HANG-001", True, "")
            for cdr in cdrs:  # EVT-043: a normal end on both sides agrees
                if code == 0 and isinstance(cdr.get("ulFailReason"), int):
                    c.check("TEAR-001", cdr["ulFailReason"] == 0, f"stateCode 0 but ulFailReason {cdr['ulFailReason']}")
        for cdr in cdrs if complete and "callin" in known else ():  # only with the whole call seen
            answered = bool(cdr.get("fwdAnswerTime"))
            c.check(
                "CDR-031",
                answered == ("answer" in known),
                f"CDR fwdAnswerTime {'set' if answered else 'empty'}, answer event {'absent' if answered else 'seen'}",
            )
    if complete and events:
        c.check("CDR-005", len(cdrs) >= 1, "no CDR for this call")
    if callin_reply is not None:
        c.findings.extend(_x_mode_session(types, infos, cdrs, callin_reply))
    return c.findings


def _x_mode_session(
    types: Sequence[Any],
    infos: Sequence[Mapping[str, Any]],
    cdrs: Sequence[Mapping[str, Any]],
    reply: Mapping[str, Any],
) -> list[Finding]:
    c = _Checker()
    disconnect = next((i for t, i in zip(types, infos, strict=False) if t == "disconnect"), {})
    if failures(validate_callin_reply(reply)):
        c.check("XM-005", "callout" not in types, "the platform forwarded a call after an invalid Block answer")
        if "stateCode" in disconnect:
            c.check("XM-005", disconnect["stateCode"] == 8014, f"invalid answer ended with {disconnect['stateCode']}")
    elif reply.get("operation") == "close":
        c.check("XM-004", not {"callout", "alerting", "answer"} & set(types), f"close answered, events {list(types)}")
    else:
        callee = (reply.get("connectInfo") or {}).get("calleeNum")
        callout = next((i for t, i in zip(types, infos, strict=False) if t == "callout"), None)
        if callout is not None and callout.get("called"):
            c.check("XM-003", callout["called"] == callee, f"callout called {callout['called']}, answer said {callee}")
        for cdr in cdrs:
            if cdr.get("fwdDstNum"):
                c.check("XM-003", cdr["fwdDstNum"] == callee, f"CDR fwdDstNum {cdr['fwdDstNum']}, answer said {callee}")
    return c.findings


# -- re-pushes -----------------------------------------------------------------------------------------

_RETRY_RULE = {
    "event": "EVT-021",
    "fee": "CDR-006",
    "sms": "SMS-006",
    "sms_control": "SMS-006",
    "x_status": "XSTAT-006",
}


@validator(*_RETRY_RULE.values(), "EVT-022", "XM-008")
def validate_retries(
    deliveries: Sequence[tuple[str, str, int]], *, x_callin: bool = False, mode: str | None = None
) -> list[Finding]:
    """Copies of one notification in arrival order as (kind, canonical body, reply status).

    At most 6 re-pushes, none after a success (EVT-021, CDR-006, SMS-006); an X-mode Block
    `callin` is not re-pushed at all (EVT-022, D-28)."""
    c = _Checker()
    if not deliveries:
        return []
    rule = _RETRY_RULE.get(deliveries[0][0], "EVT-021")
    statuses = [status for _, _, status in deliveries]
    if x_callin:
        c.check("EVT-022", len(deliveries) == 1, f"X-mode callin pushed {len(deliveries)} times (D-28: no re-push)")
        return c.findings
    c.check(rule, len(deliveries) <= 7, f"{len(deliveries) - 1} re-pushes, at most 6")
    first_ok = next((i for i, s in enumerate(statuses) if 200 <= s < 300), None)
    if first_ok is not None:
        c.check(rule, first_ok == len(statuses) - 1, f"re-pushed after a success (replies {statuses})")
    if mode == "x" and rule == "EVT-021":  # X-mode Notify events: the same schedule, XM-008
        c.findings.extend(Finding("XM-008", f.ok, f.message) for f in list(c.findings) if f.rule == rule)
    return c.findings


# -- dispatch --------------------------------------------------------------------------------------------


def validate_body(kind: str, body: Any, *, mode: str | None = None) -> list[Finding]:
    """The payload checks of one push of `kind` (transport checks are separate)."""
    if kind == "event":
        return validate_event(body)
    if kind == "fee":
        return validate_fee(body)
    if kind == "x_status":
        return [Finding("XSTAT-002", True), *validate_x_status(body)]
    if kind in ("sms", "sms_control"):
        return validate_sms(body, kind, mode)
    raise ValueError(f"unknown push kind {kind!r}")


@validator("XM-002")
def callin_answered() -> list[Finding]:
    """The receiver answered an X-mode Block `callin` (XM-002): the platform asked, as documented."""
    return [Finding("XM-002", True)]


def rules_checked() -> list[str]:
    """Rule ids these validators can report on (the listen report's "not seen" rows): the union
    of their `@validator` declarations."""
    return sorted({rule for rules in _DECLARED.values() for rule in rules})
