"""Names in the features -> numbers of one mode's app: the same rules for every mode.

A..H are user numbers (``Ctx.num``); any other name (X, X1.., Y ..) takes the next X number of
the mode's app that the scenario has not named yet, so that two names never share a number.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from steps.common_steps import Ctx, assert_success
from steps.params import MOBILE_GLOBAL, USER, Value, parse_fields, set_path


class ModeNumbers:
    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.label = mode.upper()

    def x_numbers(self, ctx: Ctx) -> list[Any]:
        return list(ctx.target.app(self.mode).x_numbers)

    def info(self, ctx: Ctx, number: str) -> Any:
        return next((x for x in self.x_numbers(ctx) if x.number == number), None)

    def num(self, ctx: Ctx, name: str) -> str:
        if re.fullmatch(USER, name) or name in ctx.named:
            return ctx.num(name)
        taken = set(ctx.named.values())
        free = [x.number for x in self.x_numbers(ctx) if x.number not in taken]
        if not free:
            pytest.skip(f"target '{ctx.target.name}' has too few {self.label} X numbers for this scenario")
        ctx.named[name] = free[0]
        return free[0]

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
        return ctx.resolve(value)

    def fields(self, ctx: Ctx, text: str | None) -> dict[str, Any]:
        body: dict[str, Any] = {}
        for key, value in parse_fields(text) if text else []:
            set_path(body, key, self.resolve(ctx, value))
        return body

    def answered(self, ctx: Ctx, field: str) -> Any:
        """The X of the app the last, successful answer names in ``field`` (a mobile number)."""
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
