"""AXE mode, the model: the binding store and the rules of 30-axe-axyb-x.md §A, plain Python
(decisions D-7, D-9, D-12, D-13, D-18, D-19, D-23).

Every function here is called with ``state.lock`` held (``responses`` takes it) and never
awaits; each rule is enforced next to a comment naming its rule id. The request parsing and the
answers live in ``responses``, the call routing in ``routing``; AXE has no SMS (D-21).

One X carries many A, each behind its own extension E; the extension length L (1-4) is an
attribute of the app, so an X holds at most 10**L - 1 bindings. The store keeps one record per
(A, X, E) binding, indexed by id and by X -> extension.

The per-X index is keyed by the extension, so one extension can never be held twice on one X
(AXE-004, AXE-007) unless a fault puts a second record beside it (``axe.allow_shared_extension``
keeps such records in a per-X list). Expiry (``bindExpiredTime``, D-23) is evaluated on the
emulator clock by ``purge``. Callers hold ``EmulatorState.lock`` around check-then-mutate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...allocation import allocate_x
from ...codes import ApiError, invalid
from ...faults import NUMBER_IGNORE_BLACKLIST
from ...store_ids import CreationOrder, ExpiryQueue, IdStore
from .faults import (
    ALLOW_DUPLICATE_A,
    ALLOW_SHARED_EXTENSION,
    ALLOW_TRANSPARENT,
    ASSIGN_TAKEN_EXTENSION,
    DEFAULT_LIFETIME,
    IGNORE_AREA,
    IGNORE_CAPACITY,
    IGNORE_CHOSEN_EXTENSION,
    IGNORE_EXPIRY,
    IGNORE_OWNERSHIP,
    LOOSE_AS_STRICT,
    MODIFY_CHANGES_QUERY_EXPIRY,
    MODIFY_CLEARS_FIELDS,
    NOT_FOUND_CODE,
    NUMBERS_WIN,
    PAD_EXTENSION,
    PARTIAL_SELECTOR,
    UNBIND_NOOP,
)

if TYPE_CHECKING:  # annotations only: the state module imports the stores
    from ...state import AppRuntime, EmulatorState

NOT_FOUND = "1016001"  # D-7
EXTENSION_TAKEN = "1020167"  # `No idle extend Number.`
UNIT_SECONDS = {"0": 3600, "1": 60}
# The client-comment default that D-23 rejects (absent = never); only the axe.default_lifetime fault uses it.
FAULTY_DEFAULT_HOURS = 168


@dataclass(slots=True)
class AxeBinding:
    sid: str
    app_key: str
    x: str
    a: str
    extension: str
    display_num_mode: str = "0"
    record_flag: bool = False
    record_hint_tone: str | None = None
    callback_tone: str | None = None
    callback_num: str | None = None
    # Bind-time values: the query shows them even after a modify that carried them (D-9).
    time_unit: str = "0"
    bind_expired_time: int = 0
    callback_expired_time: int = 0
    user_data: str | None = None
    created: float = 0.0
    expires_at: float | None = None  # None: never (bindExpiredTime absent or 0)
    seq: int = 0


class AxeStore(IdStore[AxeBinding]):
    """AXE bindings, indexed for what requests and calls ask: by id, by X in creation order (the
    v2 query's cursor order), by (X, extension) and (X, A); expiry in a queue, not a scan."""

    def __init__(self) -> None:
        super().__init__()
        self.clear()

    def clear(self) -> None:
        self.by_sid: dict[str, AxeBinding] = {}
        self.by_x: dict[str, CreationOrder[AxeBinding]] = {}
        self._by_extension: dict[tuple[str, str], dict[str, AxeBinding]] = {}  # several only under a fault
        self._by_a: dict[tuple[str, str], dict[str, AxeBinding]] = {}
        self._expiry = ExpiryQueue()
        self.restart_seq()

    # -- lookups -------------------------------------------------------------------------------

    def on_x(self, x: str) -> list[AxeBinding]:
        """The live bindings of X in creation order."""
        return list(self.by_x.get(x, ()))

    def listing(self, x: str) -> CreationOrder[AxeBinding]:
        """The bindings of X in creation order, to page through (do not change it)."""
        return self.by_x.get(x) or CreationOrder()

    def at(self, x: str, extension: str) -> AxeBinding | None:
        """The (first) binding behind ``extension`` on X."""
        return next(iter(self._by_extension.get((x, extension), {}).values()), None)

    def of_a(self, x: str, a: str) -> AxeBinding | None:
        """The (first) binding of A on X."""
        return next(iter(self._by_a.get((x, a), {}).values()), None)

    def extension_taken(self, x: str, extension: str) -> bool:
        return (x, extension) in self._by_extension

    def all(self) -> list[AxeBinding]:
        return sorted(self.by_sid.values(), key=lambda b: b.seq)

    # -- mutations -------------------------------------------------------------------------------

    def add(self, binding: AxeBinding) -> None:
        self.by_sid[binding.sid] = binding
        self.by_x.setdefault(binding.x, CreationOrder()).append(binding.seq, binding)
        self._by_extension.setdefault((binding.x, binding.extension), {})[binding.sid] = binding
        self._by_a.setdefault((binding.x, binding.a), {})[binding.sid] = binding
        self.schedule(binding)

    def remove(self, binding: AxeBinding) -> None:
        if self.by_sid.pop(binding.sid, None) is None:
            return
        held = self.by_x.get(binding.x)
        if held is not None:
            held.remove(binding.seq)
            if not held:
                del self.by_x[binding.x]
        for index, key in ((self._by_extension, binding.extension), (self._by_a, binding.a)):
            entries = index.get((binding.x, key))
            if entries is not None:
                entries.pop(binding.sid, None)
                if not entries:
                    del index[(binding.x, key)]

    def schedule(self, binding: AxeBinding) -> None:
        """Register the binding's current expiry (again after a modify changed it)."""
        self._expiry.schedule(binding.expires_at, binding.seq, binding.sid)

    def purge(self, now: float) -> None:
        """Drop every binding whose lifetime ended at or before ``now``."""
        for expires, sid in self._expiry.due(now):
            binding = self.by_sid.get(sid)
            if binding is not None and binding.expires_at == expires:  # else: a stale entry
                self.remove(binding)


# -- rules ----------------------------------------------------------------------------------------


def capacity(app: AppRuntime) -> int:
    """9, 99, 999 or 9999 bindings per X for extension lengths 1-4 (§A.1, AXE-006)."""
    return 10**app.extension_length - 1


def purge(state: EmulatorState) -> None:
    """AXE-014: expired bindings are gone everywhere (query, unbind, modify, extensions, capacity)."""
    if IGNORE_EXPIRY not in state.faults:
        state.axe.purge(state.clock.now())


def owned(state: EmulatorState, app: AppRuntime, binding: AxeBinding) -> bool:
    return binding.app_key == app.app_key or IGNORE_OWNERSHIP in state.faults


def is_own_x(state: EmulatorState, app: AppRuntime, x: str) -> bool:
    owner = state.x_owner.get(x)
    return owner is not None and (owner[0] is app or IGNORE_OWNERSHIP in state.faults)


def check_display(state: EmulatorState, app: AppRuntime, value: str | None) -> None:
    """AXE-020, D-13: displayNumMode "1" (show the real caller) only on an app that may do so."""
    if value == "1" and not app.transparent_mode_allowed and ALLOW_TRANSPARENT not in state.faults:
        raise ApiError("1020178")  # AXE-020


def free_extension(state: EmulatorState, app: AppRuntime, x: str) -> str | None:
    """The lowest free extension of X (AXE-002); None when X is full."""
    length = app.extension_length
    if ASSIGN_TAKEN_EXTENSION in state.faults:
        return "1".zfill(length)
    for n in range(1, capacity(app) + 1):
        candidate = str(n).zfill(length)
        if not state.axe.extension_taken(x, candidate):
            return candidate
    if IGNORE_CAPACITY in state.faults:
        n = capacity(app) + 1
        while state.axe.extension_taken(x, str(n)):
            n += 1
        return str(n)  # one digit too long: the X holds more than its length allows
    return None


def holds_a(state: EmulatorState, x: str, a: str) -> bool:
    return state.axe.of_a(x, a) is not None


def check_explicit_x(state: EmulatorState, app: AppRuntime, x: str, a: str, extension: str | None) -> str:
    """Checks of a bind on a named X; returns the extension to use."""
    faults = state.faults
    if not is_own_x(state, app, x):
        raise ApiError("1012001")  # our reading for AXE (GEN-102 documents AXB 1012001, AX 1011001)
    if state.blacklisted(x) and NUMBER_IGNORE_BLACKLIST not in faults:
        raise ApiError("1012102")
    if holds_a(state, x, a) and ALLOW_DUPLICATE_A not in faults:
        raise ApiError(state.settings["axe_duplicate_bind_code"])  # D-12: one extension per A per X
    if extension is not None:
        if state.axe.at(x, extension) is not None and ALLOW_SHARED_EXTENSION not in faults:
            raise ApiError(EXTENSION_TAKEN)  # AXE-004, AXE-007: one extension never twice on one X
        return extension
    free = free_extension(state, app, x)
    if free is None:
        raise ApiError(EXTENSION_TAKEN)  # AXE-006: no idle extension left on X
    return free


def allocate(
    state: EmulatorState, app: AppRuntime, area: str | None, match_mode: str, a: str, extension: str | None
) -> str:
    """AXE-008/009: the lowest X of the city that can take A (and the chosen extension); strict
    and none -> 1011002 or 1012008 (AXE-009, D-19)."""
    faults = state.faults

    def usable(x: str) -> bool:
        if holds_a(state, x, a):
            return False
        if extension is not None:
            return state.axe.at(x, extension) is None
        return free_extension(state, app, x) is not None

    return allocate_x(
        state,
        app,
        area,
        anywhere=area is None or IGNORE_AREA in faults,
        loose=match_mode == "1" and LOOSE_AS_STRICT not in faults,
        usable=usable,
        fail_code=state.settings["axe_alloc_fail_code"],  # D-19
    )


def select(state: EmulatorState, app: AppRuntime, sid: str | None, x: str | None, extension: str | None) -> AxeBinding:
    """The binding named by the request (call under state.lock, after purge): a valid
    subscriptionId wins (AXE-017), else virtualNum together with extendNum (AXE-016)."""
    faults = state.faults
    by_numbers = x is not None and (extension is not None or PARTIAL_SELECTOR in faults)
    if sid is not None and not (by_numbers and NUMBERS_WIN in faults):
        binding = state.axe.get(sid)
        if binding is None or not owned(state, app, binding):
            raise ApiError(not_found(state))  # AXE-018: removed or another app's
        return binding
    if by_numbers:
        assert x is not None
        if extension is None:  # only with axe.partial_selector: the first binding of X
            found = [b for b in state.axe.on_x(x) if owned(state, app, b)][:1]
        else:
            behind = state.axe.at(x, extension)
            found = [behind] if behind is not None and owned(state, app, behind) else []
        if not found:
            raise ApiError(not_found(state))
        return found[0]
    if x is not None or extension is not None:
        raise invalid("virtualNum and extendNum must be sent together.")  # AXE-016
    raise invalid("subscriptionId, or virtualNum together with extendNum, is required.")


def not_found(state: EmulatorState) -> str:
    return "1012007" if NOT_FOUND_CODE in state.faults else NOT_FOUND


def bind(
    state: EmulatorState,
    app: AppRuntime,
    a: str,
    x: str | None,
    area: str | None,
    match_mode: str,
    extension: str | None,
    unit: str | None,
    bind_time: int | None,
    **fields: Any,
) -> AxeBinding:
    """Bind A on the given X (AXE-001; it wins over areaCode, AXE-008) or on one allocated by
    area (AXE-008, AXE-009), behind the chosen extension (AXE-003) or the lowest free one
    (AXE-002)."""
    faults = state.faults
    purge(state)
    if x is not None:
        extension = check_explicit_x(state, app, x, a, extension)
        chosen = x
    else:
        chosen = allocate(state, app, area, match_mode, a, extension)
        if extension is None:
            extension = free_extension(state, app, chosen)  # AXE-002
    if IGNORE_CHOSEN_EXTENSION in faults:
        extension = free_extension(state, app, chosen)
    assert extension is not None  # the checks above raise before
    if PAD_EXTENSION in faults:
        extension = extension.zfill(4)
    now = state.clock.now()
    lifetime = bind_time
    if bind_time is None and DEFAULT_LIFETIME in faults:
        lifetime, unit_s = FAULTY_DEFAULT_HOURS, UNIT_SECONDS["0"]
    else:
        unit_s = UNIT_SECONDS[unit or "0"]
    binding = AxeBinding(
        sid=state.axe.new_id(),
        app_key=app.app_key,
        x=chosen,
        a=a,
        extension=extension,
        time_unit=unit or "0",
        bind_expired_time=bind_time or 0,
        created=now,
        # AXE-013: bindExpiredTime 0 or absent = never (D-23); AXE-014: else it ends the binding.
        expires_at=now + lifetime * unit_s if lifetime else None,
        seq=state.axe.next_seq(),
        **fields,
    )
    state.axe.add(binding)
    return binding


def unbind(state: EmulatorState, app: AppRuntime, sid: str | None, x: str | None, extension: str | None) -> None:
    """AXE-015, AXE-016: the extension is free again at once."""
    purge(state)
    binding = select(state, app, sid, x, extension)  # AXE-017, AXE-018
    if UNBIND_NOOP not in state.faults:
        state.axe.remove(binding)


def modify(
    state: EmulatorState,
    app: AppRuntime,
    sid: str | None,
    x: str | None,
    extension: str | None,
    changes: dict[str, Any],
    unit: str | None,
    bind_time: int | None,
) -> None:
    """AXE-019: only the fields carried change (``changes``: AxeBinding attributes to their new
    values); bind number and extension are not modifiable (§A.5)."""
    faults = state.faults
    purge(state)
    binding = select(state, app, sid, x, extension)
    if MODIFY_CLEARS_FIELDS in faults:
        binding.display_num_mode, binding.record_flag, binding.user_data = "0", False, None
        binding.record_hint_tone = binding.callback_tone = binding.callback_num = None
    changes = dict(changes)
    tone_given = "callback_tone" in changes
    tone, number = changes.pop("callback_tone", None), changes.pop("callback_num", None)
    for name, value in changes.items():
        setattr(binding, name, value)
    # AXE-019: the two callback fields exclude each other, so setting one drops the other.
    if tone_given:
        binding.callback_tone = tone
        if tone is not None:
            binding.callback_num = None
    if number is not None:
        binding.callback_num, binding.callback_tone = number, None
    if bind_time is not None and state.settings["axe_modify_changes_expiry"]:
        unit_s = UNIT_SECONDS[unit or binding.time_unit]
        binding.expires_at = state.clock.now() + bind_time * unit_s if bind_time else None
        state.axe.schedule(binding)
    if MODIFY_CHANGES_QUERY_EXPIRY in faults:
        # AXE-021, D-9 broken: the query should keep showing the bind-time values.
        if unit is not None:
            binding.time_unit = unit
        if bind_time is not None:
            binding.bind_expired_time = bind_time
