"""A deliberately plain oracle of AXYB call routing (spec 30-axe-axyb-x.md §B.1, §B.6-B.7; README D-20).

Given the live AXYB relations (``AxybModel.live()``), a caller and the dialled number, it says
whom the call reaches and which number the callee sees, or the documented hang-up cause:

* B dials the X of a relation A-X: A, who sees B's Y (AXYB-009); a B without a YB part gets one
  on this call, any Y the model allows (AXYB-012; the machine then records the Y the target
  chose), none → not connected, 8031;
* A dials the Y of one of its YB parts: that part's B, who sees X (AXYB-010);
* A dials its own X, or B its own Y: not connected, 8032 (AXYB-021);
* callDirection 1 (only A calls, through Y) or 2 (only B calls, through X) forbids the direction:
  not connected; the code is undocumented for AXYB, the AX/AXB 8016 (and 8057) is expected
  (AXYB-011, D-20);
* anyone else dialling a Y, or a number that is neither X nor Y of a live relation: not
  connected, 8030 (AXYB-013, AXYB-014, AXYB-017, AXYB-018); with no relation at all, the CDR
  carries no subscriptionId (CDR-032).

Cases the spec does not settle return None (the machine does not place the call): a number that
is the X of one relation and a Y of another, and an A whose several relations share the Y dialled.
The CDR direction is not documented for AXYB and is not checked. Only mobile callers and numbers
in normal status are covered. Like the other models, nothing here may import `pnconform.emulator`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pnconform.oracle.axyb.model import Relation
from pnconform.oracle.call_route import DIRECTION_CODES, CallRoute, direction_allowed, refused

NO_BINDING = "8030"  # AXYB-013/017: the AXYB binding does not exist
NO_Y = "8031"  # AXYB-012: no Y could be allocated
SELF_CALL = "8032"  # AXYB-021: a user dialled its own privacy number


def route_axyb(
    relations: Iterable[Relation],
    caller: str,
    dialled: str,
    *,
    usable_y: Mapping[str, frozenset[str]],
    call_direction: Mapping[str, int],
    user_data: Mapping[str, str | None],
) -> CallRoute | None:
    """Route a call from ``caller`` to ``dialled``. Per relation id: the Y numbers an auto-YB may
    take (``usable_y``), the callDirection and the userData sent at step 1."""
    live = list(relations)
    by_x = next((r for r in live if r.x == dialled), None)
    parts = [(r, p) for r in live for p in r.ybs if p.y == dialled]
    if by_x is not None and parts:
        return None  # X of one relation and Y of another: the spec does not say which wins
    if by_x is not None:
        return _b_calls_x(by_x, caller, usable_y[by_x.sid], call_direction[by_x.sid], user_data[by_x.sid])
    if not parts:
        return refused("no relation on this number", NO_BINDING, unbound=True, rules=("AXYB-013", "AXYB-017"))
    mine = [(r, p) for r, p in parts if caller in (r.a, p.b)]
    if not mine:
        return refused("not a party of the relations on this Y", NO_BINDING, rules=("AXYB-014", "AXYB-018"))
    if len(mine) > 1:
        return None  # several relations of the caller share this Y: the spec does not say
    relation, part = mine[0]
    if caller == part.b:
        return refused("B dialled its own Y", SELF_CALL, sid=relation.sid, rules=("AXYB-021",))
    if not direction_allowed(call_direction[relation.sid], True):
        return refused("direction not allowed", *DIRECTION_CODES, sid=relation.sid, rules=("AXYB-011",))
    return CallRoute(
        callee=part.b,
        displays=frozenset({relation.x}),
        sid=relation.sid,
        user_data=user_data[relation.sid],
        rules=("AXYB-010",),
    )


def _b_calls_x(relation: Relation, caller: str, usable: frozenset[str], direction: int, data: str | None) -> CallRoute:
    if caller == relation.a:
        return refused("A dialled its own X", SELF_CALL, sid=relation.sid, rules=("AXYB-021",))
    if not direction_allowed(direction, False):
        return refused("direction not allowed", *DIRECTION_CODES, sid=relation.sid, rules=("AXYB-011",))
    part = next((p for p in relation.ybs if p.b == caller), None)
    displays = frozenset({part.y}) if part is not None else usable
    if not displays:
        return refused("no Y to allocate", NO_Y, sid=relation.sid, rules=("AXYB-012",))
    rules = ("AXYB-009",) if part is not None else ("AXYB-009", "AXYB-012")  # AXYB-012: a Y on B's first call
    return CallRoute(callee=relation.a, displays=displays, sid=relation.sid, user_data=data, rules=rules)


__all__ = ["NO_BINDING", "NO_Y", "SELF_CALL", "route_axyb"]
