"""A simulated call: what was asked for, how it was routed, and its timeline (emulator clock)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class CallRequest:
    caller: str
    dialled: str
    digits: str | None = None  # AXE: the extension the caller types (None: types nothing)
    behaviour: str = "answer"  # "answer", a condition of outcomes.CONDITIONS, or q850_<n> (a carrier release)
    talk_s: int | None = 10  # None: ongoing until hung up or stopped
    hangup_by: str = "caller"  # who ends an answered call: caller | callee


@dataclass
class Route:
    """The router's decision. ``outcome`` set = the call is refused before forwarding."""

    app_key: str | None
    mode: str | None
    outcome: str | None = None
    callee: str | None = None  # fwdDstNum
    display: str | None = None  # fwdDisplayNum
    subscription_id: str | None = None
    direction: int = 2  # CDR direction: 0 other -> A (B -> A), 1 A -> other, 2 abnormal
    max_duration_min: int = 0
    record: bool = False
    user_data: str | None = None
    extension: str | None = None  # AXE: the extension collected (collectInfo)
    collect: bool = False  # AXE A-called scenario: a collectInfo event follows callin
    call_rel_direction: bool = False  # X mode: callRelDirection on disconnect and CDR
    on_connect: Any = None  # callable run when the callee is reached (AXE callback record)


@dataclass
class Call:
    session_id: str
    icid: str
    request: CallRequest
    route: Route
    call_in: float
    fwd_start: float | None = None
    alerting: float | None = None
    answer: float | None = None
    end: float | None = None
    outcome: str | None = None  # set when the call ended
    rel_direction: int | None = None  # 1 caller hung up, 2 callee hung up
    record_name: str | None = None
    events: list[str] = field(default_factory=list)

    @property
    def ongoing(self) -> bool:
        return self.end is None


@dataclass(frozen=True)
class ModeCalls:
    """What one mode brings to the call and message simulator (registered in ``modes``).

    ``route(state, app, request, base, callback_records)`` decides a call to one of the mode's
    numbers (called under ``state.lock``, after the mode-neutral checks of ``calls.routing``);
    ``ask`` (X mode) lets the customer's Block ``callin`` reply decide it afterwards;
    ``sms(state, message)`` decides an SMS sent to X (None: the mode has no SMS, D-21).
    """

    route: Callable[..., Route]
    ask: Callable[..., Awaitable[None]] | None = None
    sms: Callable[..., Any] | None = None
