"""Running the emulator: in a background thread (EmbeddedEmulator) or in the foreground.

We bind the listening socket ourselves so that ``port=0`` yields a known free port before the
server starts, and hand it to uvicorn.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterable
from typing import IO

import uvicorn

from .app import create_app
from .config import BUILTIN_SECRETS, EmulatorConfig, builtin_config, load_config
from .hooks import PREFIX
from .modes import implemented_modes
from .state import EmulatorState


def _listen(host: str, port: int) -> socket.socket:
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
    sock.listen(1024)
    return sock


def _url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    shown = "[::1]" if shown == "::" else (f"[{shown}]" if ":" in shown else shown)
    return f"http://{shown}:{port}"


class EmbeddedEmulator:
    """uvicorn in a daemon thread on a free port; use as a context manager."""

    def __init__(
        self,
        config: EmulatorConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        startup_timeout: float = 10.0,
    ) -> None:
        self.config = config if config is not None else builtin_config()
        self.host = host
        self.port = port
        self.startup_timeout = startup_timeout
        self.app = create_app(self.config)
        self.state: EmulatorState = self.app.state.emulator
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None

    @property
    def base_url(self) -> str:
        if self._sock is None:
            raise RuntimeError("the emulator is not running")
        return _url(self.host, self.port)

    def start(self) -> EmbeddedEmulator:
        if self._thread is not None:
            return self
        self._sock = _listen(self.host, self.port)
        self.port = self._sock.getsockname()[1]
        config = uvicorn.Config(
            self.app, log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=3
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._sock]},
            name=f"pnconform-emulator-{self.port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + self.startup_timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the embedded emulator did not start")
            time.sleep(0.01)
        self._wait_accepting(deadline)
        return self

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
                    raise RuntimeError("the embedded emulator does not accept connections") from exc
                time.sleep(0.01)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._sock is not None:
            self._sock.close()
        self._server = self._thread = self._sock = None

    def __enter__(self) -> EmbeddedEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def banner(cfg: EmulatorConfig, url: str) -> str:
    """What a standalone emulator serves, printed before it starts."""
    lines = [
        f"pnconform reference emulator (Huawei Cloud PrivateNumber API, modes implemented: "
        f"{', '.join(implemented_modes())})",
        f"  serving  {url}",
        "  apps:",
    ]
    for app in cfg.apps:
        secret = app.app_secret if app.app_secret in BUILTIN_SECRETS else "(from the config)"
        numbers = ", ".join(f"{x.number} ({x.area_code})" for x in app.x_numbers) or "none"
        lines.append(f"    {app.mode:<5} app_key={app.app_key} app_secret={secret} state={app.state}")
        lines.append(f"          X: {numbers}")
    settings = " ".join(f"{k}={v}" for k, v in cfg.settings.items())
    lines.append(f"  settings: {settings}")
    lines.append(f"  faults:   {', '.join(cfg.faults) if cfg.faults else 'none'}")
    lines.append(
        f"  hooks:    {url}{PREFIX}/ (no auth"
        f"{'; loopback clients only' if cfg.settings['hooks_loopback_only'] else ''})"
    )
    return "\n".join(lines)


def run_standalone(
    host: str = "127.0.0.1",
    port: int = 8080,
    config_path: str | None = None,
    faults: Iterable[str] = (),
    out: IO[str] | None = None,
) -> None:
    """Serve in the foreground until interrupted. ``faults`` are added to the config's."""
    cfg = load_config(config_path) if config_path else builtin_config()
    extra = list(faults)
    if extra:
        cfg = cfg.with_faults([*cfg.faults, *extra])
    app = create_app(cfg)
    sock = _listen(host, port)
    url = _url(host, sock.getsockname()[1])
    print(banner(cfg, url), file=out or sys.stdout, flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="info", lifespan="off"))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
