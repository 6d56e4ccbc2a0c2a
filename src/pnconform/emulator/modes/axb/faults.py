"""AXB fault switches (design.md "AXB behaviour"; see ``emulator/faults.py`` for the mechanism and the
layout): the ``axb.*`` switches, and the shared-family ones that bend only AXB code."""

from __future__ import annotations

from ...faults import fault

ALLOW_OVERLAP = fault(
    "axb.allow_overlap",
    ("AXB-004", "AXB-005", "AXB-006", "AXB-008", "AXB-056", "AXB-106", "CODE-1012010", "GEN-113"),
    "user numbers may repeat on one X",
)
DUPLICATE_CODE = fault(
    "axb.duplicate_code",
    ("AXB-004", "AXB-005", "AXB-006", "AXB-008", "AXB-106", "CODE-1012010"),
    "overlap answered with 1012008 instead of 1012010",
)
IGNORE_CAPACITY = fault(
    "axb.ignore_capacity",
    ("AXB-010", "AXB-015", "AXB-109", "GEN-109", "GEN-113", "CODE-1012008", "CODE-1012009"),
    "pairs-per-X limit not enforced (so an X of A's city is never full either)",
)
IGNORE_AREA = fault(
    "axb.ignore_area",
    ("AXB-012", "AXB-013", "AXB-015", "GEN-109", "CODE-1012008"),
    "allocation ignores areaCode (any X)",
)
LOOSE_AS_STRICT = fault("axb.loose_as_strict", ("AXB-013", "GEN-109"), "areaMatchMode 1 behaves as strict")
LOOSE_SKIPS_PROVINCE = fault(
    "axb.loose_skips_province", ("AXB-013", "GEN-109"), "areaMatchMode 1 takes any X without trying the province"
)
AREACODE_WINS = fault("axb.areacode_wins", ("AXB-014", "GEN-110"), "areaCode beats an explicit relationNum")
IGNORE_DURATION = fault(
    "axb.ignore_duration",
    ("AXB-025", "AXB-043", "AXB-050", "AXB-051", "AXB-057", "AXB-109", "GEN-107", "CODE-1012007"),
    "bindings never expire (so an expired id is still unbound and modified)",
)
NO_DURATION_RESTART = fault(
    "axb.no_duration_restart", ("AXB-050", "GEN-107"), "a modified duration counts from the bind, not the modify"
)
RELATIONNUM_WINS = fault(
    "axb.relationnum_wins", ("AXB-042", "AXB-062", "GEN-111"), "relationNum beats subscriptionId in unbind/query"
)
UNBIND_ONE = fault("axb.unbind_one", ("AXB-041", "GEN-112"), "unbind by relationNum removes only the oldest pair")
RECORDFLAG_NEEDS_RECORDING = fault(
    "axb.recordflag_needs_recording",
    ("AXB-020", "CODE-1012012"),
    "a bind with recordFlag true on an app without recording answers 403 1012012",
)
MODIFY_NOOP = fault("axb.modify_noop", ("AXB-055",), "modify answers 0 but changes nothing")
UNBIND_NOOP = fault(
    "axb.unbind_noop", ("AXB-040", "AXB-044", "AXB-107", "CODE-1012007"), "unbind answers 0 but keeps the binding"
)
PAGE_SIZE_UNCLAMPED = fault("axb.page_size_unclamped", ("AXB-065", "AXB-066"), "pageSize used as sent, default 100")
UNLOCKED = fault(
    "axb.unlocked",
    ("AXB-004", "GEN-113"),
    "check and insert of a bind are not atomic (yields between them; breaks AXB-004 under concurrency)",
)
ANSWER_WITHOUT_X = fault("axb.answer_without_x", ("AXB-001",), "the bind answer carries no relationNum")
LONG_SUBSCRIPTION_ID = fault(
    "axb.long_subscription_id",
    ("AXB-001", "GEN-010", "GEN-120"),
    "the bind answers a subscriptionId of 65 characters (String(1-64)), one later queries and calls refuse",
)
SECOND_PAIR_REFUSED = fault(
    "axb.second_pair_refused",
    ("AXB-007", "GEN-113", "AXB-010", "AXB-015", "GEN-109", "CODE-1012008", "CODE-1012009"),
    "an explicit X that carries a pair takes no other (1012010): no X can be filled",
)
ONE_X_PER_USER = fault(
    "axb.one_x_per_user", ("AXB-009", "AXB-106"), "a user number bound on one X of the app is refused on another"
)
UNBIND_UNKNOWN_OK = fault(
    "axb.unbind_unknown_ok", ("AXB-043", "CODE-1012007"), "unbind of an id the platform never issued answers 0"
)
UNBIND_NOTHING_OK = fault("axb.unbind_nothing_ok", ("AXB-046",), "unbind naming neither id nor X answers 0")
UNBIND_KEEPS_ROUTES = fault(
    "axb.unbind_keeps_routes",
    ("AXB-047", "AXB-107", "GEN-105"),
    "an unbound binding still routes calls through its X",
)
REBIND_REFUSED = fault(
    "axb.rebind_refused",
    ("AXB-048", "GEN-114"),
    "a user number unbound from an X is never bound on that X again (1012010)",
)
ZERO_DURATION_IGNORED = fault(
    "axb.zero_duration_ignored", ("AXB-052", "GEN-107"), "a modify to duration 0 keeps the old lifetime"
)
MODIFY_IGNORES_DIRECTION = fault(
    "axb.modify_ignores_direction", ("AXB-054",), "modify answers 0 but keeps the old callDirection"
)
MODIFY_UNKNOWN_OK = fault(
    "axb.modify_unknown_ok", ("AXB-057", "CODE-1012007"), "modify of an id the platform never issued answers 0"
)
MODIFY_MOVES_X = fault("axb.modify_moves_x", ("AXB-059",), "a relationNum sent to modify moves the binding there")
QUERY_WRONG_MAX_DURATION = fault(
    "axb.query_wrong_max_duration", ("AXB-060",), "a query item shows maxDuration 0 whatever was bound"
)
QUERY_DROPS_LAST = fault("axb.query_drops_last", ("AXB-061",), "a query of X leaves out its newest pair")
QUERY_FILTERS_IGNORED = fault(
    "axb.query_filters_ignored", ("AXB-063",), "callerNum/calleeNum do not narrow a query of X"
)
QUERY_CALLER_ALONE_OK = fault(
    "axb.query_caller_alone_ok", ("AXB-064",), "a query by callerNum alone lists that A's bindings"
)
QUERY_UNKNOWN_200 = fault(
    "axb.query_unknown_200",
    ("AXB-067", "CODE-1012007"),
    "a query of a never-issued id answers 1012007 with HTTP 200, not as a refusal",
)
HINT_TONE_ALWAYS = fault(
    "axb.hint_tone_always", ("AXB-068",), "a query item carries recordHintTone even with recordFlag false"
)
SUBSCRIBE_TIME_FROZEN = fault(
    "axb.subscribe_time_frozen", ("AXB-069",), "subscribeTime stays the bind time after a modify"
)
REFUSE_FIXED_LINE = fault(
    "axb.refuse_fixed_line", ("AXB-102", "NUM-002"), "a fixed-line user number is refused by the bind (1010002)"
)
ONE_CALL_PER_BINDING = fault(
    "axb.one_call_per_binding",
    ("AXB-104", "AXB-105"),
    "after its first call a binding routes no more calls (as if unbound on hang-up)",
)

# Switches of the shared families that bend only AXB's rules, routing or messages.
APP_IGNORE_OWNERSHIP = fault(
    "app.ignore_ownership", ("GEN-102", "AXB-011", "AXB-045", "CODE-1012001"), "an X of another app is usable"
)
CALL_ANY_CALLER_CONNECTS = fault(
    "call.any_caller_connects",
    ("AXB-082", "HANG-012"),
    "a caller outside every pair of an AXB X reaches the first pair's A",
)
CALL_B_SEES_CALLER = fault(
    "call.axb_b_call_shows_caller", ("AXB-081", "AXB-100"), "A sees B's own number, not X, on a call from B"
)
SMS_B_NEEDS_PRIVATE_SMS = fault(
    "sms.axb_b_needs_private_sms",
    ("AXB-022",),
    "on a binding made without privateSms, B's messages are not forwarded",
)
SMS_A_NEEDS_NO_PRIVATE_SMS = fault(
    "sms.axb_private_sms_true_blocks_a",
    ("AXB-090",),
    'on a binding made with privateSms "true", A\'s messages are not forwarded (the flag read inverted)',
)
SMS_B_SENDER_SHOWN = fault(
    "sms.axb_b_sender_shown", ("AXB-091", "SMS-003"), "B's forwarded messages show B, not X, as sender"
)
SMS_NO_BINDING_RESULT = fault(
    "sms.axb_no_binding_result", ("AXB-093", "SMS-007"), "a message from outside every pair reports sendResult 10"
)
PARTIAL_WRITE = fault(
    "axb.partial_write",
    # The scenarios of every field a bind refuses notice the stored pair too (a later bind of
    # the same numbers, or the listing, shows it).
    (
        "CODE-1010002",
        "AXB-003",
        "AXB-016",
        "AXB-017",
        "AXB-018",
        "AXB-019",
        "AXB-023",
        "GEN-108",
        "GEN-118",
        "NUM-001",
        "NUM-004",
        "NUM-006",
        "NUM-007",
    ),
    "a bind refused for a malformed field (1010002) has stored the pair already",
)
