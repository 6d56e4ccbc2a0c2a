"""The emulator over HTTPS (GEN-001): a throw-away CA made at start-up, trusted by that run only."""

from __future__ import annotations

import os
import re
import signal
import ssl
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from pnconform import tls
from pnconform.asgi_thread import ThreadedServer
from pnconform.client import PrivateNumberClient
from pnconform.emulator import EmbeddedEmulator, builtin_config
from pnconform.emulator.faults import HTTP_PLAIN_HTTP
from pnconform.targets import App, TargetError, check_reachable, load_target, trust_ca_file
from pnconform.violation import RuleViolation

ROOT = Path(__file__).resolve().parents[1]
HOOKS_HEALTH = "/_pnconform/"  # any path: an answer at all is what counts here


def test_embedded_emulator_serves_https_that_the_run_trusts() -> None:
    with EmbeddedEmulator(tls=True) as emulator:
        assert emulator.base_url.startswith("https://127.0.0.1:")
        ca_file = emulator.ca_file
        assert ca_file is not None and ca_file.is_file()
        # The kit's shared context trusts the CA while the emulator runs ...
        answer = httpx.get(emulator.base_url + HOOKS_HEALTH, verify=tls.context())
        assert answer.status_code == 404
        # ... and a client given only the CA file verifies the certificate too.
        own = ssl.create_default_context(cafile=str(ca_file))
        assert httpx.get(emulator.base_url + HOOKS_HEALTH, verify=own).status_code == 404
        # A client without the CA fails verification.
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            httpx.get(emulator.base_url + HOOKS_HEALTH, verify=ssl.create_default_context())
        # Plain HTTP at the same port is no way in.
        with pytest.raises(httpx.TransportError):
            httpx.get(emulator.base_url.replace("https://", "http://") + HOOKS_HEALTH, timeout=3)
        pem = ca_file.read_text()
        assert pem in tls.trusted_extra()
    # Only for that run: the CA is withdrawn and its folder removed.
    assert pem not in tls.trusted_extra()
    assert not ca_file.exists()


def test_each_start_makes_a_new_ca() -> None:
    with EmbeddedEmulator(tls=True) as first:
        assert first.ca_file is not None
        first_pem = first.ca_file.read_text()
    with EmbeddedEmulator(tls=True) as second:
        assert second.ca_file is not None
        assert second.ca_file.read_text() != first_pem
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            httpx.get(second.base_url + HOOKS_HEALTH, verify=ssl.create_default_context(cadata=first_pem))


def test_without_tls_it_serves_plain_http() -> None:
    with EmbeddedEmulator() as emulator:
        assert emulator.base_url.startswith("http://") and emulator.ca_file is None


def test_the_plain_http_fault_serves_http_where_https_was_asked() -> None:
    cfg = builtin_config().with_faults([HTTP_PLAIN_HTTP])
    with EmbeddedEmulator(cfg, tls=True) as emulator:
        assert emulator.base_url.startswith("http://") and emulator.ca_file is None
        assert httpx.get(emulator.base_url + HOOKS_HEALTH).status_code == 404


def test_tls_context_trust_is_withdrawn() -> None:
    with EmbeddedEmulator(tls=True) as emulator:
        assert emulator.ca_file is not None
        pem = emulator.ca_file.read_text()
    before = tls.context()
    withdraw = tls.trust(pem)
    assert tls.context() is not before
    withdraw()
    assert tls.context() is before
    with pytest.raises(ssl.SSLError):
        tls.trust("not a certificate")


# The rest of a remote target: one app (its secret's default, no variable needed), user numbers.
REST = (
    "    apps: {axb: {app_key: k, app_secret: '${PNCONFORM_TEST_NO_SUCH_VAR:-s}'}}\n"
    "    user_numbers: {start: '+8613800000000', count: 10}\n"
)


def _targets(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "targets.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_targets_tls_and_ca_file(tmp_path: Path) -> None:
    shipped = load_target(ROOT / "targets.yaml", "reference")
    assert shipped.kind == "embedded" and shipped.tls
    assert not load_target(ROOT / "targets.yaml", "reference-http").tls
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate")
    remote = "targets:\n  t:\n    kind: remote\n    base_url: https://127.0.0.1:8443\n    ca_file: {ca}\n" + REST
    target = load_target(_targets(tmp_path, remote.replace("{ca}", str(garbage))), "t")
    assert target.tls and target.ca_file == str(garbage)
    with pytest.raises(TargetError, match="ca_file"):
        trust_ca_file(target)
    bad = "targets:\n  t:\n    kind: remote\n    base_url: http://127.0.0.1:8080\n    tls: true\n" + REST
    with pytest.raises(TargetError, match="only an embedded target has tls"):
        load_target(_targets(tmp_path, bad), "t")


def test_a_remote_target_reaches_a_tls_emulator_through_its_ca_file(tmp_path: Path) -> None:
    with EmbeddedEmulator(tls=True) as emulator:
        assert emulator.ca_file is not None
        ca = tmp_path / "ca.pem"
        ca.write_text(emulator.ca_file.read_text())
        remote = f"targets:\n  t:\n    kind: remote\n    base_url: {emulator.base_url}\n    ca_file: {ca}\n" + REST
        target = load_target(_targets(tmp_path, remote), "t")
        assert ca.read_text() in tls.trusted_extra()  # the embedded emulator's own trust, in this process
        withdraw = trust_ca_file(target)
        try:
            assert tls.trusted_extra().count(ca.read_text()) == 2
            check_reachable(target)
        finally:
            withdraw()
        assert tls.trusted_extra().count(ca.read_text()) == 1


def test_emulator_command_serves_tls_and_prints_the_ca_path(tmp_path: Path) -> None:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PNCONFORM_")}, "TMPDIR": str(tmp_path)}
    command = [sys.executable, "-m", "pnconform.cli", "emulator", "--tls", "--port", "0"]
    process = subprocess.Popen(
        command,
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "CA certificate" in line:
                break
        shown = "".join(lines)
        found = re.search(r"CA certificate (\S+)", shown)
        url = re.search(r"serving\s+(https://127\.0\.0\.1:\d+)", shown)
        assert found and url, shown
        ca_file = Path(found.group(1))
        assert ca_file.is_file() and ca_file.is_relative_to(tmp_path)
        verifying = ssl.create_default_context(cafile=str(ca_file))
        answer = None
        for _ in range(100):  # the banner is printed just before uvicorn serves
            try:
                answer = httpx.get(url.group(1) + HOOKS_HEALTH, verify=verifying, timeout=3)
                break
            except httpx.ConnectError as exc:
                assert "CERTIFICATE_VERIFY_FAILED" not in str(exc)
                time.sleep(0.1)
        assert answer is not None and answer.status_code == 404
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            httpx.get(url.group(1) + HOOKS_HEALTH, verify=ssl.create_default_context(), timeout=3)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert not ca_file.exists(), "the throw-away CA's folder is removed at exit"


# -- the scenario's checks can fail (each clause of GEN-001) ------------------------------------


def _ctx(base_url: str, emulator: EmbeddedEmulator) -> Any:
    """A scenario context on the reference target, its apps the emulator's, at ``base_url``."""
    from pnconform.client import ExchangeLog
    from pnconform.numbers import NumberPool
    from steps.common.context import Ctx

    apps = {a.mode: App(a.mode, a.app_key, a.app_secret, ()) for a in emulator.config.apps}
    target = load_target(ROOT / "targets.yaml", "reference").with_runtime(base_url, apps)
    log = ExchangeLog()

    def client_for(mode: str) -> PrivateNumberClient:
        app = target.app(mode)
        return PrivateNumberClient(target.base_url or "", app.app_key, app.app_secret, log=log, mode=mode)

    return Ctx(target=target, numbers=NumberPool(target), client_for=client_for, log=log)


def test_the_certificate_check_fails_on_a_certificate_from_another_ca(tmp_path: Path) -> None:
    from steps.common.transport import certificate_verified

    emulator = EmbeddedEmulator()  # its app and config; served below by a server the run does not trust
    cert = tls.throwaway_certificate(tmp_path)
    server = ThreadedServer(
        emulator.app, "127.0.0.1", 0, "untrusted", ssl_certfile=str(cert.cert_file), ssl_keyfile=str(cert.key_file)
    )
    server.start()
    try:
        ctx = _ctx(f"https://127.0.0.1:{server.port}", emulator)
        with pytest.raises(RuleViolation, match="does not verify") as failed:
            certificate_verified(ctx)
        assert failed.value.rules == ("GEN-001",)
    finally:
        server.stop()


def test_the_plain_http_check_fails_when_plain_http_is_answered() -> None:
    from steps.common.transport import answered_over_https, plain_http_refused

    with EmbeddedEmulator() as emulator:
        port = emulator.port
        ctx = _ctx(emulator.base_url, emulator)
        ctx.last = ctx.client_of("axb").axb_query(relationNum=emulator.config.apps[0].x_numbers[0].number)
        with pytest.raises(RuleViolation, match="not HTTPS"):
            answered_over_https(ctx)
        ctx.target = ctx.target.with_runtime(f"https://127.0.0.1:{port}", ctx.target.apps)
        with pytest.raises(RuleViolation, match="answered as the API") as failed:
            plain_http_refused(ctx)
        assert failed.value.rules == ("GEN-001",)
        ctx.clients["axb"].close()


def test_the_scenario_checks_pass_on_the_tls_emulator() -> None:
    from steps.common.transport import answered_over_https, certificate_verified, plain_http_refused

    with EmbeddedEmulator(tls=True) as emulator:
        ctx = _ctx(emulator.base_url, emulator)
        ctx.last = ctx.client_of("axb").axb_query(relationNum=emulator.config.apps[0].x_numbers[0].number)
        answered_over_https(ctx)
        certificate_verified(ctx)
        plain_http_refused(ctx)
        for client in ctx.clients.values():
            client.close()
