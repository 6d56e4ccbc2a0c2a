"""One spec object per binding mode: what the steps of every mode need to know about it.

A `ModeSpec` names a mode's app (``mode``, ``label``), the fields its requests and answers use
for the user number and the X (``user_field``, ``x_field``, ``answer_x_field``), the key of the
list its query answers (``list_key``), the code of "no such binding" (``not_found``), its client
methods (``bind``, ``unbind``, ``modify``, ``query``: unbound `PrivateNumberClient` methods,
called as ``spec.bind(client, **fields)``) and how feature names become its numbers (the number
roles: ``num``, ``area``, ``resolve``, ``fields``, ``answered``).

Names in the features -> numbers of one mode's app, the same rules for every mode: A..H are
fresh user numbers; any other name (X, X1.., Y ..) takes an X number of the mode's app that the
scenario has not named yet, so that two names never share a number. AXB draws its X in turn
from the pool (`NumberPool.x`, rotating over scenarios); the other modes take the first free one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from pnconform.client import PrivateNumberClient, Response
from steps.params import MOBILE_GLOBAL, USER, Value, parse_fields, set_path

if TYPE_CHECKING:
    from steps.common.context import Binding, Ctx

ClientCall = Callable[..., Response]  # an unbound PrivateNumberClient method: call(client, **params)


@dataclass(frozen=True)
class ModeSpec:
    mode: str  # the app's key in targets.yaml: "axb", "ax", ...
    label: str  # as the features write it: "AXB", "AX", ...
    user_field: str  # the request field of the bound user number (A)
    x_field: str  # the request field of the X
    answer_x_field: str  # the field of a bind answer naming the X it got
    list_key: str | None  # the list a query answers (None: a v1.0 AXE query answers one object)
    not_found: str  # the code of an unknown, removed or expired binding
    bind: ClientCall
    unbind: ClientCall
    modify: ClientCall | None
    query: ClientCall
    rotates: bool = False  # X names take the pool's next X in turn (AXB) instead of the first free one
    kept_from_answer: tuple[str, ...] = ()  # answer fields a made binding keeps with its request fields
    by_area: tuple[tuple[str, str], ...] = ()  # fields a bind by city sends besides the areaCode

    # -- number roles --------------------------------------------------------------------------

    def x_numbers(self, ctx: Ctx) -> list[Any]:
        return list(ctx.target.app(self.mode).x_numbers)

    def info(self, ctx: Ctx, number: str) -> Any:
        return next((x for x in self.x_numbers(ctx) if x.number == number), None)

    def num(self, ctx: Ctx, name: str) -> str:
        """The number behind a symbolic name; user numbers are fresh, X numbers distinct."""
        if name in ctx.named:
            return ctx.named[name]
        if re.fullmatch(USER, name):
            ctx.named[name] = ctx.numbers.user()
        elif self.rotates:
            ctx.named[name] = self._next_x(ctx)
        else:
            taken = set(ctx.named.values())
            free = [x.number for x in self.x_numbers(ctx) if x.number not in taken]
            if not free:
                self._too_few(ctx)
            ctx.named[name] = free[0]
        return ctx.named[name]

    def _next_x(self, ctx: Ctx) -> str:
        taken = set(ctx.named.values())
        for _ in range(len(ctx.numbers.x_list(self.mode))):
            candidate = ctx.numbers.x(self.mode)
            if candidate not in taken:
                return candidate
        self._too_few(ctx)

    def _too_few(self, ctx: Ctx) -> Any:
        pytest.skip(f"target '{ctx.target.name}' has too few {self.label} X numbers for this scenario")

    def area(self, ctx: Ctx, name: str) -> str:
        info = self.info(ctx, self.num(ctx, name))
        if info is None or not info.area_code:
            pytest.skip(f"target '{ctx.target.name}' gives no area_code for {self.num(ctx, name)}")
        return info.area_code

    def resolve(self, ctx: Ctx, value: Value) -> Any:
        if value.kind == "number":
            return self.num(ctx, value.payload)
        if value.kind == "city":
            return self.area(ctx, value.payload)
        if value.kind == "tone":
            if not ctx.target.voice_files:
                pytest.skip(f"target '{ctx.target.name}' lists no approved voice_files")
            return ctx.target.voice_files[0]
        return value.payload

    def fields(self, ctx: Ctx, text: str | None) -> dict[str, Any]:
        """The request body a `key value and key value` list describes (dotted keys nest)."""
        body: dict[str, Any] = {}
        for key, value in parse_fields(text) if text else []:
            set_path(body, key, self.resolve(ctx, value))
        return body

    def answered(self, ctx: Ctx) -> Any:
        """The X of the app the last, successful answer names (a mobile number in global format)."""
        from steps.common.context import assert_success

        field = self.answer_x_field
        assert_success(ctx.response)
        number = ctx.response.body.get(field) if ctx.response.body else None
        info = self.info(ctx, number) if isinstance(number, str) else None
        assert info is not None, f"{field} {number!r} is not an X of the {self.label} app: {ctx.response!r}"
        assert MOBILE_GLOBAL.match(number), f"{field} {number!r} is not a mobile number in global format"
        return info

    def unserved_area(self, ctx: Ctx, key: str) -> str:
        """``areas.<key>`` of the target, which must be a city where the app has no X."""
        area = ctx.target.areas.get(key)
        if not area:
            pytest.skip(f"target '{ctx.target.name}' gives no areas.{key}")
        if area in {x.area_code for x in self.x_numbers(ctx)}:
            pytest.skip(f"areas.{key} ({area}) is a city where the {self.label} app has X numbers")
        return area

    # -- calls ---------------------------------------------------------------------------------

    def client(self, ctx: Ctx) -> PrivateNumberClient:
        """The scenario's one client of the mode's app (its ledger unbinds after the scenario)."""
        return ctx.client_of(self.mode)

    def item_of(self, ctx: Ctx, binding: Binding) -> dict[str, Any] | None:
        """The binding as the mode's query by subscriptionId shows it; None when it is not found."""
        from steps.common.context import assert_success

        r = self.query(self.client(ctx), subscriptionId=binding.subscription_id)
        if r.resultcode == self.not_found:
            return None
        assert_success(r)
        assert r.body is not None
        if self.list_key is None:  # the answer is the binding itself
            return {k: v for k, v in r.body.items() if k not in ("resultcode", "resultdesc")}
        items = r.body.get(self.list_key)
        assert isinstance(items, list), f"the answer has no {self.list_key}: {r!r}"
        assert len(items) <= 1, f"a query by subscriptionId lists {len(items)} bindings"
        return items[0] if items else None

    def snapshot(self, ctx: Ctx, name: str) -> None:
        """Keep the binding as it was before a change (for "unchanged" / "otherwise unchanged")."""
        ctx.snapshots.setdefault(name, self.item_of(ctx, ctx.bindings[name]) or {})

    def remember(self, ctx: Ctx, r: Response, fields: dict[str, Any], name: str | None = None) -> Binding | None:
        """Keep a successful bind as a named binding; its `relation_num` is the X it got."""
        from steps.common.context import Binding

        if r.resultcode != "0" or not r.body or not r.body.get("subscriptionId"):
            return None
        name = name or f"new-{len(ctx.bindings) + 1}"
        x = r.body.get(self.answer_x_field) or fields.get(self.x_field, "")
        kept = {key: r.body.get(key) for key in self.kept_from_answer}
        binding = Binding(name, r.body["subscriptionId"], {**fields, **kept}, x)
        ctx.bindings[name] = binding
        return binding

    def send_bind(self, ctx: Ctx, fields: dict[str, Any]) -> Response:
        """Bind and remember a successful result as the scenario's new binding."""
        r = self.bind(self.client(ctx), **fields)
        ctx.last = r
        ctx.new_binding = self.remember(ctx, r, fields) or ctx.new_binding
        return r

    def make_binding(self, ctx: Ctx, name: str, fields: dict[str, Any]) -> Binding:
        """A precondition binding: it must succeed."""
        from steps.common.context import assert_success

        r = self.bind(self.client(ctx), **fields)
        assert_success(r)
        binding = self.remember(ctx, r, fields, name)
        assert binding is not None, f"the bind answered no subscriptionId: {r!r}"
        return binding

    def modify_binding(self, ctx: Ctx, name: str, selector: dict[str, Any], fields: str | None) -> None:
        """Modify binding ``name`` (selected by ``selector``) with a field list, remembering what changed."""
        assert self.modify is not None, f"{self.label} has no modify interface"
        self.snapshot(ctx, name)
        body = self.fields(ctx, fields)
        ctx.modified.setdefault(name, set()).update(body)
        ctx.last = self.modify(self.client(ctx), **selector, **body)


C = PrivateNumberClient

AXB = ModeSpec(
    mode="axb",
    label="AXB",
    user_field="callerNum",
    x_field="relationNum",
    answer_x_field="relationNum",
    list_key="relationNumList",
    not_found="1012007",
    bind=C.axb_bind,
    unbind=C.axb_unbind,
    modify=C.axb_modify,
    query=C.axb_query,
    rotates=True,
)
AX = ModeSpec(
    mode="ax",
    label="AX",
    user_field="origNum",
    x_field="privateNum",
    answer_x_field="privateNum",
    list_key="privateNumList",
    not_found="1016001",  # D-7
    bind=C.ax_bind,
    unbind=C.ax_unbind,
    modify=C.ax_modify,
    query=C.ax_query,
    by_area=(("privateNumType", "mobile-virtual"),),
)
AXE = ModeSpec(
    mode="axe",
    label="AXE",
    user_field="bindNum",
    x_field="virtualNum",
    answer_x_field="virtualNum",
    list_key=None,  # v1.0 answers the binding itself; v2.0 lists `bindList` (AXE-022)
    not_found="1016001",  # D-7
    bind=C.axe_bind,
    unbind=C.axe_unbind,
    modify=C.axe_modify,
    query=C.axe_query,
    kept_from_answer=("extendNum",),  # the extension the binding got
)
AXYB = ModeSpec(
    mode="axyb",
    label="AXYB",
    user_field="origNum",
    x_field="relationNum",
    answer_x_field="relationNumber",
    list_key="xyRelationNumList",
    not_found="1016001",  # D-7
    bind=C.axyb_bind_ax,
    unbind=C.axyb_unbind,
    modify=None,  # AXYB has no modify interface
    query=C.axyb_query,
)

SPECS: dict[str, ModeSpec] = {spec.label: spec for spec in (AXB, AX, AXE, AXYB)}
