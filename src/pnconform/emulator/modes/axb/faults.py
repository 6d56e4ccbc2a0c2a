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
    ("AXB-004", "AXB-005", "AXB-008", "AXB-106", "CODE-1012010"),
    "overlap answered with 1012008 instead of 1012010",
)
IGNORE_CAPACITY = fault(
    "axb.ignore_capacity",
    ("AXB-010", "AXB-109", "GEN-113", "CODE-1012008", "CODE-1012009"),
    "pairs-per-X limit not enforced",
)
IGNORE_AREA = fault(
    "axb.ignore_area", ("AXB-012", "AXB-015", "GEN-109", "CODE-1012008"), "allocation ignores areaCode (any X)"
)
LOOSE_AS_STRICT = fault("axb.loose_as_strict", ("AXB-013", "GEN-109"), "areaMatchMode 1 behaves as strict")
AREACODE_WINS = fault("axb.areacode_wins", ("AXB-014", "GEN-110"), "areaCode beats an explicit relationNum")
IGNORE_DURATION = fault("axb.ignore_duration", ("AXB-025", "AXB-051", "GEN-107", "AXB-109"), "bindings never expire")
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
UNBIND_NOOP = fault("axb.unbind_noop", ("AXB-040", "AXB-044", "AXB-107"), "unbind answers 0 but keeps the binding")
PAGE_SIZE_UNCLAMPED = fault("axb.page_size_unclamped", ("AXB-065", "AXB-066"), "pageSize used as sent, default 100")
UNLOCKED = fault(
    "axb.unlocked",
    ("AXB-004", "GEN-113"),
    "check and insert of a bind are not atomic (yields between them; breaks AXB-004 under concurrency)",
)

# Switches of the shared families that bend only AXB's rules, routing or messages.
APP_IGNORE_OWNERSHIP = fault(
    "app.ignore_ownership", ("GEN-102", "AXB-011", "AXB-045", "CODE-1012001"), "an X of another app is usable"
)
CALL_ANY_CALLER_CONNECTS = fault(
    "call.any_caller_connects",
    ("AXB-082", "HANG-012", "CDR-032"),
    "a caller outside every pair of an AXB X reaches the first pair's A",
)
