"""HTTP client of the PrivateNumber API: one method per interface, signed as the target says.

Every exchange is kept in an `ExchangeLog` with the signature cut short, so reports can show
what was sent without ever holding a usable credential.
"""

from __future__ import annotations

import json as jsonlib
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import httpx

from pnconform import transport
from pnconform.auth import sign as sign_headers
from pnconform.ratelimit import UNLIMITED, Limiter
from pnconform.safety.journal import NUMBER_FIELDS, Journal
from pnconform.safety.lookup import LookupFailed, find_bind
from pnconform.signing import describe as describe_signing

AXB_PATH = "/rest/caas/relationnumber/partners/v1.0"
AX_PATH = "/rest/provision/caas/privatenumber/v1.0"
AX_CALLEE_PATH = "/rest/caas/privatenumber/calleenumber/v1.0"
AXE_PATH = "/rest/caas/extendnumber/v1.0"
AXE_V2_PATH = "/rest/caas/extendnumber/v2.0"
AXE_COUNT_PATH = "/rest/caas/virtualnumber/v1.0"
AXYB_PATH = "/rest/omp/xyrelationnumber/v1.0"
CALL_STOP_PATH = "/rest/httpsessions/callStop/v2.0"
RECORD_PATH = "/rest/provision/voice/record/v1.0"
OWN_APP_KEY: Any = object()  # AXYB: put this client's own app_key into the URL (the default)

_DIGEST = re.compile(r'(PasswordDigest=")([^"]*)(")')


class TargetUnreachable(RuntimeError):
    """The target did not answer at the transport level (refused, DNS, TLS, timeout)."""


_UNSAFE = ("POST", "PUT", "DELETE")  # never retried: a timeout on them is "indeterminate"


class Indeterminate(RuntimeError):
    """A POST/PUT/DELETE timed out after it was sent: it may or may not have taken effect.

    Never retried: the caller reports it as "indeterminate", not as a pass or a plain failure."""


# Timeouts before anything was sent: the operation certainly did not happen.
_NOT_SENT = (httpx.ConnectTimeout, httpx.PoolTimeout)


def redact_url(url: str | None) -> str | None:
    """Cut every query value to 6 characters: a pre-signed storage URL (a recording's Location)
    carries its credential in the query."""
    if not url:
        return url
    parts = urlsplit(url)
    query = "&".join(f"{k}={v[:6]}…" if len(v) > 6 else f"{k}={v}" for k, v in parse_qsl(parts.query))
    return urlunsplit(parts._replace(query=query))


def redact_header(name: str, value: str) -> str:
    """Cut the PasswordDigest to 6 characters: enough to tell two requests apart, useless to replay."""
    if name.lower() in ("x-aksk", "x-wsse"):
        return _DIGEST.sub(lambda m: f"{m.group(1)}{m.group(2)[:6]}…{m.group(3)}", value)
    return value


@dataclass(frozen=True)
class Exchange:
    method: str
    url: str
    request_headers: dict[str, str]
    request_body: str
    status: int
    response_body: str
    elapsed_ms: float
    # Structured fields for `pnconform run --record` (pnconform.recording): never a secret.
    path: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    mode: str = ""
    app_key: str = ""
    signing: dict[str, Any] | None = None  # how it was signed (pnconform.signing.describe)
    location: str | None = None
    at: float = field(default_factory=time.monotonic)  # orders API and hooks calls of one scenario

    def render(self) -> str:
        req_headers = "\n".join(f"{k}: {v}" for k, v in self.request_headers.items())
        body = f"\n\n{self.request_body}" if self.request_body else ""
        return (
            f"{self.method} {self.url}\n{req_headers}{body}\n"
            f"--> HTTP {self.status} in {self.elapsed_ms:.1f} ms\n{self.response_body}\n"
        )


@dataclass
class ExchangeLog:
    exchanges: list[Exchange] = field(default_factory=list)
    # What clear() took out of view (a Hypothesis example before the last): still part of a recording.
    cleared: list[Exchange] = field(default_factory=list)

    def add(self, exchange: Exchange) -> None:
        self.exchanges.append(exchange)

    def render(self) -> str:
        return "\n".join(e.render() for e in self.exchanges)

    def clear(self) -> None:
        self.cleared.extend(self.exchanges)
        self.exchanges.clear()

    def everything(self) -> list[Exchange]:
        """Every exchange since the log was made, cleared or not, in order."""
        return [*self.cleared, *self.exchanges]


@dataclass
class Response:
    status: int
    headers: httpx.Headers
    text: str
    body: dict[str, Any] | None

    @property
    def resultcode(self) -> Any:
        """The `resultcode` exactly as sent (a string on a conforming target)."""
        return None if self.body is None else self.body.get("resultcode")

    @property
    def resultdesc(self) -> Any:
        return None if self.body is None else self.body.get("resultdesc")

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.resultcode == "0"

    def __repr__(self) -> str:
        return f"<Response HTTP {self.status} {self.text[:200]}>"


@dataclass(frozen=True)
class LedgerEntry:
    mode: str
    subscription_id: str
    relation_num: str | None


@dataclass
class PendingBind:
    """A bind sent whose answer never came back (interrupted, or not a documented answer)."""

    mode: str
    numbers: dict[str, str]
    marker: str | None
    journal_id: str | None


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


class PrivateNumberClient:
    """A client for one app (one mode) of one target."""

    def __init__(
        self,
        base_url: str,
        app_key: str,
        app_secret: str,
        *,
        auth: str = "aksk",
        timeout: float = 10.0,
        verify: bool = True,
        log: ExchangeLog | None = None,
        mode: str = "axb",
        limiter: Limiter | None = None,
        journal: Journal | None = None,
        marker: str | None = None,
        x_numbers: tuple[str, ...] = (),
    ) -> None:
        """`journal`: the run journal (live targets); `marker`: the run id put into `userData`;
        `x_numbers`: the app's X pool, where a timed-out bind is looked for."""
        self.base_url = base_url.rstrip("/")
        self.app_key = app_key
        self._secret = app_secret
        self.auth = auth
        self.mode = mode
        self.log = log if log is not None else ExchangeLog()
        self._ledger: dict[tuple[str, str], LedgerEntry] = {}  # (mode, subscriptionId): O(1) to forget
        self._axyb_ys: dict[str, list[str]] = {}  # AXYB subscriptionId -> Y numbers of its YB steps
        self.journal = journal
        self.marker = marker
        self.x_numbers = x_numbers
        self._pending: list[PendingBind] = []
        self._http = transport.pooled(self.base_url, timeout, verify)  # shared: connections are reused
        self.limiter = limiter or UNLIMITED  # the target's rate limit (pnconform.ratelimit.limiter_for)

    @property
    def ledger(self) -> list[LedgerEntry]:
        """What this client bound and did not unbind, in bind order (cleanup() unbinds it)."""
        return list(self._ledger.values())

    def _remember(self, entry: LedgerEntry) -> None:
        self._ledger.setdefault((entry.mode, entry.subscription_id), entry)

    def __repr__(self) -> str:  # never show the secret
        return f"<PrivateNumberClient {self.mode} app_key={self.app_key} {self.base_url}>"

    def close(self) -> None:
        """Nothing to release: the transport is pooled per address (`pnconform.transport`)."""

    # -- transport ---------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        content: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        sign: bool = True,
    ) -> Response:
        """Send one request. `headers` override the signed ones; `sign=False` sends none."""
        if json is not None and content is None:
            content = jsonlib.dumps(json, ensure_ascii=False)
        if isinstance(content, str):
            content = content.encode()
        try:
            with self.limiter.slot():
                # Signed after any wait for the rate limit, so Created is fresh; timed from here too.
                all_headers = {"Content-Type": "application/json;charset=UTF-8"}
                if sign:
                    all_headers.update(sign_headers(self.auth, self.app_key, self._secret))
                all_headers.update(headers or {})
                started = time.perf_counter()
                raw = self._http.request(
                    method, path, params=_drop_none(params or {}) or None, content=content, headers=all_headers
                )
        except httpx.TransportError as exc:
            if isinstance(exc, httpx.TimeoutException) and not isinstance(exc, _NOT_SENT) and method.upper() in _UNSAFE:
                raise Indeterminate(
                    f"indeterminate: {method} {self.base_url}{path} timed out ({exc.__class__.__name__}) "
                    "after it was sent: it may have taken effect"
                ) from exc
            raise TargetUnreachable(f"{method} {self.base_url}{path}: {exc.__class__.__name__}: {exc}") from exc
        elapsed = (time.perf_counter() - started) * 1000
        try:
            body = raw.json()
        except ValueError:
            body = None
        response = Response(raw.status_code, raw.headers, raw.text, body if isinstance(body, dict) else None)
        self.log.add(
            Exchange(
                method=method,
                url=str(raw.request.url),
                request_headers={k: redact_header(k, v) for k, v in all_headers.items()},
                request_body=(content or b"").decode(errors="replace"),
                status=raw.status_code,
                response_body=raw.text,
                elapsed_ms=elapsed,
                path=path,
                params=dict(raw.request.url.params.multi_items()),
                mode=self.mode,
                app_key=self.app_key,
                signing=describe_signing(all_headers, self.auth, self._secret, by_client=sign and not headers),
                location=redact_url(raw.headers.get("location")),
            )
        )
        return response

    def download(self, url: str) -> httpx.Response:
        """GET what a recording download's `Location` names: a pre-signed storage URL, sent as it
        is (no AKSK, no redirect followed). Logged with its query cut short."""
        started = time.perf_counter()
        try:
            raw = self._http.get(url)
        except httpx.TransportError as exc:
            raise TargetUnreachable(f"GET {redact_url(url)}: {exc.__class__.__name__}: {exc}") from exc
        kind = raw.headers.get("content-type", "no content type")
        self.log.add(
            Exchange(
                method="GET",
                url=redact_url(url) or url,
                request_headers={},
                request_body="",
                status=raw.status_code,
                response_body=f"<{len(raw.content)} bytes, {kind}>",
                elapsed_ms=(time.perf_counter() - started) * 1000,
                path=urlsplit(url).path,
                mode=self.mode,
                signing={"by": "storage"},  # not an API request: a replay leaves it out
            )
        )
        return raw

    # -- AXB ---------------------------------------------------------------------------------

    def axb_bind(self, **fields: Any) -> Response:
        return self._bind("axb", AXB_PATH, fields, x_key="relationNum")

    def axb_unbind(self, **params: Any) -> Response:
        response = self.request("DELETE", AXB_PATH, params=params)
        self._unbound("axb", params, response)
        return response

    def axb_modify(self, **fields: Any) -> Response:
        return self.request("PUT", AXB_PATH, json=_drop_none(fields))

    def axb_query(self, **params: Any) -> Response:
        return self.request("GET", AXB_PATH, params=params)

    # -- AX ----------------------------------------------------------------------------------

    def ax_bind(self, **fields: Any) -> Response:
        return self._bind("ax", AX_PATH, fields, x_key="privateNum")

    def ax_unbind(self, **params: Any) -> Response:
        response = self.request("DELETE", AX_PATH, params=params)
        self._unbound("ax", params, response)
        return response

    def ax_modify(self, **fields: Any) -> Response:
        return self.request("PUT", AX_PATH, json=_drop_none(fields))

    def ax_query(self, **params: Any) -> Response:
        return self.request("GET", AX_PATH, params=params)

    def ax_set_temporary_callee(self, **fields: Any) -> Response:
        return self.request("PUT", AX_CALLEE_PATH, json=_drop_none(fields))

    # -- AXE ---------------------------------------------------------------------------------

    def axe_bind(self, **fields: Any) -> Response:
        return self._bind("axe", AXE_PATH, fields, x_key="virtualNum")

    def axe_unbind(self, **params: Any) -> Response:
        response = self.request("DELETE", AXE_PATH, params=params)
        self._unbound("axe", params, response)
        return response

    def axe_modify(self, **fields: Any) -> Response:
        return self.request("PUT", AXE_PATH, json=_drop_none(fields))

    def axe_query(self, **params: Any) -> Response:
        return self.request("GET", AXE_PATH, params=params)

    def axe_query_v2(self, **params: Any) -> Response:
        return self.request("GET", AXE_V2_PATH, params=params)

    def axe_binding_count(self, **params: Any) -> Response:
        return self.request("GET", AXE_COUNT_PATH, params=params)

    # -- AXYB --------------------------------------------------------------------------------
    # Every AXYB call carries the app_key URL parameter (D-11): this client's own key unless
    # `app_key` says otherwise (None leaves it out). Step 1 (no subscriptionId) goes into the
    # ledger; each successful step 2 records its Y so cleanup removes B's Y binding first.

    def _axyb_params(self, params: dict[str, Any], app_key: Any) -> dict[str, Any]:
        return {**params, "app_key": self.app_key if app_key is OWN_APP_KEY else app_key}

    def axyb_bind(self, *, app_key: Any = OWN_APP_KEY, **fields: Any) -> Response:
        """Step 1 (origNum A, areaCode ...) or step 2 (origNum B, subscriptionId of step 1)."""
        params = self._axyb_params({}, app_key)
        parent = fields.get("subscriptionId")
        response = self._bind("axyb", AXYB_PATH, fields, x_key="relationNumber", params=params, parent=parent)
        sid = response.body.get("subscriptionId") if response.ok and response.body else None
        if sid and parent is not None and response.body.get("relationNumber"):
            self._axyb_ys.setdefault(sid, []).append(response.body["relationNumber"])
        return response

    def axyb_bind_ax(self, *, app_key: Any = OWN_APP_KEY, **fields: Any) -> Response:
        """Step 1: A gets an X (named for readability; the same call as `axyb_bind`)."""
        return self.axyb_bind(app_key=app_key, **fields)

    def axyb_bind_yb(self, subscription_id: str, *, app_key: Any = OWN_APP_KEY, **fields: Any) -> Response:
        """Step 2: B (origNum) gets a Y for the AX binding `subscription_id`."""
        return self.axyb_bind(app_key=app_key, subscriptionId=subscription_id, **fields)

    def axyb_unbind(self, *, app_key: Any = OWN_APP_KEY, **params: Any) -> Response:
        """subscriptionId alone removes AX and YB; with yNum/bNum only that YB."""
        response = self.request("DELETE", AXYB_PATH, params=self._axyb_params(params, app_key))
        sid = params.get("subscriptionId")
        if response.ok and sid:
            if params.get("yNum") is None and params.get("bNum") is None:
                self._unbound("axyb", params, response)
                self._axyb_ys.pop(sid, None)
            elif params.get("yNum") is not None and sid in self._axyb_ys:
                self._axyb_ys[sid] = [y for y in self._axyb_ys[sid] if y != params["yNum"]]
        return response

    def axyb_query(self, *, app_key: Any = OWN_APP_KEY, **params: Any) -> Response:
        return self.request("GET", AXYB_PATH, params=self._axyb_params(params, app_key))

    def _axyb_cleanup(self, subscriptionId: str) -> Response:
        """Cleanup of one AX binding: B's Y bindings first, then A's X (which takes the rest)."""
        for y in self._axyb_ys.pop(subscriptionId, []):
            params = {"subscriptionId": subscriptionId, "yNum": y}
            self.request("DELETE", AXYB_PATH, params=self._axyb_params(params, OWN_APP_KEY))
        return self.axyb_unbind(subscriptionId=subscriptionId)

    # -- calls: call stop and recording download (every mode) ---------------------------------

    def call_stop(self, **fields: Any) -> Response:
        """End an ongoing call: ``sessionid`` and ``signal`` ("call_stop")."""
        return self.request("POST", CALL_STOP_PATH, json=_drop_none(fields))

    def record_download(self, **params: Any) -> Response:
        """Ask for a recording (``fileName``, ``recordDomain``): a 301 is returned as is, not followed."""
        return self.request("GET", RECORD_PATH, params=params)

    # -- binds: marker, journal, ledger ------------------------------------------------------

    def _bind(
        self,
        mode: str,
        path: str,
        fields: dict[str, Any],
        *,
        x_key: str,
        params: dict[str, Any] | None = None,
        parent: str | None = None,
    ) -> Response:
        """Send a bind: journaled before it goes out, its outcome after; a success joins the ledger.

        The run marker goes into `userData` unless the caller names `userData` itself (even as
        None, "send none"): scenarios that check userData keep theirs and rely on the journal.
        An AXYB step 2 (`parent`) is not marked: it is removed with its step-1 binding."""
        body = _drop_none(fields)
        if self.marker and parent is None and "userData" not in fields:
            body["userData"] = self.marker
        marker = self.marker if self.marker and body.get("userData") == self.marker else None
        numbers = {k: body[k] for k in NUMBER_FIELDS if isinstance(body.get(k), str)}
        journal_id = self.journal.bind(mode, self.app_key, body, marker, parent) if self.journal else None
        pending = PendingBind(mode, numbers, marker, journal_id)
        self._pending.append(pending)  # until an answer comes: cleanup() checks by query otherwise
        try:
            response = self.request("POST", path, params=params, json=body)
        except Indeterminate as exc:
            self._pending.remove(pending)
            raise Indeterminate(self._check_timed_out_bind(pending, str(exc))) from exc
        sid = response.body.get("subscriptionId") if response.ok and response.body else None
        refused = response.body is not None and response.resultcode not in (None, "0")
        # Into the ledger before leaving the pending list: a Ctrl-C between any two of these lines
        # (the journal's fsync takes a while) must leave the binding known to cleanup().
        if sid and parent is None:
            self._remember(LedgerEntry(mode, sid, response.body.get(x_key)))
        if sid or refused:
            self._pending.remove(pending)
        if self.journal and journal_id:
            if sid:
                self.journal.outcome(journal_id, "bound", subscriptionId=sid, x=response.body.get(x_key))
            elif refused:
                self.journal.outcome(journal_id, "refused", resultcode=response.resultcode)
            else:
                self.journal.outcome(journal_id, "unknown", status=response.status)
        return response

    def _adopt(self, pending: PendingBind) -> list[str]:
        """Find by query what a bind without an answer made; put it in the ledger. Returns the ids."""
        found = find_bind(self, pending.mode, pending.numbers, pending.marker, self.x_numbers)
        for f in found:
            self._remember(LedgerEntry(f.mode, f.subscription_id, f.x))
        sids = [f.subscription_id for f in found]
        if self.journal and pending.journal_id:
            outcome = {"subscriptionId": sids[0]} if len(sids) == 1 else {}
            self.journal.outcome(pending.journal_id, "checked", found=sids, **outcome)
        return sids

    def _check_timed_out_bind(self, pending: PendingBind, message: str) -> str:
        """After a timed-out bind: did it happen? Never re-sent; found bindings go to the ledger."""
        try:
            sids = self._adopt(pending)
        except (LookupFailed, TargetUnreachable, Indeterminate) as exc:
            self._pending.append(pending)  # cleanup() tries again
            return f"{message}; checking by query failed too ({exc}); `pnconform sweep` will look again"
        if sids:
            return f"{message}; a query shows it did (subscriptionId {', '.join(sids)}): teardown unbinds it"
        return f"{message}; a query finds no such binding"

    def _unbound(self, mode: str, params: dict[str, Any], response: Response) -> None:
        if self.journal:
            self.journal.unbind(mode, _drop_none(params), response.resultcode)
        if response.ok:
            self._forget(mode, params.get("subscriptionId"))

    # -- cleanup -----------------------------------------------------------------------------

    def _forget(self, mode: str, subscription_id: str | None) -> None:
        # An unbind by relationNum alone is not trusted to have removed everything: those entries
        # stay, and cleanup() tolerates "already gone".
        if subscription_id is not None:
            self._ledger.pop((mode, subscription_id), None)

    def cleanup(self) -> list[str]:
        """Unbind everything this client bound and did not unbind. Never raises; returns problems."""
        unbinders = {"axb": self.axb_unbind, "ax": self.ax_unbind, "axe": self.axe_unbind, "axyb": self._axyb_cleanup}
        problems: list[str] = []
        for pending in list(self._pending):  # interrupted binds (Ctrl-C, a lost answer): did they happen?
            try:
                self._adopt(pending)
            except (LookupFailed, TargetUnreachable, Indeterminate) as exc:
                problems.append(f"check of an unanswered {pending.mode} bind {pending.numbers}: {exc}")
        self._pending.clear()
        for entry in self.ledger:
            try:
                response = unbinders[entry.mode](subscriptionId=entry.subscription_id)
                # 1012007/1016001: already gone (expired, unbound by relationNum, ...): fine.
                if response.resultcode not in ("0", "1012007", "1016001"):
                    problems.append(f"unbind {entry.subscription_id}: HTTP {response.status} {response.text[:120]}")
            except (TargetUnreachable, Indeterminate) as exc:
                problems.append(f"unbind {entry.subscription_id}: {exc}")
        self._ledger.clear()
        return problems
