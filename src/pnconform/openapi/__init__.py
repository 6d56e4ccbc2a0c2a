"""`pnconform openapi`: an OpenAPI 3.1 description of the API the emulator serves.

Built from the emulator's own tables (routes, result codes) plus a field table that the tests
check against the emulator, so the description follows the emulator instead of a copy.
"""

from __future__ import annotations

import json

import yaml  # type: ignore[import-untyped]  # no stubs in the venv

from .document import build_document

__all__ = ["build_document", "render"]


def render(as_json: bool = False) -> str:
    """The document as YAML (default) or JSON text."""
    document = build_document()
    if as_json:
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120)
