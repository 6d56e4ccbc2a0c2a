"""What every mode's binding store shares: subscription ids, creation order, lookup by id."""

from __future__ import annotations

import bisect
import heapq
import itertools
import uuid
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

B = TypeVar("B")
K = TypeVar("K", bound=Any)  # a sort key (compared with <)


class IdStore(Generic[B]):
    """Base of the per-mode stores; a subclass fills ``by_sid`` and its own indexes."""

    by_sid: dict[str, B]

    def __init__(self) -> None:
        self._seq = itertools.count(1)

    def restart_seq(self) -> None:
        self._seq = itertools.count(1)

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex

    def next_seq(self) -> int:
        """Creation order, which the stores sort by (ids are random)."""
        return next(self._seq)

    def get(self, sid: str) -> B | None:
        return self.by_sid.get(sid)


class CreationOrder(Generic[B]):
    """The bindings of one X in creation order, for listings: a page is a slice (O(page)), a
    cursor is found by bisection, removal is a bisection and a C-level delete. (A dict keeps
    creation order too, but reaching page 1,000 of it means stepping over every earlier entry.)"""

    __slots__ = ("_items", "_seqs")

    def __init__(self) -> None:
        self._seqs: list[int] = []  # ascending: bindings are appended in creation order
        self._items: list[B] = []

    def append(self, seq: int, item: B) -> None:
        self._seqs.append(seq)
        self._items.append(item)

    def remove(self, seq: int) -> None:
        i = bisect.bisect_left(self._seqs, seq)
        if i < len(self._seqs) and self._seqs[i] == seq:
            del self._seqs[i], self._items[i]

    def position(self, value: K, key: Callable[[B], K], *, inclusive: bool = False) -> int:
        """Where the first item whose ``key`` is above ``value`` (at or above: ``inclusive``) stands;
        ``key`` must rise with creation order."""
        find = bisect.bisect_left if inclusive else bisect.bisect_right
        return find(self._items, value, key=key)

    def iter_from(self, start: int) -> Iterator[B]:
        """The items from position ``start`` on, without stepping over the earlier ones."""
        items = self._items
        return (items[i] for i in range(start, len(items)))

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[B]:
        return iter(self._items)

    def __getitem__(self, window: slice) -> list[B]:
        return self._items[window]


class ExpiryQueue:
    """When bindings end, soonest first: a purge pops what is due instead of scanning the store.
    A binding whose expiry changed is scheduled again; its stale entry is skipped at purge (the
    caller compares the popped expiry with the binding's current one)."""

    __slots__ = ("_heap",)

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, str]] = []

    def schedule(self, expires_at: float | None, seq: int, sid: str) -> None:
        if expires_at is not None:
            heapq.heappush(self._heap, (expires_at, seq, sid))

    def due(self, now: float) -> Iterator[tuple[float, str]]:
        """(expiry, id) of every entry due at ``now``, each taken off the queue."""
        heap = self._heap
        while heap and heap[0][0] <= now:
            expires, _, sid = heapq.heappop(heap)
            yield expires, sid
