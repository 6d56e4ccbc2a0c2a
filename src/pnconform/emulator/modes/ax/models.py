"""AX mode, the model: the binding store and the rules of 20-ax.md, plain Python (decisions
D-6, D-7, D-8, D-13, D-18, D-29).

Every function here is called with ``state.lock`` held (``responses`` takes it) and never
awaits; each rule is enforced next to a comment naming its rule id. The request parsing and the
answers live in ``responses``, the call routing in ``routing``, the SMS forwarding in ``sms``.

The store keeps one record per (A, X) binding, indexed by id, by X and by A.

Normally an X carries one binding (AX-004); the store keeps a dict per X anyway so the
``ax.allow_shared_x`` / ``ax.allow_duplicate`` faults can put a second binding on it. AX
bindings never expire (AX-007); only the temporary callee of a binding does (D-29). Callers
hold ``EmulatorState.lock`` around check-then-mutate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...allocation import allocate_x
from ...codes import ApiError, invalid
from ...faults import NUMBER_IGNORE_BLACKLIST
from ...store_ids import IdStore
from .faults import (
    ALLOW_DUPLICATE,
    ALLOW_SHARED_X,
    ALLOW_TRANSPARENT,
    BINDINGS_EXPIRE,
    CALLEE_NO_EXPIRY,
    CALLEE_NO_OVERWRITE,
    CALLEE_NOWHERE_OK,
    CALLEE_ON_FREE_X,
    CALLEE_SAME_AS_ORIG,
    CALLEE_UNKNOWN_SID_OK,
    FREED_X_KEPT,
    IGNORE_AREA,
    IGNORE_OWNERSHIP,
    IGNORE_X_LIMIT,
    LOOSE_AS_STRICT,
    MODIFY_EMPTY_RESETS,
    MODIFY_NOOP,
    MODIFY_NOT_FOUND_1011004,
    PRIVATENUM_WINS,
    QUERY_A_FIRST_ONLY,
    QUERY_EMPTY_LIST,
    QUERY_SID_LISTS_A,
    QUERY_WITHOUT_PARAMS_LISTS_ALL,
    QUERY_X_LISTS_A,
    UNBIND_BY_ORIG,
    UNBIND_CHECKS_ORIG,
    UNBIND_NOOP,
    UNBIND_REMOVED_OK,
)

if TYPE_CHECKING:  # annotations only: the state module imports the stores
    from ...state import AppRuntime, EmulatorState

MAX_X_PER_A = 5  # AX-005
MAX_CALL_MINUTES = 1440  # AX-030, AX-205
CALLEE_MAX_DURATION_S = 259_200  # 3 days (S-SNIP-CALLEE, AX-405)
CALLEE_DEFAULT_DURATION_S = 60  # AX-402
FAULTY_LIFETIME_S = 90 * 86_400  # only with the ax.bindings_expire fault (AX-007)


@dataclass(slots=True)
class TempCallee:
    callee: str
    duration: int
    max_duration: int | None
    user_data: str | None
    set_at: float
    expires_at: float | None  # None: never (only with the ax.callee_no_expiry fault)


@dataclass(slots=True)
class AxBinding:
    sid: str
    app_key: str
    x: str
    a: str
    private_num_type: str = "mobile-virtual"
    callee_num_display: str | None = None  # None: never set (AX-306, not shown in query)
    private_sms: bool = True
    record_flag: bool = False
    record_hint_tone: str | None = None
    pre_voice: dict[str, str] | None = None
    max_duration: int = 0
    last_min_voice: str | None = None
    user_data: str | None = None
    turn_flag: str = "on"
    call_direction: int = 0
    created: float = 0.0
    subscribe_time: float = 0.0
    seq: int = 0
    temp_callee: TempCallee | None = None


class AxStore(IdStore[AxBinding]):
    def __init__(self) -> None:
        super().__init__()
        self.by_sid: dict[str, AxBinding] = {}
        self.by_x: dict[str, dict[str, AxBinding]] = {}
        self.by_a: dict[str, dict[str, AxBinding]] = {}
        self.freed: dict[str, str] = {}  # X -> its last A; read only with the ax.freed_x_kept fault

    def clear(self) -> None:
        self.by_sid.clear()
        self.by_x.clear()
        self.by_a.clear()
        self.freed.clear()
        self.restart_seq()

    # -- lookups -------------------------------------------------------------------------------

    def on_x(self, x: str) -> list[AxBinding]:
        return sorted(self.by_x.get(x, {}).values(), key=lambda b: b.seq)

    def of_a(self, a: str) -> list[AxBinding]:
        return sorted(self.by_a.get(a, {}).values(), key=lambda b: b.seq)

    def x_count_of(self, a: str, app_key: str | None = None) -> int:
        """How many bindings A holds (AX-005 counts per A over the whole platform)."""
        held = self.by_a.get(a, {})
        return len(held) if app_key is None else sum(1 for b in held.values() if b.app_key == app_key)

    def all(self) -> list[AxBinding]:
        return sorted(self.by_sid.values(), key=lambda b: b.seq)

    # -- mutations -------------------------------------------------------------------------------

    def add(self, binding: AxBinding) -> None:
        self.by_sid[binding.sid] = binding
        self.by_x.setdefault(binding.x, {})[binding.sid] = binding
        self.by_a.setdefault(binding.a, {})[binding.sid] = binding

    def remove(self, binding: AxBinding) -> None:
        if self.by_sid.pop(binding.sid, None) is None:
            return
        self._drop(self.by_x, binding.x, binding.sid)
        self._drop(self.by_a, binding.a, binding.sid)
        self.freed[binding.x] = binding.a

    def set_a(self, binding: AxBinding, a: str) -> None:
        self._drop(self.by_a, binding.a, binding.sid)
        binding.a = a
        self.by_a.setdefault(a, {})[binding.sid] = binding

    @staticmethod
    def _drop(index: dict[str, dict[str, AxBinding]], key: str, sid: str) -> None:
        inner = index.get(key)
        if inner is None:
            return
        inner.pop(sid, None)
        if not inner:
            del index[key]


# -- rules ----------------------------------------------------------------------------------------


def is_own_x(state: EmulatorState, app: AppRuntime, x: str) -> bool:
    owner = state.x_owner.get(x)
    return owner is not None and (owner[0] is app or IGNORE_OWNERSHIP in state.faults)


def check_x(state: EmulatorState, app: AppRuntime, x: str, code: str = "1011001") -> None:
    """An X that is not the app's (or no X at all, e.g. an unescaped ``+``): 1011001 (AX-027,
    AX-413), or 1011004 on unbind (D-7, AX-106, AX-108)."""
    if not is_own_x(state, app, x):
        raise ApiError(code)


def by_sid(state: EmulatorState, app: AppRuntime, sid: str, not_found: str = "1016001") -> AxBinding:
    binding = state.ax.get(sid)
    if binding is None or binding.app_key != app.app_key:
        raise ApiError(not_found)  # AX-107, AX-204, AX-408: unknown, removed or another app's (1016001)
    return binding


def by_x(state: EmulatorState, app: AppRuntime, x: str, code: str = "1011001") -> AxBinding:
    check_x(state, app, x, code)
    found = [b for b in state.ax.on_x(x) if b.app_key == app.app_key or IGNORE_OWNERSHIP in state.faults]
    if not found:
        raise ApiError("1016001")  # AX-413: the app's X without a binding
    return found[0]


def check_display(state: EmulatorState, app: AppRuntime, value: str | None) -> None:
    """AX-035, D-13: calleeNumDisplay "1" only on an app that may show the real caller."""
    if value == "1" and not app.transparent_mode_allowed and ALLOW_TRANSPARENT not in state.faults:
        raise ApiError("1020178")  # AX-035


def check_a_limit(state: EmulatorState, a: str) -> None:
    if IGNORE_X_LIMIT not in state.faults and state.ax.x_count_of(a) >= MAX_X_PER_A:
        raise ApiError("1011003")  # AX-005: at most 5 X per A


def check_explicit_x(state: EmulatorState, app: AppRuntime, x: str, a: str) -> None:
    faults = state.faults
    check_x(state, app, x)  # AX-027
    if state.blacklisted(x) and NUMBER_IGNORE_BLACKLIST not in faults:
        raise ApiError("1012102")
    for held in state.ax.on_x(x):
        if held.a == a:
            if ALLOW_DUPLICATE not in faults:
                raise ApiError(state.settings["ax_duplicate_bind_code"])  # AX-028, D-6
        elif ALLOW_SHARED_X not in faults:
            raise ApiError("1011005")  # AX-004: X already carries another A
    if FREED_X_KEPT in faults and state.ax.freed.get(x, a) != a:
        raise ApiError("1011005")  # breaks AX-006: an unbound X is free for any A


def allocate(state: EmulatorState, app: AppRuntime, area: str | None, match_mode: str) -> str:
    """AX-021/023/024: the lowest free X of the city (strict: else 1011002, AX-023); loose: the
    province, then any X (AX-024). A freed X is free again (AX-006)."""
    faults = state.faults
    return allocate_x(
        state,
        app,
        area,
        anywhere=area is None or IGNORE_AREA in faults,
        loose=match_mode == "1" and LOOSE_AS_STRICT not in faults,
        usable=lambda x: ALLOW_SHARED_X in faults or not state.ax.on_x(x),
        fail_code="1011002",
    )


def bind(
    state: EmulatorState, app: AppRuntime, x: str | None, area: str | None, match_mode: str, **fields: Any
) -> AxBinding:
    """Bind A (``fields["a"]``) to X: the given privateNum wins (AX-020, AX-022), else one
    allocated by area (AX-021). AX bindings never expire (AX-007)."""
    a = fields["a"]
    if x is not None:
        check_explicit_x(state, app, x, a)
        check_a_limit(state, a)
        chosen = x
    else:
        check_a_limit(state, a)
        chosen = allocate(state, app, area, match_mode)
    now = state.clock.now()
    binding = AxBinding(
        sid=state.ax.new_id(),
        app_key=app.app_key,
        x=chosen,
        created=now,
        subscribe_time=now,  # AX-308
        seq=state.ax.next_seq(),
        **fields,
    )
    state.ax.add(binding)
    return binding


def unbind(state: EmulatorState, app: AppRuntime, sid: str | None, x: str | None, orig: str | None = None) -> None:
    """subscriptionId wins (AX-101, AX-104), else privateNum (AX-102); origNum is not evaluated
    (AX-105). The X returns to the pool (AX-006)."""
    faults = state.faults
    if sid is not None and not (x is not None and PRIVATENUM_WINS in faults):
        if UNBIND_REMOVED_OK in faults and state.ax.get(sid) is None:
            return  # breaks AX-107
        binding = by_sid(state, app, sid)  # AX-107
    elif x is not None:
        binding = by_x(state, app, x, code="1011004")  # AX-106, AX-108
        if UNBIND_CHECKS_ORIG in faults and orig is not None and orig != binding.a:
            raise ApiError("1016001")  # breaks AX-105: origNum is not evaluated
    elif UNBIND_BY_ORIG in faults and orig is not None and state.ax.of_a(orig):
        binding = state.ax.of_a(orig)[0]  # breaks AX-103
    else:
        raise ApiError("1011004")  # AX-103: neither parameter (S-FAQ-UNB)
    if UNBIND_NOOP not in faults:
        state.ax.remove(binding)


def modify(
    state: EmulatorState, app: AppRuntime, sid: str | None, x: str | None, new_a: str | None, changes: dict[str, Any]
) -> None:
    """D-8: subscriptionId wins, else privateNum; origNum is the new A (AX-206); absent =
    unchanged (AX-203); ``changes`` maps AxBinding attributes to their new values. privateNum,
    calleeNumDisplay, areaCode, preVoice and callDirection are not modifiable (AX-207)."""
    faults = state.faults
    if sid is not None:
        binding = by_sid(state, app, sid, "1011004" if MODIFY_NOT_FOUND_1011004 in faults else "1016001")  # AX-204
    else:
        assert x is not None
        binding = by_x(state, app, x)  # AX-204: 1011001 for an X that is not the app's
    if new_a is not None and new_a != binding.a:
        check_a_limit(state, new_a)  # AX-005
    if MODIFY_NOOP in faults:
        return
    if MODIFY_EMPTY_RESETS in faults and new_a is None and not changes:
        binding.max_duration = 0  # breaks AX-203: an empty modify changes nothing
    if new_a is not None and new_a != binding.a:
        state.ax.set_a(binding, new_a)  # AX-206
        binding.temp_callee = None  # the relation belonged to the old A
    for name, value in changes.items():
        setattr(binding, name, value)  # privateSms (AX-201), maxDuration (AX-202), ...
    binding.subscribe_time = state.clock.now()


def find(state: EmulatorState, app: AppRuntime, sid: str | None, a: str | None, x: str | None) -> list[AxBinding]:
    """AX-304: subscriptionId wins (AX-302); origNum wins over privateNum (AX-301, AX-303)."""
    faults = state.faults
    if sid is not None:
        binding = state.ax.get(sid)
        found = [binding] if binding is not None and binding.app_key == app.app_key else []  # AX-302
        if found and QUERY_SID_LISTS_A in faults:
            found = [b for b in state.ax.of_a(found[0].a) if b.app_key == app.app_key]  # breaks AX-302
    elif a is not None:
        found = [b for b in state.ax.of_a(a) if b.app_key == app.app_key]  # AX-301
        if QUERY_A_FIRST_ONLY in faults:
            found = found[:1]  # breaks AX-301
    elif x is not None:
        check_x(state, app, x)
        found = [b for b in state.ax.on_x(x) if b.app_key == app.app_key or IGNORE_OWNERSHIP in faults]  # AX-303
        if found and QUERY_X_LISTS_A in faults:
            found = [b for b in state.ax.of_a(found[0].a) if b.app_key == app.app_key]  # breaks AX-303
    elif QUERY_WITHOUT_PARAMS_LISTS_ALL in faults:
        found = [b for b in state.ax.all() if b.app_key == app.app_key]  # breaks AX-305
    else:
        raise invalid("subscriptionId, origNum or privateNum is required.")  # AX-305
    if BINDINGS_EXPIRE in faults:  # breaks AX-007: AX bindings have no lifetime
        found = [b for b in found if b.created + FAULTY_LIFETIME_S > state.clock.now()]
    if not found and QUERY_EMPTY_LIST not in faults:
        raise ApiError("1016001")  # AX-307, D-7
    return found


# -- temporary callee ----------------------------------------------------------------------------------


def temp_callee_of(state: EmulatorState, binding: AxBinding) -> TempCallee | None:
    """The binding's temporary callee if still valid on the emulator clock (AX-402, AX-411, D-29)."""
    tc = binding.temp_callee
    if tc is None or (tc.expires_at is not None and tc.expires_at <= state.clock.now()):
        return None
    return tc


def set_temp_callee(
    state: EmulatorState,
    app: AppRuntime,
    sid: str | None,
    x: str | None,
    orig: str | None,
    callee: str | None,
    duration: int | None,
    max_duration: int | None,
    user_data: str | None,
) -> None:
    faults = state.faults
    if sid is not None:
        if CALLEE_UNKNOWN_SID_OK in faults and state.ax.get(sid) is None:
            return  # breaks AX-408
        binding = by_sid(state, app, sid)  # AX-408
    elif x is None:
        if CALLEE_NOWHERE_OK in faults:
            return  # breaks AX-407
        raise invalid("subscriptionId or privateNum is required.")  # AX-407
    else:
        if CALLEE_ON_FREE_X in faults and is_own_x(state, app, x) and not state.ax.on_x(x):
            return  # breaks AX-413
        binding = by_x(state, app, x)  # AX-413
        if orig is not None and orig != binding.a:
            raise ApiError("1016001")  # AX-407: no binding of that A on that X
    if callee is not None and callee in (binding.a, orig) and CALLEE_SAME_AS_ORIG not in faults:
        raise invalid("origNum and calleeNum must be different.")  # AX-404
    if callee is None:
        return  # only with validate.skip_required
    if binding.temp_callee is not None and CALLEE_NO_OVERWRITE in faults:
        return
    now = state.clock.now()
    d = CALLEE_DEFAULT_DURATION_S if duration is None else duration  # AX-402: 60 s by default
    binding.temp_callee = TempCallee(  # AX-403: the latest callee replaces the previous one
        callee=callee,
        duration=d,
        max_duration=max_duration,
        user_data=user_data,  # AX-410
        set_at=now,
        expires_at=None if CALLEE_NO_EXPIRY in faults else now + d,  # AX-411
    )
