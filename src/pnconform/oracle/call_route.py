"""What a simulated call must do (`CallRoute`): the vocabulary every mode's routing oracle
(axb/routing.py, ax/routing.py, axe/routing.py, axyb/routing.py) and the calls machines share.

Like the models, nothing here may import `pnconform.emulator`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
    binding: Any = None  # AXB: the pair (an axb.model.Binding) the call is routed by
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
]
