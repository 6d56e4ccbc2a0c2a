"""AXE bind / unbind / modify / query (v1.0, v2.0) and the binding count as design.md "AXE
behaviour" describes them, and the ``axe.*`` fault switches (AXE_SCENARIOS, same shape as the
SCENARIOS of test_emu_faults.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from emu_helpers import X1, Api, AsgiClient, aksk_headers, check_fault_switch, code_of

from pnconform.emulator import FAULTS, XNumberConfig, builtin_config, create_app

AXE = "/rest/caas/extendnumber/v1.0"
AXE_V2 = "/rest/caas/extendnumber/v2.0"
AXE_COUNT = "/rest/caas/virtualnumber/v1.0"
AXE_XS = tuple(f"+86170300000{n:02d}" for n in range(1, 5))  # the built-in AXE app's X numbers
X_1, X_2, X_3, X_4 = AXE_XS
OK = (200, "0")


class AxeApi(Api):
    """Api signed as the built-in AXE app (one-digit extensions), with the AXE interfaces."""

    def __init__(self, client: AsgiClient, app_key: str = "emu-axe-app", secret: str = "emu-axe-secret") -> None:
        super().__init__(client, app_key, secret)

    def bind(self, **body: Any) -> Any:
        return self.request("POST", AXE, json=body)

    def unbind(self, **params: Any) -> Any:
        return self.request("DELETE", AXE, params=params)

    def modify(self, **body: Any) -> Any:
        return self.request("PUT", AXE, json=body)

    def query(self, **params: Any) -> Any:
        return self.request("GET", AXE, params=params)

    def query_v2(self, **params: Any) -> Any:
        return self.request("GET", AXE_V2, params=params)

    def count(self, **params: Any) -> Any:
        return self.request("GET", AXE_COUNT, params=params)

    def axe_bind(self, x: str = X_1, a: str | None = None, **extra: Any) -> dict[str, Any]:
        """Bind a (fresh) A on x; assert success; return the body."""
        r = self.bind(bindNum=a or self.user(), virtualNum=x, **extra)
        assert r.status_code == 200, r.text
        return r.json()

    def axe_bindings(self) -> list[dict[str, Any]]:
        return self.hook("GET", "/bindings", params={"mode": "axe"})["bindings"]


@pytest.fixture
def axe(client: AsgiClient) -> AxeApi:
    return AxeApi(client)


def _fresh(cfg: Any = None) -> tuple[AsgiClient, AxeApi]:
    client = AsgiClient(create_app(cfg or builtin_config()))
    return client, AxeApi(client)


def _item(axe: AxeApi, **params: Any) -> dict[str, Any]:
    r = axe.query(**params)
    assert code_of(r) == OK, r.text
    return r.json()


# -- bind ----------------------------------------------------------------------------------------


def test_bind_response(axe):
    r = axe.bind(bindNum=axe.user(), virtualNum=X_1)
    assert code_of(r) == OK
    body = r.json()
    assert set(body) == {
        "resultcode",
        "resultdesc",
        "subscriptionId",
        "virtualNum",
        "extendNum",
        "bindExpiredTime",
        "callbackExpiredTime",
    }
    assert (body["virtualNum"], body["extendNum"], body["bindExpiredTime"]) == (X_1, "1", 0)
    assert 1 <= len(body["subscriptionId"]) <= 64


def test_assigned_extensions_are_distinct_and_lowest_free(axe):
    exts = [axe.axe_bind(X_1)["extendNum"] for _ in range(3)]
    assert exts == ["1", "2", "3"]
    assert axe.axe_bind(X_1, extendNum="")["extendNum"] == "4"
    sid = axe.query(virtualNum=X_1, extendNum="2").json()["subscriptionId"]
    axe.unbind(subscriptionId=sid)
    assert axe.axe_bind(X_1)["extendNum"] == "2"


def test_chosen_extension_and_collision(axe):
    assert axe.axe_bind(X_1, extendNum="7")["extendNum"] == "7"
    r = axe.bind(bindNum=axe.user(), virtualNum=X_1, extendNum="7")
    assert code_of(r) == (403, "1020167") and r.json()["resultdesc"] == "No idle extend Number."
    assert axe.axe_bind(X_2, extendNum="7")["extendNum"] == "7"  # another X: free
    assert len(axe.axe_bindings()) == 2


@pytest.mark.parametrize("ext", ["12", "12345", "a", "0", "٣", 5])
def test_extension_format(axe, ext):
    assert code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1, extendNum=ext)) == (403, "1010002")


def test_extension_length_of_the_app():
    cfg = builtin_config()
    cfg.app_for_mode("axe").extension_length = 3
    client, axe = _fresh(cfg)
    try:
        assert axe.axe_bind(X_1)["extendNum"] == "001"
        assert axe.axe_bind(X_1, extendNum="999")["extendNum"] == "999"
        assert code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1, extendNum="000")) == (403, "1010002")
        assert code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1, extendNum="12")) == (403, "1010002")
    finally:
        client.close()


def test_capacity_of_one_x(axe):
    for _ in range(9):
        axe.axe_bind(X_1)
    assert code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1)) == (403, "1020167")
    assert len(axe.axe_bindings()) == 9
    by_area = axe.bind(bindNum=axe.user(), areaCode="0755").json()
    assert by_area["virtualNum"] == X_2  # the full X is skipped


def test_same_a_twice_on_one_x(axe):
    a = axe.user()
    axe.axe_bind(X_1, a)
    assert code_of(axe.bind(bindNum=a, virtualNum=X_1)) == (403, "1013102")
    assert code_of(axe.bind(bindNum=a, virtualNum=X_1, extendNum="5")) == (403, "1013102")
    assert axe.axe_bind(X_2, a)["virtualNum"] == X_2  # one extension per A per X
    axe.settings(axe_duplicate_bind_code="1012010")
    assert code_of(axe.bind(bindNum=a, virtualNum=X_1)) == (403, "1012010")


def test_bind_by_area_and_precedence(axe):
    assert axe.bind(bindNum=axe.user(), areaCode="0755").json()["virtualNum"] == X_1
    body = axe.bind(bindNum=axe.user(), virtualNum=X_3, areaCode="010").json()
    assert body["resultcode"] == "0" and body["virtualNum"] == X_3


def test_bind_by_area_with_chosen_extension(axe):
    axe.axe_bind(X_1, extendNum="3")
    assert axe.bind(bindNum=axe.user(), areaCode="0755", extendNum="3").json()["virtualNum"] == X_2


def test_allocation_strict_and_loose():
    cfg = builtin_config()
    app = cfg.app_for_mode("axe")
    app.extension_length = 1
    app.x_numbers = [
        XNumberConfig("+8617030000001", "0755", "guangdong"),
        XNumberConfig("+8617030000002", "020", "guangdong"),
        XNumberConfig("+8617030000003", "010", "beijing"),
    ]
    client, axe = _fresh(cfg)
    try:
        assert code_of(axe.bind(bindNum=axe.user(), areaCode="0756")) == (403, "1012008")
        assert code_of(axe.bind(bindNum=axe.user(), areaCode="0756", areaMatchMode="0")) == (403, "1012008")
        assert axe.bind(bindNum=axe.user(), areaCode="0756", areaMatchMode="1").json()["virtualNum"] in (
            "+8617030000001",
            "+8617030000002",
        )
        assert axe.bind(bindNum=axe.user(), areaCode="021", areaMatchMode="1").json()["resultcode"] == "0"
        axe.settings(axe_alloc_fail_code="1011002")
        assert code_of(axe.bind(bindNum=axe.user(), areaCode="0756")) == (403, "1011002")
    finally:
        client.close()


@pytest.mark.parametrize("extra", [{}, {"areaCode": ""}, {"virtualNum": ""}])
def test_bind_needs_x_or_area(axe, extra):
    assert code_of(axe.bind(bindNum=axe.user(), **extra)) == (403, "1010002")


@pytest.mark.parametrize("a", [None, "13800000001", "+86 13800000001", "+864001234567", 8613800000001, ""])
def test_bind_bad_bind_num(axe, a):
    r = axe.bind(bindNum=a, virtualNum=X_1)
    assert code_of(r) == (403, "1010002") and "bindNum" in r.json()["resultdesc"]


@pytest.mark.parametrize(
    "field,value",
    [
        ("virtualNum", "17030000001"),
        ("virtualNum", 8617030000001),
        ("areaCode", "755"),
        ("areaMatchMode", "2"),
        ("displayNumMode", "2"),
        ("displayNumMode", 0),
        ("recordFlag", "yes"),
        ("recordHintTone", "missing.wav"),
        ("recordHintTone", ""),
        ("callbackTone", "missing.wav"),
        ("callbackNum", "13800000001"),
        ("callbackNum", "+86138000000012345678901234567890"),
        ("timeUnit", "2"),
        ("timeUnit", 1),
        ("bindExpiredTime", -1),
        ("bindExpiredTime", 721),
        ("bindExpiredTime", "24"),
        ("bindExpiredTime", True),
        ("callbackExpiredTime", 721),
        ("userData", "a{b"),
        ("userData", ""),
    ],
)
def test_bind_parameter_checks(axe, field, value):
    body = {"bindNum": axe.user(), "virtualNum": X_1, field: value}
    assert code_of(axe.bind(**body)) == (403, "1010002")
    assert axe.axe_bindings() == []


def test_bind_lifetime_ranges(axe):
    assert code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1, timeUnit="1", bindExpiredTime=43200)) == OK
    r = axe.bind(bindNum=axe.user(), virtualNum=X_1, timeUnit="1", bindExpiredTime=43201)
    assert code_of(r) == (403, "1010002")
    assert code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1, bindExpiredTime=720)) == OK


def test_callbacks_exclusive(axe):
    r = axe.bind(bindNum=axe.user(), virtualNum=X_1, callbackTone="pnconform-tone.wav", callbackNum="+8613811112222")
    assert code_of(r) == (403, "1010002")
    assert code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1, callbackNum="+8613811112222")) == OK
    assert code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1, callbackTone="pnconform-tone.wav")) == OK


def test_expiry_order(axe):
    too_short = {"bindExpiredTime": 1, "callbackExpiredTime": 2}
    assert code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1, **too_short)) == (403, "1010002")
    for ok in ({"bindExpiredTime": 2, "callbackExpiredTime": 2}, {"bindExpiredTime": 0, "callbackExpiredTime": 5}):
        assert code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1, **ok)) == OK


def test_foreign_and_blacklisted_x(axe):
    assert code_of(axe.bind(bindNum=axe.user(), virtualNum=X1)) == (403, "1012001")
    assert code_of(axe.bind(bindNum=axe.user(), virtualNum="+8617099999999")) == (403, "1012001")
    axe.hook("POST", "/numbers/status", json={"number": X_1, "status": "blacklisted"})
    assert code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1)) == (403, "1012102")
    assert axe.bind(bindNum=axe.user(), areaCode="0755").json()["virtualNum"] == X_2


def test_transparent_mode(axe):
    assert code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1, displayNumMode="1")) == (403, "1020178")
    assert code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1, displayNumMode="0")) == OK
    cfg = builtin_config()
    cfg.app_for_mode("axe").transparent_mode_allowed = True
    client, open_axe = _fresh(cfg)
    try:
        assert code_of(open_axe.bind(bindNum=open_axe.user(), virtualNum=X_1, displayNumMode="1")) == OK
    finally:
        client.close()


def test_unsupported_fields_are_ignored(axe):
    r = axe.bind(bindNum=axe.user(), virtualNum=X_1, maxDuration=5, privateSms="true", duration=60)
    assert code_of(r) == OK


def test_other_mode_app_gets_1010040(axe):
    ax = axe.as_app("emu-ax-app", "emu-ax-secret")
    assert code_of(ax.request("POST", AXE, json={"bindNum": axe.user(), "virtualNum": X_1})) == (403, "1010040")
    for path in (AXE, AXE_V2, AXE_COUNT):
        assert code_of(ax.request("GET", path, params={"subscriptionId": "x"})) == (403, "1010040")


# -- expiry (D-23) ---------------------------------------------------------------------------------


def test_expiry_in_minutes_and_hours(axe):
    by_min = axe.axe_bind(X_1, timeUnit="1", bindExpiredTime=1)["subscriptionId"]
    by_hour = axe.axe_bind(X_1, bindExpiredTime=1)["subscriptionId"]
    never = axe.axe_bind(X_1, bindExpiredTime=0)["subscriptionId"]
    listed = {b["subscriptionId"]: b for b in axe.axe_bindings()}
    assert listed[never]["expireTime"] is None and listed[by_min]["expireTime"] is not None
    axe.advance(61)
    assert code_of(axe.query(subscriptionId=by_min)) == (403, "1016001")
    assert code_of(axe.query(subscriptionId=by_hour)) == OK
    axe.advance(3600)
    assert code_of(axe.query(subscriptionId=by_hour)) == (403, "1016001")
    axe.advance(720 * 3600)
    assert code_of(axe.query(subscriptionId=never)) == OK
    assert [b["subscriptionId"] for b in axe.axe_bindings()] == [never]


def test_expired_extension_is_free_again(axe):
    axe.axe_bind(X_1, extendNum="4", timeUnit="1", bindExpiredTime=1)
    axe.advance(60)
    assert axe.axe_bind(X_1, extendNum="4")["extendNum"] == "4"


# -- unbind ----------------------------------------------------------------------------------------


def test_unbind_by_sid_and_by_numbers(axe):
    sid = axe.axe_bind(X_1)["subscriptionId"]
    ext = axe.axe_bind(X_1)["extendNum"]
    assert code_of(axe.unbind(subscriptionId=sid)) == OK
    assert code_of(axe.unbind(subscriptionId=sid)) == (403, "1016001")
    assert code_of(axe.unbind(virtualNum=X_1, extendNum=ext)) == OK
    assert code_of(axe.unbind(virtualNum=X_1, extendNum=ext)) == (403, "1016001")
    assert axe.axe_bindings() == []


def test_unbind_sid_wins(axe):
    sid1 = axe.axe_bind(X_1)["subscriptionId"]
    axe.axe_bind(X_2)
    assert code_of(axe.unbind(subscriptionId=sid1, virtualNum=X_2, extendNum="1")) == OK
    assert [b["virtualNum"] for b in axe.axe_bindings()] == [X_2]


@pytest.mark.parametrize(
    "params", [{}, {"virtualNum": X_1}, {"extendNum": "1"}, {"subscriptionId": ""}, {"extendNum": "12345"}]
)
def test_unbind_needs_a_selector(axe, params):
    axe.axe_bind(X_1)
    assert code_of(axe.unbind(**params)) == (403, "1010002")
    assert len(axe.axe_bindings()) == 1


def test_unbind_not_found_cases(axe):
    axe.axe_bind(X_1)
    assert code_of(axe.unbind(subscriptionId="pnconform-unknown")) == (403, "1016001")
    assert code_of(axe.unbind(virtualNum=X_1, extendNum="9")) == (403, "1016001")
    assert code_of(axe.unbind(virtualNum=X1, extendNum="1")) == (403, "1016001")
    raw = axe.client.request(
        "DELETE", f"{AXE}?virtualNum={X_1}&extendNum=1", headers=aksk_headers(axe.app_key, axe.secret)
    )
    assert code_of(raw) == (403, "1016001")  # unescaped +
    assert len(axe.axe_bindings()) == 1


def test_unbind_foreign_binding(axe):
    sid = axe.axe_bind(X_1)["subscriptionId"]
    ax = axe.as_app("emu-ax-app", "emu-ax-secret")
    assert code_of(ax.request("DELETE", AXE, params={"subscriptionId": sid})) == (403, "1010040")
    assert len(axe.axe_bindings()) == 1


# -- modify ----------------------------------------------------------------------------------------


def test_modify_fields(axe):
    sid = axe.axe_bind(X_1, callbackTone="pnconform-tone.wav", userData="u1", bindExpiredTime=5)["subscriptionId"]
    r = axe.modify(
        subscriptionId=sid,
        recordFlag="true",
        recordHintTone="pnconform-tone.wav",
        callbackNum="+8613811112222",
        callbackExpiredTime=3,
        userData="u2",
        displayNumMode="0",
        bindNum="+8613899999999",
        extendNum="5",
    )
    assert code_of(r) == OK and set(r.json()) == {"resultcode", "resultdesc"}
    item = _item(axe, subscriptionId=sid)
    assert (item["recordFlag"], item["recordHintTone"], item["callbackNum"]) == (
        "true",
        "pnconform-tone.wav",
        "+8613811112222",
    )
    assert "callbackTone" not in item  # the two callback fields exclude each other (AXE-019)
    assert (item["callbackExpiredTime"], item["userData"], item["extendNum"]) == (3, "u2", "1")
    assert item["bindNum"] != "+8613899999999"


def test_modify_absent_fields_unchanged(axe):
    sid = axe.axe_bind(X_1, recordFlag="true", userData="u1", callbackTone="pnconform-tone.wav")["subscriptionId"]
    before = _item(axe, subscriptionId=sid)
    assert code_of(axe.modify(subscriptionId=sid)) == OK
    assert _item(axe, subscriptionId=sid) == before


def test_modify_keeps_bind_time_lifetime(axe):
    sid = axe.axe_bind(X_1, timeUnit="1", bindExpiredTime=10)["subscriptionId"]
    assert code_of(axe.modify(subscriptionId=sid, timeUnit="0", bindExpiredTime=20)) == OK
    item = _item(axe, subscriptionId=sid)
    assert (item["timeUnit"], item["bindExpiredTime"]) == ("1", 10)
    axe.advance(601)
    assert code_of(axe.query(subscriptionId=sid)) == (403, "1016001")  # the bind-time expiry stays (D-9)


def test_modify_changes_expiry_setting(axe):
    axe.settings(axe_modify_changes_expiry=True)
    sid = axe.axe_bind(X_1, timeUnit="1", bindExpiredTime=10)["subscriptionId"]
    assert code_of(axe.modify(subscriptionId=sid, bindExpiredTime=20)) == OK
    axe.advance(601)
    assert _item(axe, subscriptionId=sid)["bindExpiredTime"] == 10
    axe.advance(600)
    assert code_of(axe.query(subscriptionId=sid)) == (403, "1016001")


def test_modify_by_numbers_and_errors(axe):
    ext = axe.axe_bind(X_1)["extendNum"]
    assert code_of(axe.modify(virtualNum=X_1, extendNum=ext, userData="v")) == OK
    assert _item(axe, virtualNum=X_1, extendNum=ext)["userData"] == "v"
    assert code_of(axe.modify(virtualNum=X_1, userData="v")) == (403, "1010002")
    assert code_of(axe.modify(userData="v")) == (403, "1010002")
    assert code_of(axe.modify(subscriptionId="nope", userData="v")) == (403, "1016001")
    assert code_of(axe.modify(virtualNum=X_1, extendNum="9", userData="v")) == (403, "1016001")
    assert code_of(axe.modify(virtualNum=X_1, extendNum=ext, displayNumMode="1")) == (403, "1020178")
    both = {"callbackTone": "pnconform-tone.wav", "callbackNum": "+8613811112222"}
    assert code_of(axe.modify(virtualNum=X_1, extendNum=ext, **both)) == (403, "1010002")
    order = {"bindExpiredTime": 1, "callbackExpiredTime": 2}
    assert code_of(axe.modify(virtualNum=X_1, extendNum=ext, **order)) == (403, "1010002")
    assert code_of(axe.modify(virtualNum=X_1, extendNum=ext, timeUnit="x")) == (403, "1010002")


# -- query -----------------------------------------------------------------------------------------


def test_query_item_fields(axe):
    a = axe.user()
    body = axe.axe_bind(
        X_1,
        a,
        recordFlag=True,
        recordHintTone="pnconform-tone.wav",
        callbackNum="+8613811112222",
        timeUnit="1",
        bindExpiredTime=30,
        callbackExpiredTime=10,
        userData="u",
    )
    item = _item(axe, subscriptionId=body["subscriptionId"])
    assert item == {
        "resultcode": "0",
        "resultdesc": "Success",
        "subscriptionId": body["subscriptionId"],
        "virtualNum": X_1,
        "extendNum": body["extendNum"],
        "bindNum": a,
        "displayNumMode": "0",
        "recordFlag": "true",
        "recordHintTone": "pnconform-tone.wav",
        "callbackNum": "+8613811112222",
        "timeUnit": "1",
        "bindExpiredTime": 30,
        "callbackExpiredTime": 10,
        "userData": "u",
    }
    assert _item(axe, virtualNum=X_1, extendNum=body["extendNum"]) == item


def test_query_selectors_and_errors(axe):
    sid1 = axe.axe_bind(X_1)["subscriptionId"]
    axe.axe_bind(X_2)
    assert _item(axe, subscriptionId=sid1, virtualNum=X_2, extendNum="1")["virtualNum"] == X_1
    assert code_of(axe.query()) == (403, "1010002")
    assert code_of(axe.query(virtualNum=X_1)) == (403, "1010002")
    assert code_of(axe.query(extendNum="1")) == (403, "1010002")
    assert code_of(axe.query(subscriptionId="nope")) == (403, "1016001")
    assert code_of(axe.query(virtualNum=X_3, extendNum="1")) == (403, "1016001")


def test_query_v2_paging(axe):
    sids = [axe.axe_bind(X_1)["subscriptionId"] for _ in range(7)]
    axe.axe_bind(X_2)
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        params = {"virtualNum": X_1, "limit": "3", **({"cursor": cursor} if cursor else {})}
        r = axe.query_v2(**params)
        assert code_of(r) == OK, r.text
        seen += [i["subscriptionId"] for i in r.json()["bindList"]]
        cursor = r.json().get("nextCursor")
        if cursor is None:
            break
    assert seen == sids
    single = axe.query_v2(subscriptionId=sids[2], cursor="bad").json()
    assert [i["subscriptionId"] for i in single["bindList"]] == [sids[2]]


@pytest.mark.parametrize(
    "params",
    [
        {"virtualNum": X_1, "cursor": "123_4"},
        {"virtualNum": X_1, "cursor": "0000000000000-0"},
        {"virtualNum": X_1, "limit": "0"},
        {"virtualNum": X_1, "limit": "101"},
        {"virtualNum": X_1, "limit": "ten"},
        {},
        {"extendNum": "1"},
    ],
)
def test_query_v2_errors(axe, params):
    axe.axe_bind(X_1)
    assert code_of(axe.query_v2(**params)) == (403, "1010002")


def test_query_v2_not_found(axe):
    assert code_of(axe.query_v2(virtualNum=X_1)) == (403, "1016001")
    assert code_of(axe.query_v2(virtualNum=X1)) == (403, "1016001")


def test_binding_count(axe):
    axe.axe_bind(X_1)
    axe.axe_bind(X_1)
    axe.axe_bind(X_3)
    assert axe.count(number=X_1, cursor="junk").json()["numberList"] == [{"number": X_1, "bindCount": 2}]
    first = axe.count(limit="3").json()
    assert [i["bindCount"] for i in first["numberList"]] == [2, 0, 1] and first["nextCursor"] == "3"
    rest = axe.count(cursor=first["nextCursor"], limit="3").json()
    assert rest["numberList"] == [{"number": X_4, "bindCount": 0}] and "nextCursor" not in rest
    assert code_of(axe.count(number=X1)) == (403, "1016001")
    assert code_of(axe.count(cursor="-1")) == (403, "1010002")
    assert code_of(axe.count(limit="101")) == (403, "1010002")


# -- hooks and config --------------------------------------------------------------------------------


def test_hooks_list_and_reset(axe):
    sid = axe.axe_bind(X_1, timeUnit="1", bindExpiredTime=5)["subscriptionId"]
    listed = axe.axe_bindings()
    assert [(b["mode"], b["app_key"], b["subscriptionId"]) for b in listed] == [("axe", "emu-axe-app", sid)]
    assert listed[0]["expireTime"] is not None and listed[0]["createTime"] is not None
    assert listed[0]["bindNum"] and listed[0]["extendNum"] == "1"
    assert [b["mode"] for b in axe.hook("GET", "/bindings")["bindings"]] == ["axe"]
    axe.hook("POST", "/reset")
    assert axe.axe_bindings() == []


def test_extension_length_in_yaml_config():
    from pnconform.emulator import ConfigError, config_from_dict, load_config

    cfg = config_from_dict({"apps": [{"mode": "axe", "app_key": "k", "app_secret": "s", "extension_length": 2}]})
    assert cfg.apps[0].extension_length == 2
    assert (
        config_from_dict({"apps": [{"mode": "axe", "app_key": "k", "app_secret": "s"}]}).apps[0].extension_length == 4
    )
    assert builtin_config().app_for_mode("axe").extension_length == 1
    example = Path(__file__).resolve().parents[2] / "src/pnconform/emulator/example-config.yaml"
    assert load_config(example).app_for_mode("axe").extension_length == 1  # the built-in config written out
    for bad in (0, 5, "2", True):
        with pytest.raises(ConfigError, match="extension_length"):
            config_from_dict({"apps": [{"mode": "axe", "app_key": "k", "app_secret": "s", "extension_length": bad}]})


def test_settings_are_validated(axe):
    for name, bad in (
        ("axe_duplicate_bind_code", "1012008"),
        ("axe_alloc_fail_code", "1020167"),
        ("axe_max_bind_hours", 0),
        ("axe_modify_changes_expiry", "yes"),
    ):
        assert axe.client.request("PATCH", "/_emulator/settings", json={name: bad}).status_code == 400


# -- fault switches ---------------------------------------------------------------------------------


def _first_ext(axe: AxeApi) -> Any:
    return axe.axe_bind(X_1)["extendNum"]


def _assigned_twice(axe: AxeApi) -> Any:
    return [axe.axe_bind(X_1)["extendNum"] for _ in range(2)]


def _chosen(axe: AxeApi) -> Any:
    return axe.axe_bind(X_1, extendNum="6")["extendNum"]


def _taken(axe: AxeApi) -> Any:
    axe.axe_bind(X_1, extendNum="6")
    return code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1, extendNum="6")), len(axe.axe_bindings())


def _long_ext(axe: AxeApi) -> Any:
    return code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1, extendNum="12"))


def _full(axe: AxeApi) -> Any:
    for _ in range(9):
        axe.axe_bind(X_1)
    return code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1)), len(axe.axe_bindings())


def _areacode_wins(axe: AxeApi) -> Any:
    return axe.bind(bindNum=axe.user(), virtualNum=X_3, areaCode="0755").json()["virtualNum"]


def _unserved(axe: AxeApi) -> Any:
    return code_of(axe.bind(bindNum=axe.user(), areaCode="010"))


def _loose(axe: AxeApi) -> Any:
    return code_of(axe.bind(bindNum=axe.user(), areaCode="020", areaMatchMode="1"))


def _both_callbacks(axe: AxeApi) -> Any:
    body = {"callbackTone": "pnconform-tone.wav", "callbackNum": "+8613811112222"}
    return code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1, **body))


def _time_unit(axe: AxeApi) -> Any:
    return code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1, timeUnit="7"))


def _order(axe: AxeApi) -> Any:
    return code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1, bindExpiredTime=1, callbackExpiredTime=2))


def _never(axe: AxeApi) -> Any:
    sid = axe.axe_bind(X_1)["subscriptionId"]
    axe.advance(169 * 3600)
    return code_of(axe.query(subscriptionId=sid))


def _expiry(axe: AxeApi) -> Any:
    sid = axe.axe_bind(X_1, timeUnit="1", bindExpiredTime=1)["subscriptionId"]
    axe.advance(61)
    return code_of(axe.query(subscriptionId=sid))


def _unbind_noop(axe: AxeApi) -> Any:
    sid = axe.axe_bind(X_1)["subscriptionId"]
    return code_of(axe.unbind(subscriptionId=sid)), len(axe.axe_bindings())


def _partial(axe: AxeApi) -> Any:
    axe.axe_bind(X_1)
    return code_of(axe.unbind(virtualNum=X_1)), len(axe.axe_bindings())


def _sid_vs_numbers(axe: AxeApi) -> Any:
    sid1 = axe.axe_bind(X_1)["subscriptionId"]
    axe.axe_bind(X_2)
    found = axe.query(subscriptionId=sid1, virtualNum=X_2, extendNum="1").json()["virtualNum"]
    axe.unbind(subscriptionId=sid1, virtualNum=X_2, extendNum="1")
    return found, [b["virtualNum"] for b in axe.axe_bindings()]


def _not_found(axe: AxeApi) -> Any:
    sid = axe.axe_bind(X_1)["subscriptionId"]
    axe.unbind(subscriptionId=sid)
    return code_of(axe.unbind(subscriptionId=sid)), code_of(axe.query(subscriptionId=sid))


def _modify_clears(axe: AxeApi) -> Any:
    sid = axe.axe_bind(X_1, userData="u1", recordFlag="true")["subscriptionId"]
    axe.modify(subscriptionId=sid, callbackNum="+8613811112222")
    item = _item(axe, subscriptionId=sid)
    return item.get("userData"), item["recordFlag"]


def _transparent(axe: AxeApi) -> Any:
    return code_of(axe.bind(bindNum=axe.user(), virtualNum=X_1, displayNumMode="1"))


def _modify_lifetime(axe: AxeApi) -> Any:
    sid = axe.axe_bind(X_1, timeUnit="1", bindExpiredTime=10)["subscriptionId"]
    axe.modify(subscriptionId=sid, timeUnit="0", bindExpiredTime=20)
    item = _item(axe, subscriptionId=sid)
    return item["timeUnit"], item["bindExpiredTime"]


def _v2_pages(axe: AxeApi) -> Any:
    for _ in range(3):
        axe.axe_bind(X_1)
    first = axe.query_v2(virtualNum=X_1, limit="2").json()
    second = axe.query_v2(virtualNum=X_1, limit="2", cursor=first["nextCursor"]).json()
    return len(first["bindList"]) + len(second["bindList"])


def _duplicate_a(axe: AxeApi) -> Any:
    a = axe.user()
    axe.axe_bind(X_1, a)
    return code_of(axe.bind(bindNum=a, virtualNum=X_1)), len(axe.axe_bindings())


def _foreign_x(axe: AxeApi) -> Any:
    return code_of(axe.bind(bindNum=axe.user(), virtualNum=X1))


def _no_area(axe: AxeApi) -> Any:
    return code_of(axe.bind(bindNum=axe.user()))


# name -> (scenario, clean result, result with the fault on)
AXE_SCENARIOS: dict[str, tuple[Callable[[AxeApi], Any], Any, Any]] = {
    "axe.pad_extension": (_first_ext, "1", "0001"),
    "axe.assign_taken_extension": (_assigned_twice, ["1", "2"], ["1", "1"]),
    "axe.ignore_chosen_extension": (_chosen, "6", "1"),
    "axe.allow_shared_extension": (_taken, ((403, "1020167"), 1), (OK, 2)),
    "axe.skip_extension_format": (_long_ext, (403, "1010002"), OK),
    "axe.ignore_capacity": (_full, ((403, "1020167"), 9), (OK, 10)),
    "axe.areacode_wins": (_areacode_wins, X_3, X_1),
    "axe.ignore_area": (_unserved, (403, "1012008"), OK),
    "axe.loose_as_strict": (_loose, OK, (403, "1012008")),
    "axe.allow_both_callbacks": (_both_callbacks, (403, "1010002"), OK),
    "axe.skip_time_unit": (_time_unit, (403, "1010002"), OK),
    "axe.skip_expiry_order": (_order, (403, "1010002"), OK),
    "axe.default_lifetime": (_never, OK, (403, "1016001")),
    "axe.ignore_expiry": (_expiry, (403, "1016001"), OK),
    "axe.unbind_noop": (_unbind_noop, (OK, 0), (OK, 1)),
    "axe.partial_selector": (_partial, ((403, "1010002"), 1), (OK, 0)),
    "axe.numbers_win": (_sid_vs_numbers, (X_1, [X_2]), (X_2, [X_1])),
    "axe.not_found_code": (_not_found, ((403, "1016001"), (403, "1016001")), ((403, "1012007"), (403, "1012007"))),
    "axe.modify_clears_fields": (_modify_clears, ("u1", "true"), (None, "false")),
    "axe.allow_transparent": (_transparent, (403, "1020178"), OK),
    "axe.modify_changes_query_expiry": (_modify_lifetime, ("1", 10), ("0", 20)),
    "axe.v2_cursor_repeats": (_v2_pages, 3, 4),
    "axe.allow_duplicate_a": (_duplicate_a, ((403, "1013102"), 1), (OK, 2)),
    "axe.ignore_ownership": (_foreign_x, (403, "1012001"), OK),
    "axe.no_area_required": (_no_area, (403, "1010002"), OK),
}


def test_every_axe_fault_has_a_scenario():
    assert set(AXE_SCENARIOS) == {name for name in FAULTS if name.startswith("axe.")}


@pytest.mark.parametrize("name", sorted(AXE_SCENARIOS))
def test_axe_fault_switch_has_its_effect(name):
    check_fault_switch(AxeApi, *AXE_SCENARIOS[name], name)
