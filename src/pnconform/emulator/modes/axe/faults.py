"""AXE fault switches (design.md "AXE behaviour"; see ``emulator/faults.py`` for the mechanism and the
layout): the ``axe.*`` switches, and the shared-family ones that bend only AXE code."""

from __future__ import annotations

from ...faults import fault

PAD_EXTENSION = fault(
    "axe.pad_extension", ("AXE-001",), "extensions are answered padded to 4 digits whatever the app's length"
)
ASSIGN_TAKEN_EXTENSION = fault(
    "axe.assign_taken_extension",
    ("AXE-002", "AXE-007"),
    "the platform always assigns the first extension, even when it is taken",
)
IGNORE_CHOSEN_EXTENSION = fault(
    "axe.ignore_chosen_extension", ("AXE-003",), "a customer-chosen extendNum is replaced by the first free one"
)
ALLOW_SHARED_EXTENSION = fault(
    "axe.allow_shared_extension",
    ("AXE-004", "CODE-1020167"),
    "a chosen extendNum already taken on that X is given once more",
)
SKIP_EXTENSION_FORMAT = fault(
    "axe.skip_extension_format", ("AXE-005", "CODE-1010002"), "extendNum length and digits are not checked"
)
IGNORE_CAPACITY = fault(
    "axe.ignore_capacity", ("AXE-006",), "a full X takes one more binding with a too-long extension"
)
AREACODE_WINS = fault("axe.areacode_wins", ("AXE-008", "GEN-110"), "areaCode beats an explicit virtualNum in bind")
IGNORE_AREA = fault("axe.ignore_area", ("AXE-009",), "allocation ignores areaCode (any X of the app)")
LOOSE_AS_STRICT = fault("axe.loose_as_strict", ("AXE-009",), "areaMatchMode 1 behaves as strict")
ALLOW_BOTH_CALLBACKS = fault(
    "axe.allow_both_callbacks", ("AXE-010", "CODE-1010002"), "callbackTone and callbackNum are accepted together"
)
SKIP_TIME_UNIT = fault(
    "axe.skip_time_unit", ("AXE-011", "CODE-1010002"), "timeUnit is not checked (anything else counts as hours)"
)
SKIP_EXPIRY_ORDER = fault(
    "axe.skip_expiry_order", ("AXE-012", "CODE-1010002"), "bindExpiredTime below callbackExpiredTime is accepted"
)
DEFAULT_LIFETIME = fault(
    "axe.default_lifetime",
    ("AXE-013",),
    "a bind without bindExpiredTime expires after 168 hours instead of never (D-23)",
)
IGNORE_EXPIRY = fault("axe.ignore_expiry", ("AXE-014",), "bindings never expire")
UNBIND_NOOP = fault("axe.unbind_noop", ("AXE-015",), "unbind answers 0 but keeps the binding")
PARTIAL_SELECTOR = fault(
    "axe.partial_selector",
    ("AXE-016", "CODE-1010002"),
    "virtualNum without extendNum selects the first binding of X",
)
NUMBERS_WIN = fault("axe.numbers_win", ("AXE-017", "GEN-111"), "virtualNum + extendNum beat subscriptionId")
NOT_FOUND_CODE = fault(
    "axe.not_found_code",
    ("AXE-018", "CODE-1016001"),
    "an unknown or removed binding is answered 1012007 instead of 1016001 (D-7)",
)
MODIFY_CLEARS_FIELDS = fault("axe.modify_clears_fields", ("AXE-019",), "modify resets the fields it was not sent")
ALLOW_TRANSPARENT = fault(
    "axe.allow_transparent", ("AXE-020", "CODE-1020178", "GEN-119"), 'displayNumMode "1" accepted on any app'
)
MODIFY_CHANGES_QUERY_EXPIRY = fault(
    "axe.modify_changes_query_expiry",
    ("AXE-021",),
    "the query shows timeUnit/bindExpiredTime of a later modify instead of the bind-time values (D-9)",
)
V2_CURSOR_REPEATS = fault(
    "axe.v2_cursor_repeats", ("AXE-022",), "the v2.0 query repeats the last binding of a page on the next"
)
ALLOW_DUPLICATE_A = fault("axe.allow_duplicate_a", ("CODE-1013102",), "the same A is bound on the same X twice (D-12)")
IGNORE_OWNERSHIP = fault("axe.ignore_ownership", ("GEN-102",), "an X of another app is usable in AXE calls")
NO_AREA_REQUIRED = fault(
    "axe.no_area_required", ("GEN-109", "CODE-1010002"), "a bind without virtualNum and areaCode takes any X (D-18)"
)

# Switches of the shared families that bend only AXE's rules, routing or messages.
CALL_AXE_NO_COLLECT_INFO = fault(
    "call.axe_no_collect_info", ("EVT-041", "AXE-023"), "no collectInfo event in the AXE A-called scenario"
)
CALL_AXE_WRONG_EXTENSION_CONNECTS = fault(
    "call.axe_wrong_extension_connects",
    ("AXE-024",),
    "a wrong extension reaches the first binding of X instead of ending with 8022",
)
CALL_AXE_FIRST_CALLER_KEPT = fault(
    "call.axe_first_caller_kept", ("AXE-029",), "an AXE call-back reaches the first caller, not the latest"
)
CALL_AXE_NO_RECORD_8022 = fault(
    "call.axe_no_record_8022",
    ("AXE-030", "HANG-014"),
    "A -> X without a callback record ends with 8022 instead of 8019",
)
CALL_AXE_CALLBACK_RECORDS_KEPT = fault(
    "call.axe_callback_records_kept", ("AXE-032",), "AXE callback records never expire"
)
CALL_AXE_EMPTY_EXTENSION_8022 = fault(
    "call.axe_empty_extension_8022",
    ("AXE-026", "HANG-024"),
    "a call in which no extension is received ends with 8022 (as a wrong extension) instead of 8033",
)
CALL_AXE_CALLBACK_SHOWS_A = fault(
    "call.axe_callback_shows_a", ("AXE-028",), "on A's call back through X the caller B sees A's own number, not X"
)
CALL_AXE_IGNORE_CALLBACK_NUM = fault(
    "call.axe_ignore_callback_num",
    ("AXE-031",),
    "without a callback record A's call ends with 8019 although the binding has a callbackNum",
)
