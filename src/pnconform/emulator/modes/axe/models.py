"""AXE binding store: one record per (A, X, E) binding, indexed by id and by X -> extension.

The per-X index is keyed by the extension, so one extension can never be held twice on one X
(AXE-004, AXE-007) unless a fault puts a second record beside it (``axe.allow_shared_extension``
keeps such records in a per-X list). Expiry (``bindExpiredTime``, D-23) is evaluated on the
emulator clock by ``purge``. Callers hold ``EmulatorState.lock`` around check-then-mutate.
"""

from __future__ import annotations

from dataclasses import dataclass

from .store_ids import IdStore


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
    def __init__(self) -> None:
        super().__init__()
        self.by_sid: dict[str, AxeBinding] = {}
        self.by_x: dict[str, list[AxeBinding]] = {}

    def clear(self) -> None:
        self.by_sid.clear()
        self.by_x.clear()
        self.restart_seq()

    # -- lookups -------------------------------------------------------------------------------

    def on_x(self, x: str) -> list[AxeBinding]:
        """The live bindings of X in creation order."""
        return list(self.by_x.get(x, ()))

    def at(self, x: str, extension: str) -> AxeBinding | None:
        return next((b for b in self.by_x.get(x, ()) if b.extension == extension), None)

    def extensions_on(self, x: str) -> set[str]:
        return {b.extension for b in self.by_x.get(x, ())}

    def all(self) -> list[AxeBinding]:
        return sorted(self.by_sid.values(), key=lambda b: b.seq)

    # -- mutations -------------------------------------------------------------------------------

    def add(self, binding: AxeBinding) -> None:
        self.by_sid[binding.sid] = binding
        self.by_x.setdefault(binding.x, []).append(binding)

    def remove(self, binding: AxeBinding) -> None:
        if self.by_sid.pop(binding.sid, None) is None:
            return
        held = self.by_x.get(binding.x, [])
        held[:] = [b for b in held if b.sid != binding.sid]
        if not held:
            self.by_x.pop(binding.x, None)

    def purge(self, now: float) -> None:
        """Drop every binding whose lifetime ended at or before ``now``."""
        for binding in [b for b in self.by_sid.values() if b.expires_at is not None and b.expires_at <= now]:
            self.remove(binding)
