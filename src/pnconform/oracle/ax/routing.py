"""A deliberately plain oracle of AX call routing (spec 20-ax.md §1, §6, §8; README D-20, D-29).

Given the live AX bindings (``AxModel.live()``) with their temporary callees, a caller and the
dialled X, it says whom the call reaches and which number the callee sees, or the documented
hang-up cause:

* another number dials X: A, who sees X (calleeNumDisplay "0"); CDR direction 0 (AX-001,
  AX-412, AX-502);
* A dials X: the temporary callee while it lasts, who sees X; CDR direction 1; the temporary
  callee's userData, if set, is the call's (AX-003, AX-401, AX-403, AX-410, AX-501); without one,
  or after it expired: not connected, 8013 (AX-002, AX-402, AX-503). Within its duration it is
  reusable (D-29, the emulator's default);
* X without AX binding: not connected, 8018, CDR without subscriptionId (AX-504, D-20);
* callDirection 1 (only A calls X) or 2 (only others call X) forbids the direction: 8016 (AX-037;
  8057, "call-direction control", is accepted too). When A has no temporary callee and the
  direction is forbidden as well, the spec gives no precedence: 8013 or 8016/8057.

Only mobile callers (no fixed-line 8023) and X numbers in normal status are covered.
Like the other models, nothing here may import `pnconform.emulator`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pnconform.oracle.ax.model import Binding, TempCallee
from pnconform.oracle.call_route import DIRECTION_CODES, CallRoute, direction_allowed, refused

NO_TEMP_CALLEE = "8013"  # AX-002: AX binding exists but no temporary callee
NO_AX_BINDING = "8018"  # AX-504 / D-20: no service permission (teardown 7104)


def route_ax(
    bindings: Iterable[Binding],
    temp_callee: Callable[[str], TempCallee | None],
    caller: str,
    dialled: str,
) -> CallRoute:
    """Route a call from ``caller`` to ``dialled``; ``temp_callee(sid)`` is the binding's while it lasts."""
    binding = next((b for b in bindings if b.x == dialled), None)
    if binding is None:
        return refused("no AX binding", NO_AX_BINDING, unbound=True, rules=("AX-504",))
    from_a = caller == binding.a
    user_data = binding.fields.get("userData")
    codes: set[str] = set()
    rules: list[str] = []
    tc = temp_callee(binding.sid) if from_a else None
    if from_a and tc is None:
        codes.add(NO_TEMP_CALLEE)
        rules += ["AX-002", "AX-503", "HANG-011"]
    if not direction_allowed(int(binding.fields.get("callDirection", 0)), from_a):
        codes.update(DIRECTION_CODES)
        rules.append("AX-037")
    if codes:
        reason = "no temporary callee" if NO_TEMP_CALLEE in codes else "direction not allowed"
        if len(codes) > len(DIRECTION_CODES):
            reason = "no temporary callee and direction not allowed"
        return refused(reason, *sorted(codes), sid=binding.sid, rules=tuple(rules))
    if tc is not None:
        return CallRoute(
            callee=tc.callee,
            displays=frozenset({dialled}),
            sid=binding.sid,
            user_data=tc.fields.get("userData", user_data),
            direction=1,
            rules=("AX-003", "AX-401", "AX-403"),
        )
    return CallRoute(
        callee=binding.a,
        displays=frozenset({dialled}),
        sid=binding.sid,
        user_data=user_data,
        direction=0,
        rules=("AX-001", "AX-412") if not from_a else ("AX-001",),
    )


__all__ = ["NO_AX_BINDING", "NO_TEMP_CALLEE", "route_ax"]
