"""pytest plugin behind `pnconform run --record DIR` (option `--pnconform-record DIR`).

After each scenario it writes the scenario's exchanges (`pnconform.plugin.fixtures`' per-scenario
`ExchangeLog`, already redacted) and its test-hook calls to one file per scenario. Hook calls are
recorded because a replay needs them to put the emulator in the same state (clock, number and app
states); `pnconform.hooks.observe` hands each of them over.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pnconform import hooks as hooks_module
from pnconform.recording import store
from pnconform.session import EXCHANGES, RECEIVER, STATE

_RECORDER = pytest.StashKey["Recorder"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("pnconform").addoption(
        "--pnconform-record",
        default=None,
        metavar="DIR",
        help="store the redacted request/response pairs of each scenario in DIR (see `pnconform compare`)",
    )


class Recorder:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.hook_calls: list[dict[str, Any]] | None = None  # of the running scenario
        self.replies: list[dict[str, Any]] = []  # the callback receiver's answers, in order

    def install(self) -> None:
        hooks_module.observe(self.on_hooks)

    def uninstall(self) -> None:
        hooks_module.unobserve(self.on_hooks)

    def on_hooks(self, response: httpx.Response) -> None:
        if self.hook_calls is None:  # outside a scenario (session set-up): nothing to replay
            return
        response.read()
        request = response.request
        self.hook_calls.append(
            {
                "kind": "hooks",
                "at": time.monotonic(),
                "method": request.method,
                "path": _hooks_path(request.url.path),
                "params": dict(request.url.params.multi_items()),
                "request_body": store.parse_body(request.content.decode(errors="replace"), exact=True),
                "status": response.status_code,
                "response_body": store.parse_body(response.text),
            }
        )

    def on_push(self, push: Any) -> None:
        """What the suite's receiver answered to a push: a replay's receiver answers the same."""
        if self.hook_calls is not None:
            reply = {"kind": push.kind, "status": push.reply_status, "body": push.reply_body}
            if push.reply_delay_s:
                reply["delay_s"] = push.reply_delay_s
            self.replies.append(reply)


def _hooks_path(path: str) -> str:
    """The path from `/_emulator` on: a target's base URL may carry a prefix of its own."""
    return path[max(path.find(hooks_module.HOOKS_PREFIX), 0) :]


def pytest_configure(config: pytest.Config) -> None:
    directory = config.getoption("--pnconform-record", None)
    if not directory:
        return
    recorder = Recorder(Path(directory))
    if not hasattr(config, "workerinput"):  # the xdist controller (or a serial run) starts afresh
        recorder.directory.mkdir(parents=True, exist_ok=True)
        for old in recorder.directory.glob("*.json"):
            old.unlink()
    recorder.install()
    config.stash[_RECORDER] = recorder


def pytest_unconfigure(config: pytest.Config) -> None:
    recorder = config.stash.get(_RECORDER, None)
    if recorder is not None:
        recorder.uninstall()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.failed:
        _OUTCOMES[report.nodeid] = "failed"
    elif report.skipped or (report.when == "call" and report.passed):
        _OUTCOMES.setdefault(report.nodeid, report.outcome)


_OUTCOMES: dict[str, str] = {}  # pytest_runtest_logreport gets no config


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    recorder = item.config.stash.get(_RECORDER, None)
    if recorder is None:
        return (yield)
    recorder.hook_calls, recorder.replies = [], []
    try:
        return (yield)
    finally:
        hook_calls, recorder.hook_calls = recorder.hook_calls, None
        _write(item, recorder, hook_calls)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    # The receiver is made on first use, in some scenario's set-up: listen to it from then on.
    recorder = item.config.stash.get(_RECORDER, None)
    receiver = item.config.stash.get(RECEIVER, None)
    if recorder is not None and receiver is not None and receiver.on_push != recorder.on_push:
        receiver.on_push = recorder.on_push


def _write(item: pytest.Item, recorder: Recorder, hook_calls: list[dict[str, Any]]) -> None:
    state = item.config.stash[STATE]
    info = state.scenarios.get(item.nodeid)
    log = item.stash.get(EXCHANGES, None)
    # A recording's storage URL (Location) is not the API: its token does not survive a replay.
    exchanges = [e for e in log.everything() if (e.signing or {}).get("by") != "storage"] if log is not None else []
    api_calls = [store.api_exchange(e) for e in exchanges]
    exchanges = sorted([*api_calls, *hook_calls], key=lambda e: e["at"])
    if info is None or state.target is None or not exchanges:
        return  # not a scenario, or one that sent nothing (skipped)
    for exchange in exchanges:
        del exchange["at"]
    document = {
        "target": store.describe_target(state.target, state.emulator),
        "scenario": {
            "id": info.id,
            "nodeid": item.nodeid,
            "name": info.name,
            "rules": info.rules,
            "outcome": _OUTCOMES.pop(item.nodeid, "unknown"),
        },
        "exchanges": exchanges,
        "receiver_replies": recorder.replies,
    }
    secrets = state.target.secrets
    # Named by the scenario's stable id: a recording survives a renamed title (node id: no id tag).
    store.write(recorder.directory, info.id or item.nodeid, document, secrets)
