"""The emulator's call and message simulator (design.md "Call simulator").

One concern per module: ``outcomes`` (hang-up, Q.850 and teardown codes), ``model`` (a
simulated call, and ``ModeCalls``: what a mode brings), ``routing`` (the mode-neutral dispatch
and the helpers the mode routers share), ``records`` (event and CDR bodies), ``push`` (signed
HTTP delivery with the documented re-push schedule), ``sms`` (Notify / Block around each mode's
decision), ``runtime`` (the per-emulator state tying them together), ``api`` (call stop and
recording download) and ``hooks`` (the ``/_emulator/`` hooks that drive it). The mode rules
(routing, SMS, the X-mode Block ``callin``) live in ``modes/<mode>/`` and reach the runtime
through the ``modes`` registry, so nothing here imports a mode.
"""

from .runtime import CallRuntime

__all__ = ["CallRuntime"]
