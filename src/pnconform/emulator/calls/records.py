"""Bodies of the call events (50 §1) and of one CDR FeeInfo (50 §2.2) for a simulated call.

Times are the emulator clock, UTC ``yyyy-MM-dd HH:mm:ss`` (EVT-014, CDR-008). Faults bend the
bodies here (``push.*``), so the router and the runtime stay clean.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..clock import format_utc
from .faults import (
    CODE_FAMILY,
    CODE_HANG_OFF_TABLE,
    CODE_Q850_OFF_TABLE,
    CODE_Q850_ON_NORMAL,
    CODE_TEAR_OFF_TABLE,
    CODE_TEAR_ON_NORMAL,
    PUSH_BEIJING_TIMES,
    PUSH_CALLEE_FAILURES_AS_NO_ANSWER,
    PUSH_CDR_MISSING_CALLER,
    PUSH_ISO_TIMES,
    PUSH_NO_Q850,
    PUSH_NO_SERVICE_TYPE,
    PUSH_NO_USER_DATA,
    PUSH_RECORD_FIELDS_MISSING,
    PUSH_STATE_CODE_ON_ALL_EVENTS,
    PUSH_SWAP_DIRECTION,
    PUSH_TEARDOWN_IS_STATE_CODE,
    PUSH_WRONG_HANGUP_CODE,
    substitute,
)
from .model import Call
from .outcomes import outcome as outcome_of

if TYPE_CHECKING:
    from ..state import EmulatorState

SP_ID = "pnconform-sp"
HOST_NAME = "callenabler.pnconform.local"
RECORD_DOMAIN = "record.pnconform.local"
RECORD_BUCKET = "pnconform-records"
FAILURES_AS_NO_ANSWER = ("caller_hangup_ringing", "ring_timeout", "callee_unknown")  # push.callee_failures_as_no_answer


def bent(faults: frozenset[str], field: str, code: int) -> int:
    """``code`` as reported in ``field`` (hang | tear | q850): the ``code.*`` family's switch for
    it reports another code of the same table (breaks the HANG-/TEAR-/Q850- rule of ``code`` only)."""
    name = CODE_FAMILY.get((field, code))
    return substitute(field, code) if name is not None and name in faults else code


def stamp(state: EmulatorState, ts: float) -> str:
    if PUSH_ISO_TIMES in state.faults:  # breaks EVT-014 / CDR-008
        return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if PUSH_BEIJING_TIMES in state.faults:
        return (datetime.fromtimestamp(ts, tz=UTC) + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S")
    return format_utc(ts)


def reported(state: EmulatorState, call: Call) -> tuple[int, int, int]:
    """The (stateCode, ulFailReason, fwdUnaswRsn) the platform reports for an ended call: its
    outcome's codes (outcomes.py) as the ``push.*`` / ``code.*`` faults bend them."""
    faults = state.faults
    outcome = outcome_of(call.outcome or "normal")
    code = outcome.state_code
    if code == 0 and PUSH_WRONG_HANGUP_CODE in faults:
        code = 16  # breaks HANG-001: a normal hang-up is 0
    if call.outcome in FAILURES_AS_NO_ANSWER and PUSH_CALLEE_FAILURES_AS_NO_ANSWER in faults:
        code = 8101  # breaks HANG-021/042/043: these failed forwards read as no answer
    if code == 8102 and CODE_HANG_OFF_TABLE in faults:
        code = 8021  # breaks HANG-002 (and HANG-045): 8021 is in no table (HANG-098)
    code = bent(faults, "hang", code)  # the code.hang_* family: breaks the rule of this code only
    ul = outcome.ul_fail_reason
    if PUSH_TEARDOWN_IS_STATE_CODE in faults:
        ul = outcome.state_code  # breaks TEAR-021 (AX 8018 -> 7104, D-20)
    if ul == 8102 and CODE_TEAR_OFF_TABLE in faults:
        ul = 8021  # breaks TEAR-002 (and TEAR-078): 8021 is no teardown point (TEAR-091)
    if ul == 0 and CODE_TEAR_ON_NORMAL in faults:
        ul = 7503  # breaks TEAR-001 / TEAR-010: a normally ended call has point 0
    ul = bent(faults, "tear", ul)  # the code.tear_* family: one point each
    q850 = bent(faults, "q850", outcome.q850)  # Q850-*: the code.q850_* family bends one cause
    if q850 == 17 and CODE_Q850_OFF_TABLE in faults:
        q850 = 24  # breaks Q850-900 (and Q850-017): 24 is not in Huawei's table
    if q850 == 0 and call.answer is not None and CODE_Q850_ON_NORMAL in faults:
        q850 = 16  # breaks Q850-000: a leg that did not fail has cause 0
    return code, ul, q850


def event(
    state: EmulatorState, call: Call, kind: str, ts: float, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """``{"eventType": kind, "statusInfo": {...}}`` for one call event."""
    faults = state.faults
    route, req = call.route, call.request
    forwarded = kind in ("callout", "alerting", "answer")
    info: dict[str, Any] = {
        "timestamp": stamp(state, ts),
        "sessionId": call.session_id,
        "caller": route.display if forwarded and route.display else req.caller,
        "called": route.callee if (forwarded or kind == "disconnect") and route.callee else req.dialled,
    }
    if route.subscription_id:
        info["subscriptionId"] = route.subscription_id
    if route.user_data is not None and PUSH_NO_USER_DATA not in faults:
        info["userData"] = route.user_data  # EVT-030 (callin) and every later event (AX/AXB text)
    if kind == "disconnect" or PUSH_STATE_CODE_ON_ALL_EVENTS in faults:
        info["stateCode"] = reported(state, call)[0]
        info["stateDesc"] = outcome_of(call.outcome or "normal").state_desc
    if kind == "disconnect" and route.call_rel_direction and call.rel_direction:
        info["callRelDirection"] = call.rel_direction
    if extra:
        info.update(extra)
    return {"eventType": kind, "statusInfo": info}


def fee_info(state: EmulatorState, call: Call, session_id: str | None = None) -> dict[str, Any]:
    """One CDR (FeeInfo) of an ended call."""
    faults = state.faults
    route, req = call.route, call.request
    outcome = outcome_of(call.outcome or "normal")
    direction = route.direction
    if PUSH_SWAP_DIRECTION in faults and direction in (0, 1):
        direction = 1 - direction
    fee: dict[str, Any] = {
        "direction": direction,
        "spId": SP_ID,
        "appKey": route.app_key,
        "icid": call.icid,
        "bindNum": req.dialled,
        "sessionId": session_id or call.session_id,
        "subscriptionId": route.subscription_id or "",  # CDR-032: empty without a binding
        "callerNum": req.caller,
        "calleeNum": req.dialled,
        "callInTime": stamp(state, call.call_in),
    }
    if PUSH_CDR_MISSING_CALLER in faults:
        del fee["callerNum"]  # breaks CDR-020
    if route.callee and call.fwd_start is not None:
        fee["fwdDisplayNum"] = route.display
        fee["fwdDstNum"] = route.callee
        fee["fwdStartTime"] = stamp(state, call.fwd_start)
    if call.alerting is not None:
        fee["fwdAlertingTime"] = stamp(state, call.alerting)
    if call.answer is not None:
        fee["fwdAnswerTime"] = stamp(state, call.answer)
    end = call.end if call.end is not None else call.call_in
    fee["callEndTime"] = stamp(state, end)
    _, ul, q850 = reported(state, call)
    if PUSH_NO_Q850 not in faults:
        fee["fwdUnaswRsn"] = q850
    fee["ulFailReason"] = ul
    if call.answer is None:
        fee["failTime"] = stamp(state, end)
        if outcome.sip_status is not None:
            fee["sipStatusCode"] = outcome.sip_status
    fee["recordFlag"] = 1 if call.record_name else 0
    if call.record_name and call.answer is not None:  # CDR-022: the fields of a recorded call
        fee["recordStartTime"] = stamp(state, call.answer)
        fee["recordObjectName"] = call.record_name
        fee["recordBucketName"] = RECORD_BUCKET
        fee["recordDomain"] = RECORD_DOMAIN
        if PUSH_RECORD_FIELDS_MISSING in faults:
            del fee["recordStartTime"], fee["recordBucketName"]  # CDR-022 broken
        fee["recordFileDownloadUrl"] = f"https://{RECORD_DOMAIN}/{RECORD_BUCKET}/{call.record_name}"
    service_type = state.settings["cdr_service_type_map"].get(route.mode or "")
    if service_type is not None and PUSH_NO_SERVICE_TYPE not in faults:
        fee["serviceType"] = service_type  # D-22
    fee["hostName"] = HOST_NAME
    fee["callDuration"] = int(end - call.answer) if call.answer is not None else 0
    if route.call_rel_direction and call.rel_direction:
        fee["callRelDirection"] = call.rel_direction
    if route.extension is not None and route.mode == "axe":
        fee["extendNum"] = route.extension
    if route.user_data is not None and PUSH_NO_USER_DATA not in faults:
        fee["userData"] = route.user_data
    return fee
