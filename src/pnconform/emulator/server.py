"""Running the emulator: in a background thread (EmbeddedEmulator) or in the foreground.

Both bind the listening socket themselves (`pnconform.asgi_thread`), so that ``port=0`` yields a
known free port before the server starts.
"""

from __future__ import annotations

import logging
import signal
import sys
import tempfile
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

import uvicorn

from pnconform.asgi_thread import ThreadedServer, http_url, listen_socket
from pnconform.tls import throwaway_certificate

from .app import create_app
from .config import BUILTIN_SECRETS, CALLBACK_URL_KEYS, EmulatorConfig, builtin_config, load_config
from .faults import HTTP_PLAIN_HTTP
from .hooks import PREFIX
from .modes import implemented_modes
from .state import EmulatorState


def serves_tls(cfg: EmulatorConfig, tls: bool) -> bool:
    """Whether an emulator asked for HTTPS (``tls``) serves it: not with the fault http.plain_http."""
    return tls and HTTP_PLAIN_HTTP not in cfg.faults  # GEN-001


class EmbeddedEmulator:
    """The emulator served by uvicorn in a daemon thread on a free port; use as a context manager.

    ``tls=True``: over HTTPS, with a throw-away CA made at start-up that this process's clients
    trust while it runs (GEN-001; `pnconform.asgi_thread.ThreadedServer`). ``base_url`` says the
    scheme it serves."""

    def __init__(
        self,
        config: EmulatorConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        startup_timeout: float = 10.0,
        tls: bool = False,
    ) -> None:
        self.config = config if config is not None else builtin_config()
        self.startup_timeout = startup_timeout
        self.app = create_app(self.config)
        self.state: EmulatorState = self.app.state.emulator
        self._server = ThreadedServer(
            self.app,
            host,
            port,
            "the embedded emulator",
            tls=serves_tls(self.config, tls),
            timeout_graceful_shutdown=3,
        )

    @property
    def host(self) -> str:
        return self._server.host

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def base_url(self) -> str:
        return self._server.base_url

    @property
    def ca_file(self) -> Path | None:
        """The throw-away CA's certificate (PEM) while it serves HTTPS; None over plain HTTP."""
        cert = self._server.certificate
        return cert.ca_file if cert is not None else None

    def start(self) -> EmbeddedEmulator:
        self._server.start(self.startup_timeout)
        return self

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> EmbeddedEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _log_hints_to(stream: IO[str]) -> None:
    """Show the emulator's hints (which setting would change a refusal) to the person watching it."""
    log = logging.getLogger("pnconform.emulator")
    if not any(getattr(h, "pnconform_hints", False) for h in log.handlers):
        handler = logging.StreamHandler(stream)
        handler.setFormatter(logging.Formatter("pnconform emulator: %(message)s"))
        handler.pnconform_hints = True  # type: ignore[attr-defined]
        log.addHandler(handler)
    log.setLevel(logging.INFO)


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
        voice = ", ".join(app.voice_files) or "none (--voice-file)"
        lines.append(f"          voice files: {voice}; recording: {'on' if app.recording else 'off (--recording)'}")
        if app.ip_whitelist:
            lines.append(f"          IP whitelist: {', '.join(app.ip_whitelist)}")
        urls = {key: getattr(app, key) for key in CALLBACK_URL_KEYS if getattr(app, key)}
        shown = ", ".join(f"{key}={url}" for key, url in urls.items())
        lines.append(f"          callbacks: {shown or 'none (config, or POST /_emulator/apps/callbacks)'}")
    auth = "AKSK and WSSE" if cfg.settings["accept_wsse"] else "AKSK (WSSE off: --accept-wsse)"
    lines.append(f"  auth:     {auth}")
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
    tls: bool = False,
    tls_dir: str | None = None,
    settings: Mapping[str, Any] | None = None,
    voice_files: Iterable[str] = (),
    recording: bool = False,
) -> None:
    """Serve in the foreground until interrupted. ``faults`` are added to the config's, as are
    ``settings`` (checked: ConfigError), ``voice_files`` (approved for every app) and ``recording``
    (on for every app): what an integrator sets in the console.

    ``tls``: over HTTPS with a throw-away CA made now (GEN-001); its certificate, the server's and
    its key are written to ``tls_dir`` (default: a new temporary folder, removed at exit) and the
    banner names the CA file, for the clients to trust."""
    cfg = load_config(config_path) if config_path else builtin_config()
    extra = list(faults)
    if extra:
        cfg = cfg.with_faults([*cfg.faults, *extra])
    if settings:
        cfg = cfg.with_settings(settings)
    cfg = cfg.with_app_attributes(voice_files=voice_files, recording=recording or None)
    _log_hints_to(out or sys.stderr)
    app = create_app(cfg)
    certfile = keyfile = None
    with tempfile.TemporaryDirectory(prefix="pnconform-tls-") as scratch:
        lines: list[str] = []
        if serves_tls(cfg, tls):
            folder = Path(tls_dir) if tls_dir else Path(scratch)
            folder.mkdir(parents=True, exist_ok=True)
            cert = throwaway_certificate(folder, host)
            if not tls_dir and threading.current_thread() is threading.main_thread():
                # uvicorn re-raises a SIGTERM it caught once it has shut down: exit through the
                # `with`, so that the throw-away CA's folder is removed.
                signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            certfile, keyfile = str(cert.cert_file), str(cert.key_file)
            kept = "kept" if tls_dir else "removed at exit"
            lines = [
                f"  tls:      CA certificate {cert.ca_file.resolve()}",
                f"            (a throw-away CA made now; trust it for this run only; {kept})",
            ]
        sock = listen_socket(host, port)
        url = http_url(host, sock.getsockname()[1], "https" if certfile else "http")
        print("\n".join([banner(cfg, url), *lines]), file=out or sys.stdout, flush=True)
        config = uvicorn.Config(app, log_level="info", lifespan="off", ssl_certfile=certfile, ssl_keyfile=keyfile)
        server = uvicorn.Server(config)
        try:
            server.run(sockets=[sock])
        finally:
            sock.close()
