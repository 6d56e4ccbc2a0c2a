"""The recording files: one JSON document per scenario (format `pnconform-recording/1`).

A document holds the target's description (name, auth, apps with their app keys and X numbers;
never a secret), the scenario (stable id, node id, name, rules, outcome; the file is named by the
id, see `file_name`) and its exchanges in the order they
happened: API calls (`kind: "api"`) and test-hook calls (`kind: "hooks"`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pnconform.client import Exchange
from pnconform.targets import Target

FORMAT = "pnconform-recording/1"
DEFAULT_DIR = Path("reports") / "recordings"


class RecordingError(ValueError):
    """A recordings folder or file that cannot be used; the message is one line."""


_PLAIN = re.compile(r"[A-Za-z0-9._-]{1,100}")


def file_name(key: str) -> str:
    """A portable file name for a scenario, from its stable id: `axb-bind-07` → `axb-bind-07.json`,
    an outline's example `axb-bind-07[1012010]` → `axb-bind-07.1012010.json` (an example id with
    spaces or quotes: a slug of it plus a hash that keeps it unique). A key that is no id (a node
    id, for a scenario without an id tag): a readable slug plus the hash."""
    base, _, example = key.partition("[")
    digest = hashlib.sha1(key.encode()).hexdigest()[:10]
    if "::" not in key and _PLAIN.fullmatch(base):
        example = example.removesuffix("]")
        if not example:
            return f"{base}.json"
        if _PLAIN.fullmatch(example):
            return f"{base}.{example}.json"
        return f"{base}.{_slug(example)[:80]}-{digest}.json"
    return f"{_slug(key.split('::')[-1])[:100] or 'scenario'}-{digest}.json"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_")


def parse_body(text: str, *, exact: bool = False) -> Any:
    """JSON bodies as data (readable, comparable); anything else as the text it was. `exact`
    (requests, to be sent again): also the text when re-serialising would not give it back."""
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return {"text": text}
    if exact and json.dumps(data, ensure_ascii=False) != text:  # spacing, duplicate keys, ...
        return {"json": data, "text": text}
    return {"json": data}


def body_text(body: Any) -> str:
    """The text to send again for a recorded body (see `parse_body`)."""
    if body is None:
        return ""
    if "text" in body:
        return body["text"]
    return json.dumps(body["json"], ensure_ascii=False)


def describe_target(target: Target, emulator: Any = None) -> dict[str, Any]:
    """What `compare` needs to set up an emulator like the target; secrets are left out."""
    caps = target.capabilities
    doc: dict[str, Any] = {
        "name": target.name,
        "kind": target.kind,
        "auth": target.auth,
        "apps": [
            {
                "mode": app.mode,
                "app_key": app.app_key,
                "x_numbers": [asdict(x) for x in app.x_numbers],
            }
            for app in target.apps.values()
        ],
        "voice_files": list(target.voice_files),
        "capabilities": {"wsse": caps.wsse, "limits": dict(caps.limits), "created_skew_s": caps.created_skew_s},
    }
    config = getattr(emulator, "config", None)
    if config is not None:  # an embedded emulator: its exact apps and settings (faults are left out)
        doc["emulator"] = {
            "settings": dict(config.settings),
            "apps": [
                {k: v for k, v in asdict(app).items() if k != "app_secret" and not k.endswith("_url")}
                for app in config.apps
            ],
        }
    return doc


def api_exchange(exchange: Exchange) -> dict[str, Any]:
    return {
        "kind": "api",
        "at": exchange.at,
        "method": exchange.method,
        "path": exchange.path,
        "params": exchange.params,
        "mode": exchange.mode,
        "app_key": exchange.app_key,
        "signing": exchange.signing,
        # Only the signature headers a scenario built itself matter to a replay; all redacted.
        "request_headers": exchange.request_headers,
        "request_body": parse_body(exchange.request_body, exact=True),
        "status": exchange.status,
        "location": exchange.location,
        "response_body": parse_body(exchange.response_body),
    }


_FULL_DIGEST = re.compile(r'(PasswordDigest=\\")([A-Za-z0-9+/=]{6})[A-Za-z0-9+/=]+(\\")')


def write(directory: Path, key: str, document: dict[str, Any], secrets: Sequence[str] = ()) -> Path:
    """Write one recording. Last line of defence: any of `secrets` (and any full digest) that a
    scenario put into a body is cut out of the text."""
    text = json.dumps({"format": FORMAT, **document}, indent=2, ensure_ascii=False)
    for secret in secrets:
        for form in {secret, json.dumps(secret, ensure_ascii=False)[1:-1]}:
            if form:
                text = text.replace(form, "[secret]")
    text = _FULL_DIGEST.sub(lambda m: f"{m.group(1)}{m.group(2)}…{m.group(3)}", text)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / file_name(key)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def load_all(directory: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every recording of `directory`, by file name; RecordingError when there is none or one is broken."""
    if not directory.is_dir():
        raise RecordingError(f"{directory}: no such folder (record one with `pnconform run --record`)")
    out = []
    for path in sorted(directory.glob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RecordingError(f"{path}: not a readable JSON file: {exc}") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise RecordingError(f"{path}: not a pnconform recording (expected format {FORMAT})")
        out.append((path, doc))
    if not out:
        raise RecordingError(f"{directory}: no recordings (*.json) in it (record some with `pnconform run --record`)")
    return out
