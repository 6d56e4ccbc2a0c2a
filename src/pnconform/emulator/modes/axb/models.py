"""AXB binding store with indexes by subscriptionId and by X.

Lookups: by id O(1); the pairs of one X in creation order O(pairs on X); "is this user number
on X" O(1) through a per-X counter of A and B numbers; expiry through a heap, so purging costs
O(log n) per expired binding. Callers hold ``EmulatorState.lock`` around check-then-mutate.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass

from .store_ids import IdStore


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
        self.by_x: dict[str, dict[str, Binding]] = {}  # dict order = creation order
        self._users: dict[str, Counter[str]] = {}
        self._expiry: list[tuple[float, int, str]] = []

    # -- queries ---------------------------------------------------------------------------

    def on_x(self, x: str) -> list[Binding]:
        return list(self.by_x.get(x, {}).values())

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
        self.by_x.setdefault(binding.x, {})[binding.sid] = binding
        users = self._users.setdefault(binding.x, Counter())
        users[binding.a] += 1
        users[binding.b] += 1
        self.schedule(binding)

    def remove(self, binding: Binding) -> None:
        if self.by_sid.pop(binding.sid, None) is None:
            return
        on_x = self.by_x.get(binding.x, {})
        on_x.pop(binding.sid, None)
        if not on_x:
            self.by_x.pop(binding.x, None)
        self._drop_users(binding.x, (binding.a, binding.b))

    def set_numbers(self, binding: Binding, a: str, b: str) -> None:
        """Change A/B of a stored binding and keep the per-X index right."""
        self._drop_users(binding.x, (binding.a, binding.b))
        binding.a, binding.b = a, b
        users = self._users.setdefault(binding.x, Counter())
        users[a] += 1
        users[b] += 1

    def _drop_users(self, x: str, numbers: tuple[str, ...]) -> None:
        users = self._users.get(x)
        if users is None:
            return
        for n in numbers:
            users[n] -= 1
            if users[n] <= 0:
                del users[n]
        if not users:
            del self._users[x]

    # -- expiry ------------------------------------------------------------------------------

    def schedule(self, binding: Binding) -> None:
        """Register the binding's current expiry; stale heap entries are skipped at purge."""
        expires = binding.expires_at
        if expires is not None:
            heapq.heappush(self._expiry, (expires, binding.seq, binding.sid))

    def purge(self, now: float) -> int:
        """Remove every binding whose expiry is due; returns how many."""
        removed = 0
        heap = self._expiry
        while heap and heap[0][0] <= now:
            expires, _, sid = heapq.heappop(heap)
            binding = self.by_sid.get(sid)
            if binding is not None and binding.expires_at == expires:
                self.remove(binding)
                removed += 1
        return removed
