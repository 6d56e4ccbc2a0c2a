"""Client-side signing against the documented algorithms (00-common AUTH-004, AUTH-012)."""

import base64
import re
from datetime import UTC, datetime

from pnconform.auth import AKSK_AUTHORIZATION, aksk_digest, aksk_headers, utc_created, wsse_digest, wsse_headers

NONCE = "66C92B11FF8A425FB8D4CCFE0ED9ED1F"  # the nonce of the documentation's example
CREATED = "2018-02-12T15:30:20Z"
SECRET = "pnconform-demo-secret"


def test_aksk_digest_worked_example():
    # Computed independently: printf '%s' NONCE+CREATED | openssl dgst -sha256 -hmac SECRET -binary | base64
    assert aksk_digest(SECRET, NONCE, CREATED) == "WncElPRW4Zcb8rxM0t9sv+DsKjEEEjT5XCxuPUGfPIw="


def test_wsse_digest_worked_example():
    # printf '%s' NONCE+CREATED+SECRET | openssl dgst -sha256 -binary | base64
    assert wsse_digest(SECRET, NONCE, CREATED) == "aJakdzckzveUFvs9mYU4Hb5HCpN/Qn3KsvYpBZyTkuA="


def test_digest_is_44_char_padded_base64_of_32_bytes():
    digest = aksk_digest(SECRET, NONCE, CREATED)
    assert len(digest) == 44 and digest.endswith("=")
    assert len(base64.b64decode(digest)) == 32


def test_aksk_headers_shape():
    headers = aksk_headers("key-1", SECRET, nonce=NONCE, created=CREATED)
    assert headers["Authorization"] == AKSK_AUTHORIZATION
    assert headers["X-AKSK"] == (
        'UsernameToken Username="key-1",PasswordDigest="WncElPRW4Zcb8rxM0t9sv+DsKjEEEjT5XCxuPUGfPIw=",'
        f'Nonce="{NONCE}",Created="{CREATED}"'
    )


def test_space_after_comma_variant():
    headers = aksk_headers("key-1", SECRET, nonce=NONCE, created=CREATED, space_after_comma=True)
    assert '", PasswordDigest="' in headers["X-AKSK"] and '", Created="' in headers["X-AKSK"]


def test_wsse_headers_shape():
    headers = wsse_headers("key-1", SECRET, nonce=NONCE, created=CREATED)
    assert headers["Authorization"].startswith("WSSE realm=")
    assert 'PasswordDigest="aJakdzckzveUFvs9mYU4Hb5HCpN/Qn3KsvYpBZyTkuA="' in headers["X-WSSE"]


def test_created_is_utc_without_fraction():
    assert utc_created(datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)) == "2026-01-02T03:04:05Z"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", utc_created())


def test_fresh_nonce_per_request():
    first = aksk_headers("k", SECRET)["X-AKSK"]
    second = aksk_headers("k", SECRET)["X-AKSK"]
    assert re.search(r'Nonce="([0-9A-F]{32})"', first)
    assert first != second
