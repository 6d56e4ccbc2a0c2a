"""AX binding store: one record per (A, X) binding, indexed by id, by X and by A.

Normally an X carries one binding (AX-004); the store keeps a dict per X anyway so the
``ax.allow_shared_x`` / ``ax.allow_duplicate`` faults can put a second binding on it. AX
bindings never expire (AX-007); only the temporary callee of a binding does (D-29). Callers
hold ``EmulatorState.lock`` around check-then-mutate.
"""

from __future__ import annotations

from dataclasses import dataclass

from .store_ids import IdStore


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

    def clear(self) -> None:
        self.by_sid.clear()
        self.by_x.clear()
        self.by_a.clear()
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
