"""The secrets scan used on a full run's reports (tests/test_local_target.py) must find what it looks for."""

from __future__ import annotations

from pathlib import Path

from pnconform.client import redact_header
from pnconform.reporting.secrets_scan import leaks, scan

SECRET = "pnc-test-secret-5f2c9a"
HEADER = f'UsernameToken Username="emu-axb-app",PasswordDigest="{"Qm9vbXNoYWthbGFrYTEyMzQ1Njc4OTA="}",Nonce="AB"'


def test_a_secret_and_a_full_digest_are_found_anywhere(tmp_path: Path) -> None:
    (tmp_path / "allure").mkdir()
    (tmp_path / "allure" / "x-attachment.txt").write_text(f"X-AKSK: {HEADER}")
    (tmp_path / "junit.xml").write_text(f"<failure>app_secret={SECRET}</failure>")
    (tmp_path / "summary.html").write_text('<pre>PasswordDigest=\\"Qm9vbXNoYWthbGFrYTEyMzQ1Njc4OTA=\\"</pre>')
    (tmp_path / "clean.json").write_text('{"status": "pass"}')
    found = scan(tmp_path, [SECRET])
    assert found == {
        "allure/x-attachment.txt": ["full PasswordDigest"],
        "junit.xml": ["app secret #1"],
        "summary.html": ["full PasswordDigest"],
    }


def test_the_redacted_header_passes() -> None:
    redacted = redact_header("X-AKSK", HEADER)
    assert leaks(redacted, [SECRET]) == []
    assert leaks(HEADER, [SECRET]) == ["full PasswordDigest"]
