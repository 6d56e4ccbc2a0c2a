"""The pnconform reference emulator of the Huawei Cloud PrivateNumber API.

Public API (design.md "Emulator"); everything else in this package is internal.
"""

from .app import create_app
from .config import (
    AppConfig,
    ConfigError,
    EmulatorConfig,
    XNumberConfig,
    builtin_config,
    config_from_dict,
    load_config,
)
from .faults import FAULTS, Fault
from .server import EmbeddedEmulator, run_standalone

__all__ = [
    "FAULTS",
    "AppConfig",
    "ConfigError",
    "EmbeddedEmulator",
    "EmulatorConfig",
    "Fault",
    "XNumberConfig",
    "builtin_config",
    "config_from_dict",
    "create_app",
    "load_config",
    "run_standalone",
]
