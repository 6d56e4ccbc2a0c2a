"""What a simulated call must do (`CallRoute`), and a deliberately plain oracle of AXB call routing
(spec 10-axb.md §5, 50-events-cdr-codes.md §1.6, §3).

`CallRoute` (pnconform.oracle.call_route) is shared by every mode's routing oracle.
Given the live AXB bindings (``AxbModel.live()``), a caller and the dialled X, `route_axb` says
whom the call reaches and which number the callee sees, or the documented hang-up cause when the
call cannot be connected:

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

from pnconform.oracle.axb.model import Binding
from pnconform.oracle.call_route import (
    COLLECTED_EVENTS,
    CONNECTED_EVENTS,
    DIRECTION_CODES,
    NO_BINDING,
    NORMAL,
    REFUSED_EVENTS,
    CallRoute,
    direction_allowed,
    refused,
)


def route_axb(bindings: Iterable[Binding], caller: str, dialled: str) -> CallRoute:
    """Route a call from ``caller`` to the privacy number ``dialled`` over the live ``bindings``."""
    pair = next((b for b in bindings if b.x == dialled and caller in (b.a, b.b)), None)
    if pair is None:
        return refused("no binding", NO_BINDING, unbound=True, rules=("AXB-082", "HANG-012"))
    from_a = caller == pair.a
    if not direction_allowed(pair.call_direction, from_a):
        return CallRoute(
            codes=DIRECTION_CODES,
            sid=pair.sid,
            binding=pair,
            reason="direction not allowed",
            events=REFUSED_EVENTS,
            rules=("AXB-083", "AXB-084", "HANG-013"),
        )
    return CallRoute(
        callee=pair.b if from_a else pair.a,
        displays=frozenset({dialled}),
        sid=pair.sid,
        user_data=pair.user_data,
        direction=1 if from_a else 0,
        binding=pair,
        rules=("AXB-080", "AXB-100") if from_a else ("AXB-081", "AXB-100"),
    )


__all__ = [
    "COLLECTED_EVENTS",
    "CONNECTED_EVENTS",
    "DIRECTION_CODES",
    "NORMAL",
    "NO_BINDING",
    "REFUSED_EVENTS",
    "CallRoute",
    "direction_allowed",
    "refused",
    "route_axb",
]
