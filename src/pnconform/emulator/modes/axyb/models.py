"""AXYB mode, the model: the relation store and the rules of 30-axe-axyb-x.md §B, plain Python
(decisions D-7, D-10, D-11, D-18, D-19, D-24).

Every function here is called with ``state.lock`` held (``responses`` takes it) and never
awaits; each rule is enforced next to a comment naming its rule id. The request parsing and the
answers live in ``responses``, the call routing in ``routing``; AXYB has no SMS (D-21).

Step 1 binds A to an X allocated by ``areaCode``; step 2 binds B to a Y for that AX relation. X
and Y come from the same pool, the app's numbers: an X serves one A, a Y may serve many AX
relations but never twice the same one. The store keeps one record per step-1 (A, X) binding,
each carrying its YB parts.

A relation is found by its subscriptionId, by its X (one live relation per X, AXYB-002) or by
its A (at most ``axyb_max_x_per_a``, AXYB-003). A Y number counts the AX relations it serves
(AXYB-008). Expiry runs on the emulator clock: an expired AX part takes its YB parts with it,
an expired YB part leaves the AX part alone (AXYB-013/014). Sizes are small (an app's pool),
so purging scans. Callers hold ``EmulatorState.lock`` around check-then-mutate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...allocation import allocate_x
from ...codes import ApiError, invalid
from ...store_ids import IdStore
from .faults import (
    IGNORE_DURATION,
    IGNORE_X_LIMIT,
    IGNORE_Y_CAPACITY,
    REUSE_Y_ON_AX,
    SHARE_X,
    UNBIND_NOOP,
    Y_EXCLUSIVE,
    Y_IS_X,
    YB_EXPIRY_REMOVES_AX,
    YB_UNBIND_REMOVES_ALL,
    YB_WITHOUT_AX,
)

if TYPE_CHECKING:  # annotations only: the state module imports the stores
    from ...state import AppRuntime, EmulatorState


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


# -- rules ----------------------------------------------------------------------------------------


def purge(state: EmulatorState) -> None:
    """AXYB-013: an expired AX part takes its YB parts along; AXYB-014: an expired YB part leaves
    the AX part. Expired relations are gone everywhere (query, unbind, limits, hooks)."""
    faults = state.faults
    state.axyb.purge(
        state.clock.now(),
        ax_expiry=IGNORE_DURATION not in faults,
        yb_removes_ax=YB_EXPIRY_REMOVES_AX in faults,
    )


def own(app: AppRuntime, relation: AxybRelation | None) -> AxybRelation:
    if relation is None or relation.app_key != app.app_key:
        raise ApiError("1016001")  # D-7
    return relation


def x_in_use(state: EmulatorState, number: str) -> bool:
    return bool(state.axyb.on_x(number))


def y_usable(state: EmulatorState, relation: AxybRelation, number: str) -> bool:
    faults = state.faults
    if number == relation.x and Y_IS_X not in faults:
        return False  # AXYB-004: Y is not the relation's own X
    if any(p.y == number for p in relation.ybs) and REUSE_Y_ON_AX not in faults:
        return False  # AXYB-007: never the same Y twice on one AX
    others = state.axyb.relations_on_y(number)
    if Y_EXCLUSIVE in faults and others > 0:
        return False
    # AXYB-006: a Y may serve other AX relations; AXYB-008: at most axyb_max_relations_per_y AX relations.
    return IGNORE_Y_CAPACITY in faults or others < state.settings["axyb_max_relations_per_y"]


def y_order(state: EmulatorState, relation: AxybRelation) -> Any:
    # With axyb.y_is_x the relation's own X goes first, so the fault shows at once.
    if Y_IS_X in state.faults:
        return lambda n: (n != relation.x, n)
    return lambda n: n


def bind_ax(state: EmulatorState, app: AppRuntime, area: str, match_mode: str, **fields: Any) -> AxybRelation:
    """Step 1: A (``fields["a"]``) gets an X of the city (AXYB-001/002/003)."""
    faults = state.faults
    settings = state.settings
    a = fields["a"]
    purge(state)
    held = len(state.axyb.of_a(a))
    if held >= settings["axyb_max_x_per_a"] and IGNORE_X_LIMIT not in faults:
        raise ApiError(settings["axyb_limit_code"])  # AXYB-003, D-10
    x = allocate_x(
        state,
        app,
        area,
        loose=match_mode == "1",
        anywhere=False,
        # AXYB-002: an X serves one A at a time.
        usable=lambda n: SHARE_X in faults or not x_in_use(state, n),
        fail_code=settings["axyb_alloc_fail_code"],
    )
    now = state.clock.now()
    relation = AxybRelation(
        sid=state.axyb.new_id(),
        app_key=app.app_key,
        x=x,
        created=now,
        subscribe_time=now,
        seq=state.axyb.next_seq(),
        **fields,
    )
    state.axyb.add(relation)
    return relation


def bind_yb(
    state: EmulatorState,
    app: AppRuntime,
    sid: str,
    b: str,
    area: str | None,
    match_mode: str,
    yb_duration: int | None,
    pre_voice_y: str | None,
    user_data: str | None,
) -> dict[str, Any]:
    """Step 2: B gets a Y for the AX relation ``sid`` (AXYB-004..008); answers subscriptionId
    and relationNumber (Y)."""
    faults = state.faults
    settings = state.settings
    purge(state)
    relation = state.axyb.get(sid)
    if relation is None or relation.app_key != app.app_key:
        if YB_WITHOUT_AX in faults:
            return {"subscriptionId": sid, "relationNumber": app.x_numbers[0].number if app.x_numbers else ""}
        raise ApiError("1016001")  # AXYB-005, D-7
    if b == relation.a:
        raise invalid("origNum must differ from the A of the binding.")
    if any(p.b == b for p in relation.ybs):
        raise ApiError("1016002")  # B already has a YB on this AX binding (our reading)
    if len(relation.ybs) >= settings["axyb_max_yb_per_ax"]:
        raise ApiError(settings["axyb_limit_code"])
    y = allocate_x(
        state,
        app,
        area,
        loose=match_mode == "1",
        anywhere=area is None,  # no areaCode: any number of the app
        usable=lambda n: y_usable(state, relation, n),  # AXYB-004, AXYB-006, AXYB-007, AXYB-008
        fail_code=settings["axyb_alloc_fail_code"],
        order=y_order(state, relation),
    )
    # D-24: step 2's ybDuration wins over step 1's; capped at duration (unconfirmed).
    applied = relation.yb_duration if yb_duration is None else yb_duration
    if settings["axyb_cap_yb_duration"] and relation.duration > 0 and applied > 0:
        applied = min(applied, relation.duration)
    now = state.clock.now()
    relation.ybs.append(
        YbPart(
            b=b,
            y=y,
            yb_duration=applied,  # AXYB-014
            pre_voice_y=pre_voice_y,
            user_data=user_data,
            created=now,
            seq=state.axyb.next_seq(),
        )
    )
    relation.subscribe_time = now
    return {"subscriptionId": relation.sid, "relationNumber": y}  # AXYB-004: Y, not X


def unbind(state: EmulatorState, app: AppRuntime, sid: str | None, y: str | None, b: str | None) -> None:
    """``subscriptionId`` alone removes AX and every YB (AXYB-017); with ``yNum`` or ``bNum`` only
    the matching YB (AXYB-018/019, ``yNum`` wins: the caller drops ``bNum``)."""
    faults = state.faults
    purge(state)
    if sid is not None:
        relations = [own(app, state.axyb.get(sid))]
    elif y is not None or b is not None:
        relations = [r for r in state.axyb.all() if r.app_key == app.app_key]
    else:
        raise invalid("subscriptionId is required.")
    if y is None and b is None:
        if UNBIND_NOOP not in faults:
            state.axyb.remove(relations[0])  # AXYB-017
        return
    matched = False
    for relation in relations:
        keep = [p for p in relation.ybs if not (p.y == y if y is not None else p.b == b)]
        if len(keep) == len(relation.ybs):
            continue
        matched = True
        if UNBIND_NOOP in faults:
            continue
        if YB_UNBIND_REMOVES_ALL in faults:
            state.axyb.remove(relation)
        else:
            relation.ybs = keep  # AXYB-018, AXYB-019: the AX part stays
            relation.subscribe_time = state.clock.now()
    if not matched:
        raise ApiError("1016001")  # D-7: no such YB


def by_y(state: EmulatorState, number: str, caller: str | None = None) -> AxybRelation | None:
    """The relation a call to Y belongs to. One Y may serve several AX relations (AXYB-006): the
    caller picks among them (its A, or its B for a self-call), else the first holds."""
    holding = [r for r in state.axyb.all() if any(p.y == number for p in r.ybs)]
    for relation in holding:
        if caller == relation.a or any(p.y == number and p.b == caller for p in relation.ybs):
            return relation
    return holding[0] if holding else None


def free_y(state: EmulatorState, app: AppRuntime, relation: AxybRelation) -> str | None:
    """AXYB-012: the Y a B's first call to X gets, by the step-2 rules (AXYB-004..008)."""
    for x in app.x_numbers:
        if state.axyb.on_x(x.number) and x.number != relation.x:
            continue  # the X of another relation
        if y_usable(state, relation, x.number) and not state.blacklisted(x.number):
            return x.number
    return None
