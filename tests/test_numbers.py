"""Number pools: what each parallel worker may use (pnconform.numbers)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pnconform.numbers import NumberPool, partition, slice_range, worker_slot
from pnconform.targets import NumberRange, Target, TargetError, load_target

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def local() -> Target:
    return load_target(ROOT / "targets.yaml", "local")


def taken(numbers: NumberRange) -> set[str]:
    return {numbers.nth(i) for i in range(numbers.count)}


def test_serial_run_is_worker_0_of_1(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    monkeypatch.delenv("PYTEST_XDIST_WORKER_COUNT", raising=False)
    assert worker_slot() == (0, 1)
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw2")
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "3")
    assert worker_slot() == (2, 3)


def test_workers_get_disjoint_user_and_fixed_line_slices(local: Target) -> None:
    small = replace(
        local, user_numbers=NumberRange("+8613800000000", 7), fixed_line_numbers=NumberRange("+8675528000000", 4)
    )
    views = [partition(small, i, 3) for i in range(3)]
    users = [taken(v.user_numbers) for v in views]
    assert [len(u) for u in users] == [2, 2, 2]
    assert not (users[0] & users[1]) and not (users[1] & users[2]) and not (users[0] & users[2])
    assert set().union(*users) <= taken(small.user_numbers)
    fixed = [taken(v.fixed_line_numbers) for v in views if v.fixed_line_numbers]
    assert len(fixed) == 3 and len(set().union(*fixed)) == 3


def test_x_pools_stay_whole_because_the_platform_allocates_x_by_city(local: Target) -> None:
    view = partition(local, 1, 2)
    assert view.apps == local.apps  # the mode's scenarios run on one worker instead (pnconform.parallel)


def test_embedded_target_and_serial_run_are_not_split(local: Target) -> None:
    assert partition(local, 0, 1) is local
    embedded = load_target(ROOT / "targets.yaml", "reference")
    assert partition(embedded, 1, 2) is embedded  # one emulator per worker: nothing is shared


def test_a_range_too_small_to_share_fails_in_one_line(local: Target) -> None:
    with pytest.raises(TargetError, match="cannot be shared by 3 workers"):
        slice_range(NumberRange("+8613800000000", 2), 0, 3)


def test_pool_hands_out_only_the_workers_slice(local: Target, monkeypatch: pytest.MonkeyPatch) -> None:
    view = partition(replace(local, user_numbers=NumberRange("+8613800000000", 10)), 1, 2)
    pool = NumberPool(view)
    assert [pool.user() for _ in range(5)] == [f"+861380000000{i}" for i in range(5, 10)]
    with pytest.raises(TargetError, match="exhausted"):
        pool.user()
