"""Finding the suite's bindings through the query interfaces (no test hooks: works on live targets).

Used after a timed-out bind (did it happen?), by the client's cleanup of interrupted binds and
by `pnconform sweep`. Every search is confined to the X numbers the target gives the app.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pnconform.client import PrivateNumberClient, Response

NOT_FOUND = ("1012007", "1016001")  # "no such binding" (AXB / AX, AXE, AXYB; D-7)
PAGE = 100  # the largest page AXB (pageSize) and AXE v2 (limit) accept
MAX_PAGES = 100  # a guard against a target whose paging never ends


class LookupFailed(RuntimeError):
    """A query gave an answer that is neither a list nor "not found"."""


@dataclass(frozen=True)
class Found:
    mode: str
    subscription_id: str
    x: str
    numbers: dict[str, str]  # the item's numbers under the bind request's field names
    user_data: str | None


def _answer(response: Response, what: str) -> dict[str, Any] | None:
    if response.resultcode in NOT_FOUND:
        return None
    if not response.ok or response.body is None:
        raise LookupFailed(f"{what}: HTTP {response.status} {response.text[:160]}")
    return response.body


def _axb(item: dict[str, Any]) -> Found:
    numbers = {"callerNum": item.get("callerNum"), "calleeNum": item.get("calleeNum")}
    return Found("axb", item.get("subscriptionId", ""), item.get("relationNum", ""), numbers, item.get("userData"))


def _ax(item: dict[str, Any]) -> Found:
    numbers = {"origNum": item.get("origNum")}
    return Found("ax", item.get("subscriptionId", ""), item.get("privateNum", ""), numbers, item.get("userData"))


def _axe(item: dict[str, Any]) -> Found:
    numbers = {"bindNum": item.get("bindNum"), "extendNum": item.get("extendNum")}
    return Found("axe", item.get("subscriptionId", ""), item.get("virtualNum", ""), numbers, item.get("userData"))


def _axyb(item: dict[str, Any]) -> Found:
    numbers = {"origNum": item.get("numA")}
    return Found("axyb", item.get("bindId", ""), item.get("numX", ""), numbers, item.get("userData"))


def _list_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    """AXE v2's list key is our reading (AXE-022): take the answer's one list, whatever its name."""
    for value in body.values():
        if isinstance(value, list):
            return [v for v in value if isinstance(v, dict)]
    return []


def bindings_on_x(client: PrivateNumberClient, mode: str, x: str) -> list[Found]:
    """Every binding of the client's app on X, all pages."""
    what = f"query {mode} bindings on {x}"
    if mode == "axb":
        found: list[Found] = []
        for index in range(1, MAX_PAGES + 1):
            body = _answer(client.axb_query(relationNum=x, pageIndex=index, pageSize=PAGE), what)
            items = [] if body is None else body.get("relationNumList") or []
            found += [_axb(i) for i in items]
            total = body.get("totalCount") if body else None
            if not items or len(items) < PAGE or (isinstance(total, int) and len(found) >= total):
                break
        return found
    if mode == "ax":
        body = _answer(client.ax_query(privateNum=x), what)
        return [_ax(i) for i in (body or {}).get("privateNumList") or []]
    if mode == "axe":
        found, cursor = [], None
        for _ in range(MAX_PAGES):
            body = _answer(client.axe_query_v2(virtualNum=x, cursor=cursor, limit=PAGE), what)
            found += [_axe(i) for i in _list_of(body or {})]
            cursor = (body or {}).get("nextCursor")
            if not cursor:
                break
        return found
    if mode == "axyb":
        body = _answer(client.axyb_query(relationNum=x), what)
        unique = {f.subscription_id: f for f in (_axyb(i) for i in (body or {}).get("xyRelationNumList") or [])}
        return list(unique.values())
    return []  # X mode stores no bindings


def _matches(found: Found, numbers: dict[str, str], marker: str | None) -> bool:
    """Our marker, or every journaled number the item shows is the same."""
    if marker is not None and found.user_data == marker:
        return True
    shown = {k: v for k, v in found.numbers.items() if v is not None and k in numbers}
    return bool(shown) and all(numbers[k] == v for k, v in shown.items())


def find_bind(
    client: PrivateNumberClient, mode: str, numbers: dict[str, str], marker: str | None, x_numbers: Iterable[str]
) -> list[Found]:
    """The bindings a bind with these request numbers (and marker) may have made."""
    allowed = list(x_numbers)
    x_field = {"axb": "relationNum", "ax": "privateNum", "axe": "virtualNum"}.get(mode)
    journaled_x = numbers.get(x_field) if x_field else None
    xs = [journaled_x] if journaled_x else allowed
    xs = [x for x in xs if x in allowed]  # never look at (or touch) an X the target does not give us
    if mode == "axb" and numbers.get("callerNum") and numbers.get("calleeNum"):
        found = []
        for x in xs:  # the single A+X+B binding (AXB §4)
            query = {"relationNum": x, "callerNum": numbers["callerNum"], "calleeNum": numbers["calleeNum"]}
            body = _answer(client.axb_query(**query), f"query axb binding on {x}")
            found += [_axb(i) for i in (body or {}).get("relationNumList") or []]
    elif mode == "ax" and numbers.get("origNum"):
        body = _answer(client.ax_query(origNum=numbers["origNum"]), f"query ax bindings of {numbers['origNum']}")
        found = [f for f in (_ax(i) for i in (body or {}).get("privateNumList") or []) if f.x in xs]
    else:
        found = [f for x in xs for f in bindings_on_x(client, mode, x)]
    return [f for f in found if f.x in allowed and f.subscription_id and _matches(f, numbers, marker)]


def unbind(client: PrivateNumberClient, mode: str, subscription_id: str) -> Response:
    unbinders = {"axb": client.axb_unbind, "ax": client.ax_unbind, "axe": client.axe_unbind, "axyb": client.axyb_unbind}
    return unbinders[mode](subscriptionId=subscription_id)
