"""Contention in AX: 16 clients bind and unbind the same A and X numbers at once.

The AX counterpart of test_contention.py (AXB), against a standalone `pnconform emulator`: few
A numbers and the app's 8 X numbers, so that most binds meet another client's binding. Afterwards:
- every X carries at most one binding (AX-004) and no A more than 5 X (AX-005);
- every binding a client was told it made is listed (query by X), unless a client was told it
  was unbound; nothing else is listed;
- every refusal carries the documented code for what was asked.
The figure (operations, conflicts, violations) is printed and asserted.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from standalone import one_app_config, run_clients, standalone_emulator, told_vs_listed

from pnconform.client import PrivateNumberClient

CLIENTS, OPERATIONS_EACH, SEED = 16, 60, 20261205
SECRET = "contention-test-secret"
MAX_X_PER_A = 5  # AX-005
REFUSALS = {
    # another A holds that X (AX-004); the A holds 5 X (AX-005); the same A and X again (AX-028, D-6)
    "bind": {"1011005", "1011003", "1016002", "1011002"},
    "unbind": {"1016001"},  # the binding is gone (D-7)
}


@dataclass
class Ledger:
    lock: threading.Lock = field(default_factory=threading.Lock)
    live: dict[str, tuple[str, str]] = field(default_factory=dict)  # sid -> (x, a)
    answers: Counter[tuple[str, str]] = field(default_factory=Counter)
    undocumented: list[str] = field(default_factory=list)
    unbinding: Counter[str] = field(default_factory=Counter)  # sids with an unbind in flight
    over: list[str] = field(default_factory=list)  # limits broken while the clients ran

    def bound(self, sid: str, x: str, a: str) -> None:
        """Record a bind the client was told succeeded, and check the limits on what is surely
        bound now: the ledger's bindings less those with an unbind in flight (which may have
        taken effect already). A bind in flight elsewhere only makes this count lower."""
        self.live[sid] = (x, a)
        sure = [v for s, v in self.live.items() if not self.unbinding[s]]
        if sum(1 for xx, _ in sure if xx == x) > 1:
            self.over.append(f"{x} carried two bindings at once")  # AX-004
        if sum(1 for _, aa in sure if aa == a) > MAX_X_PER_A:
            self.over.append(f"{a} held more than {MAX_X_PER_A} X at once")  # AX-005


def _worker(n: int, url: str, key: str, xs: list[str], ledger: Ledger) -> None:
    rng = random.Random(SEED + n)
    users = [f"+86138100{i:05d}" for i in range(2)]  # 2 A numbers x 5 X > the app's 8 X: both limits are met
    with closing(PrivateNumberClient(url, key, SECRET, mode="ax")) as client:
        for _ in range(OPERATIONS_EACH):
            with ledger.lock:
                known = list(ledger.live)
            op = rng.choice(("bind", "bind", "bind", "unbind")) if known else "bind"  # the X numbers stay full
            if op == "bind":
                x, a = rng.choice(xs), rng.choices(users, weights=(3, 1))[0]  # the first A presses its limit
                answer = client.ax_bind(origNum=a, privateNum=x)
                if answer.resultcode == "0":
                    with ledger.lock:
                        ledger.bound(answer.body["subscriptionId"], x, a)
            else:
                sid = rng.choice(known)
                with ledger.lock:
                    ledger.unbinding[sid] += 1
                answer = client.ax_unbind(subscriptionId=sid)
                with ledger.lock:
                    ledger.unbinding[sid] -= 1
                    if answer.resultcode == "0":
                        ledger.live.pop(sid, None)
            with ledger.lock:
                ledger.answers[(op, answer.resultcode)] += 1
                if answer.resultcode != "0" and answer.resultcode not in REFUSALS[op]:
                    ledger.undocumented.append(f"{op}: HTTP {answer.status} {answer.text[:120]}")


def _listed(url: str, key: str, x: str) -> list[dict]:
    with closing(PrivateNumberClient(url, key, SECRET, mode="ax")) as client:
        answer = client.ax_query(privateNum=x)
    assert answer.resultcode in ("0", "1016001"), answer.text  # 1016001: no binding on X (AX-307, D-7)
    return (answer.body or {}).get("privateNumList") or []


def _contend(folder: Path, faults: tuple[str, ...] = ()) -> tuple[Ledger, dict[str, list[dict]]]:
    config, key, xs = one_app_config(folder / "emulator.yaml", "ax", SECRET)
    ledger = Ledger()
    with standalone_emulator(folder, config, faults) as url:
        run_clients(CLIENTS, lambda n: _worker(n, url, key, xs, ledger))
        listed = {x: _listed(url, key, x) for x in xs}
    return ledger, listed


def _violations(ledger: Ledger, listed: dict[str, list[dict]]) -> list[str]:
    violations = list(ledger.undocumented) + ledger.over[:5]
    violations += [f"{x} carries {len(items)} bindings" for x, items in listed.items() if len(items) > 1]  # AX-004
    per_a = Counter(item["origNum"] for items in listed.values() for item in items)
    violations += [f"{a} holds {k} X" for a, k in per_a.items() if k > MAX_X_PER_A]  # AX-005
    on_store = {i["subscriptionId"]: (x, i["origNum"]) for x, items in listed.items() for i in items}
    violations += told_vs_listed(ledger.live, on_store)
    return violations


@pytest.mark.selftest
def test_sixteen_ax_clients_in_conflict_leave_every_x_and_a_within_the_limits(tmp_path: Path) -> None:
    ledger, listed = _contend(tmp_path)
    violations = _violations(ledger, listed)
    operations = sum(ledger.answers.values())
    conflicts = sum(n for (_, code), n in ledger.answers.items() if code != "0")
    print(f"\nAX contention: {CLIENTS} clients, {operations} operations, {conflicts} conflicts, "
          f"{len(violations)} violations; answers {dict(sorted(ledger.answers.items()))}")  # fmt: skip
    assert operations == CLIENTS * OPERATIONS_EACH
    assert conflicts > operations // 10, "too few conflicts to prove anything: use fewer A numbers"
    assert {code for (_, code) in ledger.answers} >= {"0", "1011005", "1011003"}, "both limits were met"
    assert not violations, "\n".join(violations[:20])


@pytest.mark.selftest
@pytest.mark.parametrize("fault", ["ax.allow_shared_x", "ax.ignore_x_limit"])
def test_the_ax_contention_check_catches_a_broken_limit(tmp_path: Path, fault: str) -> None:
    ledger, listed = _contend(tmp_path, (fault,))
    assert any(" carrie" in v or " held " in v or " holds " in v for v in _violations(ledger, listed)), fault
