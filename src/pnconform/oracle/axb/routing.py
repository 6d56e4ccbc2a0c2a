"""What a simulated call must do (`CallRoute`), and a deliberately plain oracle of AXB call routing
(spec 10-axb.md §5, 50-events-cdr-codes.md §1.6, §3).

`CallRoute` is shared by every mode's routing oracle (ax_routing, axe_routing, axyb_routing).
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
from dataclasses import dataclass

from pnconform.oracle.axb_model import Binding

NORMAL = "0"  # HANG-001: a connected call hung up normally
NO_BINDING = "8014"  # HANG-012 / AXB-082: caller and X are not bound
DIRECTION_CODES = frozenset({"8016", "8057"})  # HANG-013 / AXB-083 / AXB-084 (8057: call-direction control)

CONNECTED_EVENTS = ("callin", "callout", "alerting", "answer", "disconnect")  # EVT-040
COLLECTED_EVENTS = ("callin", "collectInfo", "callout", "alerting", "answer", "disconnect")  # EVT-041 (AXE B->X+E)
REFUSED_EVENTS = ("callin", "disconnect")  # EVT-042: rejected before forwarding


@dataclass(frozen=True, kw_only=True)
class CallRoute:
    """What a call must do: reach ``callee`` showing one of ``displays``, or end with one of ``codes``."""

    callee: str | None = None
    displays: frozenset[str] = frozenset()  # the number(s) the callee may see (AXYB auto-Y: any usable Y)
    codes: frozenset[str] = frozenset({NORMAL})  # the disconnect stateCode(s) allowed
    sid: str | None = None  # the binding the call is routed by
    user_data: str | None = None  # the userData its callin event and CDR carry (None: not checked)
    direction: int | None = None  # CDR direction: 1 the bound user (A) calls out, 0 A is called; None: not checked
    reason: str = "connected"  # "connected" or why the call is refused
    unbound: bool = False  # CDR-032: no binding applies, the CDR carries no subscriptionId
    events: tuple[str, ...] = CONNECTED_EVENTS  # the event sequence of the connected call
    binding: Binding | None = None  # AXB: the pair the call is routed by
    rules: tuple[str, ...] = ()  # the routing rule(s) that decide this route (what a wrong call breaks)

    @property
    def connected(self) -> bool:
        return self.callee is not None

    @property
    def display(self) -> str | None:
        """The one number the callee must see (None when refused, or several are allowed)."""
        return next(iter(self.displays)) if len(self.displays) == 1 else None

    def describe(self) -> str:
        if self.connected:
            return f"reaches {self.callee} showing {' or '.join(sorted(self.displays))}"
        return f"is not connected ({self.reason}: {' or '.join(sorted(self.codes))})"


def refused(
    reason: str, *codes: str, sid: str | None = None, unbound: bool = False, rules: tuple[str, ...] = ()
) -> CallRoute:
    """A call that is not connected and ends with one of ``codes``, as ``rules`` say."""
    return CallRoute(
        codes=frozenset(codes), sid=sid, reason=reason, unbound=unbound, events=REFUSED_EVENTS, rules=rules
    )


def direction_allowed(call_direction: int, from_a: bool) -> bool:
    """callDirection 0: both ways; 1: only callerNum -> calleeNum; 2: only calleeNum -> callerNum."""
    if call_direction == 0:
        return True
    return call_direction == (1 if from_a else 2)


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
