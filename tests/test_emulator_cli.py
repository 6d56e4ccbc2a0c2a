"""`pnconform emulator` as an integrator's stand-in: the flags for what the console sets, a banner with
everything a client needs, and client code signed the way it is found in the wild working with it.

The signing below is written as integrator code writes it (no pnconform import): `Created` ending
in `Z`, a 13-character nonce, a space after each comma of the token, and
`Content-Type: application/json;charset=UTF-8`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
from standalone import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[1]
AXB = "/rest/caas/relationnumber/partners/v1.0"
KEY, SECRET, X = "emu-axb-app", "emu-axb-secret", "+8617010000001"  # the banner's values


def signed(scheme: str) -> dict[str, str]:
    nonce = secrets.token_hex(7)[:13]
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if scheme == "WSSE":
        digest = base64.b64encode(hashlib.sha256((nonce + created + SECRET).encode()).digest()).decode()
    else:
        mac = hmac.new(SECRET.encode(), (nonce + created).encode(), hashlib.sha256).digest()
        digest = base64.b64encode(mac).decode()
    token = f'UsernameToken Username="{KEY}", PasswordDigest="{digest}", Nonce="{nonce}", Created="{created}"'
    return {
        "Authorization": f'{scheme} realm="SDP", profile="UsernameToken", type="Appkey"',
        f"X-{scheme}": token,
        "Content-Type": "application/json;charset=UTF-8",
    }


@contextmanager
def emulator(tmp_path: Path, *flags: str) -> Iterator[tuple[str, Path]]:
    port = free_port()
    log = tmp_path / f"emulator-{port}.log"
    command = [sys.executable, "-m", "pnconform.cli", "emulator", "--port", str(port), *flags]
    process = subprocess.Popen(command, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, log)
        yield f"http://127.0.0.1:{port}", log
    finally:
        process.terminate()
        process.wait(10)


def bind(url: str, scheme: str, a: int, **fields: object) -> dict[str, object]:
    body = {"callerNum": f"+8613800{a:06d}", "calleeNum": f"+8613900{a:06d}", "relationNum": X, **fields}
    return httpx.post(url + AXB, json=body, headers=signed(scheme), timeout=10).json()


def test_wsse_and_aksk_clients_work_with_the_banners_values(tmp_path: Path) -> None:
    flags = ("--accept-wsse", "--voice-file", "welcome.wav", "--set", "axb_max_pairs_per_x=100")
    with emulator(tmp_path, *flags) as (url, log):
        assert bind(url, "WSSE", 1)["resultcode"] == "0"
        assert bind(url, "AKSK", 2)["resultcode"] == "0"
        assert bind(url, "AKSK", 3, preVoice={"callerHintTone": "welcome.wav"})["resultcode"] == "0"
        settings = httpx.get(url + "/_emulator/settings").json()
    banner = log.read_text()
    assert f"app_key={KEY} app_secret={SECRET}" in banner and X in banner
    assert "auth:     AKSK and WSSE" in banner and "welcome.wav" in banner and "callbacks:" in banner
    assert "modes implemented: axb, ax, axyb, axe, x" in banner
    assert settings["settings"]["axb_max_pairs_per_x"] == 100 and settings["settings"]["accept_wsse"] is True


def test_a_refusal_a_setting_would_change_is_explained_in_the_log(tmp_path: Path) -> None:
    with emulator(tmp_path) as (url, log):
        wsse = bind(url, "WSSE", 1)
        voice = bind(url, "AKSK", 2, preVoice={"callerHintTone": "welcome.wav"})
    # The answers are the platform's ...
    assert wsse["resultcode"] == "1023006" and voice["resultcode"] == "1010002"
    # ... and the person watching the emulator learns which setting would change them.
    text = log.read_text()
    assert "auth:     AKSK (WSSE off: --accept-wsse)" in text
    assert "WSSE is off (start with --accept-wsse" in text
    assert "preVoice.callerHintTone 'welcome.wav' is not a voice file of the app: approve it with --voice-file" in text


def test_a_bad_set_is_one_line() -> None:
    for flag in ("axb_max_pairs_per_x", "no_such_setting=1", "axb_max_pairs_per_x=many"):
        done = subprocess.run(
            [sys.executable, "-m", "pnconform.cli", "emulator", "--port", "0", "--set", flag],
            cwd=ROOT, capture_output=True, text=True, timeout=30,
        )  # fmt: skip
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert done.stderr.strip().count("\n") == 0 and done.stderr.startswith("pnconform: "), done.stderr
