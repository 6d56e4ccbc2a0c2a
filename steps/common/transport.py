"""Steps of the transport: the API over HTTPS at the access address (GEN-001).

The requests go through `PrivateNumberClient` (the plain-HTTP one too: the same signed request,
only the scheme changed); the certificate is judged by a TLS handshake with the kit's own trust
(`pnconform.tls.context`: certifi's CAs and the CA the run trusts, e.g. the throw-away CA of an
embedded emulator served over HTTPS), so it is judged exactly as every request of the run is.
"""

from __future__ import annotations

import socket
import ssl
from urllib.parse import urlsplit

import pytest
from pytest_bdd import given, then

from pnconform import tls
from pnconform.client import PrivateNumberClient, TargetUnreachable
from pnconform.ratelimit import limiter_for
from pnconform.violation import check
from steps.common.context import Ctx
from steps.common.modes import AXB

RULE = "GEN-001"


def _address(url: str) -> tuple[str, str, int]:
    """Scheme, host and port of ``url`` (the scheme's default port when it names none)."""
    parts = urlsplit(url)
    default = 443 if parts.scheme == "https" else 80
    return parts.scheme, parts.hostname or "", parts.port or default


@given("the target is configured to be reached over HTTPS")
def configured_for_https(ctx: Ctx) -> None:
    """Skips, with its reason, where GEN-001 cannot be judged: the target is configured with a
    plain-HTTP address (a live target's base_url http://; an embedded emulator without `tls: true`)
    or without certificate checks (verify_tls: false)."""
    target = ctx.target
    if not target.tls:
        how = "set tls: true" if target.kind == "embedded" else "give base_url as https://host[:port]"
        pytest.skip(
            f"target '{target.name}' is configured for plain HTTP ({target.base_url}): GEN-001 needs an HTTPS "
            f"access address ({how} in {target.source}; the reference target serves one)"
        )
    if not target.verify_tls:
        pytest.skip(f"target '{target.name}' has verify_tls: false: its certificate cannot be judged (GEN-001)")


@then("the answer came over HTTPS from the configured host and port, at the interface URI")
def answered_over_https(ctx: Ctx) -> None:
    """GEN-001: the last request went to <the configured access address><the interface URI>, over
    HTTPS, and the API answered it (an answer with a resultcode, whichever)."""
    assert ctx.log.exchanges, "no request was sent in this scenario"
    sent = ctx.log.exchanges[-1]
    base = ctx.target.base_url or ""
    body = ctx.response.body
    check(RULE, body is not None and "resultcode" in body, f"{sent.url} gave no API answer: {ctx.response!r}")
    scheme, host, port = _address(sent.url)
    check(RULE, scheme == "https", f"the API was reached over {scheme}, not HTTPS: {sent.method} {sent.url}")
    check(
        RULE,
        (host, port) == _address(base)[1:],
        f"the request went to {host}:{port}, not to the configured access address {base}",
    )
    check(
        RULE,
        urlsplit(sent.url).path == urlsplit(base).path.rstrip("/") + sent.path,
        f"{sent.url} is not the access address {base} followed by the interface URI {sent.path}",
    )


@then("the platform's certificate is verified by the client for the configured host")
def certificate_verified(ctx: Ctx) -> None:
    """GEN-001: a TLS handshake at the access address, with the run's trust and host-name check,
    succeeds (the certificate chains to a trusted CA and names the configured host)."""
    scheme, host, port = _address(ctx.target.base_url or "")
    check(RULE, scheme == "https", f"the configured access address {ctx.target.base_url} is not HTTPS")
    verifying = tls.context(True)
    assert verifying.verify_mode == ssl.CERT_REQUIRED and verifying.check_hostname
    try:
        with (
            socket.create_connection((host, port), timeout=ctx.target.timeout_s) as raw,
            verifying.wrap_socket(raw, server_hostname=host) as conn,
        ):
            cert = conn.getpeercert()
    except ssl.SSLCertVerificationError as exc:
        check(RULE, False, f"the certificate of {host}:{port} does not verify: {exc.verify_message}")
    except (ssl.SSLError, OSError) as exc:
        check(RULE, False, f"no TLS handshake at {host}:{port}: {exc.__class__.__name__}: {exc}")
    else:
        check(RULE, bool(cert), f"{host}:{port} presented no certificate")


@then("a plain-HTTP request to the same host and port gets no API answer")
def plain_http_refused(ctx: Ctx) -> None:
    """GEN-001: the last request again, signed anew, over http:// at the same host and port: the
    platform does not answer it as the API (a closed connection, or an answer that is no API
    envelope, e.g. nginx's 400 "plain HTTP request was sent to HTTPS port")."""
    assert ctx.log.exchanges, "no request was sent in this scenario"
    sent = ctx.log.exchanges[-1]
    target = ctx.target
    _, host, port = _address(target.base_url or "")
    shown = f"[{host}]" if ":" in host else host
    app = target.app(AXB.mode)
    plain = PrivateNumberClient(
        f"http://{shown}:{port}{urlsplit(target.base_url or '').path}",
        app.app_key,
        app.app_secret,
        auth=target.auth,
        timeout=min(target.timeout_s, 5.0),
        log=ctx.log,
        mode=AXB.mode,
        limiter=limiter_for(target),
    )
    try:
        answer = plain.request(sent.method, sent.path, params=sent.params or None)
    except TargetUnreachable:
        return  # the connection was refused or closed: no API over plain HTTP
    finally:
        plain.close()
    check(
        RULE,
        answer.body is None or "resultcode" not in answer.body,
        f"plain HTTP at {host}:{port} is answered as the API: {answer!r}",
    )
