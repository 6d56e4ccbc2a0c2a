"""The fixtures the steps use: the target, user numbers, clients that clean up after themselves,
test hooks, the callback receiver; and what every scenario gets (Allure labels and id,
attachments, and for a scenario that uses the receiver: its findings checked after the steps)."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import allure
import pytest

from pnconform.client import ExchangeLog, PrivateNumberClient
from pnconform.hooks import HooksClient, RestoringHooks
from pnconform.numbers import NumberPool, partition, worker_slot
from pnconform.ratelimit import limiter_for
from pnconform.receiver import Receiver, failures
from pnconform.reporting import allure_env
from pnconform.safety.interrupts import sigint_deferred
from pnconform.safety.journal import Journal, journal_dir
from pnconform.safety.marker import current_run_id
from pnconform.session import EXCHANGES, FAILED_STEP, RECEIVER, STATE, ScenarioInfo, start_target
from pnconform.tags import mode_of
from pnconform.targets import Target, TargetError
from pnconform.violation import check

RECEIVER_CHECK = "the receiver found no problem in the pushes"
NO_RECEIVER_CHECK = "no-receiver-check"  # tag: the scenario's receiver misbehaves on purpose
_STEPS_DONE = pytest.StashKey[int]()  # on an item: how many of its scenario's steps passed
_FLUSHED = pytest.StashKey[bool]()  # on an item: its pushes were delivered after its steps


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest) -> Target:
    state = request.config.stash[STATE]
    if state.target is None:  # a non-scenario test asked for it: start on demand
        try:
            state.target = start_target(request.config)
        except TargetError as exc:
            pytest.exit(str(exc), returncode=4)
    return state.target


@pytest.fixture(scope="session")
def numbers(target: Target) -> NumberPool:
    # One xdist worker of N on a shared target: its own slice of the user numbers.
    return NumberPool(partition(target, *worker_slot()))


@pytest.fixture
def exchange_log(request: pytest.FixtureRequest) -> ExchangeLog:
    log = ExchangeLog()
    request.node.stash[EXCHANGES] = log
    return log


@pytest.fixture(scope="session")
def run_journal(request: pytest.FixtureRequest, target: Target) -> Journal | None:
    """The run journal (`pnconform sweep` reads it) of a remote target; an embedded emulator dies
    with its run, so there is nothing to journal."""
    if target.kind == "embedded":
        return None
    directory = journal_dir(request.config.rootpath)
    try:
        return Journal.open_for_run(directory, current_run_id(), target.name, target.base_url)
    except OSError as exc:
        pytest.exit(f"cannot write the run journal in {directory}: {exc}; set PNCONFORM_JOURNAL_DIR", returncode=4)


@pytest.fixture
def client_for(
    request: pytest.FixtureRequest, target: Target, exchange_log: ExchangeLog, run_journal: Journal | None
) -> Iterator[Callable[[str], PrivateNumberClient]]:
    """Clients of the target's apps; every bind is marked, journaled and unbound at teardown.

    @invariants scenarios are journaled but not marked: their oracle models predict every field
    a listing shows, userData included."""
    made: list[PrivateNumberClient] = []
    marker = None if request.node.get_closest_marker("invariants") else current_run_id()

    def make(mode: str) -> PrivateNumberClient:
        app = target.app(mode)
        client = PrivateNumberClient(
            target.base_url or "",
            app.app_key,
            app.app_secret,
            auth=target.auth,
            timeout=target.timeout_s,
            verify=target.verify_tls,
            log=exchange_log,
            mode=mode,
            limiter=limiter_for(target),
            journal=run_journal,
            marker=marker,
            x_numbers=tuple(x.number for x in app.x_numbers),
        )
        made.append(client)
        return client

    yield make
    # Unbind what the scenario bound, whatever its outcome (a failure, an exception, Ctrl-C: pytest
    # runs the finalizers of a KeyboardInterrupt'ed session from its sessionfinish): live targets
    # cost money. A killed run leaves its journal for `pnconform sweep`.
    state = request.config.stash[STATE]
    with sigint_deferred():  # a Ctrl-C now waits until every binding is released
        for client in made:
            problems = client.cleanup()
            client.close()
            for problem in problems:
                state.cleanup_problems.append(f"{request.node.nodeid}: {problem}")
                warnings.warn(f"cleanup: {problem}", stacklevel=1)


@pytest.fixture
def foreign_client_for(
    target: Target, client_for: Callable[[str], PrivateNumberClient]
) -> Callable[[str], PrivateNumberClient]:
    def make(mode: str) -> PrivateNumberClient:
        for other in target.apps:
            if other != mode:
                return client_for(other)
        pytest.skip(f"target '{target.name}' has no app of a mode other than {mode}")

    return make


@pytest.fixture
def hooks(target: Target) -> Iterator[RestoringHooks]:
    if not target.capabilities.test_hooks:
        pytest.skip(f"target '{target.name}' has no test hooks (capabilities.test_hooks)")
    client = RestoringHooks(
        target.base_url or "", timeout=target.timeout_s, verify=target.verify_tls, limiter=limiter_for(target)
    )
    yield client
    client.restore()


def point_callbacks(target: Target, receiver: Any) -> None:
    """On a target with test hooks, point every app's callback URLs at the receiver.

    Guarded with hasattr: `set_callbacks` belongs to the call-simulator contract, which a target
    (or an older kit) may not offer yet."""
    if not target.capabilities.test_hooks:
        return
    client = HooksClient(
        target.base_url or "", timeout=target.timeout_s, verify=target.verify_tls, limiter=limiter_for(target)
    )
    try:
        if hasattr(client, "set_callbacks"):
            urls = receiver.urls(target.callbacks.public_url)
            for app in target.apps.values():
                client.set_callbacks(app.app_key, **urls)
    finally:
        client.close()


@pytest.fixture(scope="session")
def receiver(request: pytest.FixtureRequest, target: Target) -> Iterator[Any]:
    """The suite's callback receiver (pnconform.receiver.Receiver), listening per `callbacks.listen`."""
    listen = target.callbacks
    secrets = {app.app_key: app.app_secret for app in target.apps.values()}
    modes = {app.app_key: app.mode for app in target.apps.values()}
    server = Receiver(listen.listen_host, listen.listen_port, secrets=secrets, app_modes=modes, wait_s=listen.wait_s)
    try:
        server.start()
    except (OSError, RuntimeError) as exc:
        pytest.exit(
            f"target '{target.name}': the callback receiver cannot listen on "
            f"{listen.listen_host}:{listen.listen_port}: {exc}; change callbacks.listen in {target.source}",
            returncode=4,
        )
    request.config.stash[RECEIVER] = server
    yield server
    server.stop()


def uses_receiver(item: pytest.Item, info: ScenarioInfo | None) -> bool:
    """A scenario uses the receiver when a step asks for it, and always when tagged @needs-calls
    (steps ask for the receiver lazily)."""
    return info is not None and ("receiver" in getattr(item, "fixturenames", ()) or "needs-calls" in info.tags)


@pytest.fixture(autouse=True)
def _pnconform_receiver_scenario(request: pytest.FixtureRequest) -> Iterator[None]:
    # Only scenarios that use the receiver pay for re-pointing the callbacks (a hooks reset may
    # have cleared them) and get its captures attached; everyone gets a clean receiver.
    state = request.config.stash[STATE]
    info = state.scenarios.get(request.node.nodeid)
    uses = uses_receiver(request.node, info)
    if uses:
        server = request.getfixturevalue("receiver")
        server.reset()
        point_callbacks(request.getfixturevalue("target"), server)
    yield
    server = request.config.stash.get(RECEIVER, None)
    if server is None:
        return
    if uses and request.node.stash.get(_FLUSHED, False) is False:
        # A scenario that stopped early (a failed step) may leave pushes due, e.g. the disconnect of a
        # call a step ended: deliver them now, or they would reach the next scenario's receiver.
        with contextlib.suppress(Exception):  # best effort: the scenario's own failure is the news
            _flush_pushes(request.getfixturevalue("target"))
    if uses and len(server.store):
        text = server.store.render()
        allure.attach(text, name="Callback pushes (redacted)", attachment_type=allure.attachment_type.TEXT)
    server.reset()


def _flush_pushes(target: Target) -> None:
    if not target.capabilities.test_hooks:
        return
    client = HooksClient(
        target.base_url or "", timeout=target.timeout_s, verify=target.verify_tls, limiter=limiter_for(target)
    )
    try:
        client.flush_pushes()
    finally:
        client.close()


def pytest_bdd_after_step(request: pytest.FixtureRequest) -> None:
    request.node.stash[_STEPS_DONE] = request.node.stash.get(_STEPS_DONE, 0) + 1


@pytest.hookimpl(trylast=True)
def pytest_bdd_after_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """Every scenario that uses the receiver ends with its check: the validators found no problem
    in the pushes (delivered first). A failure is a failure of the scenario (its call phase) and
    names exactly the failing findings' rules (RuleViolation).

    Only after all its steps passed: a failed or skipped step is the scenario's news. Not for a
    scenario tagged @no-receiver-check: it makes the receiver answer wrongly on purpose (a reply
    without actions, too late), which its validators rightly flag. trylast: the other listeners
    (Allure's) close the scenario first; an exception here stops the hook call."""
    state = request.config.stash[STATE]
    info = state.scenarios.get(request.node.nodeid)
    server = request.config.stash.get(RECEIVER, None)
    if server is None or info is None or not uses_receiver(request.node, info) or NO_RECEIVER_CHECK in info.tags:
        return
    if request.node.stash.get(_STEPS_DONE, 0) < len(scenario.steps):
        return
    target = request.getfixturevalue("target")
    with allure.step(f"Then {RECEIVER_CHECK} (checked after every scenario that uses the receiver)"):
        _flush_pushes(target)  # deliver the pushes that are due, as every wait does
        request.node.stash[_FLUSHED] = True
        bad = failures(server.findings())
        if bad:
            request.node.stash[FAILED_STEP] = f"(after the steps) Then {RECEIVER_CHECK}"
        check([f.rule for f in bad], not bad, "the receiver's validators found problems:\n" + "\n".join(map(str, bad)))


def _allure_test_case(config: pytest.Config, nodeid: str, scenario_id: str) -> None:
    """Allure's testCaseId (hence historyId, which Allure derives from it and the example's
    parameters) from the scenario's stable id, not its title: a renamed scenario keeps its
    history. allure-pytest-bdd has no public API for it; without its listener, nothing happens."""
    from allure_commons.utils import md5

    for plugin in config.pluginmanager.get_plugins():
        uuids = getattr(plugin, "nodeid_to_uuid", None)
        lifecycle = getattr(plugin, "lifecycle", None)
        if type(plugin).__name__ != "PytestBDDListener" or not isinstance(uuids, dict) or nodeid not in uuids:
            continue
        with lifecycle.update_test_case(uuid=uuids[nodeid]) as test_result:
            if test_result is not None:
                test_result.testCaseId = md5(f"pnconform:{scenario_id}")
        return


@pytest.hookimpl(trylast=True)
def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    # trylast: Allure's listener opens the test case in this same hook; label it afterwards.
    info = request.config.stash[STATE].scenarios.get(request.node.nodeid)
    if info is None:
        return
    if info.id:
        allure.dynamic.label("scenario_id", info.id)
        _allure_test_case(request.config, request.node.nodeid, info.id.split("[", 1)[0])
    for rule in info.rules:
        allure.dynamic.label("rule", rule)
    allure.dynamic.label("mode", mode_of(info.tags))
    allure.dynamic.label("interface", info.interface)
    allure_env.label_scenario(info.rules, info.tags, info.feature)


@pytest.fixture(autouse=True)
def _pnconform_attach_exchanges(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    log = request.node.stash.get(EXCHANGES, None)
    if log is not None and log.exchanges:
        allure.attach(log.render(), name="HTTP exchanges (redacted)", attachment_type=allure.attachment_type.TEXT)


# -- outcomes ----------------------------------------------------------------------------------
