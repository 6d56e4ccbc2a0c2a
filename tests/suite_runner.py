"""Serves runs of the conformance suite from one Python process, for the self-test.

A self-test run used to be a fresh ``python -m pytest steps ...``: about three seconds of start-up
(imports, bytecode, parsing every feature) for well under a second of scenarios, once per fault
switch. This process pays the start-up once. It reads one JSON list of pytest arguments per line
on stdin and answers one JSON line ``{"rc": exit code, "out": output}``. Each run is a fresh
pytest session (new config, new embedded emulator with its faults), as pytester's in-process
runs are; only imported modules are shared.

Two costs of a fresh session are cut here: pytest's unraisable-exception plugin collects garbage
at the end of every session (a full collection of every imported module's objects, ~0.2 s), and
nothing in a self-test run reads what it finds; and after the first run the objects that all
later runs share (modules, step registries) are frozen out of the collector's generations.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import sys

import pytest


def main() -> int:
    # pytest's fd-level capture redirects fds 0-2 during a run; answer on a copy of stdout.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    for line in sys.stdin:
        if not line.strip():
            continue
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            try:
                rc = int(pytest.main(["-p", "no:unraisableexception", *json.loads(line)]))
            except BaseException as exc:  # a run must never take the server down with it
                rc = 99
                out.write(f"\nsuite_runner: the run raised {exc!r}\n")
        answers.write(json.dumps({"rc": rc, "out": out.getvalue()}) + "\n")
        gc.collect()
        gc.freeze()  # what survived a run is shared by the next ones: keep it out of later collections
    return 0


if __name__ == "__main__":
    sys.exit(main())
