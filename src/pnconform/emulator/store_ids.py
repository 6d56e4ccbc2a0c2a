"""What every mode's binding store shares: subscription ids, creation order, lookup by id."""

from __future__ import annotations

import itertools
import uuid
from typing import Generic, TypeVar

B = TypeVar("B")


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
