"""Using the reference emulator as a stand-in for the PrivateNumber platform in your own tests.

The pytest fixtures (``privatenumber_emulator``, ``privatenumber_emulator_session``) come from
`pnconform.testing.pytest_plugin`, loaded through an entry point; outside pytest, start a
`PrivateNumberEmulator` yourself (a context manager). The names below are imported on first use:
this package is imported in every pytest session and must not load the emulator there.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .handle import EmulatorApp, PrivateNumberEmulator, emulator_config

__all__ = ["EmulatorApp", "PrivateNumberEmulator", "emulator_config"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module(".handle", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
