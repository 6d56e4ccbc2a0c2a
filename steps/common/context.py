"""The mode-neutral scenario context and the answer checks every step module shares.

The context (`ctx`) holds what a scenario names: symbolic numbers, bindings, the last answer,
one client per mode's app. It knows no mode: each mode's steps read its numbers and bindings
through that mode's spec object (`steps.common.modes`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest

from pnconform.client import ExchangeLog, PrivateNumberClient, Response
from pnconform.hooks import RestoringHooks
from pnconform.numbers import NumberPool
from pnconform.targets import DEFAULT_CODES, Target, TargetError
from steps.attribution import check
from steps.params import expected_status

# -- scenario context -----------------------------------------------------------------------


@dataclass
class Binding:
    name: str
    subscription_id: str
    fields: dict[str, Any]  # the bind request as sent
    relation_num: str


@dataclass
class Ctx:
    target: Target
    numbers: NumberPool
    client_for: Callable[[str], PrivateNumberClient]
    log: ExchangeLog
    named: dict[str, str] = field(default_factory=dict)
    bindings: dict[str, Binding] = field(default_factory=dict)
    last: Response | None = None
    batch: list[Response] = field(default_factory=list)  # answers of one step that sends several
    snapshots: dict[str, dict[str, Any]] = field(default_factory=dict)  # query items before a modify
    modified: dict[str, set[str]] = field(default_factory=dict)
    new_binding: Binding | None = None  # the binding the last successful "When ... binds" made
    chosen_area: str | None = None
    clients: dict[str, PrivateNumberClient] = field(default_factory=dict)  # mode -> the scenario's client

    def client_of(self, mode: str) -> PrivateNumberClient:
        """The scenario's one client of the mode's app: its ledger unbinds after the scenario."""
        if mode not in self.clients:
            self.clients[mode] = self.client_for(mode)
        return self.clients[mode]

    @property
    def response(self) -> Response:
        assert self.last is not None, "no request was sent in this scenario"
        return self.last

    def remember(self, name: str, subscription_id: str, fields: dict[str, Any], relation_num: str) -> Binding:
        binding = Binding(name, subscription_id, fields, relation_num)
        self.bindings[name] = binding
        return binding

    def next_name(self, prefix: str = "new") -> str:
        return f"{prefix}-{len(self.bindings) + 1}"


@pytest.fixture
def ctx(
    target: Target,
    numbers: NumberPool,
    client_for: Callable[[str], PrivateNumberClient],
    exchange_log: ExchangeLog,
) -> Ctx:
    return Ctx(target=target, numbers=numbers, client_for=client_for, log=exchange_log)


def unknown_id() -> str:
    """A subscriptionId no target has handed out."""
    return f"pnconform-unknown-{uuid.uuid4().hex}"


# -- answer checks --------------------------------------------------------------------------


def check_envelope(r: Response) -> None:
    """GEN-006: a JSON object with resultcode as a string and a non-empty resultdesc."""
    check(r.body is not None, f"the answer is not a JSON object: {r!r}", "envelope")
    check(isinstance(r.resultcode, str), f"resultcode must be a JSON string: {r!r}", "envelope")
    check(isinstance(r.resultdesc, str) and r.resultdesc.strip(), f"resultdesc missing or empty: {r!r}", "envelope")


def assert_success(r: Response) -> None:
    check_envelope(r)
    assert r.resultcode == "0", f'expected success (resultcode "0"): {r!r}'
    assert r.status == 200, f"expected HTTP 200 with resultcode 0: {r!r}"


def assert_refused(r: Response, codes: list[str]) -> None:
    """One of the accepted codes, with the HTTP status decision D-1 gives it."""
    check_envelope(r)
    status_fits = r.status == expected_status(r.resultcode)
    message = f"expected resultcode {' or '.join(codes)}: {r!r}"
    if status_fits:  # a well-formed answer with the wrong code breaks no rule about the answer's form
        # A refusal with another code breaks the rules naming the code it should have carried;
        # an answer 0 refused nothing: every rule the refusal stands for is at fault.
        check(r.resultcode in codes, message, "code", codes if r.resultcode != "0" else ())
    assert r.resultcode in codes, message
    assert status_fits, f"resultcode {r.resultcode} goes with HTTP {expected_status(r.resultcode)} (D-1): {r!r}"


def listed(ctx: Ctx, list_key: str) -> list[dict[str, Any]]:
    """The binding list (``list_key``, e.g. relationNumList) of the last, successful query."""
    assert_success(ctx.response)
    items = ctx.response.body.get(list_key) if ctx.response.body else None
    assert isinstance(items, list), f"the answer has no {list_key}: {ctx.response!r}"
    return items


def listed_item(ctx: Ctx, name: str, list_key: str) -> dict[str, Any]:
    """The entry of the last query's list that is binding ``name``."""
    wanted = ctx.bindings[name].subscription_id
    for item in listed(ctx, list_key):
        if item.get("subscriptionId") == wanted:
            return item
    raise AssertionError(f"binding {name!r} ({wanted}) is not listed: {ctx.response!r}")


TIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # subscribeTime and the hooks clock: UTC yyyy-MM-dd HH:mm:ss


def assert_shown_now(hooks: RestoringHooks, shown: str, what: str) -> None:
    """A subscribeTime within five seconds of the emulator's clock: ``what`` names the event."""
    delta = datetime.strptime(hooks.now(), TIME_FORMAT) - datetime.strptime(shown, TIME_FORMAT)
    assert abs(delta.total_seconds()) <= 5, f"subscribeTime {shown} is not the time of {what}"


def assert_answer_in_unserved_province(ctx: Ctx, answered: Callable[[Ctx], Any]) -> None:
    """The number ``answered(ctx)`` describes lies in ``areas.unserved_city_province``."""
    province = ctx.target.areas.get("unserved_city_province")
    if not province:
        pytest.skip(f"target '{ctx.target.name}' gives no areas.unserved_city_province")
    info = answered(ctx)
    assert info.province == province, f"{info.number} is in {info.province}, not in {province}"


def accepted_codes(ctx: Ctx, key: str, defaults: dict[str, list[str]] | None = None) -> list[str]:
    """The codes the target's ``capabilities.codes.<key>`` accepts, else the defaults."""
    return list(ctx.target.capabilities.codes.get(key) or (DEFAULT_CODES if defaults is None else defaults)[key])


def other_client(ctx: Ctx, mode: str) -> PrivateNumberClient:
    """A correctly signed client of another mode's app (skips when the target has none)."""
    try:
        return ctx.client_for(mode)
    except TargetError as exc:
        pytest.skip(str(exc))
