"""Steps of the call, callback and code features (features/calls/, 50-events-cdr-codes.md).

Calls and messages are placed through the test hooks' call/SMS simulator (`HooksClient`); what
the platform reports is read from the suite's callback receiver (`pnconform.receiver`), whose
validators check every push against the spec. Bindings come from the per-mode Given steps.
Numbers are named as in every feature (A..H users, X.. privacy numbers, Y an AXYB Y).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

import pytest
from pytest_bdd import given, parsers, then, when

from pnconform.client import CALL_STOP_PATH
from pnconform.hooks import RestoringHooks
from pnconform.receiver import ReceiverTimeout, Reply, close, connect, discard, forward
from pnconform.violation import check
from steps import attribution
from steps.common.api_steps import SIGNING, signed_headers
from steps.common.context import Ctx
from steps.common.modes import AXB
from steps.params import FIELDS, USER, parse, parse_codes, parse_fields

PARTY = r"(?:[A-H]|X[1-6]?|Y)"
BINDING = r'binding "(?P<name>[^"]+)"'
# "A calls X and <phrase>": what the network and the platform do with the call -> the test hooks'
# condition (design.md "Test hooks contract"; the emulator's table: emulator/calls/outcomes.py).
BEHAVIOURS = {
    # the callee's leg
    "the callee is busy": "busy",
    "the callee does not answer": "no_answer",
    "the callee rejects the call": "reject",
    "the callee refuses the call by do-not-disturb or a blacklist": "refused",
    "the callee cannot be reached": "unreachable",
    "the callee's signal is abnormal": "signal_abnormal",
    "the callee's line is suspended": "suspended",
    "the callee number does not exist": "callee_unknown",
    "the callee's phone rings until the platform gives up": "ring_timeout",
    "the caller hangs up first": "caller_hangup",
    "the caller hangs up while it rings": "caller_hangup_ringing",
    # the network
    "the caller-side network is abnormal": "caller_network",
    "the callee-side network is abnormal": "callee_network",
    "routing the call fails": "routing_failure",
    # announcements, prompts, recording
    "no announcement file exists": "announcement_missing",
    "the X-mode announcement file does not exist": "x_announcement_missing",
    "the security-control prompt cannot be played": "security_prompt_failed",
    "the prompt cannot be played or digits collected": "prompt_failed",
    "the last-minute prompt cannot be played": "last_minute_prompt_failed",
    "recording the call fails": "recording_failed",
    "recording the call fails with 8041": "recording_failed_8041",
    # internal faults
    "the platform has an internal service error": "internal_7102",
    "the platform has an internal error": "internal_8011",
    "the platform service is abnormal": "internal_8020",
    "the platform has an internal error 8040": "internal_8040",
    "the platform fails otherwise": "internal_8139",
    # control
    "developer call-frequency control blocks it": "developer_frequency",
    "application call-frequency control blocks it": "app_frequency",
    "display-number call-frequency control blocks it": "display_frequency",
    "the callee is blacklisted": "callee_blacklist",
    "the caller is blacklisted": "caller_blacklist",
    "the call prefix is restricted": "prefix_restricted",
    "showing the real caller is not allowed": "real_caller_display",
    "international incoming calls are restricted": "international_in",
    "international outgoing calls are restricted": "international_out",
    "abnormal call-time control blocks it": "call_time_control",
    "abnormal connection-rate control blocks it": "connection_rate",
    "caller call-frequency control blocks it": "caller_frequency",
    "callee call-frequency control blocks it": "callee_frequency",
    "service-number call-frequency control blocks it": "number_frequency",
    "it falls outside the allowed time window": "time_window",
    "the sub-enterprise is suspended": "sub_enterprise_suspended",
    "dial-test number control blocks it": "dial_test",
    "call-direction control blocks it": "direction_control",
    "the caller has no service permission": "no_service_permission",
    "the platform refuses the caller as a fixed line": "fixed_line_control",
    "the X number has no call permission": "x_no_permission",
    "the practitioner is not real-name registered": "not_real_name",
    "the carrier intercepts it": "carrier_interception",
    # the tenant
    "the application information does not exist": "app_missing",
    "the application has no privacy-number resources": "no_number_resources",
    "the service type does not match the application": "service_type_mismatch",
    "the application lacks the privacy-call capability": "no_call_capability",
    "the account is frozen": "account_frozen",
    "the tenant has too few voice ports": "tenant_ports",
    "the platform has too few voice ports": "platform_ports",
    "no Y number can be allocated": "y_allocation_failed",
    # teardown points only
    "the app_key is invalid": "invalid_app_key",
    "the caller number information does not exist": "caller_info_missing",
    "the far end returns a failure announcement": "far_end_announcement",
    "the callee's ringing times out": "user_ring_timeout",
    "the user hangs up while it rings": "user_hangup_ringing",
    "text-to-speech conversion fails": "tts_failed",
    "the caller hangs up before it is connected": "caller_hangup_before_connect",
}
_BEHAVIOUR_ALTERNATIVES = "|".join(re.escape(p) for p in sorted(BEHAVIOURS, key=len, reverse=True))
RELEASE = r"the carrier releases the callee's leg with Q\.850 cause (?P<q850>\d+)"
HOW = (
    r"and they talk (?P<talk>\d+) seconds|(?P<times>\d+) times"
    rf"|and (?:(?P<behaviour>{_BEHAVIOUR_ALTERNATIVES})|{RELEASE})"
)
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
KINDS = {"event": "event", "CDR": "fee", "SMS": "sms", "SMS control": "sms_control", "X-status": "x_status"}
EVENT_TYPES = r"callin|collectInfo|callout|alerting|answer|disconnect"
LATE_S = 1  # the push timeout the late-answer steps give the platform (seconds); they answer 1 s after it
CAUSE_FIELDS = ("stateCode", "ulFailReason", "fwdUnaswRsn")
T = TypeVar("T")
# A CDR that never came breaks the rules that every call, failed too, produces one (CDR-005, EVT-042).
CDR_PRODUCED = ("produces a CDR", "produces one CDR")


@dataclass
class CallScenario:
    """The calls and messages of one scenario, in the order they were placed."""

    hooks: RestoringHooks
    receiver: Any
    calls: list[dict[str, Any]] = field(default_factory=list)
    sms: dict[str, Any] | None = None
    held: list[dict[str, Any]] = field(default_factory=list)  # calls placed by one "N times" step
    by_caller: dict[str, str] = field(default_factory=dict)  # caller number -> sessionId of its last call
    download: Any = None  # the answer of the storage URL a recording download's Location named

    @property
    def last(self) -> dict[str, Any]:
        assert self.calls, "no call was placed in this scenario"
        return self.calls[-1]

    @property
    def sid(self) -> str:
        return self.last["sessionId"]

    def flush(self) -> None:
        self.hooks.flush_pushes()

    def cdr(self, session_id: str | None = None) -> dict[str, Any]:
        self.flush()
        return self.receiver.wait_for_cdr(session_id or self.sid)

    def event(self, event_type: str, session_id: str | None = None) -> dict[str, Any]:
        self.flush()
        push = self.receiver.wait_for_event(event_type, session_id or self.sid)
        return push.status_info

    def event_types(self, session_id: str | None = None) -> list[str]:
        self.event("disconnect", session_id)
        return [p.event_type for p in self.receiver.store.events(session_id or self.sid)]

    def copies(self, kind: str, session_id: str) -> list[Any]:
        """Every delivery attempt the receiver saw of the call's `kind` pushes (re-pushes counted)."""
        pushes = self.receiver.store.all(kind)
        if kind == "fee":
            return [p for p in pushes if any(r.get("sessionId") == session_id for r in p.cdrs)]
        return [p for p in pushes if p.session_id == session_id]


@pytest.fixture
def calls(hooks: RestoringHooks, receiver: Any, target: Any) -> CallScenario:
    if not getattr(target.capabilities, "call_simulator", True):
        pytest.skip(f"target '{target.name}' has no call simulator (capabilities.call_simulator)")
    return CallScenario(hooks, receiver)


def party(ctx: Ctx, name: str) -> str:
    """The number behind a name: named already (X of a binding, Y seen in a call) or a fresh user."""
    if name in ctx.named:
        return ctx.named[name]
    if re.fullmatch(USER, name):
        return AXB.num(ctx, name)
    raise AssertionError(f"{name} names no number in this scenario yet")


def app_of(ctx: Ctx, number: str) -> Any:
    for app in ctx.target.apps.values():
        if any(x.number == number for x in app.x_numbers):
            return app
    raise AssertionError(f"{number} is a number of no app of target '{ctx.target.name}'")


def awaited(get: Callable[[], T], about: attribution.About, subject: Iterable[str] = ()) -> T:
    """``get()``; a push that never came fails the rules a check about ``about`` breaks."""
    __tracebackhide__ = True
    try:
        return get()
    except ReceiverTimeout as missing:
        attribution.fail(str(missing), about, subject)


# -- Given: numbers, receiver answers, platform settings ------------------------------------------


@given(parse('{x:AxX} is the number of binding "{name:Quoted}"'))
def x_of_binding(ctx: Ctx, x: str, name: str) -> None:
    ctx.named[x] = ctx.bindings[name].relation_num


@given(parse("{x:AxX} is a number of the X-mode app"))
def x_mode_number(ctx: Ctx, x: str) -> None:
    app = ctx.target.apps.get("x")
    if app is None or not app.x_numbers:
        pytest.skip(f"target '{ctx.target.name}' gives no X-mode app with X numbers")
    ctx.named[x] = app.x_numbers[0].number


_FAIL_NEXT = rf"the receiver fails the next (?P<n>\d+) (?P<kind>{'|'.join(KINDS)}) push(?:es)?"


@given(parsers.re(_FAIL_NEXT), converters={"n": int})
@when(parsers.re(_FAIL_NEXT), converters={"n": int})
def fail_next(calls: CallScenario, n: int, kind: str) -> None:
    calls.receiver.fail_next(KINDS[kind], n)


def answer_late(calls: CallScenario) -> float:
    """Make the platform give up on an answer after LATE_S; the delay that misses it (EVT-023, SMS-008)."""
    calls.hooks.patch_settings(push_timeout_s=LATE_S)
    return LATE_S + 1.0


@given(parsers.re(rf"the receiver answers the next (?P<n>\d+) (?P<kind>{'|'.join(KINDS)}) push(?:es)? too late"))
def late_next(calls: CallScenario, n: str, kind: str) -> None:
    calls.receiver.fail_next(KINDS[kind], int(n), status=200, delay_s=answer_late(calls))


@given(
    parsers.re(
        rf"the receiver connects X-mode calls to (?P<who>{PARTY})"
        rf"(?: for at most (?P<minutes>\d+) minutes?| asking to show (?P<display>{PARTY})|(?P<rec> with recording))?"
    ),
    converters={"minutes": lambda v: None if v is None else int(v)},
)
def callin_connect(
    ctx: Ctx, calls: CallScenario, who: str, minutes: int | None, display: str | None, rec: str | None
) -> None:
    shown = None if display is None else party(ctx, display)
    extra = {"recordFlag": True} if rec else {}
    calls.receiver.answer_callin(connect(party(ctx, who), max_duration=minutes, display=shown, **extra))


@given(parse("the receiver connects X-mode calls from {c1:Party} to {d1:Party} and from {c2:Party} to {d2:Party}"))
def callin_connect_per_caller(ctx: Ctx, calls: CallScenario, c1: str, d1: str, c2: str, d2: str) -> None:
    # XM-009: each callin is answered by its own caller.
    route = {party(ctx, c1): party(ctx, d1), party(ctx, c2): party(ctx, d2)}

    def answer(body: Any) -> Reply:
        caller = (body.get("statusInfo") or {}).get("caller")
        return connect(route[caller]) if caller in route else close()

    calls.receiver.answer_callin(answer)


@given("the receiver closes X-mode calls")
def callin_close(calls: CallScenario) -> None:
    calls.receiver.answer_callin(close())


INVALID_ANSWERS = ("with maxDuration 1441", "without a callee", "with an unknown operation")


@given(parsers.re(rf"the receiver answers X-mode calls (?P<defect>{'|'.join(INVALID_ANSWERS)})"))
def callin_invalid(ctx: Ctx, calls: CallScenario, defect: str) -> None:
    bodies = {
        "with maxDuration 1441": {
            "operation": "connect",
            "connectInfo": {"calleeNum": AXB.num(ctx, "B"), "maxDuration": 1441},
        },
        "without a callee": {"operation": "connect", "connectInfo": {}},
        "with an unknown operation": {"operation": "dance"},
    }
    calls.receiver.answer_callin(Reply(200, bodies[defect]))


@given(parse("the receiver answers blocked messages by forwarding them to {who:Party}"))
def sms_forward(ctx: Ctx, calls: CallScenario, who: str) -> None:
    calls.receiver.answer_sms_block(forward(party(ctx, who)))


@given("the receiver answers blocked messages by discarding them")
def sms_discard(calls: CallScenario) -> None:
    calls.receiver.answer_sms_block(discard())


BAD_BLOCK_ANSWERS = ("with an error status", "without actions", "too late")


@given(parsers.re(rf"the receiver answers blocked messages (?P<defect>{'|'.join(BAD_BLOCK_ANSWERS)})"))
def sms_block_bad(ctx: Ctx, calls: CallScenario, defect: str) -> None:
    # SMS-008: no usable decision; "too late" would have forwarded to B had it come in time.
    if defect == "with an error status":
        calls.receiver.answer_sms_block(Reply(500))
    elif defect == "without actions":
        calls.receiver.answer_sms_block(Reply(200, {"userData": "no-actions"}))
    else:
        late = answer_late(calls)
        calls.receiver.answer_sms_block(lambda body: Reply(200, forward(AXB.num(ctx, "B"))(body).body, late))


@given("the platform delivers its pushes only when time passes")
@given("the platform holds CDRs until they are delivered together")
def hold_cdrs(calls: CallScenario) -> None:
    calls.hooks.patch_settings(push_auto=False)


URL_NAMES = {"X-status": "x_status_url", "call-status": "call_event_url", "CDR": "fee_url"}


@given(parsers.re(rf"the app of (?P<x>{PARTY}) has no (?P<which>{'|'.join(URL_NAMES)}) URL"))
def no_url(ctx: Ctx, calls: CallScenario, x: str, which: str) -> None:
    calls.hooks.set_callbacks(app_of(ctx, party(ctx, x)).app_key, **{URL_NAMES[which]: None})


@given(parse("the app of {x:Party} sends its call events to the receiver by host name"))
def events_by_host_name(ctx: Ctx, calls: CallScenario, x: str) -> None:
    # EVT-002: the call-status URL may name a domain instead of an IP address.
    url = calls.receiver.urls()["call_event_url"]
    if "//127.0.0.1:" not in url:
        pytest.skip(f"the receiver listens on {url}, not on the loopback address 'localhost' names")
    calls.hooks.set_callbacks(app_of(ctx, party(ctx, x)).app_key, call_event_url=url.replace("127.0.0.1", "localhost"))


@given(parse("the app of {x:Party} does not record calls"))
def app_not_recording(ctx: Ctx, calls: CallScenario, x: str) -> None:
    calls.hooks.set_app_state(app_of(ctx, party(ctx, x)).app_key, recording=False)


# -- calls and messages ---------------------------------------------------------------------------

_CALL = (
    rf"(?P<caller>{PARTY}) (?:calls|has called) (?P<x>{PARTY})"
    rf"(?: plus (?:the extension of {BINDING}|(?P<wrong>a wrong extension)|(?P<noext>no extension)))?"
    rf"(?: (?:{HOW}))?"
)


@given(parsers.re(_CALL))
@when(parsers.re(_CALL))
def place_call(
    ctx: Ctx,
    calls: CallScenario,
    caller: str,
    x: str,
    name: str | None,
    wrong: str | None,
    noext: str | None,
    talk: str | None,
    times: str | None,
    behaviour: str | None,
    q850: str | None,
) -> None:
    digits = None
    if name is not None:
        digits = ctx.bindings[name].fields.get("extendNum")
        assert digits, f"binding {name!r} has no extension"
    elif wrong:
        bound = {b.fields.get("extendNum") for b in ctx.bindings.values()} - {None}
        length = len(next(iter(bound))) if bound else 1
        digits = next(d for d in (str(i).zfill(length) for i in range(10**length)) if d not in bound)
    elif noext:
        digits = ""
    kwargs: dict[str, Any] = {"q850": int(q850)} if q850 and not behaviour else {}
    kwargs["condition"] = BEHAVIOURS[behaviour] if behaviour else "answer"
    if talk is not None:
        kwargs["talk_s"] = int(talk)
    calls.held = []
    for _ in range(int(times or 1)):
        answer = calls.hooks.place_call(party(ctx, caller), party(ctx, x), digits=digits, **kwargs)
        calls.calls.append(answer)
        calls.held.append(answer)
        calls.by_caller[party(ctx, caller)] = answer["sessionId"]


_EXTENSION = rf"(?: plus the extension of {BINDING})?"


@given(parsers.re(rf"(?P<caller>{PARTY}) has called (?P<x>{PARTY}){_EXTENSION} and the call goes on"))
@when(parsers.re(rf"(?P<caller>{PARTY}) calls (?P<x>{PARTY}){_EXTENSION} and the call goes on"))
def place_ongoing_call(ctx: Ctx, calls: CallScenario, caller: str, x: str, name: str | None) -> None:
    digits = None if name is None else ctx.bindings[name].fields.get("extendNum")
    answer = calls.hooks.place_call(party(ctx, caller), party(ctx, x), digits=digits, talk_s=None)
    calls.calls.append(answer)
    calls.by_caller[party(ctx, caller)] = answer["sessionId"]


@when(parsers.re(r"the (?P<who>caller|callee) hangs up"))
def hang_up(calls: CallScenario, who: str) -> None:
    calls.hooks.hang_up(calls.sid, by=who)


@when(parsers.re(r"(?P<minutes>\d+) minutes?(?: and (?P<seconds>\d+) seconds?)? pass(?:es)?"))
def minutes_pass(calls: CallScenario, minutes: str, seconds: str | None) -> None:
    calls.hooks.advance(int(minutes) * 60 + int(seconds or 0))
    calls.flush()


@when(parse('{sender:Party} sends the message "{text:Text}" to {x:Party}'))
def send_sms(ctx: Ctx, calls: CallScenario, sender: str, text: str, x: str) -> None:
    calls.sms = calls.hooks.send_sms(party(ctx, sender), party(ctx, x), text)


@when(parsers.re(rf"(?P<x>{PARTY}) becomes (?P<status>normal|suspended|unavailable|blacklisted|frozen)"))
def x_status_change(ctx: Ctx, calls: CallScenario, x: str, status: str) -> None:
    calls.hooks.set_number_status(party(ctx, x), status)


# -- call stop and recording download (the platform's API) -----------------------------------------


def _client(ctx: Ctx, calls: CallScenario) -> Any:
    mode = calls.last.get("mode") if calls.calls else None
    return ctx.client_for(mode if mode in ctx.target.apps else "axb")


@when(parsers.re(r'the app stops the call(?: with signal "(?P<signal>[^"]*)")?'))
def stop_call(ctx: Ctx, calls: CallScenario, signal: str | None) -> None:
    ctx.last = _client(ctx, calls).call_stop(sessionid=calls.sid, signal=signal if signal is not None else "call_stop")


@when("the app stops a call that does not exist")
def stop_unknown_call(ctx: Ctx) -> None:
    ctx.last = AXB.client(ctx).call_stop(sessionid=f"pnconform-{uuid.uuid4().hex}", signal="call_stop")


@when(parse("the app stops a call that does not exist signed with {how:Signing}", Signing=SIGNING))
def stop_unknown_call_signed(ctx: Ctx, how: str) -> None:
    # STOP-007: the AXB app's request with the signing variant of the auth features.
    body = {"sessionid": f"pnconform-{uuid.uuid4().hex}", "signal": "call_stop"}
    ctx.last = AXB.client(ctx).request("POST", CALL_STOP_PATH, json=body, headers=signed_headers(ctx, how), sign=False)


@when("the app downloads the recording of the call")
def download_recording(ctx: Ctx, calls: CallScenario) -> None:
    cdr = calls.cdr()
    name, domain = cdr.get("recordObjectName"), cdr.get("recordDomain")
    # The call was not recorded (REC-001 names the CDR's recordObjectName as what is downloaded).
    attribution.call(name and domain, f"the CDR names no recording: {cdr}", ("recordObjectName",))
    ctx.last = _client(ctx, calls).record_download(fileName=name, recordDomain=domain)


@when("the app downloads a recording that does not exist")
def download_unknown(ctx: Ctx, calls: CallScenario) -> None:
    domain = calls.cdr().get("recordDomain") if calls.calls else None
    ctx.last = _client(ctx, calls).record_download(
        fileName=f"pnconform-{uuid.uuid4().hex}.wav", recordDomain=domain or "record.example.com"
    )


@then("the answer redirects to the recording")
def redirects(ctx: Ctx) -> None:
    r = ctx.response
    location = r.headers.get("location", "")
    ok = r.status == 301 and location.startswith(("https://", "http://"))
    attribution.effect(ok, f"expected 301 + Location: {r!r}", ("Location",))


@when("the app follows the Location of the answer")
def follow_location(ctx: Ctx, calls: CallScenario) -> None:
    redirects(ctx)
    calls.download = _client(ctx, calls).download(ctx.response.headers["location"])


@then("the download is the recording's audio")
def download_is_audio(calls: CallScenario) -> None:
    r = calls.download
    kind = r.headers.get("content-type", "")
    # REC-003: the audio file's bytes; REC-007: the format is .wav (RIFF....WAVE).
    audio = r.status_code == 200 and "json" not in kind.lower()
    attribution.effect(audio, f"expected the audio, got HTTP {r.status_code} {kind}: {r.content[:120]!r}", ("audio",))
    wav = r.content[:4] == b"RIFF" and r.content[8:12] == b"WAVE"
    attribution.effect(wav, f"not a WAV file ({kind}): {r.content[:40]!r}", ("wav",))


@then("the download is refused")
def download_refused(calls: CallScenario) -> None:
    r = calls.download
    assert 400 <= r.status_code < 500, f"expected the expired URL to be refused, got HTTP {r.status_code}"


# -- Then: routing and hang-up causes --------------------------------------------------------------


@then(parsers.re(rf"the call reaches (?P<who>{PARTY})(?: showing (?P<shown>{PARTY}))?"))
def call_reaches(ctx: Ctx, calls: CallScenario, who: str, shown: str | None) -> None:
    cdr = calls.cdr()
    awaited(lambda: calls.event("answer"), "call")
    attribution.call(cdr.get("fwdDstNum") == party(ctx, who), f"CDR forwarded to {cdr.get('fwdDstNum')}: {cdr}")
    if shown is not None:
        shows = cdr.get("fwdDisplayNum") == party(ctx, shown)
        attribution.call(shows, f"CDR showing {cdr.get('fwdDisplayNum')}: {cdr}")


@then(parse("the call from {caller:Party} reaches {who:Party}"))
def call_from_reaches(ctx: Ctx, calls: CallScenario, caller: str, who: str) -> None:
    sid = calls.by_caller.get(party(ctx, caller))
    assert sid, f"{caller} placed no call in this scenario"
    info = awaited(lambda: calls.event("answer", sid), "call")
    message = f"the call from {caller} was answered by {info.get('called')}: {info}"
    attribution.call(info.get("called") == party(ctx, who), message)


@then(parse("the call reaches {who:Party} showing a number Y other than {x:Party}"))
def call_reaches_y(ctx: Ctx, calls: CallScenario, who: str, x: str) -> None:
    cdr = calls.cdr()
    attribution.call(cdr.get("fwdDstNum") == party(ctx, who), f"CDR forwarded to {cdr.get('fwdDstNum')}: {cdr}")
    shown = cdr.get("fwdDisplayNum")
    other = isinstance(shown, str) and shown not in (party(ctx, x), party(ctx, who))
    attribution.call(other, f"{who} sees {shown}: {cdr}")
    ctx.named["Y"] = shown


@then("the call is not connected")
def not_connected(calls: CallScenario) -> None:
    types = calls.event_types()
    attribution.call("answer" not in types, f"the call was answered: events {types}")
    answered = awaited(calls.cdr, "push", CDR_PRODUCED).get("fwdAnswerTime")
    attribution.call(not answered, "the CDR of a call that was not connected has a fwdAnswerTime")


@then(parse("the call ends with cause {codes:Codes}"))
def ends_with(calls: CallScenario, codes: str) -> None:
    from steps.calls.codes import codes_check  # the code-table steps' module (a plugin of its own)

    info = awaited(lambda: calls.event("disconnect"), "call")  # no disconnect: the call did not end
    codes_check("stateCode", info.get("stateCode"), parse_codes(codes), f"disconnect {info}")


@then(parsers.re(r"the CDR of the call gives teardown point (?P<teardown>\d+)(?: and Q\.850 cause (?P<q850>\d+))?"))
def cdr_causes(calls: CallScenario, teardown: str, q850: str | None) -> None:
    from steps.calls.codes import codes_check

    cdr = awaited(calls.cdr, "push", CDR_PRODUCED)
    codes_check("ulFailReason", cdr.get("ulFailReason"), [teardown], f"CDR {cdr}")
    if q850 is not None:
        codes_check("fwdUnaswRsn", cdr.get("fwdUnaswRsn"), [q850], f"CDR {cdr}")


@then("the call ends with a disconnect event and a CDR")
def ends_with_disconnect_and_cdr(calls: CallScenario) -> None:
    awaited(lambda: calls.event("disconnect"), "call", ("disconnect",))
    awaited(calls.cdr, "call", ("disconnect",))


@then("the call is still going on")
def still_on(calls: CallScenario) -> None:
    # Its events arrived (callin at least; answer too for a connected call), and no disconnect.
    callin = awaited(lambda: calls.event("callin"), "call", ("callin",))
    assert callin.get("sessionId") == calls.sid
    if calls.last.get("connected"):
        awaited(lambda: calls.event("answer"), "call", ("answer",))
    types = [p.event_type for p in calls.receiver.store.events(calls.sid)]
    attribution.call("disconnect" not in types, f"the call was ended: events {types}")


# -- Then: events and CDRs -------------------------------------------------------------------------


@then(parsers.re(r"the call's events are (?P<names>\w+(?:, \w+)* and \w+)"))
def events_are(calls: CallScenario, names: str) -> None:
    expected, got = re.split(r", | and ", names), calls.event_types()
    # Which events came blames the rules that name them; their order only the rules stating one (EVT-040).
    attribution.push(sorted(got) == sorted(expected), f"events {got}, expected {expected}", (*expected, *got))
    attribution.push(got == expected, f"events in the order {got}, expected {expected}", ("in this order",))


@then("every event and the CDR of the call carry its sessionId")
def same_session(calls: CallScenario) -> None:
    types = calls.event_types()
    assert types and calls.cdr().get("sessionId") == calls.sid
    others = [p for p in calls.receiver.store.events() if p.session_id != calls.sid]
    assert not others, f"events of another session: {[p.body for p in others]}"


@then("only the disconnect event carries a stateCode")
def state_code_only_on_disconnect(calls: CallScenario) -> None:
    calls.event_types()
    for push in calls.receiver.store.events(calls.sid):
        has = "stateCode" in push.status_info
        assert has == (push.event_type == "disconnect"), f"{push.event_type}: stateCode present = {has}"


@then(parsers.re(rf"the (?P<what>CDR|callin event|disconnect event) of the call has (?P<fields>{FIELDS})"))
def record_has(ctx: Ctx, calls: CallScenario, what: str, fields: str) -> None:
    record = calls.cdr() if what == "CDR" else calls.event(what.split()[0])
    for key, value in parse_fields(fields):
        expected = AXB.resolve(ctx, value)
        message = f"{what} {key} = {record.get(key)!r}, expected {expected!r}: {record}"
        if key in CAUSE_FIELDS:
            attribution.cause(record.get(key) == expected, message, key, [str(expected)])
        else:
            attribution.push(record.get(key) == expected, message, (key,))


@then(parse('the CDR of the call names binding "{name:Quoted}"'))
def cdr_names_binding(ctx: Ctx, calls: CallScenario, name: str) -> None:
    cdr = calls.cdr()
    assert cdr.get("subscriptionId") == ctx.bindings[name].subscription_id, cdr


@then("the CDR of the call names no binding")
def cdr_names_no_binding(calls: CallScenario) -> None:
    assert calls.cdr().get("subscriptionId") in ("", None)


@then("the CDR of the call names a recording")
def cdr_recorded(calls: CallScenario) -> None:
    cdr = calls.cdr()
    recorded = cdr.get("recordFlag") == 1 and cdr.get("recordObjectName") and cdr.get("recordDomain")
    attribution.call(recorded, f"the call was not recorded: {cdr}", ("recordFlag",))


@then("the CDR of the call carries the recording's fields")
def cdr_recording_fields(calls: CallScenario) -> None:
    # CDR-022: recordFlag 1 with recordStartTime, recordObjectName, recordDomain and recordBucketName.
    cdr = calls.cdr()
    fields = ("recordStartTime", "recordObjectName", "recordDomain", "recordBucketName")
    missing = [f for f in fields if not cdr.get(f)]
    attribution.push(cdr.get("recordFlag") == 1, f"recordFlag {cdr.get('recordFlag')!r}, expected 1", ("recordFlag",))
    attribution.push(not missing, f"the recorded call's CDR lacks {', '.join(missing)}: {cdr}", missing)


@then("the CDR of the call names no recording")
def cdr_not_recorded(calls: CallScenario) -> None:
    cdr = calls.cdr()
    recorded = cdr.get("recordFlag") not in (0, None) or cdr.get("recordObjectName")
    attribution.call(not recorded, f"the call was recorded: {cdr}", ("recordFlag",))


@then(parse("the CDRs of those calls arrive in pushes of {low:Digits} to {high:Digits} records"))
def merged(calls: CallScenario, low: str, high: str) -> None:
    calls.flush()
    wanted = {c["sessionId"] for c in calls.held}
    pushes = [p for p in calls.receiver.store.all("fee") if any(r.get("sessionId") in wanted for r in p.cdrs)]
    got = [r.get("sessionId") for p in pushes for r in p.cdrs if r.get("sessionId") in wanted]
    assert sorted(got) == sorted(wanted), f"{len(got)} CDRs for {len(wanted)} calls"
    sizes = [len(p.cdrs) for p in pushes]
    assert all(int(low) <= s <= int(high) for s in sizes), f"push sizes {sizes}"


@then(parse("the CDRs of those calls arrive in one push"))
def merged_one(calls: CallScenario) -> None:
    calls.flush()
    wanted = {c["sessionId"] for c in calls.held}
    pushes = [p for p in calls.receiver.store.all("fee") if any(r.get("sessionId") in wanted for r in p.cdrs)]
    assert len(pushes) == 1 and {r.get("sessionId") for r in pushes[0].cdrs} >= wanted, [p.cdrs for p in pushes]


# -- Then: re-pushes -------------------------------------------------------------------------------


@then(
    parsers.re(
        rf"the (?P<kind>{'|'.join(KINDS)})(?P<which> pushes| push)? of the call (?:has|have) arrived (?P<n>\d+) times?"
        r"(?P<acked>, the last one acknowledged)?"
    ),
    converters={"n": int},
)
def arrived_times(calls: CallScenario, kind: str, which: str | None, n: int, acked: str | None) -> None:
    calls.flush()
    copies = calls.copies(KINDS[kind], calls.sid)
    if kind == "event":  # per event of the call: the first one (callin) is the one that failed
        copies = [p for p in copies if p.event_type == "callin"]
    assert len(copies) == n, f"{len(copies)} deliveries of the call's {kind}, expected {n}"
    if acked:
        assert copies[-1].reply_status == 200


@then(
    parsers.re(
        rf"the (?P<etype>{EVENT_TYPES}) event of the call has arrived (?P<n>\d+) times?"
        r"(?P<acked>, the last one acknowledged)?"
    ),
    converters={"n": int},
)
def event_arrived_times(calls: CallScenario, etype: str, n: int, acked: str | None) -> None:
    calls.flush()
    copies = [p for p in calls.copies("event", calls.sid) if p.event_type == etype]
    assert len(copies) == n, f"{len(copies)} deliveries of the call's {etype} event, expected {n}"
    if acked:
        assert copies[-1].reply_status == 200


@then(parse("the X-mode callin of the call was pushed once"))
def callin_once(calls: CallScenario) -> None:
    calls.event("disconnect")
    copies = [p for p in calls.copies("event", calls.sid) if p.event_type == "callin"]
    check("EVT-022", len(copies) == 1, f"the Block callin arrived {len(copies)} times")  # not re-pushed: EVT-022


# -- Then: messages and X status -------------------------------------------------------------------


@then(parse('{who:Party} receives "{text:Text}" from {x:Party}'))
def sms_received(ctx: Ctx, calls: CallScenario, who: str, text: str, x: str) -> None:
    assert calls.sms is not None
    got = calls.sms.get("forwarded")
    assert got == {"to": party(ctx, who), "from": party(ctx, x), "text": text}, f"forwarded: {calls.sms}"


@then("the message is not forwarded")
def sms_not_forwarded(calls: CallScenario) -> None:
    assert calls.sms is not None and not calls.sms.get("forwarded"), f"forwarded: {calls.sms}"


@then(parse("the app is notified of the message with sendResult {n:Int}"))
def sms_notified(calls: CallScenario, n: int) -> None:
    calls.flush()
    push = calls.receiver.wait_for_sms("sms", notificationMode="Notify")
    result = push.body["smsEvent"].get("sendResult")
    assert result == n, f"sendResult {result}, expected {n}: {push.body}"


@then(parsers.re(r"the app is asked where to send the message(?P<once> once)?"))
def sms_block_asked(calls: CallScenario, once: str | None) -> None:
    calls.flush()
    calls.receiver.wait_for_sms("sms_control", notificationMode="Block")
    asked = calls.receiver.store.all("sms_control")
    assert not once or len(asked) == 1, f"the Block notification arrived {len(asked)} times"


@then("no SMS notification arrives")
def no_sms(calls: CallScenario) -> None:
    calls.flush()
    got = calls.receiver.store.all("sms") + calls.receiver.store.all("sms_control")
    assert not got, f"SMS notifications: {[p.body for p in got]}"


@then(
    parsers.re(
        rf"the app is notified at its (?P<url>X-status|call-status) URL"
        rf' that (?P<x>{PARTY}) has status "(?P<status>\d+)"'
    )
)
def x_status_notified(ctx: Ctx, calls: CallScenario, url: str, x: str, status: str) -> None:
    calls.flush()
    # XSTAT-001: a notification is sent at all; XSTAT-002: to which URL; XSTAT-004: what it says.
    first = awaited(lambda: calls.receiver.wait_for_x_status(party(ctx, x)), "call", ("notification is sent",))
    push = [p for p in calls.receiver.store.all(first.kind) if p.event_type == "numStatus"][-1]  # the latest
    attribution.call(
        push.kind == ("x_status" if url == "X-status" else "event"), f"pushed to the {push.kind} URL", ("URL",)
    )
    info = next(i for i in push.body["numInfo"] if i.get("number") == party(ctx, x))
    message = f"status {info.get('status')}, expected {status}: {push.body}"
    attribution.push(info.get("status") == status, message, ("numInfo",))


# -- the receiver's validators ----------------------------------------------------------------------
# Their findings on every push are checked after each scenario that uses the receiver
# (`pytest_bdd_after_scenario` in pnconform.plugin.fixtures): no step needed.


@then("the call's event and CDR times are the platform's UTC time")
def times_are_utc(calls: CallScenario) -> None:
    # EVT-014 / CDR-008: the format is the validators' business; here the time zone, against the
    # platform clock of the test hooks (UTC). A call just ended: its end lies within minutes of now.
    now = datetime.strptime(calls.hooks.now(), TIME_FORMAT)
    end = datetime.strptime(calls.event("disconnect")["timestamp"], TIME_FORMAT)
    cdr_end = datetime.strptime(calls.cdr()["callEndTime"], TIME_FORMAT)
    for label, value in (("disconnect timestamp", end), ("CDR callEndTime", cdr_end)):
        assert abs(now - value) <= timedelta(minutes=5), f"{label} {value} is not near the platform's UTC {now}"


@given(parsers.re(rf"(?P<y>Y) is the number (?P<who>{PARTY}) saw on that call"))
def y_seen(ctx: Ctx, calls: CallScenario, y: str, who: str) -> None:
    cdr = calls.cdr()
    assert cdr.get("fwdDstNum") == party(ctx, who), f"the call did not reach {who}: {cdr}"
    ctx.named[y] = cdr["fwdDisplayNum"]


@when(parse('{sender:Party} sends the message "{text:Text}" addressed to {who:Party} to {x:Party}'))
def send_sms_at(ctx: Ctx, calls: CallScenario, sender: str, text: str, who: str, x: str) -> None:
    # AX-601: the real callee follows an "@", as the national number a handset user types.
    national = party(ctx, who).removeprefix("+86")
    calls.sms = calls.hooks.send_sms(party(ctx, sender), party(ctx, x), f"{text}@{national}")


@then(parse('{who:Party} receives "{text:Text}" tagged with the sender {sender:Party} from {x:Party}'))
def sms_received_tagged(ctx: Ctx, calls: CallScenario, who: str, text: str, sender: str, x: str) -> None:
    assert calls.sms is not None
    expected = {"to": party(ctx, who), "from": party(ctx, x), "text": f"{text}[From{party(ctx, sender)}]"}
    assert calls.sms.get("forwarded") == expected, f"forwarded: {calls.sms}"


@then(
    parsers.re(
        r"the (?P<kind>SMS|X-status) notification has arrived (?P<n>\d+) times?(?P<acked>, the last one acknowledged)?"
    )
)
def notification_arrived(calls: CallScenario, kind: str, n: str, acked: str | None) -> None:
    calls.flush()
    copies = calls.receiver.store.all(KINDS[kind])
    assert len(copies) == int(n), f"{len(copies)} deliveries of the SMS notification, expected {n}"
    if acked:
        assert copies[-1].reply_status == 200


@then("no call event arrives")
def no_events(calls: CallScenario) -> None:
    calls.flush()
    got = [p for p in calls.receiver.store.all("event") if p.event_type != "numStatus"]
    assert not got, f"call events arrived: {[p.body for p in got]}"
