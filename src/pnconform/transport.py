"""One pooled HTTP client per address per process: connections (and TLS sessions) are reused.

Every `PrivateNumberClient` and `HooksClient` used to open its own `httpx.Client`: a new TCP
connection, and over HTTPS a new TLS handshake, for each of the ~1,300 clients a full run makes
(one per app per scenario, one per hooks use). They now share one `httpx.Client` per (base URL,
timeout, TLS trust): its pool keeps connections alive between scenarios. The clients keep their
own state (ledger, exchange log, journal, limiter); only the transport is shared. httpx's pool is
thread-safe, so the concurrency scenarios' threads share it too.

Idle connections are dropped after 2 s, before a server's keep-alive timeout (uvicorn: 5 s) can
close them under a request. `close_all()` ends a run (plugin unconfigure): the next run in the
same process (the self-test's runner) talks to a new emulator anyway.
"""

from __future__ import annotations

import threading

import httpx

from pnconform import tls

_KEEPALIVE_S = 2.0
_lock = threading.Lock()
_clients: dict[tuple[str, float, bool, tuple[str, ...]], httpx.Client] = {}


def pooled(base_url: str, timeout: float, verify: bool = True) -> httpx.Client:
    """The shared client for ``base_url`` (made on first use). Do not close it: `close_all` does."""
    key = (base_url.rstrip("/"), float(timeout), verify, tls.trusted_extra() if verify else ())
    with _lock:
        client = _clients.get(key)
        if client is None or client.is_closed:
            client = _clients[key] = httpx.Client(
                base_url=key[0],
                timeout=timeout,
                verify=tls.context(verify),
                limits=httpx.Limits(keepalive_expiry=_KEEPALIVE_S),
            )
        return client


def close_all() -> None:
    """Close every pooled client (their connections with them)."""
    with _lock:
        clients = list(_clients.values())
        _clients.clear()
    for client in clients:
        client.close()
