"""The suite's callback receiver: captures the platform's pushes, answers them, validates them.

Independent of the emulator by design (never import pnconform.emulator here): it checks pushes
against the spec digest, so a shared misreading cannot hide.
"""

from pnconform.receiver.server import PATHS, Receiver, Reply, close, connect, discard, forward
from pnconform.receiver.store import Push, PushStore, ReceiverTimeout
from pnconform.receiver.validate import Finding, failures

__all__ = [
    "PATHS",
    "Finding",
    "Push",
    "PushStore",
    "Receiver",
    "ReceiverTimeout",
    "Reply",
    "close",
    "connect",
    "discard",
    "failures",
    "forward",
]
