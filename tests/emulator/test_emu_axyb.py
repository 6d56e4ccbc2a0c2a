"""AXYB two-step bind / unbind / query as design.md "AXYB behaviour" describes them, and the
``axyb.*`` fault switches (AXYB_SCENARIOS, same shape as the SCENARIOS of test_emu_faults.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from emu_helpers import AX, X1, Api, AsgiClient, aksk_headers, check_fault_switch, code_of

from pnconform.emulator import FAULTS, builtin_config, create_app

AXYB = "/rest/omp/xyrelationnumber/v1.0"
APP_KEY = "emu-axyb-app"
XS = tuple(f"+86170400000{n:02d}" for n in range(1, 9))  # 0755
Y_020 = "+8617040000009"  # the only number of the app in 020
OK = (200, "0")


class AxybApi(Api):
    """Api signed as the built-in AXYB app; ``app_key`` goes into the URL unless overridden."""

    def __init__(self, client: AsgiClient, app_key: str = APP_KEY, secret: str = "emu-axyb-secret") -> None:
        super().__init__(client, app_key, secret)

    def _params(self, params: dict[str, Any], url_key: Any) -> dict[str, Any]:
        key = self.app_key if url_key is ... else url_key
        return {**params, **({} if key is None else {"app_key": key})}

    def bind(self, url_key: Any = ..., **body: Any) -> Any:
        return self.request("POST", AXYB, json=body, params=self._params({}, url_key))

    def unbind(self, url_key: Any = ..., **params: Any) -> Any:
        return self.request("DELETE", AXYB, params=self._params(params, url_key))

    def query(self, url_key: Any = ..., **params: Any) -> Any:
        return self.request("GET", AXYB, params=self._params(params, url_key))

    def ax(self, a: str | None = None, area: str = "0755", **extra: Any) -> dict[str, Any]:
        r = self.bind(origNum=a or self.user(), areaCode=area, **extra)
        assert code_of(r) == OK, r.text
        return r.json()

    def yb(self, sid: str, b: str | None = None, **extra: Any) -> dict[str, Any]:
        r = self.bind(origNum=b or self.user(), subscriptionId=sid, **extra)
        assert code_of(r) == OK, r.text
        return r.json()

    def items(self, **params: Any) -> list[dict[str, Any]]:
        r = self.query(**params)
        if r.json()["resultcode"] == "1016001":
            return []
        assert code_of(r) == OK, r.text
        return r.json()["xyRelationNumList"]

    def listed(self) -> list[dict[str, Any]]:
        return self.hook("GET", "/bindings", params={"mode": "axyb"})["bindings"]


@pytest.fixture
def axyb(client: AsgiClient) -> AxybApi:
    return AxybApi(client)


# -- bind ----------------------------------------------------------------------------------------


def test_two_step_bind(axyb):
    a, b = axyb.user(), axyb.user()
    r = axyb.bind(origNum=a, areaCode="0755")
    assert code_of(r) == OK
    body = r.json()
    assert set(body) == {"resultcode", "resultdesc", "subscriptionId", "relationNumber"}
    sid, x = body["subscriptionId"], body["relationNumber"]
    assert x == XS[0] and 1 <= len(sid) <= 64
    step2 = axyb.yb(sid, b)
    assert step2["subscriptionId"] == sid and step2["relationNumber"] not in (x, None)
    (item,) = axyb.items(subscriptionId=sid)
    assert (item["bindId"], item["numA"], item["numX"], item["numB"]) == (sid, a, x, b)
    assert item["numY"] == step2["relationNumber"]
    assert (item["duration"], item["ybDuration"], item["recordFlag"], item["callDirection"]) == (
        "7200",
        "0",
        "false",
        0,
    )


def test_query_item_without_yb_and_with_fields(axyb):
    sid = axyb.ax(
        callDirection=1,
        duration="600",
        ybDuration=120,
        recordFlag=True,
        recordHintTone="pnconform-tone.wav",
        preVoiceX="pnconform-tone.wav",
        userData="u1",
    )["subscriptionId"]
    (item,) = axyb.items(subscriptionId=sid)
    assert "numY" not in item and "numB" not in item
    assert (item["duration"], item["ybDuration"], item["callDirection"], item["recordFlag"]) == (
        "600",
        "120",
        1,
        "true",
    )
    assert (item["recordHintTone"], item["preVoiceX"], item["userData"]) == ("pnconform-tone.wav",) * 2 + ("u1",)
    axyb.yb(sid, preVoiceY="pnconform-tone.wav", userData="u2")
    (item,) = axyb.items(subscriptionId=sid)
    assert (item["preVoiceY"], item["userData"], item["ybDuration"]) == ("pnconform-tone.wav", "u2", "120")


@pytest.mark.parametrize(
    "field,value",
    [
        ("origNum", None),
        ("origNum", "13800000001"),
        ("origNum", "+864001234567"),
        ("areaCode", None),
        ("areaCode", "755"),
        ("areaMatchMode", "2"),
        ("callDirection", 3),
        ("callDirection", True),
        ("duration", 59),
        ("duration", 1),
        ("duration", 7776001),
        ("duration", "abc"),
        ("duration", True),
        ("ybDuration", 30),
        ("ybDuration", 7776001),
        ("recordFlag", "yes"),
        ("recordHintTone", "missing.wav"),
        ("preVoiceX", "missing.wav"),
        ("userData", "a{b"),
        ("userData", ""),
    ],
)
def test_step1_parameter_checks(axyb, field, value):
    body = {"origNum": axyb.user(), "areaCode": "0755", field: value}
    r = axyb.bind(**{k: v for k, v in body.items() if v is not None})
    assert code_of(r) == (403, "1010002"), r.text
    assert axyb.listed() == []


@pytest.mark.parametrize("duration", [0, 60, 7776000, "7776000"])
def test_step1_duration_bounds(axyb, duration):
    assert code_of(axyb.bind(origNum=axyb.user(), areaCode="0755", duration=duration)) == OK


@pytest.mark.parametrize(
    "field,value",
    [
        ("origNum", None),
        ("origNum", "13800000001"),
        ("subscriptionId", ""),
        ("subscriptionId", "s" * 65),
        ("preVoiceY", "missing.wav"),
        ("ybDuration", 59),
        ("areaCode", "x"),
        ("areaMatchMode", "3"),
        ("userData", "{}"),
    ],
)
def test_step2_parameter_checks(axyb, field, value):
    sid = axyb.ax()["subscriptionId"]
    body = {"origNum": axyb.user(), "subscriptionId": sid, field: value}
    r = axyb.bind(**{k: v for k, v in body.items() if v is not None})
    assert code_of(r) == (403, "1010002"), r.text
    assert axyb.listed()[0]["ybParts"] == []


def test_app_key_url_parameter(axyb):
    a = axyb.user()
    assert code_of(axyb.bind(url_key=None, origNum=a, areaCode="0755")) == (403, "1010002")
    assert code_of(axyb.bind(url_key="", origNum=a, areaCode="0755")) == (403, "1010002")
    assert code_of(axyb.bind(url_key="k" * 129, origNum=a, areaCode="0755")) == (403, "1010002")
    assert code_of(axyb.bind(url_key="emu-ax-app", origNum=a, areaCode="0755")) == (403, "1010003")
    sid = axyb.ax(a)["subscriptionId"]
    assert code_of(axyb.query(url_key=None, subscriptionId=sid)) == (403, "1010002")
    assert code_of(axyb.query(url_key="other", subscriptionId=sid)) == (403, "1010003")
    assert code_of(axyb.unbind(url_key=None, subscriptionId=sid)) == (403, "1010002")
    assert code_of(axyb.unbind(url_key="other", subscriptionId=sid)) == (403, "1010003")
    assert len(axyb.listed()) == 1


def test_other_mode_app_gets_1010040(axyb):
    ax = axyb.as_app("emu-ax-app", "emu-ax-secret")
    r = ax.request("POST", AXYB, json={"origNum": axyb.user(), "areaCode": "0755"}, params={"app_key": "emu-ax-app"})
    assert code_of(r) == (403, "1010040")
    assert code_of(axyb.request("GET", AX, params={"origNum": axyb.user()})) == (403, "1010040")


def test_no_modify_api(axyb):
    r = axyb.request("PUT", AXYB, json={}, params={"app_key": APP_KEY})
    assert r.status_code == 404


def test_one_a_per_x_and_allocation(axyb):
    xs = [axyb.ax()["relationNumber"] for _ in range(8)]
    assert xs == list(XS)
    assert code_of(axyb.bind(origNum=axyb.user(), areaCode="0755")) == (403, "1011002")
    assert code_of(axyb.bind(origNum=axyb.user(), areaCode="0756")) == (403, "1011002")
    assert axyb.ax(area="0756", areaMatchMode="1")["relationNumber"] == Y_020  # same province
    axyb.settings(axyb_alloc_fail_code="1012008")
    assert code_of(axyb.bind(origNum=axyb.user(), areaCode="0755")) == (403, "1012008")


def test_loose_match_any_x_of_the_app(axyb):
    assert axyb.ax(area="021", areaMatchMode="1")["relationNumber"] == XS[0]


def test_five_x_per_a(axyb):
    a = axyb.user()
    sids = [axyb.ax(a)["subscriptionId"] for _ in range(5)]
    assert code_of(axyb.bind(origNum=a, areaCode="0755")) == (403, "1011003")
    assert len(axyb.listed()) == 5
    axyb.unbind(subscriptionId=sids[0])
    assert code_of(axyb.bind(origNum=a, areaCode="0755")) == OK
    axyb.settings(axyb_max_x_per_a=5, axyb_limit_code="1012009")
    assert code_of(axyb.bind(origNum=a, areaCode="0755")) == (403, "1012009")


def test_blacklisted_number_is_not_allocated(axyb):
    axyb.hook("POST", "/numbers/status", json={"number": XS[0], "status": "blacklisted"})
    assert axyb.ax()["relationNumber"] == XS[1]


def test_yb_needs_a_live_ax(axyb):
    assert code_of(axyb.bind(origNum=axyb.user(), subscriptionId="nope")) == (403, "1016001")
    sid = axyb.ax(duration=60)["subscriptionId"]
    axyb.advance(60)
    assert code_of(axyb.bind(origNum=axyb.user(), subscriptionId=sid)) == (403, "1016001")
    ax_sid = axyb.ax()["subscriptionId"]
    axyb.unbind(subscriptionId=ax_sid)
    assert code_of(axyb.bind(origNum=axyb.user(), subscriptionId=ax_sid)) == (403, "1016001")


def test_yb_rules_b_and_limits(axyb):
    a = axyb.user()
    sid = axyb.ax(a)["subscriptionId"]
    assert code_of(axyb.bind(origNum=a, subscriptionId=sid)) == (403, "1010002")
    b = axyb.user()
    axyb.yb(sid, b)
    assert code_of(axyb.bind(origNum=b, subscriptionId=sid)) == (403, "1016002")
    for _ in range(4):
        axyb.yb(sid)
    ys = [i["numY"] for i in axyb.items(subscriptionId=sid)]
    assert len(ys) == 5 and len(set(ys)) == 5 and XS[0] not in ys
    assert code_of(axyb.bind(origNum=axyb.user(), subscriptionId=sid)) == (403, "1011003")


def test_y_reuse_across_ax_but_not_on_one_ax(axyb):
    sid1 = axyb.ax()["subscriptionId"]
    sid2 = axyb.ax()["subscriptionId"]
    assert axyb.yb(sid1, areaCode="020")["relationNumber"] == Y_020
    assert axyb.yb(sid2, areaCode="020")["relationNumber"] == Y_020  # AXYB-006
    r = axyb.bind(origNum=axyb.user(), subscriptionId=sid1, areaCode="020")  # AXYB-007
    assert code_of(r) == (403, "1011002")
    assert axyb.yb(sid1, areaCode="020", areaMatchMode="1")["relationNumber"] != Y_020


def test_y_capacity(axyb):
    axyb.settings(axyb_max_relations_per_y=2)
    sids = [axyb.ax()["subscriptionId"] for _ in range(3)]
    for sid in sids[:2]:
        assert axyb.yb(sid, areaCode="020")["relationNumber"] == Y_020
    assert code_of(axyb.bind(origNum=axyb.user(), subscriptionId=sids[2], areaCode="020")) == (403, "1011002")
    assert axyb.yb(sids[2], areaCode="020", areaMatchMode="1")["relationNumber"] != Y_020
    axyb.unbind(subscriptionId=sids[0])
    assert axyb.yb(sids[1], areaCode="0755")["relationNumber"] != Y_020


# -- expiry ----------------------------------------------------------------------------------------


def test_default_duration_and_cascade(axyb):
    sid = axyb.ax()["subscriptionId"]
    axyb.yb(sid)
    (listed,) = axyb.listed()
    assert listed["duration"] == 7200 and listed["expireTime"] is not None
    axyb.advance(7199)
    assert len(axyb.items(subscriptionId=sid)) == 1
    axyb.advance(1)
    assert code_of(axyb.query(subscriptionId=sid)) == (403, "1016001")
    assert axyb.listed() == []


def test_yb_expiry_keeps_ax(axyb):
    a = axyb.user()
    sid = axyb.ax(a, duration=0, ybDuration=60)["subscriptionId"]
    axyb.yb(sid)
    axyb.advance(60)
    (item,) = axyb.items(subscriptionId=sid)
    assert item["numA"] == a and "numY" not in item and "numB" not in item
    axyb.advance(10 * 365 * 86400)
    assert len(axyb.items(subscriptionId=sid)) == 1


def test_yb_duration_step2_wins_and_cap(axyb):
    sid = axyb.ax(duration=600, ybDuration=120)["subscriptionId"]
    axyb.yb(sid, ybDuration=3000)  # capped at 600 (D-24)
    assert axyb.items(subscriptionId=sid)[0]["ybDuration"] == "600"
    sid2 = axyb.ax(duration=600, ybDuration=120)["subscriptionId"]
    axyb.yb(sid2, ybDuration=300)
    assert axyb.items(subscriptionId=sid2)[0]["ybDuration"] == "300"
    axyb.settings(axyb_cap_yb_duration=False)
    sid3 = axyb.ax(duration=600)["subscriptionId"]
    axyb.yb(sid3, ybDuration=3000)
    assert axyb.items(subscriptionId=sid3)[0]["ybDuration"] == "3000"


def test_default_duration_setting(axyb):
    axyb.settings(axyb_default_duration_s=0)
    sid = axyb.ax()["subscriptionId"]
    axyb.advance(10 * 365 * 86400)
    assert axyb.items(subscriptionId=sid)[0]["duration"] == "0"


# -- unbind ----------------------------------------------------------------------------------------


def test_unbind_all(axyb):
    sid = axyb.ax()["subscriptionId"]
    axyb.yb(sid)
    r = axyb.unbind(subscriptionId=sid)
    assert code_of(r) == OK and set(r.json()) == {"resultcode", "resultdesc"}
    assert axyb.listed() == []
    assert code_of(axyb.unbind(subscriptionId=sid)) == (403, "1016001")


def test_unbind_yb_by_y_and_b(axyb):
    sid = axyb.ax()["subscriptionId"]
    b1, b2, b3 = axyb.user(), axyb.user(), axyb.user()
    y1 = axyb.yb(sid, b1)["relationNumber"]
    y2 = axyb.yb(sid, b2)["relationNumber"]
    axyb.yb(sid, b3)
    assert code_of(axyb.unbind(subscriptionId=sid, yNum=y1)) == OK
    assert code_of(axyb.unbind(subscriptionId=sid, bNum=b3)) == OK
    assert [i["numB"] for i in axyb.items(subscriptionId=sid)] == [b2]
    assert code_of(axyb.unbind(subscriptionId=sid, yNum=y1)) == (403, "1016001")
    assert code_of(axyb.unbind(subscriptionId=sid, yNum=y2, bNum=b1)) == OK  # yNum wins
    (item,) = axyb.items(subscriptionId=sid)
    assert "numY" not in item


def test_unbind_yb_without_sid_and_errors(axyb):
    sid = axyb.ax()["subscriptionId"]
    b = axyb.user()
    axyb.yb(sid, b)
    assert code_of(axyb.unbind()) == (403, "1010002")
    assert code_of(axyb.unbind(subscriptionId="nope")) == (403, "1016001")
    assert code_of(axyb.unbind(bNum=axyb.user())) == (403, "1016001")
    assert code_of(axyb.unbind(bNum=b)) == OK
    assert axyb.listed()[0]["ybParts"] == []
    raw = axyb.client.request(
        "DELETE", f"{AXYB}?app_key={APP_KEY}&subscriptionId={sid}&bNum={b}", headers=aksk_headers(APP_KEY, axyb.secret)
    )
    assert code_of(raw) == (403, "1016001")  # an unescaped + matches nothing


def test_other_apps_relation_is_not_found():
    cfg = builtin_config()
    cfg.apps.append(type(cfg.apps[0])("axyb", "emu-axyb-app-2", "s2"))
    client = AsgiClient(create_app(cfg))
    try:
        first, second = AxybApi(client), AxybApi(client, "emu-axyb-app-2", "s2")
        sid = first.ax()["subscriptionId"]
        assert code_of(second.query(subscriptionId=sid)) == (403, "1016001")
        assert code_of(second.unbind(subscriptionId=sid)) == (403, "1016001")
        assert code_of(second.bind(origNum=second.user(), subscriptionId=sid)) == (403, "1016001")
    finally:
        client.close()


# -- query ---------------------------------------------------------------------------------------


def test_query_selectors(axyb):
    sid1 = axyb.ax()["subscriptionId"]
    sid2 = axyb.ax()["subscriptionId"]
    y1 = axyb.yb(sid1)["relationNumber"]
    axyb.yb(sid1)
    assert [i["numX"] for i in axyb.items(relationNum=XS[0])] == [XS[0], XS[0]]
    assert [i["numY"] for i in axyb.items(relationNum=XS[0] + y1)] == [y1]
    assert [i["bindId"] for i in axyb.items(subscriptionId=sid2, relationNum=XS[0])] == [sid2]
    assert code_of(axyb.query()) == (403, "1010002")
    assert code_of(axyb.query(subscriptionId="nope")) == (403, "1016001")
    assert code_of(axyb.query(relationNum=XS[5])) == (403, "1016001")
    assert code_of(axyb.query(relationNum=X1)) == (403, "1016001")
    assert code_of(axyb.query(subscriptionId="s" * 65)) == (403, "1010002")
    axyb.settings(axyb_query_x_plus_y=False)
    assert code_of(axyb.query(relationNum=XS[0] + y1)) == (403, "1016001")


def test_hooks_list_and_reset(axyb):
    sid = axyb.ax(duration=600)["subscriptionId"]
    axyb.yb(sid, ybDuration=60)
    (listed,) = axyb.listed()
    assert (listed["mode"], listed["app_key"], listed["subscriptionId"]) == ("axyb", APP_KEY, sid)
    (part,) = listed["ybParts"]
    assert part["ybDuration"] == 60 and part["expireTime"] is not None
    assert axyb.hook("GET", "/bindings", params={"app_key": "emu-ax-app"})["bindings"] == []
    axyb.hook("POST", "/reset")
    assert axyb.listed() == []


# -- fault switches ---------------------------------------------------------------------------------


def _app_key(api: AxybApi) -> Any:
    return code_of(api.bind(url_key=None, origNum=api.user(), areaCode="0755"))


def _share_x(api: AxybApi) -> Any:
    return len({api.ax()["relationNumber"], api.ax()["relationNumber"]})


def _x_limit(api: AxybApi) -> Any:
    a = api.user()
    for _ in range(5):
        api.ax(a)
    return code_of(api.bind(origNum=a, areaCode="0755"))


def _y_is_x(api: AxybApi) -> Any:
    body = api.ax()
    return api.yb(body["subscriptionId"])["relationNumber"] == body["relationNumber"]


def _yb_without_ax(api: AxybApi) -> Any:
    return code_of(api.bind(origNum=api.user(), subscriptionId="nope"))


def _y_across_ax(api: AxybApi) -> Any:
    api.yb(api.ax()["subscriptionId"], areaCode="020")
    return code_of(api.bind(origNum=api.user(), subscriptionId=api.ax()["subscriptionId"], areaCode="020"))


def _y_twice(api: AxybApi) -> Any:
    sid = api.ax()["subscriptionId"]
    api.yb(sid, areaCode="020")
    return code_of(api.bind(origNum=api.user(), subscriptionId=sid, areaCode="020"))


def _y_capacity(api: AxybApi) -> Any:
    api.settings(axyb_max_relations_per_y=1)
    api.yb(api.ax()["subscriptionId"], areaCode="020")
    result = code_of(api.bind(origNum=api.user(), subscriptionId=api.ax()["subscriptionId"], areaCode="020"))
    api.settings(axyb_max_relations_per_y=1000)
    return result


def _ax_expiry(api: AxybApi) -> Any:
    sid = api.ax(duration=60)["subscriptionId"]
    api.yb(sid)
    api.advance(61)
    return code_of(api.query(subscriptionId=sid))


def _yb_expiry(api: AxybApi) -> Any:
    sid = api.ax(duration=0, ybDuration=60)["subscriptionId"]
    api.yb(sid)
    api.advance(61)
    return code_of(api.query(subscriptionId=sid))


def _duration_range(api: AxybApi) -> Any:
    return code_of(api.bind(origNum=api.user(), areaCode="0755", duration=30))


def _unbind(api: AxybApi) -> Any:
    sid = api.ax()["subscriptionId"]
    return code_of(api.unbind(subscriptionId=sid)), len(api.listed())


def _unbind_yb(api: AxybApi) -> Any:
    sid = api.ax()["subscriptionId"]
    y = api.yb(sid)["relationNumber"]
    api.unbind(subscriptionId=sid, yNum=y)
    return code_of(api.query(subscriptionId=sid))


def _y_vs_b(api: AxybApi) -> Any:
    sid = api.ax()["subscriptionId"]
    b1 = api.user()
    api.yb(sid, b1)
    y2 = api.yb(sid)["relationNumber"]
    api.unbind(subscriptionId=sid, yNum=y2, bNum=b1)
    return [i["numY"] == y2 for i in api.items(subscriptionId=sid)]


def _sid_vs_x(api: AxybApi) -> Any:
    sid1 = api.ax()["subscriptionId"]
    api.ax()
    return [i["bindId"] == sid1 for i in api.items(subscriptionId=sid1, relationNum=XS[1])]


def _put(api: AxybApi) -> Any:
    sid = api.ax()["subscriptionId"]
    answer = api.request("PUT", AXYB, json={"subscriptionId": sid}, params=api._params({}, ...))
    return answer.status_code


# name -> (scenario, clean result, result with the fault on)
AXYB_SCENARIOS: dict[str, tuple[Callable[[AxybApi], Any], Any, Any]] = {
    "axyb.app_key_unchecked": (_app_key, (403, "1010002"), OK),
    "axyb.share_x": (_share_x, 2, 1),
    "axyb.ignore_x_limit": (_x_limit, (403, "1011003"), OK),
    "axyb.y_is_x": (_y_is_x, False, True),
    "axyb.yb_without_ax": (_yb_without_ax, (403, "1016001"), OK),
    "axyb.y_exclusive": (_y_across_ax, OK, (403, "1011002")),
    "axyb.reuse_y_on_ax": (_y_twice, (403, "1011002"), OK),
    "axyb.ignore_y_capacity": (_y_capacity, (403, "1011002"), OK),
    "axyb.ignore_duration": (_ax_expiry, (403, "1016001"), OK),
    "axyb.yb_expiry_removes_ax": (_yb_expiry, OK, (403, "1016001")),
    "axyb.skip_duration_range": (_duration_range, (403, "1010002"), OK),
    "axyb.unbind_noop": (_unbind, (OK, 0), (OK, 1)),
    "axyb.yb_unbind_removes_all": (_unbind_yb, OK, (403, "1016001")),
    "axyb.bnum_wins": (_y_vs_b, [False], [True]),
    "axyb.relationnum_wins": (_sid_vs_x, [True], [False]),
    "axyb.modify_accepted": (_put, 404, 200),  # AXYB-023: no modify interface
}


def test_every_axyb_fault_has_a_scenario():
    assert set(AXYB_SCENARIOS) == {name for name in FAULTS if name.startswith("axyb.")}


@pytest.mark.parametrize("name", sorted(AXYB_SCENARIOS))
def test_axyb_fault_switch_has_its_effect(name):
    check_fault_switch(AxybApi, *AXYB_SCENARIOS[name], name)
