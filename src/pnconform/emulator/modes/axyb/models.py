"""AXYB relation store: one record per step-1 (A, X) binding, each carrying its YB parts.

A relation is found by its subscriptionId, by its X (one live relation per X, AXYB-002) or by
its A (at most ``axyb_max_x_per_a``, AXYB-003). A Y number counts the AX relations it serves
(AXYB-008). Expiry runs on the emulator clock: an expired AX part takes its YB parts with it,
an expired YB part leaves the AX part alone (AXYB-013/014). Sizes are small (an app's pool),
so purging scans. Callers hold ``EmulatorState.lock`` around check-then-mutate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .store_ids import IdStore


@dataclass(slots=True)
class YbPart:
    b: str
    y: str
    yb_duration: int  # seconds, as applied (0: lives as long as the AX part)
    pre_voice_y: str | None = None
    user_data: str | None = None
    created: float = 0.0
    seq: int = 0

    @property
    def expires_at(self) -> float | None:
        return self.created + self.yb_duration if self.yb_duration > 0 else None


@dataclass(slots=True)
class AxybRelation:
    sid: str
    app_key: str
    a: str
    x: str
    call_direction: int = 0
    duration: int = 0  # seconds; 0 = never expires
    yb_duration: int = 0  # the step-1 value, used when the YB step names none
    record_flag: bool = False
    record_hint_tone: str | None = None
    pre_voice_x: str | None = None
    user_data: str | None = None
    created: float = 0.0
    subscribe_time: float = 0.0  # bind or last change (a YB step counts as a change)
    seq: int = 0
    ybs: list[YbPart] = field(default_factory=list)

    @property
    def expires_at(self) -> float | None:
        return self.created + self.duration if self.duration > 0 else None


class AxybStore(IdStore[AxybRelation]):
    def __init__(self) -> None:
        super().__init__()
        self.clear()

    def clear(self) -> None:
        self.by_sid: dict[str, AxybRelation] = {}  # dict order = creation order
        self.restart_seq()

    # -- lookups -------------------------------------------------------------------------------

    def all(self) -> list[AxybRelation]:
        return list(self.by_sid.values())

    def on_x(self, x: str) -> list[AxybRelation]:
        return [r for r in self.by_sid.values() if r.x == x]

    def of_a(self, a: str) -> list[AxybRelation]:
        return [r for r in self.by_sid.values() if r.a == a]

    def relations_on_y(self, y: str) -> int:
        """How many AX relations use ``y`` as their Y (each AX counts once, AXYB-008)."""
        return sum(1 for r in self.by_sid.values() if any(p.y == y for p in r.ybs))

    # -- mutations -------------------------------------------------------------------------------

    def add(self, relation: AxybRelation) -> None:
        self.by_sid[relation.sid] = relation

    def remove(self, relation: AxybRelation) -> None:
        self.by_sid.pop(relation.sid, None)

    def purge(self, now: float, ax_expiry: bool = True, yb_removes_ax: bool = False) -> None:
        """Drop what expired by ``now``. ``ax_expiry`` False keeps expired AX parts (fault
        axyb.ignore_duration); ``yb_removes_ax`` makes a YB expiry take its AX part along
        (fault axyb.yb_expiry_removes_ax)."""
        for relation in list(self.by_sid.values()):
            end = relation.expires_at
            if ax_expiry and end is not None and end <= now:
                self.remove(relation)  # AXYB-013: the YB parts go with it
                continue
            expired = [p for p in relation.ybs if p.expires_at is not None and p.expires_at <= now]
            if not expired:
                continue
            if yb_removes_ax:
                self.remove(relation)
            else:
                relation.ybs = [p for p in relation.ybs if p not in expired]
