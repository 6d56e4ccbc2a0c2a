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

When that leaves no tag, the failure stays a plain AssertionError: it fails every tag.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, NoReturn

import pytest

from pnconform.tags import rule_ids
from pnconform.violation import RuleViolation

About = Literal["envelope", "code", "effect"]

# The rules about an answer's form: JSON envelope, success text, content type, status per code.
ANSWER_FORM = frozenset({"GEN-006", "GEN-007", "GEN-008", "GEN-009"})

ENVELOPE = "GEN-006"

_scenario_rules: tuple[str, ...] = ()


@pytest.fixture(autouse=True)
def _scenario_rule_tags(request: pytest.FixtureRequest) -> Iterator[None]:
    """The rule tags of the running scenario, for `fail` (steps run one scenario at a time)."""
    global _scenario_rules
    _scenario_rules = tuple(rule_ids(m.name for m in request.node.iter_markers()))
    yield
    _scenario_rules = ()


def blamed(about: About, rules: tuple[str, ...]) -> list[str]:
    """The rules among ``rules`` (a scenario's tags) that a failed check about ``about`` breaks."""
    if about == "envelope":
        return [r for r in rules if r == ENVELOPE]
    kept = set(ANSWER_FORM)
    if about == "effect":
        kept |= {r for r in rules if r.startswith("CODE-")}
    return [r for r in rules if r not in kept]


def fail(message: str, about: About) -> NoReturn:
    """Fail the running scenario's rules that a check about ``about`` breaks (see the module doc)."""
    __tracebackhide__ = True
    rules = blamed(about, _scenario_rules)
    if rules:
        raise RuleViolation(message, rules)
    raise AssertionError(message)


def check(condition: object, message: str, about: About) -> None:
    """`fail(message, about)` unless ``condition`` holds."""
    __tracebackhide__ = True
    if not condition:
        fail(message, about)


def effect(condition: object, message: str) -> None:
    """A check on what a correctly answered request did or showed (``about="effect"``)."""
    __tracebackhide__ = True
    check(condition, message, "effect")
