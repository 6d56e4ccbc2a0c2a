"""`pnconform sweep --target NAME`: remove what earlier runs against a target left behind.

Two sources, nothing else: the run journals (each bind not known to be unbound: by its
subscriptionId, else found by query from its journaled numbers and marker) and, through the query
interfaces, the bindings carrying a pnconform run marker on the X numbers targets.yaml gives the
target's apps. A binding without our marker or journal entry, or on another X, is never touched.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pnconform.client import Indeterminate, PrivateNumberClient, TargetUnreachable
from pnconform.ratelimit import limiter_for
from pnconform.safety.journal import (
    JournaledBind,
    JournalFile,
    append_record,
    journal_dir,
    journals_elsewhere,
    journals_of,
)
from pnconform.safety.lookup import NOT_FOUND, LookupFailed, bindings_on_x, find_bind, unbind
from pnconform.safety.marker import is_marker
from pnconform.targets import Target, TargetError, check_reachable, load_target

BINDING_MODES = ("axb", "ax", "axe", "axyb")  # X mode stores no bindings


class SweepAborted(RuntimeError):
    """The target stopped answering: the sweep cannot go on (one line for the CLI)."""


@dataclass
class Sweep:
    target: Target
    say: Callable[[str], None] = print
    removed: int = 0
    gone: int = 0
    problems: list[str] = field(default_factory=list)
    _done: set[tuple[str, str]] = field(default_factory=set)  # (mode, subscriptionId) handled
    _clients: dict[str, PrivateNumberClient] = field(default_factory=dict)

    def client(self, mode: str) -> PrivateNumberClient:
        if mode not in self._clients:
            app, t = self.target.app(mode), self.target
            self._clients[mode] = PrivateNumberClient(
                t.base_url or "", app.app_key, app.app_secret, auth=t.auth, timeout=t.timeout_s,
                verify=t.verify_tls, mode=mode, limiter=limiter_for(t),
            )  # fmt: skip
        return self._clients[mode]

    def allowed_x(self, mode: str) -> list[str]:
        return [x.number for x in self.target.app(mode).x_numbers]

    def close(self) -> None:
        for client in self._clients.values():
            client.close()

    def problem(self, message: str) -> None:
        self.problems.append(message)
        self.say(f"  problem: {message}")

    def remove(self, mode: str, sid: str, x: str | None, why: str) -> bool:
        """Unbind one binding by subscriptionId; False on an unexpected answer."""
        if (mode, sid) in self._done:
            return True
        try:
            response = unbind(self.client(mode), mode, sid)
        except (TargetUnreachable, Indeterminate) as exc:
            raise SweepAborted(str(exc)) from None
        if response.resultcode == "0":
            self.removed += 1
            self.say(f"  unbound {mode} {sid}{f' on {x}' if x else ''} ({why})")
        elif response.resultcode in NOT_FOUND:
            self.gone += 1
            self.say(f"  already gone: {mode} {sid} ({why})")
        else:
            self.problem(f"unbind {mode} {sid}: HTTP {response.status} {response.text[:160]}")
            return False
        self._done.add((mode, sid))
        return True

    def sweep_bind(self, bind: JournaledBind, run_id: str) -> bool:
        why = f"run {run_id}"
        app = self.target.apps.get(bind.mode)
        if app is None or (bind.app_key and bind.app_key != app.app_key):
            where = f"target '{self.target.name}'"
            self.problem(f"{why}: a {bind.mode} bind of app {bind.app_key} is not an app of {where}")
            return False
        if bind.subscription_id:
            if bind.x and bind.x not in self.allowed_x(bind.mode):
                self.problem(f"{why}: {bind.mode} {bind.subscription_id} is on {bind.x}, not an X of targets.yaml")
                return False
            return self.remove(bind.mode, bind.subscription_id, bind.x, why)
        try:
            found = find_bind(self.client(bind.mode), bind.mode, bind.numbers, bind.marker, self.allowed_x(bind.mode))
        except (TargetUnreachable, Indeterminate) as exc:
            raise SweepAborted(str(exc)) from None
        except LookupFailed as exc:
            self.problem(f"{why}: {exc}")
            return False
        ok = True
        for f in found:
            ok = self.remove(f.mode, f.subscription_id, f.x, f"{why}, found by query") and ok
        return ok

    def sweep_journal(self, doc: JournalFile) -> None:
        binds = doc.open_binds()
        self.say(f"journal {doc.path.name}: {len(binds)} bind(s) not known to be unbound")
        ok = True
        for bind in binds:
            ok = self.sweep_bind(bind, doc.run_id) and ok
        if ok:
            append_record(doc.path, {"event": "swept", "removed_or_gone": len(binds)})

    def scan_markers(self) -> None:
        """Bindings with a pnconform marker on the configured X numbers (e.g. of a run whose
        journal is lost)."""
        before, xs = self.removed, 0
        for mode in BINDING_MODES:
            if mode not in self.target.apps:
                continue
            for x in self.allowed_x(mode):
                xs += 1
                try:
                    found = bindings_on_x(self.client(mode), mode, x)
                except (TargetUnreachable, Indeterminate) as exc:
                    raise SweepAborted(str(exc)) from None
                except LookupFailed as exc:
                    self.problem(str(exc))
                    continue
                for f in found:
                    if is_marker(f.user_data) and f.x in self.allowed_x(mode):
                        self.remove(mode, f.subscription_id, f.x, f"marker {f.user_data}")
        self.say(f"marker scan: {xs} X number(s) queried, {self.removed - before} marked binding(s) removed")


def sweep(target: Target, journal: Path, say: Callable[[str], None] = print) -> Sweep:
    """Sweep `target`; raises SweepAborted when it stops answering. Problems are in the result."""
    job = Sweep(target, say)
    try:
        base_url = target.base_url or ""
        docs = [d for d in journals_of(journal, target.name, base_url) if not d.swept] if journal.exists() else []
        where = f"target '{target.name}' ({target.base_url})"
        say(f"pnconform sweep: {where}: {len(docs)} journal(s) to sweep in {journal}")
        elsewhere = journals_elsewhere(journal, target.name, base_url) if journal.exists() else []
        if elsewhere:  # a target name that pointed elsewhere then (another port of `local`, an old URL)
            addresses = sorted({d.base_url or "(no address)" for d in elsewhere})
            say(f"  skipped {len(elsewhere)} journal(s) of runs against other addresses: {', '.join(addresses[:5])}")
        for doc in docs:
            job.sweep_journal(doc)
        job.scan_markers()
    finally:
        job.close()
    return job


def cli(target_name: str | None, targets_file: str | None, journal: str | None, root: Path | None) -> int:
    """`pnconform sweep`: 0 when everything found is gone, 1 on problems, 2 on bad input."""

    def fail(message: str) -> int:
        print(f"pnconform: error: {message}", file=sys.stderr)
        return 2

    try:
        target = load_target(targets_file, target_name)
    except TargetError as exc:
        return fail(str(exc))
    if target.kind == "embedded":
        print(f"pnconform sweep: target '{target.name}' is the embedded emulator, gone with its run: nothing to do")
        return 0
    path = Path(journal) if journal else journal_dir(root)
    if journal and not path.exists():
        return fail(f"no journal at {path}; give a journal file or folder (default: reports/journal)")
    try:
        check_reachable(target)
        job = sweep(target, path)
    except TargetError as exc:
        return fail(str(exc))
    except SweepAborted as exc:
        return fail(f"sweep stopped, target '{target.name}' does not answer: {exc}; run it again when it does")
    except OSError as exc:
        return fail(f"cannot read or mark the journals in {path}: {exc}")
    print(f"pnconform sweep: removed {job.removed} binding(s), {job.gone} already gone, {len(job.problems)} problem(s)")
    return 1 if job.problems else 0
