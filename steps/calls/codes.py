"""Steps of the hang-up, teardown and Q.850 code tables driven through simulated calls
(features/calls/hangup_codes.feature, teardown_points.feature, q850_causes.feature).

The calls are placed by "A calls X and <condition>" (steps/calls/calls.py, ``BEHAVIOURS``: one
phrase per condition of the test hooks). The Then steps here check one field each against the
code tables of 50 §3-§5; the tables are read from the rule catalogue (one rule per code), not
kept here: ``TABLES``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from pytest_bdd import then

from pnconform.catalogue import load_catalogue
from pnconform.receiver import ReceiverTimeout
from steps import attribution
from steps.params import parse

if TYPE_CHECKING:
    from steps.calls.calls import CallScenario

# field -> (rule-id prefix, how its rules name their codes): "Hang-up cause 8102", "Hang-up causes
# 7102, 8011 ... and 8139", "Teardown point 8011 or 8040"; Q850-<nnn> ids are the cause itself.
TABLES: dict[str, tuple[str, str]] = {
    "stateCode": ("HANG-", r"Hang-up causes? ([\d, ]+(?:(?:and|or) \d+)?)"),
    "ulFailReason": ("TEAR-", r"Teardown point ([\d, ]+(?:(?:and|or) \d+)?)"),
    "fwdUnaswRsn": ("Q850-", ""),
}
# How the rule of each table (HANG-002, TEAR-002, Q850-900) names the table: the subject of a
# failed "in the table" check.
TABLE_WORDS = {
    "stateCode": "hang-up cause table",
    "ulFailReason": "teardown-point table",
    "fwdUnaswRsn": "Q.850 cause table",
}
_NOT_IN_TABLE = ("HANG-098", "HANG-099", "TEAR-090", "TEAR-091")  # rules about codes the tables lack


@cache
def table(field: str) -> frozenset[int]:
    """The codes of ``field``'s table (50 §3, §5, §4), from the catalogue's one-rule-per-code entries."""
    prefix, pattern = TABLES[field]
    found: set[int] = set()
    for rule in load_catalogue():
        if not rule.id.startswith(prefix) or rule.id in _NOT_IN_TABLE:
            continue
        if field == "fwdUnaswRsn":
            if re.fullmatch(r"Q850-\d{3}", rule.id) and rule.id != "Q850-900":
                found.add(int(rule.id[5:]))
            continue
        match = re.match(pattern, rule.statement)
        if match:
            found.update(int(c) for c in re.findall(r"\d+", match.group(1)))
    return frozenset(found)


def in_table(field: str, code: Any) -> bool:
    return isinstance(code, int) and not isinstance(code, bool) and code in table(field)


def codes_check(field: attribution.Cause, got: Any, wanted: list[str], record: str) -> None:
    """``got`` (the call's ``field``) is one of ``wanted``. A wrong code breaks the rules of the
    wanted codes; a code outside its table breaks the table's rule too (HANG-002, TEAR-002,
    Q850-900); a missing field, the rules that name the field (EVT-043)."""
    __tracebackhide__ = True
    if str(got) in wanted:
        return
    words = [*attribution.cause_words(field, wanted), *(c for c in wanted if len(c) >= 3)]  # "8015 or 8041"
    if not in_table(field, got):
        words.append(TABLE_WORDS[field])
    if got is None:  # the field is missing: the rules that the record carries it (EVT-043) break too
        words.append(field)
    attribution.check(False, f"{field} {got!r}, expected {' or '.join(wanted)}: {record}", field, words)


def _table_check(field: attribution.Cause, got: Any, record: str, failure: bool) -> None:
    __tracebackhide__ = True
    ok = in_table(field, got) and (not failure or got != 0)
    what = "a failure code" if failure else "a code"
    message = f"{field} {got!r} is not {what} of the {TABLE_WORDS[field]} (50-events-cdr-codes): {record}"
    attribution.check(ok, message, field, (TABLE_WORDS[field],))


def _cdr(calls: CallScenario) -> dict[str, Any]:
    from steps.calls.calls import CDR_PRODUCED, awaited

    return awaited(calls.cdr, "push", CDR_PRODUCED)


@then("the call ends with a failure cause of the hang-up table")
def ends_with_table_cause(calls: CallScenario) -> None:
    # HANG-002: a failed call reports a non-zero stateCode of the table.
    try:
        info = calls.event("disconnect")
    except ReceiverTimeout as missing:
        attribution.fail(str(missing), "call")
    _table_check("stateCode", info.get("stateCode"), f"disconnect {info}", failure=True)


@then("the CDR of the call gives a teardown point of the teardown table")
def cdr_table_teardown(calls: CallScenario) -> None:
    cdr = _cdr(calls)  # TEAR-002
    _table_check("ulFailReason", cdr.get("ulFailReason"), f"CDR {cdr}", failure=False)


@then("the CDR of the call gives a Q.850 cause of Huawei's table")
def cdr_table_q850(calls: CallScenario) -> None:
    cdr = _cdr(calls)  # Q850-900
    _table_check("fwdUnaswRsn", cdr.get("fwdUnaswRsn"), f"CDR {cdr}", failure=False)


@then(parse("the CDR of the call gives Q.850 cause {cause:Int}"))
def cdr_q850(calls: CallScenario, cause: int) -> None:
    cdr = _cdr(calls)  # Q850-<cause>
    codes_check("fwdUnaswRsn", cdr.get("fwdUnaswRsn"), [str(cause)], f"CDR {cdr}")
