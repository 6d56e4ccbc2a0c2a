"""One TLS context per process for every HTTP client the kit and the emulator build.

httpx builds a fresh `ssl.SSLContext` for each Client and loads the CA bundle into it (30–50 ms,
even for `http://`; encode/httpx#3627). The kit builds a client per app per scenario and the
emulator one per push flush, so that was about half the time of an example scenario. An
SSLContext is safe to share between clients and threads.
"""

from __future__ import annotations

import ssl
from functools import cache

import certifi


@cache
def context(verify: bool = True) -> ssl.SSLContext:
    """The shared context: certifi's CA bundle, or (``verify=False``, a target's ``verify_tls``)
    no certificate checks at all."""
    ctx = ssl.create_default_context(cafile=certifi.where())
    if not verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx
