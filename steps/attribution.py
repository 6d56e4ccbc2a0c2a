"""Which of a scenario's rules a failed check blames: the one place that decides it.

A scenario is tagged with every rule it exercises, but a check fails only the rules it checks
(pnconform.violation.RuleViolation; the other tags are reported as exercised). A step says what
its check looked at, and `fail` blames the scenario's tags minus the rules about what was found
in order:

* ``"code"``: the answer carried the wrong code, in a well-formed envelope with the HTTP status
  that goes with the code it carried, so the rules about the answer's form (GEN-006..009) hold;
* ``"envelope"``: the answer is no JSON object with a string resultcode and a resultdesc: the
  rule of the envelope (GEN-006) is broken, not those about what the answer says;
* ``"effect"``: what a request the platform answered correctly did or showed (a binding's fields
  after a modify, a binding gone after an unbind, a field of the answer): neither the form nor
  the code of the answer (CODE-*) is at fault.

Calls and the platform's pushes (50-events-cdr-codes.md) add:

* ``"call"``: what became of a call or an X-status change (whom it reached, whether it was
  connected, went on, ended, was recorded, was notified): the rules about what the events and
  CDRs say (EVT-*, CDR-*, and the code tables HANG-*, TEAR-*, Q850-*) are not at fault;
* ``"push"``: what an event or CDR (or X-status notification) says, a field of it: the API's
  answer rules are not at fault;
* ``"stateCode"``, ``"ulFailReason"``, ``"fwdUnaswRsn"``: the cause a call reported in that
  field (disconnect event; CDR teardown point; CDR Q.850 cause): the other two code tables are
  not at fault.

A check may also name its ``subject`` (a field, a header, a code): of the rules left, it blames
those whose statement speaks of it (a CODE-n rule speaks of code n), or all of them when none
does. A cause check's subject is its codes, read as "cause N"/"stateCode N", "point N"/
"ulFailReason N", "cause N"/"fwdUnaswRsn N" (see `cause_words`).

When that leaves no tag, the failure stays a plain AssertionError: it fails every tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Literal, NoReturn

import pytest

from pnconform.catalogue import rules_by_id
from pnconform.tags import rule_ids
from pnconform.violation import RuleViolation

About = Literal["envelope", "code", "effect", "call", "push", "stateCode", "ulFailReason", "fwdUnaswRsn"]
Cause = Literal["stateCode", "ulFailReason", "fwdUnaswRsn"]

# The rules about an answer's form: JSON envelope, success text, content type, status per code.
ANSWER_FORM = frozenset({"GEN-006", "GEN-007", "GEN-008", "GEN-009"})

ENVELOPE = "GEN-006"

# The rule families (id prefixes) about what the pushes of a call say: the three code tables
# (hang-up causes, teardown points, Q.850 causes), the call events and the CDRs.
CODE_TABLES: dict[Cause, str] = {"stateCode": "HANG-", "ulFailReason": "TEAR-", "fwdUnaswRsn": "Q850-"}
PUSHED = ("EVT-", "CDR-", *CODE_TABLES.values())

# Per kind, the families of rules a failed check of that kind does not break (beyond the answer form).
NOT_AT_FAULT: dict[str, tuple[str, ...]] = {
    "code": (),
    "effect": ("CODE-",),
    "call": ("CODE-", *PUSHED),
    "push": ("CODE-",),
    **{kind: ("CODE-", *(p for k, p in CODE_TABLES.items() if k != kind)) for kind in CODE_TABLES},
}

# How a rule's statement names a cause code N of each field (the code tables' wording, and the modes').
_CAUSE_NAMES: dict[Cause, tuple[str, ...]] = {
    "stateCode": ("cause", "stateCode"),
    "ulFailReason": ("point", "ulFailReason"),
    "fwdUnaswRsn": ("cause", "fwdUnaswRsn"),
}

_scenario_rules: tuple[str, ...] = ()


@pytest.fixture(autouse=True)
def _scenario_rule_tags(request: pytest.FixtureRequest) -> Iterator[None]:
    """The rule tags of the running scenario, for `fail` (steps run one scenario at a time)."""
    global _scenario_rules
    _scenario_rules = tuple(rule_ids(m.name for m in request.node.iter_markers()))
    yield
    _scenario_rules = ()


@cache
def _statement(rule: str) -> str:
    found = rules_by_id().get(rule)
    return found.statement if found is not None else ""


def speaks_of(rule: str, subject: Iterable[str]) -> bool:
    """Whether ``rule`` is about one of the words of ``subject`` (its statement names it as a
    word; CODE-n names code n)."""
    text = _statement(rule)
    return any(rule == f"CODE-{word}" or re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) for word in subject)


def cause_words(field: Cause, codes: Iterable[str]) -> tuple[str, ...]:
    """How a rule names the cause codes ``codes`` of ``field`` ("cause 8013", "point 7104", ...)."""
    return tuple(f"{name} {code}" for code in codes for name in _CAUSE_NAMES[field])


def blamed(about: About, rules: tuple[str, ...], subject: Iterable[str] = ()) -> list[str]:
    """The rules among ``rules`` (a scenario's tags) that a failed check about ``about`` (and
    ``subject``) breaks."""
    if about == "envelope":
        return [r for r in rules if r == ENVELOPE]
    families = NOT_AT_FAULT[about]
    left = [r for r in rules if r not in ANSWER_FORM and not r.startswith(families)]
    words = tuple(subject)
    named = [r for r in left if speaks_of(r, words)] if words else []
    return named or left


def fail(message: str, about: About, subject: Iterable[str] = ()) -> NoReturn:
    """Fail the running scenario's rules that a check about ``about`` breaks (see the module doc)."""
    __tracebackhide__ = True
    rules = blamed(about, _scenario_rules, subject)
    if rules:
        raise RuleViolation(message, rules)
    raise AssertionError(message)


def check(condition: object, message: str, about: About, subject: Iterable[str] = ()) -> None:
    """`fail(message, about, subject)` unless ``condition`` holds."""
    __tracebackhide__ = True
    if not condition:
        fail(message, about, subject)


def effect(condition: object, message: str, subject: Iterable[str] = ()) -> None:
    """A check on what a correctly answered request did or showed (``about="effect"``)."""
    __tracebackhide__ = True
    check(condition, message, "effect", subject)


def call(condition: object, message: str, subject: Iterable[str] = ()) -> None:
    """A check on what became of a call or a status change (``about="call"``)."""
    __tracebackhide__ = True
    check(condition, message, "call", subject)


def push(condition: object, message: str, subject: Iterable[str] = ()) -> None:
    """A check on what an event, CDR or notification says (``about="push"``)."""
    __tracebackhide__ = True
    check(condition, message, "push", subject)


def cause(condition: object, message: str, field: Cause, codes: Iterable[str]) -> None:
    """A check that a call reported one of ``codes`` as its cause in ``field``."""
    __tracebackhide__ = True
    check(condition, message, field, cause_words(field, codes))
