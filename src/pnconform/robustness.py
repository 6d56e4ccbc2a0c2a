"""Malformed requests for the `@robustness` scenarios, and how their answers are judged.

Like Schemathesis' negative testing: Hypothesis draws requests that a conforming platform must
refuse (or, for a query or unbind, at least answer in form) and every answer is held to the
documented codes:

* no 5xx: HTTP 500 is for internal errors only (GEN-009), and every status goes with its code (D-1);
* the JSON envelope, `resultcode` and `resultdesc` strings (GEN-006); a 404 or 405 to a method the
  URI does not offer is the documented exception (D-14: the 404 body is not the envelope);
* a refusal carries a code of the documented table; a bind or modify that cannot be valid is not
  answered "0" (CODE-1010002).

Every request is signed correctly (the point is the business layer): the generator only says
what to send (`Malformed`); the suite sends it through `PrivateNumberClient.request`. Each drawn
request carries at least one malformation that makes it invalid whatever a lenient parser makes
of the rest (wrong JSON type, missing mandatory field, huge or non-UTF-8 or lone-surrogate string,
deep nesting, truncated body, a body that is no JSON object, a method the URI lacks, a broken
query string); extra fields, repeated keys and odd content types ride along as noise. GET and
DELETE requests only ever name an unknown subscriptionId: a lenient unbind can remove nothing.

The module is pure (no I/O): strategies, rendering, judging, the tally and the search loop,
which takes the function that sends and checks one request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.internal.conjecture import engine as _engine

from pnconform.catalogue import load_catalogue
from pnconform.client import AX_CALLEE_PATH, AX_PATH, AXB_PATH, AXE_COUNT_PATH, AXE_PATH, AXE_V2_PATH, AXYB_PATH

# Rules each check enforces.
SERVER_ERROR_RULE = "GEN-009"
STATUS_RULE = "GEN-009"
ENVELOPE_RULE = "GEN-006"
CODE_RULE = "CODE-1010002"

# Placeholders of the base requests; the suite gives their values (`roles`).
A, B, X, AREA, SID, APP_KEY = "<A>", "<B>", "<X>", "<AREA>", "<SID>", "<APP_KEY>"


@dataclass(frozen=True)
class Endpoint:
    """One interface of a mode: a base request the malformations start from."""

    mode: str
    name: str
    method: str
    path: str
    fields: tuple[tuple[str, str], ...] = ()  # (name, placeholder) of a JSON body (POST/PUT)
    mandatory: tuple[str, ...] = ()  # the fields whose absence makes the body invalid
    query: tuple[tuple[str, str], ...] = ()  # (name, placeholder) of the query string
    optional: tuple[str, ...] = ()  # optional fields (OPTIONAL_BAD) a request may carry out of range

    @property
    def has_body(self) -> bool:
        return self.method in ("POST", "PUT")

    @property
    def strings(self) -> tuple[str, ...]:
        """The body fields that must be strings (numbers, ids): a wrong type there is invalid."""
        return tuple(name for name, _ in self.fields)


_UNKNOWN = (("subscriptionId", SID),)
ENDPOINTS: dict[str, tuple[Endpoint, ...]] = {
    "axb": (
        Endpoint(
            "axb",
            "bind",
            "POST",
            AXB_PATH,
            (("relationNum", X), ("callerNum", A), ("calleeNum", B)),
            ("callerNum", "calleeNum"),
            optional=("duration", "maxDuration", "callDirection", "userData", "recordFlag", "areaMatchMode"),
        ),
        Endpoint("axb", "modify", "PUT", AXB_PATH, (("subscriptionId", SID), ("callerNum", A)), ("subscriptionId",)),
        Endpoint("axb", "query", "GET", AXB_PATH, query=_UNKNOWN),
        Endpoint("axb", "unbind", "DELETE", AXB_PATH, query=_UNKNOWN),
    ),
    "ax": (
        Endpoint(
            "ax",
            "bind",
            "POST",
            AX_PATH,
            (("privateNum", X), ("origNum", A)),
            ("origNum",),
            optional=("maxDuration", "callDirection", "userData", "recordFlag", "areaMatchMode", "calleeNumDisplay"),
        ),
        Endpoint("ax", "modify", "PUT", AX_PATH, (("subscriptionId", SID), ("privateNum", X)), ("subscriptionId",)),
        Endpoint(
            "ax",
            "temporary callee",
            "PUT",
            AX_CALLEE_PATH,
            (("subscriptionId", SID), ("calleeNum", B)),
            ("subscriptionId",),
        ),
        Endpoint("ax", "query", "GET", AX_PATH, query=_UNKNOWN),
        Endpoint("ax", "unbind", "DELETE", AX_PATH, query=_UNKNOWN),
    ),
    "axe": (
        Endpoint(
            "axe",
            "bind",
            "POST",
            AXE_PATH,
            (("virtualNum", X), ("bindNum", A)),
            ("bindNum",),
            optional=("userData", "recordFlag", "areaMatchMode", "displayNumMode"),
        ),
        Endpoint("axe", "modify", "PUT", AXE_PATH, (("subscriptionId", SID), ("virtualNum", X)), ("subscriptionId",)),
        Endpoint("axe", "query", "GET", AXE_PATH, query=_UNKNOWN),
        Endpoint("axe", "query v2", "GET", AXE_V2_PATH, query=(*_UNKNOWN, ("limit", "10"))),
        Endpoint("axe", "binding count", "GET", AXE_COUNT_PATH, query=(("cursor", "0"), ("limit", "10"))),
        Endpoint("axe", "unbind", "DELETE", AXE_PATH, query=_UNKNOWN),
    ),
    "axyb": (
        Endpoint(
            "axyb",
            "bind",
            "POST",
            AXYB_PATH,
            (("origNum", A), ("areaCode", AREA)),
            ("origNum",),
            query=(("app_key", APP_KEY),),
            optional=("callDirection", "userData", "recordFlag", "areaMatchMode"),
        ),
        Endpoint("axyb", "query", "GET", AXYB_PATH, query=(*_UNKNOWN, ("app_key", APP_KEY))),
        Endpoint("axyb", "unbind", "DELETE", AXYB_PATH, query=(*_UNKNOWN, ("app_key", APP_KEY))),
    ),
}

# Optional free-text fields of a bind that a platform may store or echo (GEN-118 userData, voice files).
FREE_TEXT = ("userData", "recordHintTone")
# Values of optional fields that no reading of the documents allows (out of range, not in the
# enumeration, too long), never a mere type a lenient parser might coerce ("1" for 1): a request
# valid but for one of them must be refused, and must not leave anything behind (a platform that
# writes the pair before it has read the rest).
OPTIONAL_BAD: dict[str, tuple[Any, ...]] = {
    "duration": (-1,),
    "maxDuration": (-1,),
    "callDirection": (3, -1),
    "userData": ("u" * 300,),  # GEN-118: at most 256
    "recordFlag": ("maybe",),
    "areaMatchMode": ("9",),
    "calleeNumDisplay": ("9",),
    "displayNumMode": ("9",),
}

BODY_KINDS = (
    "wrong type",
    "missing field",
    "huge string",
    "deep nesting",
    "non-UTF-8",
    "lone surrogate",
    "truncated",
    "not an object",
    "bad optional field",
)
QUERY_KINDS = ("bad query",)
METHOD_KIND = "wrong method"
PATH_KIND = "unknown path"
NO_API_KINDS = (METHOD_KIND, PATH_KIND)  # D-14: answered 404 (or 405), the body need not be the envelope


@dataclass(frozen=True)
class Malformed:
    """One request to send: signed by the suite, everything else as drawn."""

    endpoint: Endpoint
    kind: str  # the malformation that makes it invalid (BODY_KINDS, QUERY_KINDS, METHOD_KIND)
    method: str
    path: str  # with the raw query string, if any
    body: bytes | None
    content_type: str | None = None  # None: the client's application/json;charset=UTF-8
    noise: tuple[str, ...] = ()  # extra fields, repeated keys, content type, junk headers
    headers: tuple[tuple[str, str], ...] = ()  # junk headers sent beside the signed ones

    @property
    def must_refuse(self) -> bool:
        """A bind or modify body that cannot be valid: an answer "0" is wrong (CODE-1010002)."""
        return self.endpoint.has_body and self.kind not in NO_API_KINDS

    def render(self, limit: int = 600) -> str:
        """The request, replayable (sign it with the app's key; the AKSK headers are left out)."""
        ct = self.content_type if self.content_type is not None else "application/json;charset=UTF-8"
        lines = [f"{self.method} {self.path}", f"Content-Type: {ct}", "Authorization / X-AKSK: signed for the app"]
        lines += [f"{name}: {value[:80]}{' …' if len(value) > 80 else ''}" for name, value in self.headers]
        if self.body is not None:
            shown = self.body[:limit].decode("utf-8", errors="backslashreplace")
            more = f" … ({len(self.body)} bytes in all)" if len(self.body) > limit else ""
            lines += ["", shown + more]
        return "\n".join(lines)

    def label(self) -> str:
        extra = f" + {', '.join(self.noise)}" if self.noise else ""
        return f"{self.endpoint.mode} {self.endpoint.name}: {self.kind}{extra}"


# -- strategies ------------------------------------------------------------------------------------

_JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20)
)
JSON_VALUES = st.recursive(
    _JSON_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8,
)
# Values of a wrong JSON type for a string field (none of them reads as a number or id, even coerced).
WRONG_TYPES = st.one_of(
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.lists(JSON_VALUES, max_size=3),
    st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=3),
)
EXTRA_KEYS = st.one_of(
    st.sampled_from(["unknownField", "resultcode", "subscriptionID", "", "callerNum ", "__proto__"]),
    st.text(min_size=1, max_size=12),
)
CONTENT_TYPES = st.sampled_from(
    [None, "text/plain", "application/xml", "application/x-www-form-urlencoded", "application/json;charset=GBK", ""]
)
# Headers a client should not send, riding along (the signature headers stay correct): none, or
# one of these. Values are Latin-1 (what HTTP/1.1 carries); a huge one stays under 8 KB.
JUNK_HEADERS = st.sampled_from(
    [
        (),
        (("Accept", "text/xml"),),
        (("Accept-Charset", "GBK"),),
        (("X-Forwarded-For", "not an address"),),
        (("X-Pnconform-Junk", "x" * 6000),),
        (("Cache-Control", "no-transform, max-age=-1"),),
    ]
)
BAD_BYTES = st.sampled_from([b"\xff", b"\xfe\xff", b"\xc3\x28", b"\x80", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"])
BAD_QUERY_PARTS = st.sampled_from(["%ZZ", "%", "%FF%FE", "%00", "%E4%B8", "+86 138", "%2B%2B%2B", "a=b=c", "=x"])


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=True).encode()


def deep(depth: int, shape: str) -> bytes:
    """A JSON value nested ``depth`` levels: arrays (``[[[…]]]``) or objects (``{"a":{"a":…}}``)."""
    if shape == "array":
        return b"[" * depth + b"]" * depth
    return b'{"a":' * depth + b"1" + b"}" * depth


def _object(pairs: Sequence[tuple[str, bytes]]) -> bytes:
    return b"{" + b",".join(_dump(k) + b":" + v for k, v in pairs) + b"}"


def _resolve(placeholder: str, roles: Mapping[str, str]) -> str:
    return roles.get(placeholder, placeholder)


@st.composite
def _body_request(draw: st.DrawFn, ep: Endpoint, roles: Mapping[str, str]) -> Malformed:
    kind = draw(st.sampled_from([k for k in BODY_KINDS if k != "bad optional field" or ep.optional]))
    pairs: list[tuple[str, bytes]] = [(k, _dump(_resolve(v, roles))) for k, v in ep.fields]
    noise: list[str] = []
    target = draw(st.sampled_from(ep.strings))
    where = next(i for i, (k, _) in enumerate(pairs) if k == target)
    if kind == "wrong type":
        pairs[where] = (target, _dump(draw(WRONG_TYPES)))
    elif kind == "missing field":
        gone = draw(st.sampled_from(ep.mandatory))
        pairs = [p for p in pairs if p[0] != gone]
    elif kind == "huge string":
        unit = draw(st.sampled_from(["1", "a", "中", "é", " "]))
        pairs[where] = (target, _dump("+86" + unit * draw(st.integers(300, 20_000))))
    elif kind == "deep nesting":
        pairs[where] = (target, deep(draw(st.integers(64, 3000)), draw(st.sampled_from(["array", "object"]))))
    elif kind == "non-UTF-8":
        pairs[where] = (target, b'"+86138' + draw(BAD_BYTES) + b'0000"')
    elif kind == "bad optional field":  # every base field valid
        name = draw(st.sampled_from(ep.optional))
        pairs.append((name, _dump(draw(st.sampled_from(OPTIONAL_BAD[name])))))
    elif kind == "lone surrogate":
        lone = draw(st.sampled_from(["\ud800", "\udfff", "\udc80"]))
        free = draw(st.sampled_from(FREE_TEXT)) if ep.method == "POST" and draw(st.booleans()) else None
        if free is None:
            pairs[where] = (target, _dump("+86138" + lone + "0000"))
        else:  # a free-text field the platform may echo (a voice file name in its 1010002 detail)
            pairs.append((free, _dump(f"pnc{lone}.wav" if free != "userData" else f"pnc{lone}")))
    if draw(st.booleans()):  # extra fields
        for key, value in draw(st.lists(st.tuples(EXTRA_KEYS, JSON_VALUES), min_size=1, max_size=3)):
            if key not in ep.strings and key not in OPTIONAL_BAD:  # never overrides a field (a parser keeps the last)
                pairs.append((key, _dump(value)))
                noise.append("extra field")
    if pairs and draw(st.booleans()):  # a key repeated with its own value
        pairs.append(pairs[draw(st.integers(0, len(pairs) - 1))])
        noise.append("repeated key")
    body = _object(pairs)
    if kind == "truncated":
        body = body[: draw(st.integers(1, len(body) - 1))]
    elif kind == "not an object":
        body = draw(
            st.one_of(
                st.builds(deep, st.integers(1, 3000), st.just("array")),
                JSON_VALUES.filter(lambda v: not isinstance(v, dict)).map(_dump),
                st.just(b""),
            )
        )
    content_type = draw(CONTENT_TYPES)
    if content_type is not None:
        noise.append(f"Content-Type {content_type!r}")
    junk = draw(JUNK_HEADERS)
    noise += [f"header {name}" for name, _ in junk]
    return Malformed(
        ep,
        kind,
        ep.method,
        _with_query(ep.path, _query_pairs(ep, roles)),
        body,
        content_type,
        tuple(dict.fromkeys(noise)),
        junk,
    )


def _query_pairs(ep: Endpoint, roles: Mapping[str, str]) -> list[str]:
    return [f"{k}={quote(_resolve(v, roles), safe='')}" for k, v in ep.query]


def _with_query(path: str, parts: Sequence[str]) -> str:
    return f"{path}?{'&'.join(parts)}" if parts else path


@st.composite
def _query_request(draw: st.DrawFn, ep: Endpoint, roles: Mapping[str, str]) -> Malformed:
    parts = _query_pairs(ep, roles)
    names = [k for k, _ in ep.query]
    how = draw(st.sampled_from(["bad escape", "huge value", "repeated key", "unknown key", "no value"]))
    i = draw(st.integers(0, len(parts) - 1))
    if how == "bad escape":
        parts[i] = f"{names[i]}={draw(BAD_QUERY_PARTS)}"
    elif how == "huge value":
        parts[i] = f"{names[i]}={'9' * draw(st.integers(300, 8000))}"
    elif how == "repeated key":
        parts.insert(draw(st.integers(0, len(parts))), f"{names[i]}={draw(BAD_QUERY_PARTS)}")
    elif how == "unknown key":
        parts.append(f"{quote(draw(st.text(min_size=1, max_size=10)), safe='')}={draw(BAD_QUERY_PARTS)}")
    else:
        parts[i] = names[i]
    junk = draw(JUNK_HEADERS)
    noise = (how, *(f"header {name}" for name, _ in junk))
    return Malformed(ep, "bad query", ep.method, _with_query(ep.path, parts), None, None, noise, junk)


@st.composite
def _method_request(draw: st.DrawFn, ep: Endpoint, roles: Mapping[str, str]) -> Malformed:
    body = _object([(k, _dump(_resolve(v, roles))) for k, v in ep.fields]) if ep.fields else None
    method = draw(st.sampled_from(["PATCH", "TRACE", "OPTIONS", "HEAD"]))
    return Malformed(ep, METHOD_KIND, method, _with_query(ep.path, _query_pairs(ep, roles)), body)


@st.composite
def _path_request(draw: st.DrawFn, ep: Endpoint, roles: Mapping[str, str]) -> Malformed:
    """A request to a URI next to the endpoint's that the API does not have. Its body is an empty
    object and its query names no binding: a router that forgives the difference (a trailing
    slash, upper case) reaches the API with a request the API refuses anyway."""
    body = b"{}" if ep.has_body else None
    how = draw(st.sampled_from(["version", "suffix", "case", "no version"]))
    if how == "version":
        path = re.sub(r"v\d\.\d$", "v9.9", ep.path)
    elif how == "suffix":
        path = ep.path + draw(st.sampled_from(["/", "/x", "/..", ".json", "%00"]))
    elif how == "case":
        path = ep.path.upper()
    else:
        path = ep.path.rsplit("/", 1)[0]
    return Malformed(ep, PATH_KIND, ep.method, _with_query(path, _query_pairs(ep, roles)), body, None, (how,))


def malformed_requests(endpoints: Sequence[Endpoint], roles: Mapping[str, str]) -> st.SearchStrategy[Malformed]:
    """Malformed requests for ``endpoints``; ``roles`` gives the placeholders' values (<A>, <X>, …)."""

    def one(ep: Endpoint) -> st.SearchStrategy[Malformed]:
        main = _body_request(ep, roles) if ep.has_body else _query_request(ep, roles)
        return st.one_of(main, main, main, main, _method_request(ep, roles), _path_request(ep, roles))  # mostly main

    return st.sampled_from(list(endpoints)).flatmap(one)


# -- judging ---------------------------------------------------------------------------------------


@cache
def documented_codes() -> frozenset[str]:
    """The result codes of the documented tables (the catalogue's CODE-n rules)."""
    found = (re.fullmatch(r"CODE-(\d+)(?:-\d+)?", rule.id) for rule in load_catalogue())
    return frozenset(m.group(1) for m in found if m)


INTERNAL_CODES = frozenset({"1010001", "1023001", "1023002", "1020001", "1020002", "1020150", "1020152"})


def statuses_for(code: str) -> frozenset[int]:
    """The HTTP statuses that go with ``code`` (GEN-009, D-1)."""
    if code == "0":
        return frozenset({200})
    if code.startswith("1023") and code not in INTERNAL_CODES:
        return frozenset({400})
    if code == "1010013":
        return frozenset({401})
    if code == "1010010":
        return frozenset({401, 403})  # a bad digest, or flow control
    if code in INTERNAL_CODES:
        return frozenset({500})
    return frozenset({403})


@dataclass(frozen=True)
class Finding:
    kind: str  # "5xx", "envelope", "status", "code", "accepted", "state"
    rule: str
    message: str


def judge(request: Malformed, status: int, body: Any, text: str = "") -> list[Finding]:
    """What is wrong with the answer (``status``, parsed ``body``) to ``request``; [] if nothing."""
    found: list[Finding] = []
    answer = f"HTTP {status}: {text[:300]}"
    if status >= 500:
        found.append(Finding("5xx", SERVER_ERROR_RULE, f"a malformed request got a server error ({answer})"))
    if request.kind in NO_API_KINDS and status in (404, 405):
        return found  # D-14: no API there; the 404 body is not the envelope
    code = body.get("resultcode") if isinstance(body, dict) else None
    if not isinstance(code, str) or not isinstance(body.get("resultdesc"), str):
        found.append(Finding("envelope", ENVELOPE_RULE, f"the answer is not the JSON envelope ({answer})"))
        return found
    if code == "0" and request.must_refuse:
        found.append(Finding("accepted", CODE_RULE, f"a malformed {request.kind} request was accepted ({answer})"))
    elif code != "0" and code not in documented_codes() and not (request.kind in NO_API_KINDS and code == "1010006"):
        found.append(Finding("code", CODE_RULE, f"the refusal code {code} is not in the documented table ({answer})"))
    if status < 500 and status not in statuses_for(code):
        want = " or ".join(str(s) for s in sorted(statuses_for(code)))
        found.append(Finding("status", STATUS_RULE, f"resultcode {code} came with HTTP {status}, not {want}"))
    return found


def new_or_changed(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    """The listed bindings (subscriptionId -> item) that appeared or changed between two listings.
    One that disappeared is not counted: it may have expired, and no malformed request names a
    real binding (they address an unknown subscriptionId)."""
    return [item for sid, item in after.items() if before.get(sid) != item]


# -- the run ---------------------------------------------------------------------------------------

FIGURE_KINDS = {
    "5xx": "5xx",
    "envelope": "broken envelopes",
    "code": "undocumented codes",
    "accepted": "accepted",
    "status": "status/code mismatches",
    "state": "state changes",
}


@dataclass
class Tally:
    """What a run sent and found, for the figure and the Then steps."""

    mode: str = ""
    sent: int = 0  # drawn requests, up to the first that found something
    replays: int = 0  # requests sent while shrinking that one
    kinds: dict[str, int] = field(default_factory=dict)  # malformation -> requests
    found: dict[str, int] = field(default_factory=dict)  # finding kind -> requests
    first: dict[str, tuple[Malformed, Finding]] = field(default_factory=dict)  # finding kind -> first seen
    minimal: tuple[Malformed, list[Finding]] | None = None  # the shrunk failing request
    state_note: str = ""  # how (or why not) the state was checked
    seconds: float = 0.0

    def count(self, request: Malformed, findings: Sequence[Finding]) -> None:
        if self.found:
            # Hypothesis draws nothing new after the first failure (report_multiple_bugs=False):
            # what follows are variations of it while it shrinks, not more malformed requests.
            self.replays += 1
            return
        self.sent += 1
        self.kinds[request.kind] = self.kinds.get(request.kind, 0) + 1
        for f in {f.kind: f for f in findings}.values():
            self.found[f.kind] = self.found.get(f.kind, 0) + 1
            self.first.setdefault(f.kind, (request, f))

    def note(self, request: Malformed, finding: Finding) -> None:
        """A finding of the run as a whole (no test hooks: a state change seen only at the end)."""
        self.found[finding.kind] = self.found.get(finding.kind, 0) + 1
        self.first.setdefault(finding.kind, (request, finding))

    def figure(self) -> str:
        counts = ", ".join(f"{self.found.get(k, 0)} {label}" for k, label in FIGURE_KINDS.items())
        kinds = ", ".join(f"{k}×{n}" for k, n in sorted(self.kinds.items()))
        shrinking = f" (+{self.replays} sent while shrinking a failure)" if self.replays else ""
        return (
            f"{self.mode.upper()} robustness: {self.sent} malformed requests{shrinking} in {self.seconds:.1f} s:"
            f" {counts}"
            f" ({self.state_note}); kinds: {kinds}"
        )

    def evidence(self, kind: str) -> tuple[Malformed, Finding, bool] | None:
        """The request that shows a finding of ``kind``: the shrunk one (True) if it does, else
        the first one seen (False)."""
        if self.minimal is not None:
            request, findings = self.minimal
            mine = [f for f in findings if f.kind == kind]
            if mine:
                return request, mine[0], True
        if kind in self.first:
            request, finding = self.first[kind]
            return request, finding, False
        return None

    def failed(self, kinds: Sequence[str]) -> list[str]:
        """The finding kinds among ``kinds`` that some request showed."""
        return [kind for kind in kinds if self.evidence(kind) is not None]

    def report(self, kinds: Sequence[str]) -> str:
        """The findings of ``kinds``, each request that shows them rendered once, replayable."""
        groups: dict[int, tuple[Malformed, bool, list[str]]] = {}
        for kind in kinds:
            found = self.evidence(kind)
            if found is None:
                continue
            request, finding, shrunk = found
            lines = groups.setdefault(id(request), (request, shrunk, []))[2]
            lines.append(f"[{finding.rule}] {self.found.get(kind, 0)} of {self.sent} requests: {finding.message}")
        blocks = []
        for request, shrunk, lines in groups.values():
            how = "the smallest failing request Hypothesis found" if shrunk else "the first request that showed it"
            blocks.append("\n".join(lines) + f"\n{request.label()}; {how}, replayable:\n{request.render()}")
        return "\n\n".join(blocks)


class _Found(AssertionError):
    pass


def search(
    strategy: st.SearchStrategy[Malformed],
    send: Callable[[Malformed], list[Finding]],
    tally: Tally,
    *,
    max_examples: int,
    shrink_seconds: int = 30,
) -> Tally:
    """Send ``max_examples`` drawn requests (``send`` sends one and returns its findings); on a
    finding, shrink to the smallest failing request (at most ``shrink_seconds``) and keep it in
    ``tally.minimal``. Never raises for a finding: the Then steps judge the tally."""
    import time

    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(strategy)
    def one(request: Malformed) -> None:
        findings = send(request)
        tally.count(request, findings)
        if findings:
            tally.minimal = (request, findings)  # Hypothesis replays the minimal failing example last
            raise _Found(findings[0].message)

    started = time.monotonic()
    cap = _engine.MAX_SHRINKING_SECONDS
    _engine.MAX_SHRINKING_SECONDS = shrink_seconds
    try:
        one()
    except _Found:
        pass
    except Exception:
        # Typically Hypothesis' Flaky: the failing request did not fail again on replay (the target
        # kept state from it). The first request that showed each finding stays in the tally.
        if not tally.found:
            raise
        tally.minimal = None
    finally:
        _engine.MAX_SHRINKING_SECONDS = cap
        tally.seconds = time.monotonic() - started
    return tally


def budget(hypothesis: Mapping[str, int]) -> int:
    """Requests per mode: an eighth of what an invariant run of the target's budget sends (75 on
    `reference`: every kind of defect many times over; the self-test runs them for every fault that
    declares GEN-006, GEN-009 or CODE-1010002, so each request counts twenty-odd times there)."""
    return max(3, hypothesis.get("max_examples", 30) * hypothesis.get("stateful_step_count", 20) // 8)
