"""One TLS context per process for every HTTP client the kit and the emulator build.

httpx builds a fresh `ssl.SSLContext` for each Client and loads the CA bundle into it (30–50 ms,
even for `http://`; encode/httpx#3627). The kit builds a client per app per scenario and the
emulator one per push flush, so that was about half the time of an example scenario. An
SSLContext is safe to share between clients and threads.

A run may trust one more certificate authority than certifi's: the throw-away CA of an embedded
emulator served over HTTPS (GEN-001), made at its start-up, or the ``ca_file`` of a target (the CA
that `pnconform emulator --tls` writes). ``trust`` adds it for as long as that run lasts (the
returned function withdraws it); nothing is written to the system's trust store.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import certifi

_lock = threading.Lock()
_extra: tuple[str, ...] = ()  # PEM text of the CAs trusted for the current run, besides certifi's


def context(verify: bool = True) -> ssl.SSLContext:
    """The shared context: certifi's CA bundle (and the CAs the run trusts), or (``verify=False``,
    a target's ``verify_tls``) no certificate checks at all."""
    return _context(verify, _extra if verify else ())


@cache
def _context(verify: bool, extra: tuple[str, ...]) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=certifi.where())
    for pem in extra:
        ctx.load_verify_locations(cadata=pem)
    if not verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


def trust(ca_pem: str) -> Callable[[], None]:
    """Trust the CA ``ca_pem`` (PEM text) in every context made from now on; the function returned
    withdraws it (contexts already handed out keep it: their clients belong to that run)."""
    global _extra
    ssl.create_default_context(cadata=ca_pem)  # ssl.SSLError (an OSError) now if it is no certificate
    with _lock:
        _extra = (*_extra, ca_pem)

    def withdraw() -> None:
        global _extra
        with _lock:
            kept = list(_extra)
            if ca_pem in kept:
                kept.remove(ca_pem)
            _extra = tuple(kept)

    return withdraw


def trusted_extra() -> tuple[str, ...]:
    """The CAs (PEM) the run trusts besides certifi's."""
    return _extra


@dataclass(frozen=True)
class ServerCertificate:
    """A throw-away CA (made by trustme, its key only in memory) and the server certificate it
    issued for loopback, written as PEM files: ``ca_file`` is what a client trusts."""

    ca_file: Path
    cert_file: Path  # the certificate chain the server presents
    key_file: Path

    @property
    def ca_pem(self) -> str:
        return self.ca_file.read_text(encoding="ascii")


def throwaway_certificate(directory: Path, host: str = "127.0.0.1") -> ServerCertificate:
    """Make a fresh CA and a certificate for ``host`` (and the loopback names) into ``directory``."""
    import trustme  # only a TLS-serving emulator needs it

    ca = trustme.CA(organization_name="pnconform throw-away CA")
    names = ["127.0.0.1", "localhost", "::1"]
    if host not in ("", "0.0.0.0", "::", *names):
        names.append(host)
    leaf = ca.issue_cert(*names)
    found = ServerCertificate(directory / "ca.pem", directory / "server.pem", directory / "server.key")
    ca.cert_pem.write_to_path(str(found.ca_file))
    found.cert_file.write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
    leaf.private_key_pem.write_to_path(str(found.key_file))
    found.key_file.chmod(0o600)
    return found
