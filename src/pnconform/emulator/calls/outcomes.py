"""How a call ends: the disconnect ``stateCode`` / ``stateDesc`` (50 §3), the CDR teardown point
``ulFailReason`` (§5), the Q.850 cause ``fwdUnaswRsn`` (§4) and a SIP status for failed legs.

One table (``_TABLE``), keyed by a short name the router, the runtime and the test hooks use.
An outcome with a ``stage`` is a *condition*: the test hook ``POST /_emulator/calls`` may ask
for it (``"condition": name``, design.md "Test hooks contract"); the others are decided by the
routing rules (bindings, directions, app and X states). The stage says how far the call got:

* ``refused``: rejected before forwarding: events callin, disconnect (EVT-042); no forwarded leg,
  fwdUnaswRsn 0;
* ``callee``: forwarded, the callee's leg failed before ringing: callin, callout, disconnect;
* ``ringing``: forwarded, the callee's phone rang, then the call failed: callin, callout,
  alerting, disconnect.

Pairings across the three tables: where one table row names the condition (the same code in the
hang-up and teardown tables, the ITU-T meaning of a Q.850 cause) the pairing follows the rows;
where the docs do not say which code of another table goes with it, the value is our reading and
is marked ``# reading`` with the rule ids. The features assert only what a rule states
(features/calls/hangup_codes.feature, teardown_points.feature, q850_causes.feature).

``release(n)`` is the carrier releasing the forwarded leg with Q.850 cause n (``"q850": n``).
``PRODUCIBLE`` lists every code the simulator can put in each field: the conformance report
derives "the call simulator cannot produce <code>" for an uncovered rule from it.
"""

from __future__ import annotations

from dataclasses import dataclass

STAGES = ("refused", "callee", "ringing")
EVENTS = {  # EVT-040 / EVT-042: the events of a call per stage
    "refused": ("callin", "disconnect"),
    "callee": ("callin", "callout", "disconnect"),
    "ringing": ("callin", "callout", "alerting", "disconnect"),
}


@dataclass(frozen=True)
class Outcome:
    name: str
    state_code: int
    state_desc: str
    ul_fail_reason: int
    q850: int = 0  # fwdUnaswRsn: 0 = not applicable (no failed forward)
    sip_status: int | None = None
    stage: str | None = None  # set: a condition the test hooks may ask for (see the module doc)


_TABLE: tuple[Outcome, ...] = (
    Outcome("normal", 0, "The user releases the call.", 0),  # HANG-001/010, TEAR-001/010, Q850-000
    # Decided by the routing rules (calls/routing.py, modes/<mode>/routing.py).
    Outcome("max_duration", 8010, "The maximum call duration is exceeded.", 8010),  # HANG-057, TEAR-045
    Outcome("ax_no_temp_callee", 8013, "Invalid AX call: no temporary callee is set.", 8013),  # HANG-011, TEAR-048
    Outcome("no_binding", 8014, "Invalid AXB/X call: the binding does not exist.", 8014),  # HANG-012, TEAR-049
    Outcome("direction", 8016, "The call direction is not allowed.", 8016),  # HANG-013, TEAR-051
    Outcome("x_customer_close", 8017, "The customer instructed the platform to hang up.", 8017),  # TEAR-052
    # D-20: AX other -> X without a binding: stateCode 8018, teardown 7104 (HANG-068, TEAR-021).
    Outcome("ax_no_binding", 8018, "No service permission: the AX binding does not exist.", 7104),
    Outcome("no_callback_record", 8019, "The callback record does not exist.", 8019),  # HANG-014, TEAR-054
    Outcome("axe_no_binding", 8022, "The binding does not exist or has expired.", 8022),  # HANG-015, TEAR-056
    Outcome("fixed_line_caller", 8023, "A fixed-line number cannot be the caller.", 8023),  # HANG-069, TEAR-057
    Outcome("unknown_x", 8025, "The dialled number does not exist.", 8025),  # HANG-030, TEAR-059
    # The AXYB codes are not in the teardown table (TEAR-090): nearest teardown points. # reading
    Outcome("axyb_no_binding", 8030, "The AXYB binding does not exist.", 8018),  # HANG-016
    Outcome("axyb_no_y", 8031, "Failed to allocate a Y number.", 7101),  # HANG-017
    Outcome("axyb_self_call", 8032, "The user dialled its own privacy number.", 8018),  # HANG-023
    Outcome("empty_extension", 8033, "The extension number received is empty.", 8033),  # HANG-024, TEAR-060
    Outcome("x_unavailable", 8055, "The X number is unavailable.", 8055),  # HANG-080, TEAR-071
    Outcome("app_frozen", 7108, "The user status is frozen.", 7108),  # HANG-054, TEAR-025
    Outcome("app_unavailable", 7100, "The application does not exist.", 7100),  # HANG-050, TEAR-017
    Outcome("caller_abandon_prompt", 7516, "The caller hung up before the call was forwarded.", 7516, 16),  # HANG-022
    # -- conditions: the callee's leg (HANG-040..048, TEAR-028..031, TEAR-061, TEAR-076..081) ----
    # Q.850: the ITU-T meaning of the cause that names the same condition (Q850-001/016..021).
    Outcome("busy", 8102, "The callee is busy.", 8102, 17, 486, "callee"),  # HANG-045, TEAR-078, Q850-017
    Outcome("no_answer", 8101, "The callee did not answer.", 8101, 19, 480, "ringing"),  # HANG-044, TEAR-077
    Outcome("reject", 7503, "The callee rejected the call.", 7503, 21, 603, "ringing"),  # HANG-040, TEAR-030
    # HANG-041 / TEAR-031: refused on the callee side (do-not-disturb, blacklist, blocking app).
    Outcome("refused", 7504, "The call was refused.", 7504, 21, 603, "callee"),
    Outcome("unreachable", 8104, "The callee is powered off.", 8104, 20, 480, "callee"),  # HANG-047, TEAR-080
    Outcome(
        "signal_abnormal", 8103, "The callee's signal is abnormal.", 8103, 27, 503, "callee"
    ),  # HANG-046; 27 reading
    Outcome("suspended", 8105, "The callee's line is suspended.", 8105, 20, 480, "callee"),  # HANG-048; 20 reading
    Outcome("callee_unknown", 8100, "The callee number does not exist.", 8100, 1, 404, "callee"),  # HANG-043, Q850-001
    # HANG-042 / TEAR-061: the platform gives up ~90 s after forwarding; Q.850 18 (no user responding).
    Outcome("ring_timeout", 8035, "The callee did not answer before the platform gave up.", 8035, 18, 408, "ringing"),
    # HANG-020/021, TEAR-028/029: the caller gives up; Q.850 16 (normal clearing). # reading
    Outcome("caller_hangup", 7501, "The caller hung up before the callee rang.", 7501, 16, None, "callee"),
    Outcome(
        "caller_hangup_ringing",
        7502,
        "The caller hung up while the callee's phone was ringing.",
        7502,
        16,
        487,
        "ringing",
    ),
    # -- conditions: the network (HANG-095..097, TEAR-032/033/035); Q.850 values: reading --------
    Outcome("caller_network", 7505, "The caller-side network is abnormal.", 7505, 0, None, "refused"),
    Outcome("callee_network", 7506, "The callee-side network is abnormal.", 7506, 38, 503, "callee"),  # 38 reading
    Outcome("routing_failure", 7508, "Routing the call failed.", 7508, 3, 404, "callee"),  # 3 reading
    # -- conditions: announcements, prompts, recording (HANG-055/056/065/091..093, TEAR-034/040..043/050)
    Outcome("announcement_missing", 7507, "No announcement file.", 7507, 0, None, "refused"),
    Outcome("x_announcement_missing", 8006, "The X-mode announcement file does not exist.", 8006, 0, None, "refused"),
    Outcome("security_prompt_failed", 7107, "Failed to play the security-control prompt.", 7107, 0, None, "refused"),
    Outcome("prompt_failed", 8008, "Failed to play the prompt or collect digits.", 8008, 0, None, "refused"),
    # 8007 / 8015 / 8041 happen as the callee is being connected (the prompt or the recording cannot
    # start), so the call is not answered. # reading (HANG-091/093, TEAR-042/050): the receiver's
    # validators hold every answered call to ulFailReason 0 or 8010 (TEAR-001).
    Outcome("last_minute_prompt_failed", 8007, "Failed to play the last-minute prompt.", 8007, 0, None, "ringing"),
    Outcome("recording_failed", 8015, "Failed to record the user.", 8015, 0, None, "ringing"),
    Outcome("recording_failed_8041", 8041, "Failed to record the user.", 8041, 0, None, "ringing"),
    # -- conditions: internal faults (HANG-094, TEAR-019/046/055) ----------------------------------
    Outcome("internal_7102", 7102, "Internal service error.", 7102, 0, None, "refused"),
    Outcome("internal_8011", 8011, "Internal error.", 8011, 0, None, "refused"),
    Outcome("internal_8020", 8020, "Service abnormal.", 8020, 0, None, "refused"),
    Outcome("internal_8040", 8040, "Internal error.", 8040, 0, None, "refused"),
    # 8139 is not in the teardown table (TEAR-090): teardown 8011 (internal error). # reading
    Outcome("internal_8139", 8139, "Other abnormal behaviour.", 8011, 0, None, "refused"),
    # -- conditions: control codes (HANG-060..082, TEAR-012..016/027/057..058/062..075) -----------
    Outcome("developer_frequency", 7001, "Developer call-frequency control.", 7001, 0, None, "refused"),
    Outcome("app_frequency", 7002, "Application call-frequency control.", 7002, 0, None, "refused"),
    Outcome("display_frequency", 7003, "Display-number call-frequency control.", 7003, 0, None, "refused"),
    Outcome("callee_blacklist", 7004, "Callee blacklist control.", 7004, 0, None, "refused"),
    Outcome("caller_blacklist", 7005, "Caller blacklist control.", 7005, 0, None, "refused"),
    Outcome("prefix_restricted", 7500, "The call prefix is restricted.", 7500, 0, None, "refused"),
    Outcome("fixed_line_control", 8023, "A fixed-line number cannot be the caller.", 8023, 0, None, "refused"),
    Outcome("real_caller_display", 8024, "Displaying the real caller is not allowed.", 8024, 0, None, "refused"),
    Outcome("international_in", 8042, "International incoming call restricted.", 8042, 0, None, "refused"),
    Outcome("international_out", 8043, "International outgoing call restricted.", 8043, 0, None, "refused"),
    Outcome("call_time_control", 8044, "Abnormal call-time control.", 8044, 0, None, "refused"),
    Outcome("connection_rate", 8046, "Abnormal connection-rate control.", 8046, 0, None, "refused"),
    Outcome("caller_frequency", 8047, "Caller call-frequency control.", 8047, 0, None, "refused"),
    Outcome("callee_frequency", 8048, "Callee call-frequency control.", 8048, 0, None, "refused"),
    Outcome("number_frequency", 8049, "Service-number call-frequency control.", 8049, 0, None, "refused"),
    Outcome("time_window", 8050, "Call time-window restriction.", 8050, 0, None, "refused"),
    Outcome("sub_enterprise_suspended", 8051, "The sub-enterprise is suspended.", 8051, 0, None, "refused"),
    Outcome("no_service_permission", 8018, "No service permission.", 8018, 0, None, "refused"),  # HANG-068, TEAR-053
    Outcome("x_no_permission", 8055, "The X number is unavailable.", 8055, 0, None, "refused"),
    Outcome("dial_test", 8056, "Dial-test number control.", 8056, 0, None, "refused"),
    Outcome("direction_control", 8057, "Call-direction control.", 8057, 0, None, "refused"),
    # 8058/8059 are teardown points only (TEAR-074/075): stateCode 8018 / 7504. # reading
    Outcome("not_real_name", 8018, "No service permission.", 8058, 0, None, "refused"),
    Outcome("carrier_interception", 7504, "The call was refused.", 8059, 0, None, "callee"),
    # -- conditions: tenant codes (HANG-050..054/066/090, TEAR-011/017/018/022/023/025/026) --------
    Outcome("app_missing", 7100, "The application does not exist.", 7100, 0, None, "refused"),
    Outcome("no_number_resources", 7101, "The application has no privacy-number resources.", 7101, 0, None, "refused"),
    Outcome("service_type_mismatch", 7105, "The service type does not match.", 7105, 0, None, "refused"),
    Outcome("no_call_capability", 7106, "The application lacks privacy-call capability.", 7106, 0, None, "refused"),
    Outcome("account_frozen", 7108, "The user status is frozen.", 7108, 0, None, "refused"),
    Outcome("tenant_ports", 7109, "Tenant voice ports are insufficient.", 7109, 0, None, "refused"),
    # HANG-017: AXYB, no Y can be allocated during the call (the routing gives it only when every Y
    # of the city is taken); the teardown point is 7101 (no number resources). # reading (TEAR-090)
    Outcome("y_allocation_failed", 8031, "Failed to allocate a Y number.", 7101, 0, None, "refused"),
    Outcome("platform_ports", 522, "Platform voice ports are insufficient.", 522, 0, None, "refused"),
    # -- conditions: teardown points only (TEAR-020/037..040/044/047); stateCode: reading ----------
    Outcome("invalid_app_key", 7100, "The application does not exist.", 8012, 0, None, "refused"),  # TEAR-047
    Outcome("caller_info_missing", 8018, "No service permission.", 7103, 0, None, "refused"),  # TEAR-020
    Outcome("far_end_announcement", 7506, "The callee-side network is abnormal.", 8002, 31, None, "callee"),  # TEAR-037
    Outcome("user_ring_timeout", 8035, "The callee did not answer.", 8003, 18, 408, "ringing"),  # TEAR-038
    Outcome("user_hangup_ringing", 7502, "The caller hung up while ringing.", 8004, 16, 487, "ringing"),  # TEAR-039
    Outcome("tts_failed", 8008, "Failed to play the prompt.", 8005, 0, None, "refused"),  # TEAR-040
    Outcome("caller_hangup_before_connect", 7501, "The caller hung up.", 8009, 16, None, "callee"),  # TEAR-044
)

OUTCOMES: dict[str, Outcome] = {o.name: o for o in _TABLE}
CONDITIONS: dict[str, Outcome] = {o.name: o for o in _TABLE if o.stage is not None}

# Q.850 causes of Huawei's table (50 §4, Q850-900): what ``"q850": n`` may name (0 excluded: no failure).
Q850_CAUSES = (
    *range(1, 10),
    *range(16, 24),
    *range(25, 32),
    34,
    *range(38, 45),
    46,
    47,
    49,
    50,
    53,
    55,
    57,
    58,
    62,
    63,
    65,
    66,
    69,
    70,
    79,
    *range(81, 92),
    *range(95, 104),
    110,
    111,
    127,
)
Q850_CAUSES = tuple(c for c in Q850_CAUSES if c not in (24, 89))  # 24 and 89 are not in the table

# The carrier releases the forwarded leg with Q.850 cause n: the hang-up cause / teardown point
# that goes with it. The docs pair none of them: # reading (Q850-001..127), by the ITU-T meaning.
_RELEASE_CODES: dict[int, tuple[int, str]] = {
    1: (8100, "callee"),  # unallocated number -> callee number does not exist (HANG-043)
    17: (8102, "callee"),  # user busy (HANG-045)
    18: (8035, "ringing"),  # no user responding (HANG-042)
    19: (8101, "ringing"),  # no answer from user, user alerted (HANG-044)
    20: (8104, "callee"),  # subscriber absent (HANG-047)
    21: (7504, "callee"),  # call rejected (HANG-041)
    2: (7508, "callee"),  # no route to transit network: routing failure (HANG-097)
    3: (7508, "callee"),
    27: (8103, "callee"),  # destination out of order: signal abnormal (HANG-046)
}
_RELEASE_DEFAULT = 7506  # any other cause: callee-side network abnormal (HANG-096, TEAR-033)


def release(cause: int) -> Outcome:
    """The outcome of a carrier releasing the forwarded leg with Q.850 ``cause`` (in ``Q850_CAUSES``)."""
    code, stage = _RELEASE_CODES.get(cause, (_RELEASE_DEFAULT, "callee"))
    base = next(o for o in _TABLE if o.stage is not None and o.state_code == code and o.ul_fail_reason == code)
    return Outcome(f"q850_{cause}", code, base.state_desc, code, cause, base.sip_status, stage)


def outcome(name: str) -> Outcome:
    """A table outcome by name, or ``q850_<n>`` (a carrier release, see ``release``)."""
    if name.startswith("q850_"):
        return release(int(name.removeprefix("q850_")))
    return OUTCOMES[name]


# What the simulator can put in each field (the conformance report's "cannot produce" reasons).
PRODUCIBLE: dict[str, frozenset[int]] = {
    "stateCode": frozenset(o.state_code for o in _TABLE),
    "ulFailReason": frozenset(o.ul_fail_reason for o in _TABLE),
    "fwdUnaswRsn": frozenset({0, *Q850_CAUSES}),
}

# The rules of each code, per field (the fault family ``code.*`` in faults.py declares them).
HANG_RULES: dict[int, tuple[str, ...]] = {
    8010: ("HANG-057",), 8013: ("HANG-011",), 8014: ("HANG-012",), 8016: ("HANG-013",), 8019: ("HANG-014",),
    8022: ("HANG-015",), 8030: ("HANG-016",), 8031: ("HANG-017",), 7501: ("HANG-020",), 7502: ("HANG-021",),
    7516: ("HANG-022",), 8032: ("HANG-023",), 8033: ("HANG-024",), 8025: ("HANG-030",), 7503: ("HANG-040",),
    7504: ("HANG-041",), 8035: ("HANG-042",), 8100: ("HANG-043",), 8101: ("HANG-044",), 8102: ("HANG-045",),
    8103: ("HANG-046",), 8104: ("HANG-047",), 8105: ("HANG-048",), 7100: ("HANG-050",), 7101: ("HANG-051",),
    7105: ("HANG-052",), 7106: ("HANG-053",), 7108: ("HANG-054",), 7507: ("HANG-055",), 8006: ("HANG-056",),
    7001: ("HANG-060",), 7002: ("HANG-061",), 7003: ("HANG-062",), 7004: ("HANG-063",), 7005: ("HANG-064",),
    7107: ("HANG-065",), 7109: ("HANG-066",), 7500: ("HANG-067",), 8018: ("HANG-068",), 8023: ("HANG-069",),
    8024: ("HANG-070",), 8042: ("HANG-071",), 8043: ("HANG-072",), 8044: ("HANG-073",), 8046: ("HANG-074",),
    8047: ("HANG-075",), 8048: ("HANG-076",), 8049: ("HANG-077",), 8050: ("HANG-078",), 8051: ("HANG-079",),
    8055: ("HANG-080",), 8056: ("HANG-081",), 8057: ("HANG-082",), 522: ("HANG-090",), 8007: ("HANG-091",),
    8008: ("HANG-092",), 8015: ("HANG-093",), 8041: ("HANG-093",), 7102: ("HANG-094",), 8011: ("HANG-094",),
    8020: ("HANG-094",), 8040: ("HANG-094",), 8139: ("HANG-094",), 7505: ("HANG-095",), 7506: ("HANG-096",),
    7508: ("HANG-097",),
}  # fmt: skip
TEAR_RULES: dict[int, tuple[str, ...]] = {
    522: ("TEAR-011",), 7001: ("TEAR-012",), 7002: ("TEAR-013",), 7003: ("TEAR-014",), 7004: ("TEAR-015",),
    7005: ("TEAR-016",), 7100: ("TEAR-017",), 7101: ("TEAR-018",), 7102: ("TEAR-019",), 7103: ("TEAR-020",),
    7104: ("TEAR-021",), 7105: ("TEAR-022",), 7106: ("TEAR-023",), 7107: ("TEAR-024",), 7108: ("TEAR-025",),
    7109: ("TEAR-026",), 7500: ("TEAR-027",), 7501: ("TEAR-028",), 7502: ("TEAR-029",), 7503: ("TEAR-030",),
    7504: ("TEAR-031",), 7505: ("TEAR-032",), 7506: ("TEAR-033",), 7507: ("TEAR-034",), 7508: ("TEAR-035",),
    7516: ("TEAR-036",), 8002: ("TEAR-037",), 8003: ("TEAR-038",), 8004: ("TEAR-039",), 8005: ("TEAR-040",),
    8006: ("TEAR-041",), 8007: ("TEAR-042",), 8008: ("TEAR-043",), 8009: ("TEAR-044",), 8010: ("TEAR-045",),
    8011: ("TEAR-046",), 8040: ("TEAR-046",), 8012: ("TEAR-047",), 8013: ("TEAR-048",), 8014: ("TEAR-049",),
    8015: ("TEAR-050",), 8041: ("TEAR-050",), 8016: ("TEAR-051",), 8017: ("TEAR-052",), 8018: ("TEAR-053",),
    8019: ("TEAR-054",), 8020: ("TEAR-055",), 8022: ("TEAR-056",), 8023: ("TEAR-057",), 8024: ("TEAR-058",),
    8025: ("TEAR-059",), 8033: ("TEAR-060",), 8035: ("TEAR-061",), 8042: ("TEAR-062",), 8043: ("TEAR-063",),
    8044: ("TEAR-064",), 8046: ("TEAR-065",), 8047: ("TEAR-066",), 8048: ("TEAR-067",), 8049: ("TEAR-068",),
    8050: ("TEAR-069",), 8051: ("TEAR-070",), 8055: ("TEAR-071",), 8056: ("TEAR-072",), 8057: ("TEAR-073",),
    8058: ("TEAR-074",), 8059: ("TEAR-075",), 8100: ("TEAR-076",), 8101: ("TEAR-077",), 8102: ("TEAR-078",),
    8103: ("TEAR-079",), 8104: ("TEAR-080",), 8105: ("TEAR-081",),
}  # fmt: skip
