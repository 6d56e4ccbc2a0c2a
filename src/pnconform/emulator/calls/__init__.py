"""The emulator's call and message simulator (design.md "Call simulator").

One concern per module: ``outcomes`` (hang-up, Q.850 and teardown codes), ``model`` (a
simulated call), ``routing`` (mode rules over the live bindings), ``records`` (event and CDR
bodies), ``push`` (signed HTTP delivery with the documented re-push schedule), ``sms``, ``xmode``
(the Block ``callin``), ``runtime`` (the per-emulator state tying them together), ``api`` (call
stop and recording download) and ``hooks`` (the ``/_emulator/`` hooks that drive it).
"""

from .runtime import CallRuntime

__all__ = ["CallRuntime"]
