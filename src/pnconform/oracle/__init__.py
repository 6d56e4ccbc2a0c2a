"""Small, independent models used as test oracles.

Nothing in this package may import `pnconform.emulator`: an oracle that shares code with the
emulator would share its bugs.
"""

from pnconform.oracle.axb.model import (
    ACCEPTED,
    INVALID,
    NOT_FOUND,
    NOT_OF_APP,
    AxbModel,
    Binding,
    Outcome,
)

__all__ = ["ACCEPTED", "INVALID", "NOT_FOUND", "NOT_OF_APP", "AxbModel", "Binding", "Outcome"]
