"""AX bind / unbind / modify / query / set temporary callee as design.md "AX behaviour"
describes them, and the ``ax.*`` fault switches (AX_SCENARIOS, same shape as the SCENARIOS of
test_emu_faults.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from emu_helpers import AX, AX_XS, X1, AsgiClient, AxApi, aksk_headers, check_fault_switch, code_of

from pnconform.emulator import FAULTS, XNumberConfig, builtin_config, create_app

X_1, X_2, X_3, X_4, X_5, X_6 = AX_XS[:6]


@pytest.fixture
def ax(client: AsgiClient) -> AxApi:
    return AxApi(client)


def _fresh(cfg: Any = None) -> tuple[AsgiClient, AxApi]:
    client = AsgiClient(create_app(cfg or builtin_config()))
    return client, AxApi(client)


# -- bind ----------------------------------------------------------------------------------------


def test_bind_response(ax):
    a = ax.user()
    r = ax.bind(origNum=a, privateNum=X_1)
    assert code_of(r) == (200, "0")
    body = r.json()
    assert body["resultdesc"] == "Success"
    assert (body["origNum"], body["privateNum"]) == (a, X_1)
    assert 1 <= len(body["subscriptionId"]) <= 64


def test_bind_by_area_code(ax):
    body = ax.bind(origNum=ax.user(), areaCode="0755", privateNumType="mobile-virtual").json()
    assert body["resultcode"] == "0" and body["privateNum"] == X_1


def test_privatenum_wins_over_area_code(ax):
    body = ax.bind(origNum=ax.user(), privateNum=X_3, areaCode="010", privateNumType="mobile-virtual").json()
    assert body["privateNum"] == X_3


@pytest.mark.parametrize(
    "extra",
    [{}, {"areaCode": "0755"}, {"privateNumType": "mobile-virtual"}, {"areaCode": "0755", "privateNumType": "fixed"}],
)
def test_bind_needs_x_or_area(ax, extra):
    assert code_of(ax.bind(origNum=ax.user(), **extra)) == (403, "1010002")


@pytest.mark.parametrize("orig", [None, "13800000001", "+86 13800000001", "+864001234567", 8613800000001])
def test_bind_bad_orig(ax, orig):
    r = ax.bind(origNum=orig, privateNum=X_1)
    assert code_of(r) == (403, "1010002") and "origNum" in r.json()["resultdesc"]


@pytest.mark.parametrize(
    "field,value",
    [
        ("maxDuration", 1441),
        ("maxDuration", -1),
        ("maxDuration", "5"),
        ("areaMatchMode", "2"),
        ("calleeNumDisplay", "2"),
        ("privateSms", True),
        ("recordFlag", "yes"),
        ("recordHintTone", "missing.wav"),
        ("lastMinVoice", "missing.wav"),
        ("preVoice", {"callerHintTone": "missing.wav"}),
        ("userData", "a{b"),
        ("userData", ""),
        ("turnFlag", "maybe"),
        ("callDirection", 3),
        ("callDirection", True),
    ],
)
def test_bind_parameter_checks(ax, field, value):
    assert code_of(ax.bind(origNum=ax.user(), privateNum=X_1, **{field: value})) == (403, "1010002")


def test_bind_x_of_other_app_or_unknown(ax):
    assert code_of(ax.bind(origNum=ax.user(), privateNum=X1)) == (403, "1011001")
    assert code_of(ax.bind(origNum=ax.user(), privateNum="+8617099999999")) == (403, "1011001")


def test_x_carries_one_a(ax):
    a = ax.user()
    ax.ax_bind(X_1, a)
    assert code_of(ax.bind(origNum=ax.user(), privateNum=X_1)) == (403, "1011005")
    assert code_of(ax.bind(origNum=a, privateNum=X_1)) == (403, "1016002")
    assert len(ax.ax_bindings()) == 1


def test_duplicate_code_setting(ax):
    a = ax.user()
    ax.ax_bind(X_1, a)
    ax.settings(ax_duplicate_bind_code="1011002")
    assert code_of(ax.bind(origNum=a, privateNum=X_1)) == (403, "1011002")
    r = ax.client.request("PATCH", "/_emulator/settings", json={"ax_duplicate_bind_code": "1012010"})
    assert r.status_code == 400


def test_five_x_per_a(ax):
    a = ax.user()
    sids = [ax.ax_bind(x, a)["subscriptionId"] for x in AX_XS[:5]]
    assert code_of(ax.bind(origNum=a, privateNum=X_6)) == (403, "1011003")
    assert code_of(ax.bind(origNum=a, areaCode="0755", privateNumType="mobile-virtual")) == (403, "1011003")
    assert code_of(ax.unbind(subscriptionId=sids[0])) == (200, "0")
    assert code_of(ax.bind(origNum=a, privateNum=X_6)) == (200, "0")


def test_rebind_after_unbind(ax):
    sid = ax.ax_bind(X_1)["subscriptionId"]
    ax.unbind(subscriptionId=sid)
    assert code_of(ax.bind(origNum=ax.user(), privateNum=X_1)) == (200, "0")


def test_blacklisted_x(ax):
    ax.hook("POST", "/numbers/status", json={"number": X_1, "status": "blacklisted"})
    assert code_of(ax.bind(origNum=ax.user(), privateNum=X_1)) == (403, "1012102")
    assert ax.bind(origNum=ax.user(), areaCode="0755", privateNumType="mobile-virtual").json()["privateNum"] == X_2


def test_allocation_strict_and_loose():
    cfg = builtin_config()
    app = cfg.app_for_mode("ax")
    app.x_numbers = [
        XNumberConfig("+8617020000001", "0755", "guangdong"),
        XNumberConfig("+8617020000002", "020", "guangdong"),
        XNumberConfig("+8617020000003", "010", "beijing"),
    ]
    client, ax = _fresh(cfg)
    try:
        ax.ax_bind("+8617020000001")
        by_area = {"areaCode": "0755", "privateNumType": "mobile-virtual"}
        assert code_of(ax.bind(origNum=ax.user(), **by_area)) == (403, "1011002")
        assert code_of(ax.bind(origNum=ax.user(), areaMatchMode="0", **by_area)) == (403, "1011002")
        assert ax.bind(origNum=ax.user(), areaMatchMode="1", **by_area).json()["privateNum"] == "+8617020000002"
        assert ax.bind(origNum=ax.user(), areaMatchMode="1", **by_area).json()["privateNum"] == "+8617020000003"
        assert code_of(ax.bind(origNum=ax.user(), areaMatchMode="1", **by_area)) == (403, "1011002")
    finally:
        client.close()


def test_transparent_mode(ax):
    assert code_of(ax.bind(origNum=ax.user(), privateNum=X_1, calleeNumDisplay="1")) == (403, "1020178")
    assert code_of(ax.bind(origNum=ax.user(), privateNum=X_1, calleeNumDisplay="0")) == (200, "0")
    cfg = builtin_config()
    cfg.app_for_mode("ax").transparent_mode_allowed = True
    client, open_ax = _fresh(cfg)
    try:
        assert code_of(open_ax.bind(origNum=open_ax.user(), privateNum=X_1, calleeNumDisplay="1")) == (200, "0")
    finally:
        client.close()


def test_other_mode_app_gets_1010040(ax):
    axb = ax.as_app("emu-axb-app", "emu-axb-secret")
    r = axb.request("POST", AX, json={"origNum": ax.user(), "privateNum": X_1})
    assert code_of(r) == (403, "1010040")
    assert code_of(ax.request("GET", params={"relationNum": X1})) == (403, "1010040")


# -- unbind ----------------------------------------------------------------------------------------


def test_unbind_by_sid_and_by_x(ax):
    sid = ax.ax_bind(X_1)["subscriptionId"]
    ax.ax_bind(X_2)
    assert code_of(ax.unbind(subscriptionId=sid)) == (200, "0")
    assert code_of(ax.unbind(subscriptionId=sid)) == (403, "1016001")
    assert code_of(ax.unbind(origNum="+8613899999999", privateNum=X_2)) == (200, "0")  # origNum not evaluated
    assert code_of(ax.unbind(privateNum=X_2)) == (403, "1016001")
    assert ax.ax_bindings() == []


def test_unbind_sid_wins(ax):
    sid1 = ax.ax_bind(X_1)["subscriptionId"]
    ax.ax_bind(X_2)
    assert code_of(ax.unbind(subscriptionId=sid1, privateNum=X_2)) == (200, "0")
    assert [b["privateNum"] for b in ax.ax_bindings()] == [X_2]


def test_unbind_errors(ax):
    a = ax.user()
    ax.ax_bind(X_1, a)
    assert code_of(ax.unbind(origNum=a)) == (403, "1011004")
    assert code_of(ax.unbind()) == (403, "1011004")
    assert code_of(ax.unbind(privateNum=X1)) == (403, "1011004")  # X of the AXB app
    raw = ax.client.request("DELETE", f"{AX}?privateNum={X_1}", headers=aksk_headers(ax.app_key, ax.secret))
    assert code_of(raw) == (403, "1011004")  # unescaped +
    assert len(ax.ax_bindings()) == 1


# -- modify ----------------------------------------------------------------------------------------


def _item(ax: AxApi, **params: Any) -> dict[str, Any]:
    r = ax.query(**params)
    assert code_of(r) == (200, "0"), r.text
    (item,) = r.json()["privateNumList"]
    return item


def test_modify_fields(ax):
    sid = ax.ax_bind(X_1)["subscriptionId"]
    r = ax.modify(
        subscriptionId=sid,
        privateSms="false",
        recordFlag="true",
        maxDuration=5,
        turnFlag="off",
        lastMinVoice="pnconform-tone.wav",
        userData="u2",
        calleeNumDisplay="0",
        areaCode="010",
    )
    assert code_of(r) == (200, "0") and set(r.json()) == {"resultcode", "resultdesc"}
    item = _item(ax, subscriptionId=sid)
    assert (item["privateSms"], item["recordFlag"], item["maxDuration"]) == ("false", "true", 5)
    assert (item["turnFlag"], item["lastMinVoice"], item["userData"]) == ("off", "pnconform-tone.wav", "u2")
    assert "calleeNumDisplay" not in item and item["privateNum"] == X_1


def test_modify_extended_fields_setting(ax):
    sid = ax.ax_bind(X_1)["subscriptionId"]
    ax.settings(ax_modify_extended_fields=False)
    assert code_of(ax.modify(subscriptionId=sid, turnFlag="off", userData="u2", maxDuration=3)) == (200, "0")
    item = _item(ax, subscriptionId=sid)
    assert (item["turnFlag"], "userData" in item, item["maxDuration"]) == ("on", False, 3)


def test_modify_by_private_num_and_new_a(ax):
    a1, a2 = ax.user(), ax.user()
    ax.ax_bind(X_1, a1)
    assert code_of(ax.modify(privateNum=X_1, origNum=a2)) == (200, "0")
    assert _item(ax, origNum=a2)["privateNum"] == X_1
    assert code_of(ax.query(origNum=a1)) == (403, "1016001")
    assert code_of(ax.modify(privateNum=X_1, origNum=a2)) == (200, "0")  # same A: no-op


def test_modify_new_a_with_five_x(ax):
    busy = ax.user()
    for x in AX_XS[:5]:
        ax.ax_bind(x, busy)
    sid = ax.ax_bind(X_6)["subscriptionId"]
    assert code_of(ax.modify(subscriptionId=sid, origNum=busy)) == (403, "1011003")


def test_modify_errors(ax):
    sid = ax.ax_bind(X_1)["subscriptionId"]
    assert code_of(ax.modify(maxDuration=3)) == (403, "1010002")
    assert code_of(ax.modify(subscriptionId="nope", maxDuration=3)) == (403, "1016001")
    assert code_of(ax.modify(privateNum=X_2, maxDuration=3)) == (403, "1016001")
    assert code_of(ax.modify(privateNum=X1, maxDuration=3)) == (403, "1011001")
    assert code_of(ax.modify(subscriptionId=sid, maxDuration=1441)) == (403, "1010002")
    assert code_of(ax.modify(subscriptionId=sid, origNum="12345")) == (403, "1010002")
    assert code_of(ax.modify(subscriptionId=sid, calleeNumDisplay="1")) == (403, "1020178")
    other = ax.as_app("emu-axb-app", "emu-axb-secret")
    assert code_of(other.request("PUT", AX, json={"subscriptionId": sid})) == (403, "1010040")


# -- query ----------------------------------------------------------------------------------------


def test_query_item_fields(ax):
    a = ax.user()
    sid = ax.ax_bind(X_1, a, userData="u1", recordFlag="true", recordHintTone="pnconform-tone.wav")["subscriptionId"]
    item = _item(ax, subscriptionId=sid)
    assert item["origNum"] == a and item["privateNum"] == X_1 and item["subscriptionId"] == sid
    assert item["privateNumType"] == "mobile-virtual" and item["turnFlag"] == "on" and item["callDirection"] == 0
    assert item["userData"] == "u1" and item["recordHintTone"] == "pnconform-tone.wav"
    assert "calleeNumDisplay" not in item  # AX-306
    assert item["subscribeTime"] == ax.hook("GET", "/clock")["now"]
    sid2 = ax.ax_bind(X_2, calleeNumDisplay="0")["subscriptionId"]
    assert _item(ax, subscriptionId=sid2)["calleeNumDisplay"] == "0"


def test_query_selectors(ax):
    a1, a2 = ax.user(), ax.user()
    sid1 = ax.ax_bind(X_1, a1)["subscriptionId"]
    ax.ax_bind(X_2, a1)
    ax.ax_bind(X_3, a2)
    assert [i["privateNum"] for i in ax.query(origNum=a1).json()["privateNumList"]] == [X_1, X_2]
    assert _item(ax, privateNum=X_3)["origNum"] == a2
    assert _item(ax, origNum=a2, subscriptionId=sid1)["subscriptionId"] == sid1
    assert [i["privateNum"] for i in ax.query(origNum=a1, privateNum=X_3).json()["privateNumList"]] == [X_1, X_2]


def test_query_errors(ax):
    ax.ax_bind(X_1)
    assert code_of(ax.query()) == (403, "1010002")
    assert code_of(ax.query(subscriptionId="nope")) == (403, "1016001")
    assert code_of(ax.query(origNum=ax.user())) == (403, "1016001")
    assert code_of(ax.query(privateNum=X_2)) == (403, "1016001")
    assert code_of(ax.query(privateNum=X1)) == (403, "1011001")
    assert code_of(ax.query(subscriptionId="s" * 65)) == (403, "1010002")


def test_no_expiry(ax):
    sid = ax.ax_bind(X_1)["subscriptionId"]
    ax.advance(10 * 365 * 86400)
    assert code_of(ax.query(subscriptionId=sid)) == (200, "0")


# -- set temporary callee -------------------------------------------------------------------------


def _temp(ax: AxApi) -> Any:
    (binding,) = ax.ax_bindings()
    return binding["tempCallee"]


def test_set_callee_and_expiry(ax):
    a = ax.user()
    sid = ax.ax_bind(X_1, a)["subscriptionId"]
    b = ax.user()
    r = ax.set_callee(subscriptionId=sid, calleeNum=b)
    assert code_of(r) == (200, "0") and set(r.json()) == {"resultcode", "resultdesc"}
    assert _temp(ax)["calleeNum"] == b and _temp(ax)["duration"] == 60
    ax.advance(59)
    assert _temp(ax)["calleeNum"] == b
    ax.advance(1)
    assert _temp(ax) is None
    assert code_of(ax.set_callee(origNum=a, privateNum=X_1, calleeNum="+864001234567", duration=259200)) == (200, "0")
    ax.advance(259199)
    assert _temp(ax)["calleeNum"] == "+864001234567"


def test_set_callee_overwrites(ax):
    sid = ax.ax_bind(X_1)["subscriptionId"]
    b, c = ax.user(), ax.user()
    ax.set_callee(subscriptionId=sid, calleeNum=b, userData="u1")
    ax.set_callee(privateNum=X_1, calleeNum=c, duration=1, maxDuration=3)
    assert {k: _temp(ax)[k] for k in ("calleeNum", "duration", "maxDuration", "userData")} == {
        "calleeNum": c,
        "duration": 1,
        "maxDuration": 3,
        "userData": None,
    }


@pytest.mark.parametrize(
    "extra",
    [
        {"duration": 0},
        {"duration": 259201},
        {"duration": -5},
        {"duration": "60"},
        {"maxDuration": 1441},
        {"userData": "{x}"},
        {"calleeNum": None},
        {"calleeNum": "13800000001"},
    ],
)
def test_set_callee_parameter_checks(ax, extra):
    sid = ax.ax_bind(X_1)["subscriptionId"]
    body = {"subscriptionId": sid, "calleeNum": ax.user(), **extra}
    assert code_of(ax.set_callee(**body)) == (403, "1010002")


def test_set_callee_errors(ax):
    a = ax.user()
    sid = ax.ax_bind(X_1, a)["subscriptionId"]
    assert code_of(ax.set_callee(subscriptionId=sid, calleeNum=a)) == (403, "1010002")
    assert code_of(ax.set_callee(calleeNum=ax.user())) == (403, "1010002")
    assert code_of(ax.set_callee(origNum=a, calleeNum=ax.user())) == (403, "1010002")
    assert code_of(ax.set_callee(subscriptionId="nope", calleeNum=ax.user())) == (403, "1016001")
    assert code_of(ax.set_callee(privateNum=X_2, calleeNum=ax.user())) == (403, "1016001")
    assert code_of(ax.set_callee(origNum=ax.user(), privateNum=X_1, calleeNum=ax.user())) == (403, "1016001")
    assert code_of(ax.set_callee(privateNum=X1, calleeNum=ax.user())) == (403, "1011001")
    ax.unbind(subscriptionId=sid)
    assert code_of(ax.set_callee(subscriptionId=sid, calleeNum=ax.user())) == (403, "1016001")


# -- hooks -----------------------------------------------------------------------------------------


def test_hooks_list_and_reset(ax):
    sid = ax.ax_bind(X_1)["subscriptionId"]
    axb = ax.as_app("emu-axb-app", "emu-axb-secret")
    axb.pair()
    listed = ax.ax_bindings()
    assert [(b["mode"], b["app_key"], b["subscriptionId"]) for b in listed] == [("ax", "emu-ax-app", sid)]
    assert listed[0]["tempCallee"] is None and listed[0]["expireTime"] is None
    all_modes = ax.hook("GET", "/bindings")["bindings"]
    assert sorted(b["mode"] for b in all_modes) == ["ax", "axb"]
    assert ax.hook("GET", "/bindings", params={"app_key": "emu-axb-app"})["bindings"][0]["mode"] == "axb"
    ax.hook("POST", "/reset")
    assert ax.hook("GET", "/bindings")["bindings"] == []


def test_transparent_mode_allowed_in_yaml_config():
    from pnconform.emulator import ConfigError, config_from_dict

    cfg = config_from_dict(
        {"apps": [{"mode": "ax", "app_key": "k", "app_secret": "s", "transparent_mode_allowed": True}]}
    )
    assert cfg.apps[0].transparent_mode_allowed is True
    with pytest.raises(ConfigError, match="transparent_mode_allowed"):
        config_from_dict({"apps": [{"mode": "ax", "app_key": "k", "app_secret": "s", "transparent_mode_allowed": 1}]})


# -- fault switches ---------------------------------------------------------------------------------


def _shared_x(ax: AxApi) -> Any:
    ax.ax_bind(X_1)
    return code_of(ax.bind(origNum=ax.user(), privateNum=X_1)), len(ax.ax_bindings())


def _duplicate(ax: AxApi) -> Any:
    a = ax.user()
    ax.ax_bind(X_1, a)
    return code_of(ax.bind(origNum=a, privateNum=X_1)), len(ax.ax_bindings())


def _sixth_x(ax: AxApi) -> Any:
    a = ax.user()
    for x in AX_XS[:5]:
        ax.ax_bind(x, a)
    return code_of(ax.bind(origNum=a, privateNum=X_6))


def _foreign_x(ax: AxApi) -> Any:
    return code_of(ax.bind(origNum=ax.user(), privateNum=X1)), code_of(ax.unbind(privateNum=X1))


def _transparent(ax: AxApi) -> Any:
    return code_of(ax.bind(origNum=ax.user(), privateNum=X_1, calleeNumDisplay="1"))


def _no_area(ax: AxApi) -> Any:
    return code_of(ax.bind(origNum=ax.user()))


def _areacode_wins(ax: AxApi) -> Any:
    return ax.bind(origNum=ax.user(), privateNum=X_3, areaCode="0755", privateNumType="mobile-virtual").json()[
        "privateNum"
    ]


def _other_area(ax: AxApi) -> Any:
    return code_of(ax.bind(origNum=ax.user(), areaCode="010", privateNumType="mobile-virtual"))


def _loose(ax: AxApi) -> Any:
    return code_of(ax.bind(origNum=ax.user(), areaCode="020", areaMatchMode="1", privateNumType="mobile-virtual"))


def _sid_vs_x(ax: AxApi) -> Any:
    a1, a2 = ax.user(), ax.user()
    sid1 = ax.ax_bind(X_1, a1)["subscriptionId"]
    ax.ax_bind(X_2, a2)
    found = [i["privateNum"] for i in ax.query(subscriptionId=sid1, privateNum=X_2).json()["privateNumList"]]
    ax.unbind(subscriptionId=sid1, privateNum=X_2)
    return found, [b["privateNum"] for b in ax.ax_bindings()]


def _query_empty(ax: AxApi) -> Any:
    r = ax.query(origNum=ax.user())
    return code_of(r), r.json().get("privateNumList")


def _modify_noop(ax: AxApi) -> Any:
    sid = ax.ax_bind(X_1)["subscriptionId"]
    return code_of(ax.modify(subscriptionId=sid, maxDuration=7)), _item(ax, subscriptionId=sid)["maxDuration"]


def _unbind_noop(ax: AxApi) -> Any:
    sid = ax.ax_bind(X_1)["subscriptionId"]
    return code_of(ax.unbind(subscriptionId=sid)), len(ax.ax_bindings())


def _callee_same(ax: AxApi) -> Any:
    a = ax.user()
    sid = ax.ax_bind(X_1, a)["subscriptionId"]
    return code_of(ax.set_callee(subscriptionId=sid, calleeNum=a))


def _callee_duration(ax: AxApi) -> Any:
    sid = ax.ax_bind(X_1)["subscriptionId"]
    return code_of(ax.set_callee(subscriptionId=sid, calleeNum=ax.user(), duration=259201))


def _callee_expiry(ax: AxApi) -> Any:
    sid = ax.ax_bind(X_1)["subscriptionId"]
    ax.set_callee(subscriptionId=sid, calleeNum=ax.user())
    ax.advance(61)
    return _temp(ax) is None


def _callee_overwrite(ax: AxApi) -> Any:
    sid = ax.ax_bind(X_1)["subscriptionId"]
    ax.set_callee(subscriptionId=sid, calleeNum="+8613811111111")
    ax.set_callee(subscriptionId=sid, calleeNum="+8613822222222")
    return _temp(ax)["calleeNum"]


def _bind_answer(ax: AxApi) -> Any:
    body = ax.bind(origNum=ax.user(), privateNum=X_1).json()
    return body.get("resultcode"), "origNum" in body


def _allocated_named(ax: AxApi) -> Any:
    return ax.bind(origNum=ax.user(), areaCode="0755", privateNumType="mobile-virtual").json().get("privateNum")


def _freed_x(ax: AxApi) -> Any:
    sid = ax.ax_bind(X_1)["subscriptionId"]
    ax.unbind(subscriptionId=sid)
    return code_of(ax.bind(origNum=ax.user(), privateNum=X_1))


def _lifetime(ax: AxApi) -> Any:
    sid = ax.ax_bind(X_1)["subscriptionId"]
    ax.advance(90 * 86_400 + 1)
    return code_of(ax.query(subscriptionId=sid))


def _private_sms_true(ax: AxApi) -> Any:
    sid = ax.ax_bind(X_1, privateSms="true")["subscriptionId"]
    return _item(ax, subscriptionId=sid)["privateSms"]


def _record_default(ax: AxApi) -> Any:
    sid = ax.ax_bind(X_1)["subscriptionId"]
    return _item(ax, subscriptionId=sid)["recordFlag"]


def _unbind_by_orig(ax: AxApi) -> Any:
    a = ax.user()
    ax.ax_bind(X_1, a)
    return code_of(ax.unbind(origNum=a)), len(ax.ax_bindings())


def _unbind_wrong_orig(ax: AxApi) -> Any:
    ax.ax_bind(X_1)
    return code_of(ax.unbind(privateNum=X_1, origNum=ax.user()))


def _unbind_twice(ax: AxApi) -> Any:
    sid = ax.ax_bind(X_1)["subscriptionId"]
    ax.unbind(subscriptionId=sid)
    return code_of(ax.unbind(subscriptionId=sid))


def _modify_empty(ax: AxApi) -> Any:
    sid = ax.ax_bind(X_1, maxDuration=30)["subscriptionId"]
    return code_of(ax.modify(subscriptionId=sid)), _item(ax, subscriptionId=sid)["maxDuration"]


def _modify_unknown(ax: AxApi) -> Any:
    return code_of(ax.modify(subscriptionId="no-such-binding", maxDuration=5))


def _modify_range(ax: AxApi) -> Any:
    sid = ax.ax_bind(X_1)["subscriptionId"]
    return code_of(ax.modify(subscriptionId=sid, maxDuration=1441))


def _modify_direction(ax: AxApi) -> Any:
    sid = ax.ax_bind(X_1)["subscriptionId"]
    ax.modify(subscriptionId=sid, callDirection=1)
    return _item(ax, subscriptionId=sid)["callDirection"]


def _query_three(ax: AxApi) -> Any:
    a = ax.user()
    sids = [ax.ax_bind(x, a)["subscriptionId"] for x in (X_1, X_2, X_3)]
    by_a = len(ax.query(origNum=a).json()["privateNumList"])
    by_sid = len(ax.query(subscriptionId=sids[0]).json()["privateNumList"])
    by_x = len(ax.query(privateNum=X_2).json()["privateNumList"])
    return by_a, by_sid, by_x


def _query_nothing(ax: AxApi) -> Any:
    ax.ax_bind(X_1)
    return code_of(ax.query())


def _query_display(ax: AxApi) -> Any:
    sid = ax.ax_bind(X_1)["subscriptionId"]
    return "calleeNumDisplay" in _item(ax, subscriptionId=sid)


def _subscribe_time(ax: AxApi) -> Any:
    sid = ax.ax_bind(X_1)["subscriptionId"]
    (hooked,) = ax.ax_bindings()
    return _item(ax, subscriptionId=sid)["subscribeTime"] == hooked["createTime"]


def _callee_missing(ax: AxApi) -> Any:
    sid = ax.ax_bind(X_1)["subscriptionId"]
    return code_of(ax.set_callee(subscriptionId=sid))


def _callee_nowhere(ax: AxApi) -> Any:
    ax.ax_bind(X_1)
    return code_of(ax.set_callee(calleeNum=ax.user()))


def _callee_unknown_sid(ax: AxApi) -> Any:
    return code_of(ax.set_callee(subscriptionId="no-such-binding", calleeNum=ax.user()))


def _callee_free_x(ax: AxApi) -> Any:
    return code_of(ax.set_callee(privateNum=X_2, calleeNum=ax.user()))


def _other_caller(ax: AxApi) -> Any:
    ax.ax_bind(X_1)
    return ax.hook("POST", "/calls", json={"caller": ax.user(), "called": X_1})["stateCode"]


def _callee_display(ax: AxApi) -> Any:
    a = ax.user()
    sid = ax.ax_bind(X_1, a)["subscriptionId"]
    ax.set_callee(subscriptionId=sid, calleeNum=ax.user())
    return ax.hook("POST", "/calls", json={"caller": a, "called": X_1})["display"] == X_1


def _fullwidth_at(ax: AxApi) -> Any:
    a = ax.user()
    ax.ax_bind(X_1, a)
    return ax.hook("POST", "/sms", json={"from": a, "to": X_1, "text": "hi＠13800000002"})["forwarded"]


OK = (200, "0")
# name -> (scenario, clean result, result with the fault on)
AX_SCENARIOS: dict[str, tuple[Callable[[AxApi], Any], Any, Any]] = {
    "ax.allow_shared_x": (_shared_x, ((403, "1011005"), 1), (OK, 2)),
    "ax.allow_duplicate": (_duplicate, ((403, "1016002"), 1), (OK, 2)),
    "ax.ignore_x_limit": (_sixth_x, (403, "1011003"), OK),
    "ax.ignore_ownership": (_foreign_x, ((403, "1011001"), (403, "1011004")), (OK, OK)),
    "ax.allow_transparent": (_transparent, (403, "1020178"), OK),
    "ax.no_area_required": (_no_area, (403, "1010002"), OK),
    "ax.areacode_wins": (_areacode_wins, X_3, X_1),
    "ax.ignore_area": (_other_area, (403, "1011002"), OK),
    "ax.loose_as_strict": (_loose, OK, (403, "1011002")),
    "ax.privatenum_wins": (_sid_vs_x, ([X_1], [X_2]), ([X_2], [X_1])),
    "ax.query_empty_list": (_query_empty, ((403, "1016001"), None), (OK, [])),
    "ax.modify_noop": (_modify_noop, (OK, 7), (OK, 0)),
    "ax.unbind_noop": (_unbind_noop, (OK, 0), (OK, 1)),
    "ax.callee_same_as_orig": (_callee_same, (403, "1010002"), OK),
    "ax.callee_duration_unchecked": (_callee_duration, (403, "1010002"), OK),
    "ax.callee_no_expiry": (_callee_expiry, True, False),
    "ax.callee_no_overwrite": (_callee_overwrite, "+8613822222222", "+8613811111111"),
    "ax.bind_int_resultcode": (_bind_answer, ("0", True), (0, True)),
    "ax.bind_answer_no_orig": (_bind_answer, ("0", True), ("0", False)),
    "ax.allocated_x_unnamed": (_allocated_named, X_1, None),
    "ax.freed_x_kept": (_freed_x, OK, (403, "1011005")),
    "ax.bindings_expire": (_lifetime, OK, (403, "1016001")),
    "ax.private_sms_true_off": (_private_sms_true, "true", "false"),
    "ax.record_always": (_record_default, "false", "true"),
    "ax.unbind_by_orig": (_unbind_by_orig, ((403, "1011004"), 1), (OK, 0)),
    "ax.unbind_checks_orig": (_unbind_wrong_orig, OK, (403, "1016001")),
    "ax.unbind_removed_ok": (_unbind_twice, (403, "1016001"), OK),
    "ax.modify_empty_resets": (_modify_empty, (OK, 30), (OK, 0)),
    "ax.modify_not_found_1011004": (_modify_unknown, (403, "1016001"), (403, "1011004")),
    "ax.modify_duration_unchecked": (_modify_range, (403, "1010002"), OK),
    "ax.modify_changes_fixed": (_modify_direction, 0, 1),
    "ax.query_a_first_only": (_query_three, (3, 1, 1), (1, 1, 1)),
    "ax.query_sid_lists_a": (_query_three, (3, 1, 1), (3, 3, 1)),
    "ax.query_x_lists_a": (_query_three, (3, 1, 1), (3, 1, 3)),
    "ax.query_without_params_lists_all": (_query_nothing, (403, "1010002"), OK),
    "ax.query_default_display": (_query_display, False, True),
    "ax.subscribe_time_beijing": (_subscribe_time, True, False),
    "ax.callee_num_optional": (_callee_missing, (403, "1010002"), OK),
    "ax.callee_nowhere_ok": (_callee_nowhere, (403, "1010002"), OK),
    "ax.callee_unknown_sid_ok": (_callee_unknown_sid, (403, "1016001"), OK),
    "ax.callee_on_free_x": (_callee_free_x, (403, "1016001"), OK),
    "ax.others_refused": (_other_caller, 0, 8018),
    "ax.callee_sees_a": (_callee_display, True, False),
    "ax.sms_fullwidth_at": (
        _fullwidth_at,
        None,
        {"to": "+8613800000002", "from": X_1, "text": "hi"},
    ),
}


def test_every_ax_fault_has_a_scenario():
    assert set(AX_SCENARIOS) == {name for name in FAULTS if name.startswith("ax.")}


@pytest.mark.parametrize("name", sorted(AX_SCENARIOS))
def test_ax_fault_switch_has_its_effect(name):
    check_fault_switch(AxApi, *AX_SCENARIOS[name], name)
