"""How a call ends: the disconnect ``stateCode`` / ``stateDesc`` (50 §3), the CDR teardown point
``ulFailReason`` (§5), the Q.850 cause ``fwdUnaswRsn`` (§4) and a SIP status for failed legs.

One table, keyed by a short name the router and the runtime use.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    name: str
    state_code: int
    state_desc: str
    ul_fail_reason: int
    q850: int = 0  # fwdUnaswRsn: 0 = not applicable (no failed forward)
    sip_status: int | None = None


_TABLE: tuple[Outcome, ...] = (
    Outcome("normal", 0, "The user releases the call.", 0),
    Outcome("max_duration", 8010, "The maximum call duration is exceeded.", 8010),
    Outcome("ax_no_temp_callee", 8013, "Invalid AX call: no temporary callee is set.", 8013),
    Outcome("no_binding", 8014, "Invalid AXB/X call: the binding does not exist.", 8014),
    Outcome("direction", 8016, "The call direction is not allowed.", 8016),
    Outcome("x_customer_close", 8017, "The customer instructed the platform to hang up.", 8017),
    # D-20: AX other -> X without a binding: stateCode 8018, teardown 7104.
    Outcome("ax_no_binding", 8018, "No service permission: the AX binding does not exist.", 7104),
    Outcome("no_callback_record", 8019, "The callback record does not exist.", 8019),
    Outcome("axe_no_binding", 8022, "The binding does not exist or has expired.", 8022),
    Outcome("fixed_line_caller", 8023, "A fixed-line number cannot be the caller.", 8023),
    Outcome("unknown_x", 8025, "The dialled number does not exist.", 8025),
    # The AXYB codes are not in the teardown table (TEAR-090): nearest teardown points (our reading).
    Outcome("axyb_no_binding", 8030, "The AXYB binding does not exist.", 8018),
    Outcome("axyb_no_y", 8031, "Failed to allocate a Y number.", 7101),
    Outcome("axyb_self_call", 8032, "The user dialled its own privacy number.", 8018),
    Outcome("empty_extension", 8033, "The extension number received is empty.", 8033),
    Outcome("x_unavailable", 8055, "The X number is unavailable.", 8055),
    Outcome("app_frozen", 7108, "The user status is frozen.", 7108),
    Outcome("app_unavailable", 7100, "The application does not exist.", 7100),
    Outcome("caller_abandon", 7501, "The caller hung up before the callee rang.", 7501, 16),
    Outcome("caller_abandon_prompt", 7516, "The caller hung up before the call was forwarded.", 7516, 16),
    # Our readings of the tables (HANG-021/042/043, TEAR-029/061/076): Q.850 16, 18 and 1.
    Outcome("caller_abandon_ringing", 7502, "The caller hung up while the callee's phone was ringing.", 7502, 16, 487),
    Outcome("ring_timeout", 8035, "The callee did not answer before the platform gave up.", 8035, 18, 408),
    Outcome("callee_unknown", 8100, "The callee number does not exist.", 8100, 1, 404),
    Outcome("callee_rejects", 7503, "The callee rejected the call.", 7504, 21, 603),
    Outcome("no_answer", 8101, "The callee did not answer.", 8101, 19, 480),
    Outcome("busy", 8102, "The callee is busy.", 8102, 17, 486),
    Outcome("unreachable", 8104, "The callee is powered off.", 8104, 20, 480),
)

OUTCOMES: dict[str, Outcome] = {o.name: o for o in _TABLE}

# Callee behaviours a simulated call may ask for -> the outcome when the callee is reached.
CALLEE_BEHAVIOURS = (
    "answer",
    "busy",
    "no_answer",
    "reject",
    "unreachable",
    "caller_hangup",
    "caller_hangup_ringing",
    "ring_timeout",
    "callee_unknown",
)
BEHAVIOUR_OUTCOME = {
    "busy": "busy",
    "no_answer": "no_answer",
    "reject": "callee_rejects",
    "unreachable": "unreachable",
    "caller_hangup": "caller_abandon",
    "caller_hangup_ringing": "caller_abandon_ringing",
    "ring_timeout": "ring_timeout",
    "callee_unknown": "callee_unknown",
}
RINGING = ("no_answer", "reject", "caller_hangup_ringing", "ring_timeout")  # an alerting event precedes the end
