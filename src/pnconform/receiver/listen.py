"""`pnconform listen`: receive a live target's pushes from calls made by hand, validate, report."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from pnconform.receiver import report
from pnconform.receiver.server import PATHS, Receiver
from pnconform.receiver.store import Push, body_summary
from pnconform.receiver.validate import failures
from pnconform.targets import Target


def _printer(out: TextIO, lock: threading.Lock) -> Callable[[Push], None]:
    def show(push: Push) -> None:
        bad = failures(push.findings)
        verdict = "ok" if not bad else f"{len(bad)} finding(s)"
        lines = [f"#{push.seq} {push.received_at:%H:%M:%S} {push.kind:<11} {body_summary(push.body)} -> {verdict}"]
        lines += [f"    ✗ {f}" for f in bad]
        with lock:
            print("\n".join(lines), file=out, flush=True)

    return show


def listen(target: Target, *, duration: float | None, reports: Path, out: TextIO = sys.stdout) -> int:
    """Serve until Ctrl-C or `duration` s, then write reports/listen.{json,md}.

    Returns 0 when no rule failed, 1 otherwise. Raises OSError when the address is taken."""
    lock = threading.Lock()
    secrets = {app.app_key: app.app_secret for app in target.apps.values()}
    modes = {app.app_key: app.mode for app in target.apps.values()}
    receiver = Receiver(
        target.callbacks.listen_host,
        target.callbacks.listen_port,
        secrets=secrets,
        app_modes=modes,
        on_push=_printer(out, lock),
    )
    receiver.start()
    started = datetime.now(UTC)
    public = target.callbacks.public_url
    with lock:
        print(f"pnconform: listening on {receiver.base_url} for target '{target.name}'", file=out, flush=True)
        for kind, path in PATHS.items():
            shown = f"{public}{path}" if public else f"{receiver.base_url}{path}"
            print(f"  {kind:<11} {shown}", file=out)
        stop = f"for {duration:g} s" if duration else "until Ctrl-C"
        print(f"  set these URLs on the app, make calls or send SMS by hand; listening {stop}", file=out, flush=True)
    try:
        deadline = None if duration is None else time.monotonic() + duration
        while deadline is None or time.monotonic() < deadline:
            time.sleep(0.1 if deadline is None else max(0.0, min(0.1, deadline - time.monotonic())))
    except KeyboardInterrupt:
        pass
    finally:
        receiver.stop()
    pushes = receiver.store.all()
    doc = report.build(target.name, pushes, receiver.findings(), started=started.replace(tzinfo=None))
    json_path, md_path = report.write(reports, doc)
    totals = doc["totals"]
    print(
        f"pnconform: {len(pushes)} push(es); rules: {totals['pass']} pass, {totals['fail']} fail, "
        f"{totals['seen']} code rows seen, {totals['not-seen']} not seen; report in {json_path} and {md_path}",
        file=out,
        flush=True,
    )
    return 1 if totals["fail"] else 0
