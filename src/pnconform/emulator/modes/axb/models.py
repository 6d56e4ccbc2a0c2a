"""AXB mode, the model: the binding store and the rules of 10-axb.md, plain Python.

Every function here is called with ``state.lock`` held (``responses`` takes it) and never
awaits; each rule is enforced next to a comment naming its rule id. The request parsing and the
answers live in ``responses``, the call routing in ``routing``, the SMS forwarding in ``sms``.

Store lookups: by id O(1); the pairs of one X in creation order O(pairs on X); "is this user number
on X" O(1) through a per-X counter of A and B numbers; expiry through a heap, so purging costs
O(log n) per expired binding. Callers hold ``EmulatorState.lock`` around check-then-mutate.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...allocation import allocate_x
from ...codes import ApiError, invalid
from ...faults import NUMBER_IGNORE_BLACKLIST
from ...numbers import area_of
from ...store_ids import CreationOrder, ExpiryQueue, IdStore
from .faults import (
    ALLOW_OVERLAP,
    APP_IGNORE_OWNERSHIP,
    DUPLICATE_CODE,
    IGNORE_AREA,
    IGNORE_CAPACITY,
    IGNORE_DURATION,
    LOOSE_AS_STRICT,
    LOOSE_SKIPS_PROVINCE,
    MODIFY_IGNORES_DIRECTION,
    MODIFY_MOVES_X,
    MODIFY_NOOP,
    MODIFY_UNKNOWN_OK,
    NO_DURATION_RESTART,
    ONE_X_PER_USER,
    QUERY_CALLER_ALONE_OK,
    QUERY_FILTERS_IGNORED,
    REBIND_REFUSED,
    RELATIONNUM_WINS,
    SECOND_PAIR_REFUSED,
    SUBSCRIBE_TIME_FROZEN,
    UNBIND_KEEPS_ROUTES,
    UNBIND_NOOP,
    UNBIND_NOTHING_OK,
    UNBIND_ONE,
    UNBIND_UNKNOWN_OK,
    ZERO_DURATION_IGNORED,
)

if TYPE_CHECKING:  # annotations only: the state module imports the stores
    from ...state import AppRuntime, EmulatorState

MAX_DURATION_S = 7_776_000  # 90 days (AXB-017)
MAX_CALL_MINUTES = 1440  # AXB-018
_ISSUED_ID = re.compile(r"[0-9a-f]{32}")  # the ids IdStore.new_id hands out (for the "unknown id" faults)


def never_issued(sid: str) -> bool:
    """Whether ``sid`` is no id this emulator could have handed out."""
    return not _ISSUED_ID.fullmatch(sid)


@dataclass(slots=True)
class Binding:
    sid: str
    app_key: str
    x: str
    a: str
    b: str
    call_direction: int = 0
    duration: int = 0
    max_duration: int = 0
    record_flag: bool = False
    record_hint_tone: str | None = None
    last_min_voice: str | None = None
    private_sms: bool = True
    private_sms_sent: bool | None = None  # privateSms as last sent, None = never sent (for the sms.axb_* faults)
    pre_voice: dict[str, str] | None = None
    user_data: str | None = None
    created: float = 0.0  # bind time, emulator clock
    start: float = 0.0  # start of the duration countdown (bind or the modify that set it)
    subscribe_time: float = 0.0  # creation or last modification
    seq: int = 0  # creation order

    @property
    def expires_at(self) -> float | None:
        return self.start + self.duration if self.duration > 0 else None


class AxbStore(IdStore[Binding]):
    def __init__(self) -> None:
        super().__init__()
        self.clear()

    def clear(self) -> None:
        self.by_sid: dict[str, Binding] = {}
        self.by_x: dict[str, CreationOrder[Binding]] = {}
        self._users: dict[str, Counter[str]] = {}
        self._holders: dict[tuple[str, str], dict[str, Binding]] = {}  # (X, A or B) -> its pairs on X
        self._expiry = ExpiryQueue()
        self.unbound: dict[str, list[Binding]] = {}  # X -> unbound pairs (axb.unbind_keeps_routes)
        self.freed: set[tuple[str, str]] = set()  # (X, user number) unbound (axb.rebind_refused)
        self.called: set[str] = set()  # ids that routed a call (axb.one_call_per_binding)

    # -- queries ---------------------------------------------------------------------------

    def on_x(self, x: str) -> list[Binding]:
        return list(self.by_x.get(x, ()))

    def listing(self, x: str) -> CreationOrder[Binding]:
        """The pairs of X in creation order, to page through (do not change it)."""
        return self.by_x.get(x) or CreationOrder()

    def holding(self, x: str, number: str) -> list[Binding]:
        """The pairs on X that hold ``number`` as A or B, in creation order."""
        return sorted(self._holders.get((x, number), {}).values(), key=lambda b: b.seq)

    def count_on(self, x: str) -> int:
        return len(self.by_x.get(x, ()))

    def user_count(self, x: str, number: str) -> int:
        """How many pairs on X hold ``number`` as A or B."""
        users = self._users.get(x)
        return users.get(number, 0) if users else 0

    def all(self) -> list[Binding]:
        return sorted(self.by_sid.values(), key=lambda b: b.seq)

    # -- mutations -------------------------------------------------------------------------------

    def add(self, binding: Binding) -> None:
        self.by_sid[binding.sid] = binding
        self.by_x.setdefault(binding.x, CreationOrder()).append(binding.seq, binding)
        self._add_users(binding)
        self.schedule(binding)

    def remove(self, binding: Binding) -> None:
        if self.by_sid.pop(binding.sid, None) is None:
            return
        on_x = self.by_x.get(binding.x)
        if on_x is not None:
            on_x.remove(binding.seq)
            if not on_x:
                del self.by_x[binding.x]
        self._drop_users(binding)

    def set_numbers(self, binding: Binding, a: str, b: str) -> None:
        """Change A/B of a stored binding and keep the per-X indexes right."""
        self._drop_users(binding)
        binding.a, binding.b = a, b
        self._add_users(binding)

    def _add_users(self, binding: Binding) -> None:
        users = self._users.setdefault(binding.x, Counter())
        for n in (binding.a, binding.b):
            users[n] += 1
            self._holders.setdefault((binding.x, n), {})[binding.sid] = binding

    def _drop_users(self, binding: Binding) -> None:
        x = binding.x
        users = self._users.get(x)
        if users is None:
            return
        for n in (binding.a, binding.b):
            users[n] -= 1
            if users[n] <= 0:
                del users[n]
            held = self._holders.get((x, n))
            if held is not None:
                held.pop(binding.sid, None)
                if not held:
                    del self._holders[(x, n)]
        if not users:
            del self._users[x]

    # -- expiry ------------------------------------------------------------------------------

    def schedule(self, binding: Binding) -> None:
        """Register the binding's current expiry; stale heap entries are skipped at purge."""
        self._expiry.schedule(binding.expires_at, binding.seq, binding.sid)

    def purge(self, now: float) -> int:
        """Remove every binding whose expiry is due; returns how many."""
        removed = 0
        for expires, sid in self._expiry.due(now):
            binding = self.by_sid.get(sid)
            if binding is not None and binding.expires_at == expires:
                self.remove(binding)
                removed += 1
        return removed


# -- rules ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class BindRequest:
    """A parsed AXB bind (``responses.bind``); None = absent."""

    a: str
    b: str
    x: str | None = None
    area: str | None = None
    match_mode: str = "0"
    call_direction: int = 0
    duration: int = 0
    max_duration: int = 0
    record_flag: bool = False
    record_hint_tone: str | None = None
    last_min_voice: str | None = None
    private_sms: bool = True
    private_sms_sent: bool | None = None
    pre_voice: dict[str, str] | None = None
    user_data: str | None = None


def purge(state: EmulatorState) -> None:
    """AXB-025, AXB-103, AXB-109: expired bindings are gone everywhere (query, unbind, overlap,
    capacity); the countdown runs on the emulator clock."""
    if IGNORE_DURATION not in state.faults:
        state.axb.purge(state.clock.now())


def own_binding(state: EmulatorState, app: AppRuntime, sid: str) -> Binding:
    binding = state.axb.get(sid)
    if binding is None or binding.app_key != app.app_key:
        raise ApiError("1012007")  # AXB-043, AXB-044, AXB-057, AXB-067: unknown, expired or another app's id
    return binding


def check_x_of_app(state: EmulatorState, app: AppRuntime, x: str) -> None:
    """Unbind/query by relationNum: an X that is not the app's (or no X at all, e.g. an
    unescaped ``+``) is 1012001 (AXB-045)."""
    owner = state.x_owner.get(x)
    if owner is None or (owner[0] is not app and APP_IGNORE_OWNERSHIP not in state.faults):
        raise ApiError("1012001")  # AXB-045


def overlap(state: EmulatorState, x: str, numbers: Iterable[str], exclude: Binding | None = None) -> str | None:
    """The first number already held on X by a pair other than ``exclude`` (AXB-004, AXB-005,
    AXB-006, AXB-008, AXB-056, AXB-106: a user number may not repeat on one X)."""
    if ALLOW_OVERLAP in state.faults:
        return None
    for n in numbers:
        count = state.axb.user_count(x, n)
        if exclude is not None:
            count -= (n == exclude.a) + (n == exclude.b)
        if count > 0:
            return n
    return None


def full(state: EmulatorState, x: str) -> bool:
    """AXB-010, AXB-109: an X carries at most ``axb_max_pairs_per_x`` pairs, counted per X."""
    return IGNORE_CAPACITY not in state.faults and state.axb.count_on(x) >= state.settings["axb_max_pairs_per_x"]


def check_explicit_x(state: EmulatorState, app: AppRuntime, x: str, a: str, b: str) -> None:
    owner = state.x_owner.get(x)
    if owner is None:
        raise ApiError("1012007")  # AXB-011: an X that does not exist on the platform
    if owner[0] is not app and APP_IGNORE_OWNERSHIP not in state.faults:
        raise ApiError("1012001")  # AXB-011: another app's X
    if state.blacklisted(x) and NUMBER_IGNORE_BLACKLIST not in state.faults:
        raise ApiError("1012102")  # AXB-024
    faults = state.faults
    if SECOND_PAIR_REFUSED in faults and state.axb.count_on(x) > 0:
        raise ApiError("1012010", number=a)  # AXB-007 broken
    if ONE_X_PER_USER in faults and any(state.axb.user_count(other, a) for other in state.axb.by_x if other != x):
        raise ApiError("1012010", number=a)  # AXB-009 broken
    if REBIND_REFUSED in faults and ((x, a) in state.axb.freed or (x, b) in state.axb.freed):
        raise ApiError("1012010", number=a)  # AXB-048 broken
    taken = overlap(state, x, (a, b))
    if taken is not None:
        # AXB-004, AXB-005, AXB-006, AXB-008, AXB-106: `The number <n> has been bound.`
        raise ApiError("1012008" if DUPLICATE_CODE in state.faults else "1012010", number=taken)
    if full(state, x):
        raise ApiError(state.settings["axb_full_x_code"])  # AXB-010


def allocate(state: EmulatorState, app: AppRuntime, req: BindRequest) -> str:
    """GEN-109 / AXB-012..015: the least loaded usable X of the city (of A when no areaCode,
    AXB-015), then (loose, AXB-013) the province, then any X of the app; ties go to the lowest
    number. None (strict, AXB-012) -> 1012008."""
    faults = state.faults
    a, b = req.a, req.b
    return allocate_x(
        state,
        app,
        req.area or area_of(a, state.mobile_prefix_areas),
        anywhere=IGNORE_AREA in faults,
        loose=req.match_mode == "1" and LOOSE_AS_STRICT not in faults,
        usable=lambda x: not full(state, x) and overlap(state, x, (a, b)) is None,
        fail_code="1012008",
        order=lambda x: (state.axb.count_on(x), x),
        province_step=LOOSE_SKIPS_PROVINCE not in faults,  # AXB-013
    )


def choose_x(state: EmulatorState, app: AppRuntime, req: BindRequest) -> str:
    """The X a bind goes to: ``relationNum`` wins over ``areaCode`` (AXB-014), else allocated."""
    purge(state)
    if req.x is not None:
        check_explicit_x(state, app, req.x, req.a, req.b)
        return req.x
    return allocate(state, app, req)


def insert(state: EmulatorState, app: AppRuntime, req: BindRequest, x: str) -> Binding:
    """Store the binding on the chosen X (AXB-001, AXB-007, AXB-009: other pairs and other X
    are no obstacle)."""
    now = state.clock.now()
    binding = Binding(
        sid=state.axb.new_id(),
        app_key=app.app_key,
        x=x,
        a=req.a,
        b=req.b,
        call_direction=req.call_direction,
        duration=req.duration,  # AXB-017: 0 = never expires
        max_duration=req.max_duration,
        record_flag=req.record_flag,  # AXB-020 (D-15): kept as sent, even on an app that does not record
        record_hint_tone=req.record_hint_tone,
        last_min_voice=req.last_min_voice,
        private_sms=req.private_sms,  # AXB-022: absent = SMS supported
        private_sms_sent=req.private_sms_sent,
        pre_voice=req.pre_voice,
        user_data=req.user_data,
        created=now,
        start=now,
        subscribe_time=now,
        seq=state.axb.next_seq(),
    )
    state.axb.add(binding)
    return binding


def unbind(state: EmulatorState, app: AppRuntime, sid: str | None, x: str | None) -> None:
    """``subscriptionId`` wins (AXB-040, AXB-042); only ``relationNum`` removes every pair on X
    (AXB-041). A freed X takes new pairs at once (AXB-048, AXB-109)."""
    faults = state.faults
    keep = UNBIND_NOOP in faults
    purge(state)
    if sid is not None and UNBIND_UNKNOWN_OK in faults and never_issued(sid):
        return  # AXB-043 broken
    if sid is None and x is None and UNBIND_NOTHING_OK in faults:
        return  # AXB-046 broken
    if sid is not None and not (x is not None and RELATIONNUM_WINS in faults):
        binding = own_binding(state, app, sid)  # AXB-043, AXB-044
        if not keep:
            _remove(state, binding)  # AXB-040, AXB-042
        return
    if x is None:
        raise ApiError("1012001")  # AXB-046: neither parameter
    check_x_of_app(state, app, x)  # AXB-045
    pairs = state.axb.on_x(x)
    if not pairs:
        raise ApiError("1012007")
    if UNBIND_ONE in faults:
        pairs = pairs[:1]
    if not keep:
        for binding in pairs:
            _remove(state, binding)  # AXB-041


def _remove(state: EmulatorState, binding: Binding) -> None:
    """Unbind one binding: its X takes new pairs, with these numbers too, at once (AXB-048)."""
    state.axb.remove(binding)
    if UNBIND_KEEPS_ROUTES in state.faults:
        state.axb.unbound.setdefault(binding.x, []).append(binding)
    if REBIND_REFUSED in state.faults:
        state.axb.freed.update({(binding.x, binding.a), (binding.x, binding.b)})


def modify(
    state: EmulatorState,
    app: AppRuntime,
    sid: str | None,
    new_a: str | None,
    new_b: str | None,
    duration: int | None,
    changes: dict[str, Any],
    new_x: str | None = None,
) -> None:
    """Absent = unchanged (AXB-055); ``changes`` maps Binding attributes to their new values.
    relationNum and areaCode are never read, so the X never changes (AXB-059)."""
    faults = state.faults
    purge(state)
    if sid is None:
        raise ApiError("1012007")  # only with validate.skip_required
    if MODIFY_UNKNOWN_OK in faults and never_issued(sid):
        return  # AXB-057 broken
    binding = own_binding(state, app, sid)  # AXB-057
    a = new_a if new_a is not None else binding.a
    b = new_b if new_b is not None else binding.b
    if a == b:
        raise invalid("callerNum and calleeNum must be different.")
    taken = overlap(state, binding.x, (a, b), exclude=binding)
    if taken is not None:
        raise ApiError("1012010", number=taken)  # AXB-056
    if MODIFY_NOOP in faults:
        return
    now = state.clock.now()
    if (a, b) != (binding.a, binding.b):
        state.axb.set_numbers(binding, a, b)  # AXB-055
    for name, value in changes.items():
        if name == "call_direction" and MODIFY_IGNORES_DIRECTION in faults:
            continue
        setattr(binding, name, value)  # callDirection (AXB-054), maxDuration, privateSms, ...
    if new_x is not None and MODIFY_MOVES_X in faults and new_x != binding.x:
        state.axb.remove(binding)  # AXB-059 broken: the X moves
        binding.x = new_x
        state.axb.add(binding)
    if duration == 0 and ZERO_DURATION_IGNORED in faults:
        duration = None  # AXB-052 broken
    if duration is not None:
        # GEN-107, AXB-050, AXB-051: the countdown restarts at the modify (the fault keeps the
        # bind time); AXB-052: 0 makes the binding permanent.
        binding.duration = duration
        if NO_DURATION_RESTART not in faults:
            binding.start = now
        state.axb.schedule(binding)
    if SUBSCRIBE_TIME_FROZEN not in faults:
        binding.subscribe_time = now  # AXB-069


def find(
    state: EmulatorState,
    app: AppRuntime,
    sid: str | None,
    x: str | None,
    caller: str | None,
    callee: str | None,
) -> tuple[CreationOrder[Binding] | list[Binding], bool]:
    """The bindings a query names, and whether the answer is paged (a query by relationNum
    alone, AXB-065/066)."""
    purge(state)
    if sid is not None and not (x is not None and RELATIONNUM_WINS in state.faults):
        return [own_binding(state, app, sid)], False  # AXB-060, AXB-062, AXB-067
    if x is None and caller is not None and QUERY_CALLER_ALONE_OK in state.faults:
        found = [bnd for bnd in state.axb.all() if bnd.app_key == app.app_key and bnd.a == caller]
        if found:
            return found, False  # AXB-064 broken
    if x is None:
        raise invalid("subscriptionId or relationNum is required.")  # AXB-064
    check_x_of_app(state, app, x)
    if QUERY_FILTERS_IGNORED in state.faults:
        caller = callee = None  # AXB-063 broken
    if caller is None and callee is None:
        listing = state.axb.listing(x)  # AXB-061, AXB-065: paged by the caller, O(page)
        if not listing:
            raise ApiError("1012007")
        return listing, True
    number = caller if caller is not None else callee
    assert number is not None
    found = [
        bnd
        for bnd in state.axb.holding(x, number)
        if (caller is None or bnd.a == caller) and (callee is None or bnd.b == callee)
    ]  # AXB-063
    if not found:
        raise ApiError("1012007")
    return found, False
