"""Where a replayed answer differs from the recorded one, and which values are the platform's own.

Compared: the HTTP status, `resultcode`, whether a `Location` header came, and every field of a
JSON body (present on one side only, or a different value). Not compared: values the platform
makes up (ids and assigned numbers, mapped recorded -> replayed as they appear, see `IdMap`),
timestamps and the free-text `resultdesc`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

# Fields whose value the platform assigns: mapped from the recorded to the replayed value.
ID_KEYS = frozenset(
    {
        "subscriptionId",
        "sessionId",
        "sessionid",
        "relationNum",
        "relationNumber",
        "privateNum",
        "virtualNum",
        "virtualNumber",
        "extendNum",
        "bindId",
        "yNum",
        "recordObjectName",
        "fileName",
        "icid",
        "smsIdentifier",
        "nextCursor",  # AXE v2.0 query paging: the next request sends it back
    }
)
NOT_COMPARED_KEYS = frozenset({"resultdesc", "now", "timestamp", "timeStamp"})
_TIMESTAMP = re.compile(r"^\d{4}-?\d{2}-?\d{2}[ T]?\d{2}:?\d{2}:?\d{2}")
_MIN_FREE_SUBSTITUTION = 6  # shorter ids (one-digit extensions) are substituted under ID keys only


@dataclass(frozen=True)
class Difference:
    exchange: int  # 1-based position in the scenario
    request: str  # "POST /rest/..."
    what: str  # "HTTP status", "resultcode", "body.relationNumList[0].status", ...
    recorded: Any
    emulator: Any

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class IdMap:
    """Recorded -> replayed values of platform-assigned ids, learnt answer by answer."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def learn(self, recorded: Any, replayed: Any, key: str = "") -> None:
        if isinstance(recorded, dict) and isinstance(replayed, dict):
            for k in recorded.keys() & replayed.keys():
                self.learn(recorded[k], replayed[k], k)
        elif isinstance(recorded, list) and isinstance(replayed, list):
            for r, p in zip(recorded, replayed, strict=False):
                self.learn(r, p, key)
        elif key in ID_KEYS and isinstance(recorded, str) and isinstance(replayed, str) and recorded != replayed:
            self.values.setdefault(recorded, replayed)

    def apply(self, value: Any, key: str = "") -> Any:
        """`value` with recorded ids replaced by the replayed ones (exact string matches)."""
        if isinstance(value, dict):
            return {k: self.apply(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.apply(v, key) for v in value]
        free = key in ID_KEYS or (isinstance(value, str) and len(value) >= _MIN_FREE_SUBSTITUTION)
        if isinstance(value, str) and value in self.values and free:
            return self.values[value]
        return value


def _volatile(key: str, value: Any) -> bool:
    return key in NOT_COMPARED_KEYS or (isinstance(value, str) and bool(_TIMESTAMP.match(value)))


def _compare_json(recorded: Any, replayed: Any, where: str, ids: IdMap, out: list[tuple[str, Any, Any]]) -> None:
    if isinstance(recorded, dict) and isinstance(replayed, dict):
        for key in recorded.keys() | replayed.keys():
            path = f"{where}.{key}"
            if key not in replayed:
                out.append((path, recorded[key], "(missing)"))
            elif key not in recorded:
                out.append((path, "(missing)", replayed[key]))
            elif not _volatile(key, recorded[key]):
                _compare_json(recorded[key], replayed[key], path, ids, out)
        return
    if isinstance(recorded, list) and isinstance(replayed, list):
        if len(recorded) != len(replayed):
            out.append((f"{where} (entries)", len(recorded), len(replayed)))
        for i, (r, p) in enumerate(zip(recorded, replayed, strict=False)):
            _compare_json(r, p, f"{where}[{i}]", ids, out)
        return
    key = where.rsplit(".", 1)[-1].split("[", 1)[0]
    if ids.apply(recorded, key) != replayed:
        out.append((where, recorded, replayed))


def _resultcode(body: Any) -> Any:
    data = body.get("json") if isinstance(body, dict) else None
    return data.get("resultcode") if isinstance(data, dict) else None


def compare(index: int, recorded: dict[str, Any], replayed: dict[str, Any], ids: IdMap) -> list[Difference]:
    """The differences of one exchange; `ids` learns the ids of this answer first."""
    rec_body, rep_body = recorded.get("response_body"), replayed.get("response_body")
    rec_json = rec_body.get("json") if isinstance(rec_body, dict) else None
    rep_json = rep_body.get("json") if isinstance(rep_body, dict) else None
    ids.learn(rec_json, rep_json)
    found: list[tuple[str, Any, Any]] = []
    if recorded.get("status") != replayed.get("status"):
        found.append(("HTTP status", recorded.get("status"), replayed.get("status")))
    if _resultcode(rec_body) != _resultcode(rep_body):
        found.append(("resultcode", _resultcode(rec_body), _resultcode(rep_body)))
    if bool(recorded.get("location")) != bool(replayed.get("location")):
        found.append(("Location header", recorded.get("location"), replayed.get("location")))
    if (rec_json is None) != (rep_json is None):
        found.append(("body", _kind(rec_body), _kind(rep_body)))
    elif rec_json is not None:
        fields: list[tuple[str, Any, Any]] = []
        _compare_json(rec_json, rep_json, "body", ids, fields)
        found.extend(f for f in fields if f[0] != "body.resultcode")  # reported once, above
    request = f"{recorded['method']} {recorded['path']}"
    return [Difference(index, request, what, rec, rep) for what, rec, rep in found]


def _kind(body: Any) -> str:
    if not body:
        return "(empty)"
    return "JSON" if "json" in body else f"text: {body['text'][:80]}"
