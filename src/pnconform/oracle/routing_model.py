"""A deliberately plain oracle of AXB call routing (spec 10-axb.md §5, 50-events-cdr-codes.md §1.6, §3).

Given the live AXB bindings (``AxbModel.live()``), a caller and the dialled X, it says whom the
call reaches and which number the callee sees, or the documented hang-up cause when the call
cannot be connected:

* A dials X of a pair A-X-B: B, who sees X; CDR direction 1 (AXB-080, AXB-100);
* B dials X: A, who sees X; CDR direction 0 (AXB-081, AXB-100);
* anyone not in a pair on X, or an X with no pair: not connected, 8014, CDR without
  subscriptionId (AXB-082, HANG-012, CDR-032);
* the pair's callDirection forbids the direction: not connected, 8016 (8057, "call-direction
  control", is also in the cause table and accepted; AXB-083, AXB-084, HANG-013, HANG-082).

Only mobile callers and X numbers in normal status are covered (no fixed-line 8023, no X status).
Like the other models, nothing here may import `pnconform.emulator`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pnconform.oracle.axb_model import Binding

NORMAL = "0"  # HANG-001: a connected call hung up normally
NO_BINDING = "8014"  # HANG-012 / AXB-082: caller and X are not bound
DIRECTION_CODES = frozenset({"8016", "8057"})  # HANG-013 / AXB-083 / AXB-084 (8057: call-direction control)

CONNECTED_EVENTS = ("callin", "callout", "alerting", "answer", "disconnect")  # EVT-040
REFUSED_EVENTS = ("callin", "disconnect")  # EVT-042: rejected before forwarding


@dataclass(frozen=True)
class CallRoute:
    """What a call must do: reach ``callee`` showing ``display``, or end with one of ``codes``."""

    callee: str | None
    display: str | None
    codes: frozenset[str]  # the disconnect stateCode(s) allowed
    binding: Binding | None  # the pair the call is routed by (None: no binding, 8014)
    direction: int | None  # CDR direction: 1 A called B, 0 B called A (None when refused)
    reason: str  # "connected", "no binding" or "direction not allowed"

    @property
    def connected(self) -> bool:
        return self.callee is not None

    @property
    def events(self) -> tuple[str, ...]:
        return CONNECTED_EVENTS if self.connected else REFUSED_EVENTS

    def describe(self) -> str:
        if self.connected:
            return f"reaches {self.callee} showing {self.display}"
        return f"is not connected ({self.reason}: {' or '.join(sorted(self.codes))})"


def direction_allowed(call_direction: int, from_a: bool) -> bool:
    """callDirection 0: both ways; 1: only callerNum -> calleeNum; 2: only calleeNum -> callerNum."""
    if call_direction == 0:
        return True
    return call_direction == (1 if from_a else 2)


def route_axb(bindings: Iterable[Binding], caller: str, dialled: str) -> CallRoute:
    """Route a call from ``caller`` to the privacy number ``dialled`` over the live ``bindings``."""
    pair = next((b for b in bindings if b.x == dialled and caller in (b.a, b.b)), None)
    if pair is None:
        return CallRoute(None, None, frozenset({NO_BINDING}), None, None, "no binding")
    from_a = caller == pair.a
    if not direction_allowed(pair.call_direction, from_a):
        return CallRoute(None, None, DIRECTION_CODES, pair, None, "direction not allowed")
    callee = pair.b if from_a else pair.a
    return CallRoute(callee, dialled, frozenset({NORMAL}), pair, 1 if from_a else 0, "connected")


__all__ = [
    "CONNECTED_EVENTS",
    "DIRECTION_CODES",
    "NORMAL",
    "NO_BINDING",
    "REFUSED_EVENTS",
    "CallRoute",
    "direction_allowed",
    "route_axb",
]
