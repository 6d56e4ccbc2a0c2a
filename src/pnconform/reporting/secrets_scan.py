"""Find secrets in report files: app secrets verbatim, and PasswordDigest values longer than the redacted form.

Used by the kit's own tests after a full run (reports must never hold a secret); usable on any
report folder before it is shared.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

# The client cuts a digest to 6 characters plus an ellipsis; 7 or more base64 characters is a full one.
FULL_DIGEST = re.compile(r'PasswordDigest=\\?"[A-Za-z0-9+/=]{7,}')


def leaks(text: str, secrets: Iterable[str]) -> list[str]:
    """What in `text` is a secret: `app secret #i` for each secret found, `full PasswordDigest`."""
    found = [f"app secret #{i + 1}" for i, secret in enumerate(secrets) if secret and secret in text]
    if FULL_DIGEST.search(text):
        found.append("full PasswordDigest")
    return found


def scan(folder: Path, secrets: Iterable[str]) -> dict[str, list[str]]:
    """Every file under `folder` (text or not) → what secrets it holds; files without any are left out."""
    secrets = list(secrets)
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        problems = leaks(path.read_bytes().decode("utf-8", errors="replace"), secrets)
        if problems:
            found[str(path.relative_to(folder))] = problems
    return found
