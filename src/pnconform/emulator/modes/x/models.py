"""X mode, the model: X mode keeps no bindings; its one rule set is the customer's Block reply
to a ``callin`` (30 §C, XM-002..007), plain Python.

Reply: ``{"operation": "connect", "connectInfo": {"calleeNum": "+86…", "maxDuration": 0-1440,
"recordFlag": true, "userData": "…", "displayCalleeNum": "…"}}`` or ``{"operation": "close"}``.
Anything else (no reply, a non-2xx, not JSON, unknown operation, missing or malformed
``calleeNum``, ``maxDuration`` outside 0-1440) fails the call with 8014 (HANG-012, XM-005).
"""

from __future__ import annotations

from typing import Any

from ...numbers import is_global


def parse_reply(reply: Any, lenient: bool = False) -> dict[str, Any] | None:
    """The customer's decision, or None for an invalid reply."""
    if not isinstance(reply, dict):
        return None
    operation = reply.get("operation")
    if operation == "close":
        return {"operation": "close"}
    if operation != "connect":
        return None
    info = reply.get("connectInfo")
    if not isinstance(info, dict):
        return None
    callee = info.get("calleeNum")
    if not isinstance(callee, str) or not is_global(callee):
        return None  # XM-005: no usable calleeNum
    out: dict[str, Any] = {"operation": "connect", "calleeNum": callee}
    if "maxDuration" in info and info["maxDuration"] is not None:
        value = info["maxDuration"]
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        if not 0 <= value <= 1440 and not lenient:
            return None  # XM-005: maxDuration outside 0-1440
        out["maxDuration"] = value
    flag = info.get("recordFlag")
    if flag is not None:
        if flag in (True, "true"):
            out["recordFlag"] = True
        elif flag not in (False, "false"):
            return None
    user_data = info.get("userData", reply.get("userData"))
    if user_data is not None:
        if not isinstance(user_data, str) or not 1 <= len(user_data) <= 256:
            return None
        out["userData"] = user_data
    shown = info.get("displayCalleeNum")
    if isinstance(shown, str):
        out["displayCalleeNum"] = shown
    return out
