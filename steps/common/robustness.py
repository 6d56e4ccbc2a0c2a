"""Steps of features/common/robustness.feature: malformed requests, judged by the documented codes.

The When step draws malformed requests for every interface of one mode (`pnconform.robustness`),
sends each, signed, through the mode's `PrivateNumberClient`, judges the answer and, with test
hooks, compares what the target lists with what it listed before the first request. The Hypothesis
search runs inside the step and keeps its findings, so that the Then steps fail with the smallest
failing request, ready to replay, and blame the rules of the checks that failed (GEN-009 a server
error or a status that does not go with its code, GEN-006 a broken envelope, CODE-1010002 an
undocumented refusal code, an accepted malformed bind or a change of state).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict

import pytest
from pytest_bdd import parsers, then, when

from pnconform import robustness as rb
from pnconform.client import PrivateNumberClient, Response
from pnconform.hooks import RestoringHooks
from pnconform.numbers import NumberPool
from pnconform.safety import lookup
from pnconform.tags import rule_ids
from pnconform.targets import Target
from pnconform.violation import RuleViolation
from steps.attribution import blamed

ClientFor = Callable[[str], PrivateNumberClient]

UNKNOWN_SID = "pnc-robustness-no-such-binding-0001"
MODES = {"AXB": "axb", "AX": "ax", "AXE": "axe", "AXYB": "axyb"}
# Which finding kinds break which checks of the Then steps.
ANSWER_KINDS = ("5xx", "status", "envelope", "code", "accepted")
STATE_KINDS = ("state",)
MAX_LISTED_X = 10


def _roles(target: Target, numbers: NumberPool, mode: str) -> dict[str, str]:
    """The values of the placeholders: fresh A and B, an X of the app and its city, an unknown id."""
    app = target.app(mode)
    x = numbers.x(mode)
    area = next((info.area_code for info in app.x_numbers if info.number == x and info.area_code), "0755")
    return {
        rb.A: numbers.user(),
        rb.B: numbers.user(),
        rb.X: x,
        rb.AREA: area,
        rb.SID: UNKNOWN_SID,
        rb.APP_KEY: app.app_key,
    }


def _listing(hooks: RestoringHooks, mode: str, app_key: str) -> dict[str, str]:
    """The app's bindings as the hooks list them: subscriptionId -> the whole item."""
    return {str(b.get("subscriptionId")): json.dumps(b, sort_keys=True) for b in hooks.bindings(mode, app_key)}


def _api_listing(client: PrivateNumberClient, mode: str, xs: list[str]) -> dict[str, str]:
    """Without test hooks: the bindings on these X numbers (the suite's own) as the mode's query
    interface lists them, all pages: subscriptionId -> what the query shows of it."""
    return {
        f.subscription_id: json.dumps(asdict(f), sort_keys=True)
        for x in xs
        for f in lookup.bindings_on_x(client, mode, x)
    }


def _send(client: PrivateNumberClient, request: rb.Malformed) -> Response:
    headers = dict(request.headers)
    if request.content_type is not None:
        headers["Content-Type"] = request.content_type
    return client.request(request.method, request.path, content=request.body, headers=headers)


def _unbind(client: PrivateNumberClient, mode: str, response: Response) -> None:
    """A lenient target bound something: take it away again (the finding stays)."""
    sid = response.body.get("subscriptionId") if response.body else None
    if isinstance(sid, str) and sid:
        getattr(client, f"{mode}_unbind")(subscriptionId=sid)


@pytest.fixture
def robustness_tally() -> rb.Tally:
    """What one scenario's malformed requests found."""
    return rb.Tally()


@when(parsers.re(r"malformed requests are sent to every (?P<label>AXB|AX|AXE|AXYB) interface"))
def send_malformed(
    request: pytest.FixtureRequest,
    target: Target,
    numbers: NumberPool,
    client_for: ClientFor,
    robustness_tally: rb.Tally,
    label: str,
) -> None:
    mode = MODES[label]
    client = client_for(mode)
    app_key = target.app(mode).app_key
    hooks: RestoringHooks | None = request.getfixturevalue("hooks") if target.capabilities.test_hooks else None
    tally = robustness_tally
    tally.mode = mode
    roles = _roles(target, numbers, mode)
    # Every X of the app the target gives the suite, at most MAX_LISTED_X of them (queries cost on
    # a live target); never an X it was not given.
    app_xs = [info.number for info in target.app(mode).x_numbers][:MAX_LISTED_X]
    if hooks is not None:
        listing: Callable[[], dict[str, str]] = lambda: _listing(hooks, mode, app_key)  # noqa: E731
        tally.state_note = "state: the test hooks' listing of the app compared after every request"
    else:
        # Without hooks the mode's query interface: the X the requests name after every request,
        # every X of the app before and after the run (a bind without an X may take any of them).
        listing = lambda: _api_listing(client, mode, [roles[rb.X]])  # noqa: E731
        tally.state_note = (
            f"state: the query of {roles[rb.X]} compared after every request and of the app's"
            f" {len(app_xs)} X number(s) before and after the run (no test hooks)"
        )
    whole_before = _api_listing(client, mode, app_xs) if hooks is None else None
    before: dict[str, str] | None = listing()
    last: list[rb.Malformed] = []

    def send(malformed: rb.Malformed) -> list[rb.Finding]:
        nonlocal before
        client.log.clear()  # keep the last (after shrinking: the smallest failing) request in view
        last[:] = [malformed]
        response = _send(client, malformed)
        findings = rb.judge(malformed, response.status, response.body, response.text)
        if response.resultcode == "0" and malformed.method == "POST":
            _unbind(client, mode, response)
        if before is not None:
            try:
                after = listing()
            except Exception as exc:  # the target stored what it cannot list: the request changed its state
                findings.append(rb.Finding("state", rb.CODE_RULE, f"the target cannot list its bindings since: {exc}"))
                before = None  # no later request can be compared
                tally.state_note += " (until the listing broke)"
                return findings
            changed = rb.new_or_changed(before, after)
            if changed:
                findings.append(
                    rb.Finding("state", rb.CODE_RULE, f"new or changed bindings on the target: {changed[:3]}")
                )
            before = after
        return findings

    strategy = rb.malformed_requests(rb.ENDPOINTS[mode], roles)
    rb.search(
        strategy,
        send,
        tally,
        max_examples=rb.budget(target.hypothesis),
        shrink_seconds=target.hypothesis.get("shrink_seconds", 30),
    )
    if whole_before is not None and last and "state" not in tally.found:
        changed = rb.new_or_changed(whole_before, _api_listing(client, mode, app_xs))
        if changed:
            message = f"after the run, new or changed bindings on the app's X numbers: {changed[:3]}"
            tally.note(last[0], rb.Finding("state", rb.CODE_RULE, message + " (which request is not known)"))
    print(tally.figure())


def _rules_of(request: pytest.FixtureRequest, kind: str) -> list[str]:
    """The scenario's rules a failed check of finding ``kind`` breaks."""
    tags = tuple(rule_ids(m.name for m in request.node.iter_markers()))
    if kind in ("5xx", "status"):
        return [r for r in tags if r == rb.STATUS_RULE]
    if kind == "envelope":
        return blamed("envelope", tags)
    return blamed("code", tags, (rb.CODE_RULE.removeprefix("CODE-"),))


def _fail(request: pytest.FixtureRequest, tally: rb.Tally, kinds: tuple[str, ...]) -> None:
    """Fail with every check of ``kinds`` that found something, each blaming its own rule."""
    __tracebackhide__ = True
    failed = tally.failed(kinds)
    if not failed:
        return
    rules: list[str] = []
    for kind in failed:
        rules += [r for r in _rules_of(request, kind) if r not in rules]
    text = f"{tally.figure()}\n\n{tally.report(failed)}"
    if rules:
        raise RuleViolation(text, rules)
    raise AssertionError(text)


@then("every answer to a malformed request was a documented refusal in the JSON envelope")
def malformed_answered_as_documented(request: pytest.FixtureRequest, robustness_tally: rb.Tally) -> None:
    _fail(request, robustness_tally, ANSWER_KINDS)


@then("no malformed request changed the bindings the target lists")
def malformed_changed_nothing(request: pytest.FixtureRequest, robustness_tally: rb.Tally) -> None:
    _fail(request, robustness_tally, STATE_KINDS)
