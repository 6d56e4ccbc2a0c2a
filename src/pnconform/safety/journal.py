"""The run journal: one append-only JSONL file per run (and xdist worker) of a remote target.

Each bind is written *before* its request is sent and its outcome after, each line flushed and
fsync'ed, so that whatever kills the run, `pnconform sweep` knows what may have been left behind.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

JOURNAL_DIR_ENV = "PNCONFORM_JOURNAL_DIR"
DEFAULT_DIR = Path("reports") / "journal"
# The request fields that identify a binding (numbers, the extension, the AXYB parent): what a
# journal keeps and what `sweep` searches by. Nothing else of the body is written down.
NUMBER_FIELDS = (
    "callerNum", "calleeNum", "relationNum", "origNum", "privateNum",
    "bindNum", "virtualNum", "extendNum", "areaCode", "subscriptionId",
)  # fmt: skip


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def journal_dir(root: Path | None = None) -> Path:
    """$PNCONFORM_JOURNAL_DIR, else reports/journal under `root` (the checkout) or the cwd."""
    env = os.environ.get(JOURNAL_DIR_ENV)
    if env:
        return Path(env)
    return (root or Path.cwd()) / DEFAULT_DIR


def append_record(path: Path, record: dict[str, Any]) -> None:
    """Append one line and make it durable before going on (the run may be killed next)."""
    line = json.dumps({"at": _now(), **record}, ensure_ascii=False) + "\n"
    with path.open("a", encoding="utf-8") as f:
        f.write(line)
        f.flush()
        os.fsync(f.fileno())


class Journal:
    """Writes one run's records; safe to share between the threads of a run."""

    def __init__(self, path: Path, run_id: str, target: str, base_url: str | None) -> None:
        self.path = path
        self.run_id = run_id
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._write({"event": "run", "run": run_id, "target": target, "base_url": base_url, "pid": os.getpid()})

    @classmethod
    def open_for_run(cls, directory: Path, run_id: str, target: str, base_url: str | None) -> Journal:
        worker = os.environ.get("PYTEST_XDIST_WORKER")  # one file per xdist worker: no shared writes
        name = f"{run_id}-{worker}.jsonl" if worker else f"{run_id}.jsonl"
        return cls(directory / name, run_id, target, base_url)

    def _write(self, record: dict[str, Any]) -> None:
        with self._lock:
            append_record(self.path, record)

    def bind(self, mode: str, app_key: str, fields: dict[str, Any], marker: str | None, parent: str | None) -> str:
        """Record a bind about to be sent; returns the id its outcome refers to."""
        bind_id = f"{os.getpid()}-{next(self._ids)}"
        numbers = {k: fields[k] for k in NUMBER_FIELDS if isinstance(fields.get(k), str)}
        record = {"event": "bind", "id": bind_id, "mode": mode, "app_key": app_key, "numbers": numbers}
        record["marker"] = marker
        if parent:
            record["parent"] = parent  # an AXYB step 2: removed with its step-1 binding
        self._write(record)
        return bind_id

    def outcome(self, bind_id: str, outcome: str, **details: Any) -> None:
        """`bound` (subscriptionId, x), `refused` (a resultcode: nothing was made) or `unknown`."""
        self._write({"event": "outcome", "id": bind_id, "outcome": outcome, **details})

    def unbind(self, mode: str, params: dict[str, Any], resultcode: Any) -> None:
        self._write({"event": "unbind", "mode": mode, "params": params, "resultcode": resultcode})


@dataclass
class JournaledBind:
    id: str
    mode: str
    app_key: str
    numbers: dict[str, str]
    marker: str | None
    parent: str | None = None
    outcome: str | None = None  # None: sent (or about to be) with no answer recorded
    subscription_id: str | None = None
    x: str | None = None


@dataclass
class JournalFile:
    """What one journal file says: its run, its binds, which were unbound, whether it was swept."""

    path: Path
    run_id: str = ""
    target: str = ""
    base_url: str | None = None  # the address the run sent to (a target name may point elsewhere later)
    binds: list[JournaledBind] = field(default_factory=list)
    unbound: set[tuple[str, str]] = field(default_factory=set)  # (mode, subscriptionId)
    swept: bool = False

    def open_binds(self) -> list[JournaledBind]:
        """Binds that may still exist: not refused, not unbound by subscriptionId afterwards."""
        return [
            b
            for b in self.binds
            if b.parent is None
            and b.outcome != "refused"
            and not (b.subscription_id and (b.mode, b.subscription_id) in self.unbound)
        ]


def read_journal(path: Path) -> JournalFile:
    """Parse a journal; a torn last line (the run was killed mid-write) is ignored."""
    doc = JournalFile(path)
    by_id: dict[str, JournaledBind] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        event = record.get("event")
        if event == "run":
            doc.run_id, doc.target = record.get("run", ""), record.get("target", "")
            doc.base_url = record.get("base_url")
        elif event == "bind":
            bind = JournaledBind(
                record["id"], record["mode"], record.get("app_key", ""), record.get("numbers", {}),
                record.get("marker"), record.get("parent"),
            )  # fmt: skip
            by_id[bind.id] = bind
            doc.binds.append(bind)
        elif event == "outcome" and record.get("id") in by_id:
            bind = by_id[record["id"]]
            bind.outcome = record.get("outcome")
            bind.subscription_id = record.get("subscriptionId") or bind.subscription_id
            bind.x = record.get("x") or bind.x
        elif event == "unbind" and record.get("resultcode") in UNBOUND_CODES:
            sid = (record.get("params") or {}).get("subscriptionId")
            if sid:
                doc.unbound.add((record.get("mode", ""), sid))
        elif event == "swept":
            doc.swept = True
    return doc


UNBOUND_CODES = ("0", "1012007", "1016001")  # done, or already gone (expired, unbound otherwise)


def journals_of(path: Path, target: str, base_url: str | None = None) -> list[JournalFile]:
    """The journals under `path` (a file or a folder) of runs against `target`, oldest first; with
    `base_url`, only those of runs that sent to that address (`journals_elsewhere` lists the others)."""
    return [d for d in _journals(path) if d.target == target and (base_url is None or same_address(d, base_url))]


def journals_elsewhere(path: Path, target: str, base_url: str) -> list[JournalFile]:
    """Journals of runs against a target of this name that sent to another address (e.g. `local`
    on a port of an emulator long gone): their bindings are not on this target, never sweep them."""
    return [d for d in _journals(path) if d.target == target and not same_address(d, base_url)]


def same_address(doc: JournalFile, base_url: str) -> bool:
    return (doc.base_url or "").rstrip("/") == base_url.rstrip("/")


def _journals(path: Path) -> list[JournalFile]:
    files = [path] if path.is_file() else sorted(path.glob("*.jsonl"))
    return [read_journal(p) for p in files]
