"""Contention: 16 clients send conflicting AXB binds, unbinds and modifies on the same X numbers.

Against a standalone `pnconform emulator` process (the stand-in integrators run), for a bounded
number of operations. Afterwards every X holds to the documented rules and the store agrees
with what the clients were told:
- no user number twice on one X (AXB-004/005/006) and at most 5,000 pairs on it (AXB-002);
- every binding a client was told it made is listed with its last accepted numbers, unless a
  client was told it was unbound; nothing else is listed;
- every refusal carries a documented code for what was asked (0 or the refusal codes below).
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

CLIENTS, OPERATIONS_EACH, SEED = 16, 60, 20261204
SECRET = "contention-test-secret"
# The answers the digest documents for each operation when another client got there first.
REFUSALS = {
    "bind": {"1012010"},  # a user number already on that X (AXB-004/005/006)
    "unbind": {"1012007", "1016001"},  # the binding is gone (D-16)
    "modify": {"1012010", "1012007", "1016001"},  # the new number is on that X / the binding is gone
}


@dataclass
class Ledger:
    """What the clients were told: made, unbound, and the numbers of each binding's last accepted change."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    live: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # sid -> (x, a, b)
    owner: dict[str, int] = field(default_factory=dict)  # sid -> the client that made it
    answers: Counter[tuple[str, str]] = field(default_factory=Counter)  # (operation, resultcode)
    undocumented: list[str] = field(default_factory=list)


def _worker(n: int, url: str, key: str, xs: list[str], ledger: Ledger) -> None:
    rng = random.Random(SEED + n)
    users = [f"+86138000{i:05d}" for i in range(12)]  # few numbers: most binds collide
    with closing(PrivateNumberClient(url, key, SECRET, mode="axb")) as client:
        for _ in range(OPERATIONS_EACH):
            with ledger.lock:
                known = list(ledger.live)
                mine = [sid for sid in known if ledger.owner.get(sid) == n]
            # Anyone unbinds any binding (a conflict when another got there first); only its maker
            # modifies one, so that the order of two changes of one binding is the order they were sent.
            op = rng.choice(("bind", "bind", "unbind", "modify")) if known else "bind"
            if op == "modify" and not mine:
                op = "unbind"
            if op == "bind":
                x, (a, b) = rng.choice(xs), rng.sample(users, 2)
                answer = client.axb_bind(callerNum=a, calleeNum=b, relationNum=x)
                if answer.resultcode == "0":
                    with ledger.lock:
                        ledger.live[answer.body["subscriptionId"]] = (x, a, b)
                        ledger.owner[answer.body["subscriptionId"]] = n
            elif op == "unbind":
                sid = rng.choice(known)
                answer = client.axb_unbind(subscriptionId=sid)
                if answer.resultcode == "0":
                    with ledger.lock:
                        ledger.live.pop(sid, None)
            else:
                sid = rng.choice(mine)
                with ledger.lock:
                    a = ledger.live.get(sid, ("", "", ""))[1]
                b = rng.choice([u for u in users if u != a])  # a new B: colliding on X, never A itself
                answer = client.axb_modify(subscriptionId=sid, calleeNum=b)
                if answer.resultcode == "0":
                    with ledger.lock:
                        if sid in ledger.live:
                            x, a, _ = ledger.live[sid]
                            ledger.live[sid] = (x, a, b)
            with ledger.lock:
                ledger.answers[(op, answer.resultcode)] += 1
                if answer.resultcode != "0" and answer.resultcode not in REFUSALS[op]:
                    ledger.undocumented.append(f"{op}: HTTP {answer.status} {answer.text[:120]}")


def _listed(url: str, key: str, x: str) -> list[dict]:
    items: list[dict] = []
    with closing(PrivateNumberClient(url, key, SECRET, mode="axb")) as client:
        page = 1
        while True:
            body = client.axb_query(relationNum=x, pageIndex=page, pageSize=100).body
            items += body.get("relationNumList", [])
            if page * 100 >= int(body.get("totalCount", 0)):
                return items
            page += 1


def _contend(folder: Path, faults: tuple[str, ...] = ()) -> tuple[Ledger, dict[str, list[dict]], str]:
    config, key, xs = one_app_config(folder / "emulator.yaml", "axb", SECRET)
    ledger = Ledger()
    with standalone_emulator(folder, config, faults) as url:
        run_clients(CLIENTS, lambda n: _worker(n, url, key, xs, ledger))
        listed = {x: _listed(url, key, x) for x in xs}
    return ledger, listed, url


def _violations(ledger: Ledger, listed: dict[str, list[dict]]) -> list[str]:
    violations: list[str] = list(ledger.undocumented)
    for x, items in listed.items():
        users = Counter(n for item in items for n in (item["callerNum"], item["calleeNum"]))
        violations += [f"{x}: {number} is on {k} pairs" for number, k in users.items() if k > 1]  # AXB-004/005/006
        if len(items) > 5000:
            violations.append(f"{x}: {len(items)} pairs")  # AXB-002
    on_store = {i["subscriptionId"]: (x, i["callerNum"], i["calleeNum"]) for x, items in listed.items() for i in items}
    violations += told_vs_listed(ledger.live, on_store)
    return violations


@pytest.mark.selftest
def test_sixteen_clients_in_conflict_leave_every_x_consistent(tmp_path: Path) -> None:
    ledger, listed, _ = _contend(tmp_path)
    violations = _violations(ledger, listed)

    operations = sum(ledger.answers.values())
    conflicts = sum(n for (_, code), n in ledger.answers.items() if code != "0")
    print(f"\ncontention: {CLIENTS} clients, {operations} operations, {conflicts} conflicts, "
          f"{len(violations)} violations; answers {dict(sorted(ledger.answers.items()))}")  # fmt: skip
    assert operations == CLIENTS * OPERATIONS_EACH
    assert conflicts > operations // 10, "too few conflicts to prove anything: make the number pool smaller"
    assert not violations, "\n".join(violations[:20])


@pytest.mark.selftest
def test_the_contention_check_catches_an_emulator_that_lets_numbers_overlap(tmp_path: Path) -> None:
    ledger, listed, _ = _contend(tmp_path, ("axb.allow_overlap",))
    assert any(" pairs" in v for v in _violations(ledger, listed)), "AXB-004/005/006 broken, yet no violation found"
