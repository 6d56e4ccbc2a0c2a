"""Serving an ASGI app with uvicorn in a daemon thread, on a socket we bind ourselves.

Shared by the embedded emulator and the suite's callback receiver (the suite must not import the
emulator, so this lives beside both). Binding the socket here means ``port=0`` yields a known free
port before the server starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn

from pnconform import tls as tls_context


def listen_socket(host: str, port: int, backlog: int = 1024) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose proto
    # says TCP, and without it every response pays a ~40 ms Nagle/delayed-ACK stall.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(backlog)
    return sock


def http_url(host: str, port: int, scheme: str = "http") -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    shown = "[::1]" if shown == "::" else (f"[{shown}]" if ":" in shown else shown)
    return f"{scheme}://{shown}:{port}"


class _WakeableServer(uvicorn.Server):
    """uvicorn's server, whose main loop wakes at once when asked to exit.

    uvicorn looks at `should_exit` every 0.1 s; every start/stop of the emulator and the receiver
    (twice per self-test run) paid up to that for nothing."""

    _wake: asyncio.Event | None = None
    _loop: asyncio.AbstractEventLoop | None = None

    async def main_loop(self) -> None:
        self._loop, self._wake = asyncio.get_running_loop(), asyncio.Event()
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 0.1)
            should_exit = await self.on_tick(counter)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """uvicorn's shutdown (0.55), without its fixed 0.1 s pause after asking open connections
        to close: it waits in 1 ms steps until they are gone (at most 0.1 s), then as uvicorn does."""
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        for _ in range(100):
            if not self.server_state.connections:
                break
            await asyncio.sleep(0.001)
        try:
            async with asyncio.timeout(self.config.timeout_graceful_shutdown):
                await self._wait_tasks_to_complete()
        except TimeoutError:
            for task in self.server_state.tasks:
                task.cancel(msg="Task cancelled, timeout graceful shutdown exceeded")
        if not self.force_exit:
            await self.lifespan.shutdown()

    def exit_now(self) -> None:
        self.should_exit = True
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None and not loop.is_closed():
            loop.call_soon_threadsafe(wake.set)


class ThreadedServer:
    """One uvicorn server in a daemon thread. ``what`` names it in errors ("the callback receiver").

    ``tls=True`` (GEN-001): served over HTTPS with a certificate from a throw-away CA made at each
    start (`pnconform.tls.throwaway_certificate`, in a temporary folder removed at stop). The
    clients of this process trust that CA while the server runs, and only then (`tls.trust`)."""

    def __init__(self, app: Any, host: str, port: int, what: str, *, tls: bool = False, **uvicorn_options: Any) -> None:
        self.app, self.host, self.port, self.what, self.tls = app, host, port, what, tls
        self._options = {"log_level": "warning", "access_log": False, "lifespan": "off", **uvicorn_options}
        self._server: _WakeableServer | None = None
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None
        self._tls_dir: Path | None = None
        self._untrust: Callable[[], None] | None = None
        self.certificate: tls_context.ServerCertificate | None = None  # while it serves HTTPS

    @property
    def running(self) -> bool:
        return self._sock is not None

    @property
    def base_url(self) -> str:
        if self._sock is None:
            raise RuntimeError(f"{self.what} is not running")
        return http_url(self.host, self.port, "https" if self.certificate is not None else "http")

    def start(self, startup_timeout: float = 10.0) -> None:
        """Bind (OSError if the port is taken), serve, and return once connections are accepted."""
        if self._thread is not None:
            return
        self._sock = listen_socket(self.host, self.port)
        self.port = self._sock.getsockname()[1]
        options = dict(self._options)
        if self.tls:
            self._tls_dir = Path(tempfile.mkdtemp(prefix="pnconform-tls-"))
            self.certificate = tls_context.throwaway_certificate(self._tls_dir, self.host)
            options.update(ssl_certfile=str(self.certificate.cert_file), ssl_keyfile=str(self.certificate.key_file))
            self._untrust = tls_context.trust(self.certificate.ca_pem)
        self._server = _WakeableServer(uvicorn.Config(self.app, **options))
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, name=f"{self.what}-{self.port}", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + startup_timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.what} did not start")
            time.sleep(0.01)
        self._wait_accepting(deadline)

    def _wait_accepting(self, deadline: float) -> None:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        host = "::1" if host == "::" else host
        while True:
            try:
                with socket.create_connection((host, self.port), timeout=1):
                    return
            except OSError as exc:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"{self.what} does not accept connections") from exc
                time.sleep(0.01)

    def stop(self) -> None:
        if self._server is not None:
            self._server.exit_now()
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._sock is not None:
            self._sock.close()
        if self._untrust is not None:
            self._untrust()
        if self._tls_dir is not None:
            shutil.rmtree(self._tls_dir, ignore_errors=True)
        self._server = self._thread = self._sock = None
        self._untrust = self._tls_dir = self.certificate = None
