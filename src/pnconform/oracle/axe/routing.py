"""A deliberately plain oracle of AXE call routing (spec 30-axe-axyb-x.md §A.7-A.8,
50-events-cdr-codes.md EVT-041; README D-20).

Given the live AXE bindings (``AxeModel.live()``), the callback records, a caller, the dialled X
and the digits the caller types, it says whom the call reaches and which number the callee sees,
or the documented hang-up cause:

* "A-called": someone who is not an A on X dials X and types E: the A bound at (X, E), who sees X
  (displayNumMode "0"); CDR direction 0; events callin, collectInfo, callout, alerting, answer,
  disconnect (AXE-023, EVT-041); the call leaves a callback record (X, A) <- caller (AXE-028);
  a wrong or expired extension: not connected, 8022, CDR without subscriptionId (AXE-014,
  AXE-024, AXE-033, CDR-032); no digits: not connected, 8033 (AXE-026);
* "A-callback": the A of a binding on X dials X: the most recent caller of its callback record
  (AXE-028, AXE-029) while the record lasts (`callbackExpiredTime` in `timeUnit`, 0 = for ever;
  AXE-032), else `callbackNum` (AXE-031), else not connected, 8019 (AXE-030); the callee sees X
  (the CDR direction of a call-back is not documented and not checked).

A callback record left by an earlier binding of the same A on the same X (unbound or expired,
then bound again) is not covered by the spec: `route_axe` returns None for that A-callback call
(the machine does not place it). Only mobile callers and X numbers in normal status are covered.
Like the other models, nothing here may import `pnconform.emulator`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pnconform.oracle.axe.model import UNIT_SECONDS, Binding
from pnconform.oracle.call_route import COLLECTED_EVENTS, CallRoute, refused

NO_CALLBACK_RECORD = "8019"  # AXE-030
NO_BINDING = "8022"  # AXE-014 / AXE-024: the binding does not exist or has expired
EMPTY_EXTENSION = "8033"  # AXE-026


@dataclass(frozen=True)
class CallbackRecord:
    """Who last reached A through X (AXE-028), when, and under which binding."""

    caller: str
    at: float
    sid: str


Records = dict[tuple[str, str], CallbackRecord]  # (X, A) -> the latest caller


def route_axe(
    bindings: Iterable[Binding],
    records: Records,
    caller: str,
    dialled: str,
    digits: str | None,
    now: float,
) -> CallRoute | None:
    """Route a call from ``caller`` to ``dialled`` who types ``digits`` (None: none) at model time ``now``."""
    on_x = [b for b in bindings if b.x == dialled]
    own = next((b for b in on_x if b.a == caller), None)
    if own is not None:
        return _callback(own, records.get((dialled, caller)), now)
    if not digits:
        return refused("no extension typed", EMPTY_EXTENSION, rules=("AXE-026",))
    binding = next((b for b in on_x if b.extension == digits), None)
    if binding is None:
        return refused("no binding at this extension", NO_BINDING, unbound=True, rules=("AXE-024",))
    return CallRoute(
        callee=binding.a,
        displays=frozenset({dialled}),
        sid=binding.sid,
        user_data=binding.fields.get("userData"),
        direction=0,
        events=COLLECTED_EVENTS,
        rules=("AXE-023",),
    )


def _callback(own: Binding, record: CallbackRecord | None, now: float) -> CallRoute | None:
    if record is not None and record.sid != own.sid:
        return None  # a record of an earlier binding of this A on X: the spec does not say
    lifetime = int(own.fields.get("callbackExpiredTime") or 0) * UNIT_SECONDS.get(own.fields.get("timeUnit", "0"), 3600)
    if record is not None and lifetime and record.at + lifetime <= now:
        record = None  # AXE-032
    callee = record.caller if record is not None else own.fields.get("callbackNum")
    if callee is None:
        return refused("no callback record", NO_CALLBACK_RECORD, sid=own.sid, rules=("AXE-030", "HANG-014"))
    return CallRoute(
        callee=callee,
        displays=frozenset({own.x}),
        sid=own.sid,
        user_data=own.fields.get("userData"),
        direction=None,  # the CDR direction of an AXE call-back is not documented (50 §5)
        rules=("AXE-028", "AXE-029") if record is not None else ("AXE-031",),
    )


def remember(records: Records, route: CallRoute, caller: str, dialled: str, now: float) -> None:
    """A connected A-called call leaves the callback record (X, A) <- caller (AXE-028/029)."""
    if route.connected and route.events == COLLECTED_EVENTS and route.callee is not None and route.sid is not None:
        records[(dialled, route.callee)] = CallbackRecord(caller, now, route.sid)


__all__ = ["EMPTY_EXTENSION", "NO_BINDING", "NO_CALLBACK_RECORD", "CallbackRecord", "Records", "remember", "route_axe"]
