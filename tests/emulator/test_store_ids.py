"""The listing and expiry structures every mode's store shares (emulator/store_ids.py)."""

from __future__ import annotations

from pnconform.emulator.store_ids import CreationOrder, ExpiryQueue


def test_creation_order_pages_by_slice_and_finds_a_cursor_by_bisection() -> None:
    listing: CreationOrder[str] = CreationOrder()
    for seq in range(1, 11):
        listing.append(seq, f"b{seq}")
    listing.remove(3)
    listing.remove(99)  # not there: nothing happens
    assert len(listing) == 9 and listing[0:3] == ["b1", "b2", "b4"]
    key = lambda item: int(item[1:])  # noqa: E731
    assert listing.position(4, key) == 3 and listing.position(4, key, inclusive=True) == 2
    assert list(listing.iter_from(listing.position(8, key))) == ["b9", "b10"]
    assert list(listing.iter_from(9)) == []


def test_expiry_queue_yields_what_is_due_soonest_first_once() -> None:
    queue = ExpiryQueue()
    queue.schedule(30.0, 1, "c")
    queue.schedule(10.0, 2, "a")
    queue.schedule(None, 3, "never")
    queue.schedule(20.0, 4, "b")
    assert list(queue.due(25.0)) == [(10.0, "a"), (20.0, "b")]
    assert list(queue.due(25.0)) == []
    assert list(queue.due(1e9)) == [(30.0, "c")]
