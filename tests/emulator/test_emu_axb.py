"""AXB bind / unbind / modify / query as design.md "AXB behaviour" describes them."""

from __future__ import annotations

import pytest
from emu_helpers import AX_X, AXB, X1, X2, X3, X4, X_010, X_020, aksk_headers, code_of

# -- bind ----------------------------------------------------------------------------------------


def test_bind_response_fields(api):
    a, b = api.user(), api.user()
    r = api.bind(
        callerNum=a,
        calleeNum=b,
        relationNum=X1,
        callDirection=1,
        duration=60,
        maxDuration=5,
        preVoice={"callerHintTone": "pnconform-tone.wav"},
    )
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json;charset=UTF-8"
    body = r.json()
    assert body["resultcode"] == "0" and body["resultdesc"] == "Success"
    assert 1 <= len(body["subscriptionId"]) <= 64
    assert {
        k: body[k]
        for k in ("relationNum", "callerNum", "calleeNum", "callDirection", "duration", "maxDuration", "preVoice")
    } == {
        "relationNum": X1,
        "callerNum": a,
        "calleeNum": b,
        "callDirection": 1,
        "duration": 60,
        "maxDuration": 5,
        "preVoice": {"callerHintTone": "pnconform-tone.wav"},
    }


@pytest.mark.parametrize("missing", ["callerNum", "calleeNum"])
def test_bind_requires_numbers(api, missing):
    body = {"callerNum": api.user(), "calleeNum": api.user(), "relationNum": X1}
    del body[missing]
    r = api.bind(**body)
    assert code_of(r) == (403, "1010002")
    assert missing in r.json()["resultdesc"]


@pytest.mark.parametrize(
    "number",
    [
        "13800000001",
        "+86 13800000001",
        "+8613800000001 ",
        "+86138",
        "+8601234567890",
        "+864001234567",
        "+869512345678",
        "+8613800000000000000001",
        "+86１3800000001",
        8613800000001,
        None,
    ],
)
def test_bind_rejects_bad_user_numbers(api, number):
    body = {"callerNum": number, "calleeNum": api.user(), "relationNum": X1}
    assert code_of(api.bind(**body)) == (403, "1010002")


def test_bind_accepts_fixed_line(api):
    r = api.bind(callerNum="+8675528000001", calleeNum=api.user(), relationNum=X1)
    assert code_of(r) == (200, "0")


def test_bind_equal_numbers(api):
    a = api.user()
    assert code_of(api.bind(callerNum=a, calleeNum=a, relationNum=X1)) == (403, "1010002")


@pytest.mark.parametrize("case", ["same_a", "same_b", "b_as_a", "a_as_b", "identical"])
def test_no_overlap_on_x(api, case):
    first = api.pair(X1)
    a, b, c = first["callerNum"], first["calleeNum"], api.user()
    new = {"same_a": (a, c), "same_b": (c, b), "b_as_a": (b, c), "a_as_b": (c, a), "identical": (a, b)}[case]
    r = api.bind(callerNum=new[0], calleeNum=new[1], relationNum=X1)
    assert code_of(r) == (403, "1012010")
    taken = a if a in new else b
    assert r.json()["resultdesc"] == f"The number {taken} has been bound."
    # the same pair on another X is fine (AXB-009, AXB-106)
    assert code_of(api.bind(callerNum=new[0], calleeNum=new[1], relationNum=X2)) == (200, "0")


def test_capacity_per_x(api):
    api.settings(axb_max_pairs_per_x=3)
    for _ in range(3):
        api.pair(X1)
    assert code_of(api.bind(callerNum=api.user(), calleeNum=api.user(), relationNum=X1)) == (403, "1012008")
    api.settings(axb_full_x_code="1012009")
    r = api.bind(callerNum=api.user(), calleeNum=api.user(), relationNum=X1)
    assert code_of(r) == (403, "1012009")
    # unbinding one frees a slot (AXB-109)
    sid = api.query(relationNum=X1).json()["relationNumList"][0]["subscriptionId"]
    api.unbind(subscriptionId=sid)
    assert code_of(api.bind(callerNum=api.user(), calleeNum=api.user(), relationNum=X1)) == (200, "0")


def test_x_of_another_app_and_unknown_x(api):
    assert code_of(api.bind(callerNum=api.user(), calleeNum=api.user(), relationNum=AX_X)) == (403, "1012001")
    r = api.bind(callerNum=api.user(), calleeNum=api.user(), relationNum="+8617099990001")
    assert code_of(r) == (403, "1012007")


def test_blacklisted_x(api):
    api.hook("POST", "/numbers/status", json={"number": X1, "status": "blacklisted"})
    assert code_of(api.bind(callerNum=api.user(), calleeNum=api.user(), relationNum=X1)) == (403, "1012102")
    api.hook("POST", "/numbers/status", json={"number": X1, "status": "normal"})
    assert code_of(api.bind(callerNum=api.user(), calleeNum=api.user(), relationNum=X1)) == (200, "0")


def test_relation_num_wins_over_area_code(api):
    r = api.bind(callerNum=api.user(), calleeNum=api.user(), relationNum=X_010, areaCode="0755")
    assert r.json()["relationNum"] == X_010


def test_allocation_by_area_code_least_loaded_then_lowest(api):
    got = [api.bind(callerNum=api.user(), calleeNum=api.user(), areaCode="020").json()["relationNum"] for _ in range(3)]
    assert got == [X_020, "+8617010000006", X_020]


def test_allocation_by_area_of_a(api):
    # +86138 -> 0755 (mobile_prefix_areas); fixed line +8610... -> 010
    assert api.bind(callerNum=api.user(), calleeNum=api.user()).json()["relationNum"] == X1
    r = api.bind(callerNum="+861088880001", calleeNum=api.user())
    assert r.json()["relationNum"] == X_010
    # a mobile whose prefix has no city: strict allocation fails
    assert code_of(api.bind(callerNum="+8615900000001", calleeNum=api.user())) == (403, "1012008")


def test_strict_and_loose_area_match(api):
    # 0756 (Zhuhai, guangdong) has no X of the app
    body = {"areaCode": "0756"}
    assert code_of(api.bind(callerNum=api.user(), calleeNum=api.user(), **body)) == (403, "1012008")
    assert code_of(api.bind(callerNum=api.user(), calleeNum=api.user(), areaMatchMode="0", **body)) == (403, "1012008")
    r = api.bind(callerNum=api.user(), calleeNum=api.user(), areaMatchMode="1", **body)
    assert r.json()["relationNum"] in {X1, X2, "+8617010000003", "+8617010000004", X_020, "+8617010000006"}
    # 021 shanghai: no X in the province either -> any X of the app
    r = api.bind(callerNum=api.user(), calleeNum=api.user(), areaCode="021", areaMatchMode="1")
    assert code_of(r) == (200, "0")


def test_allocation_skips_x_where_a_is_bound(api):
    first = api.bind(callerNum="+8613900000001", calleeNum=api.user(), areaCode="010").json()["relationNum"]
    second = api.bind(callerNum="+8613900000001", calleeNum=api.user(), areaCode="010").json()["relationNum"]
    assert {first, second} == {X_010, "+8617010000008"}
    assert code_of(api.bind(callerNum="+8613900000001", calleeNum=api.user(), areaCode="010")) == (403, "1012008")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("callDirection", 3),
        ("callDirection", -1),
        ("callDirection", "1"),
        ("callDirection", True),
        ("duration", 7776001),
        ("duration", -1),
        ("duration", 1.5),
        ("duration", "60"),
        ("maxDuration", 1441),
        ("maxDuration", -1),
        ("maxDuration", False),
        ("areaCode", "755"),
        ("areaCode", 755),
        ("areaMatchMode", "2"),
        ("areaMatchMode", 1),
        ("recordFlag", "yes"),
        ("recordFlag", 1),
        ("privateSms", "maybe"),
        ("privateSms", True),
        ("userData", ""),
        ("userData", "x" * 257),
        ("userData", "{a}"),
        ("userData", "数据"),
        ("userData", 5),
        ("recordHintTone", "missing.wav"),
        ("lastMinVoice", "missing.wav"),
        ("preVoice", "tone.wav"),
        ("preVoice", {"callerHintTone": "missing.wav"}),
        ("relationNum", "17010000001"),
    ],
)
def test_bind_parameter_checks(api, field, value):
    r = api.bind(**{"callerNum": api.user(), "calleeNum": api.user(), "relationNum": X1, field: value})
    assert code_of(r) == (403, "1010002"), r.text
    assert r.json()["resultdesc"].startswith("Invalid request.")


def test_voice_file_error_names_the_file(api):
    r = api.bind(callerNum=api.user(), calleeNum=api.user(), relationNum=X1, lastMinVoice="nope.wav")
    assert r.json()["resultdesc"] == "Invalid request.nope.wav does not exist."


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("callDirection", 2),
        ("duration", 7776000),
        ("duration", 0),
        ("maxDuration", 1440),
        ("areaCode", ""),
        ("areaMatchMode", "1"),
        ("recordFlag", True),
        ("recordFlag", "false"),
        ("privateSms", "false"),
        ("userData", "order-42"),
        ("recordHintTone", "pnconform-tone.wav"),
        ("lastMinVoice", ""),
        ("unknownField", {"x": 1}),
    ],
)
def test_bind_accepts_valid_values(api, field, value):
    r = api.bind(callerNum=api.user(), calleeNum=api.user(), relationNum=X1, **{field: value})
    assert code_of(r) == (200, "0"), r.text


def test_record_flag_without_recording_is_accepted(config):
    from emu_helpers import Api, AsgiClient

    from pnconform.emulator import create_app

    config.apps[0].recording = False
    c = AsgiClient(create_app(config))
    try:
        api = Api(c)
        assert code_of(api.bind(callerNum=api.user(), calleeNum=api.user(), relationNum=X1, recordFlag=True)) == (
            200,
            "0",
        )
    finally:
        c.close()


# -- unbind --------------------------------------------------------------------------------------


def test_unbind_by_id(api):
    sid = api.pair()["subscriptionId"]
    assert code_of(api.unbind(subscriptionId=sid)) == (200, "0")
    assert code_of(api.unbind(subscriptionId=sid)) == (403, "1012007")
    assert code_of(api.query(subscriptionId=sid)) == (403, "1012007")


def test_unbind_id_wins_over_relation_num(api):
    s1, s2 = api.pair(X1)["subscriptionId"], api.pair(X1)["subscriptionId"]
    assert code_of(api.unbind(subscriptionId=s1, relationNum=X1)) == (200, "0")
    assert code_of(api.query(subscriptionId=s2)) == (200, "0")


def test_unbind_all_on_x(api):
    ids = [api.pair(X1)["subscriptionId"] for _ in range(3)]
    keep = api.pair(X2)["subscriptionId"]
    assert code_of(api.unbind(relationNum=X1)) == (200, "0")
    assert all(code_of(api.query(subscriptionId=s)) == (403, "1012007") for s in ids)
    assert code_of(api.query(subscriptionId=keep)) == (200, "0")
    assert code_of(api.unbind(relationNum=X1)) == (403, "1012007")


def test_unbind_errors(api):
    assert code_of(api.unbind()) == (403, "1012001")
    assert code_of(api.unbind(relationNum=AX_X)) == (403, "1012001")
    assert code_of(api.unbind(subscriptionId="nope")) == (403, "1012007")
    # an unescaped + arrives as a space and matches no X (NUM-003, AXB-045)
    api.pair(X1)
    r = api.client.request("DELETE", f"{AXB}?relationNum=+8617010000001", headers=aksk_headers(api.app_key, api.secret))
    assert code_of(r) == (403, "1012001")
    assert code_of(api.unbind(relationNum=X1)) == (200, "0")  # %2B works


def test_unbind_other_apps_binding(api):
    sid = api.pair()["subscriptionId"]
    ax = api.as_app("emu-ax-app", "emu-ax-secret")
    api.faults("app.ignore_mode")
    assert code_of(ax.unbind(subscriptionId=sid)) == (403, "1012007")


# -- expiry and modify -------------------------------------------------------------------------------


def test_duration_expiry(api):
    sid = api.pair(duration=60)["subscriptionId"]
    api.advance(59)
    assert code_of(api.query(subscriptionId=sid)) == (200, "0")
    api.advance(1)
    assert code_of(api.query(subscriptionId=sid)) == (403, "1012007")
    assert api.hook("GET", "/bindings")["bindings"] == []


def test_expired_pair_frees_numbers_and_capacity(api):
    api.settings(axb_max_pairs_per_x=1)
    first = api.pair(X1, duration=10)
    api.advance(10)
    r = api.bind(callerNum=first["callerNum"], calleeNum=first["calleeNum"], relationNum=X1)
    assert code_of(r) == (200, "0")


def test_modify_restarts_duration(api):
    sid = api.pair(duration=600)["subscriptionId"]
    api.advance(300)
    assert code_of(api.modify(subscriptionId=sid, duration=600)) == (200, "0")
    api.advance(400)  # t0+700
    assert code_of(api.query(subscriptionId=sid)) == (200, "0")
    api.advance(200)  # t0+900
    assert code_of(api.query(subscriptionId=sid)) == (403, "1012007")


def test_modify_duration_on_permanent_and_back_to_zero(api):
    sid = api.pair()["subscriptionId"]
    api.modify(subscriptionId=sid, duration=120)
    api.advance(119)
    assert code_of(api.query(subscriptionId=sid)) == (200, "0")
    api.modify(subscriptionId=sid, duration=0)
    api.advance(10**6)
    assert code_of(api.query(subscriptionId=sid)) == (200, "0")


def test_modify_fields(api):
    first = api.pair(X1)
    sid = first["subscriptionId"]
    c = api.user()
    r = api.modify(
        subscriptionId=sid,
        calleeNum=c,
        callDirection=2,
        maxDuration=10,
        privateSms="false",
        recordFlag="true",
        userData="u1",
        preVoice={"calleeHintTone": "pnconform-tone.wav"},
        relationNum=X2,
        areaCode="010",
    )
    assert r.json() == {"resultcode": "0", "resultdesc": "Success"}
    item = api.query(subscriptionId=sid).json()["relationNumList"][0]
    assert item["relationNum"] == X1 and item["callerNum"] == first["callerNum"] and item["calleeNum"] == c
    assert (item["callDirection"], item["maxDuration"], item["privateSms"], item["recordFlag"], item["userData"]) == (
        2,
        10,
        "false",
        "true",
        "u1",
    )
    assert item["preVoice"] == {"calleeHintTone": "pnconform-tone.wav"}
    # the old B is free on X again, the new one is taken
    assert code_of(api.bind(callerNum=first["calleeNum"], calleeNum=api.user(), relationNum=X1)) == (200, "0")
    assert code_of(api.bind(callerNum=c, calleeNum=api.user(), relationNum=X1)) == (403, "1012010")


def test_modify_overlap_and_swap(api):
    s1 = api.pair(X1)
    s2 = api.pair(X1)
    r = api.modify(subscriptionId=s1["subscriptionId"], calleeNum=s2["callerNum"])
    assert code_of(r) == (403, "1012010")
    swap = api.modify(subscriptionId=s1["subscriptionId"], callerNum=s1["calleeNum"], calleeNum=s1["callerNum"])
    assert code_of(swap) == (200, "0")
    same = api.modify(subscriptionId=s1["subscriptionId"], calleeNum=s1["calleeNum"])
    assert code_of(same) == (403, "1010002")  # new B equals the (swapped) A


def test_modify_errors(api):
    assert code_of(api.modify(duration=10)) == (403, "1010002")
    assert code_of(api.modify(subscriptionId="nope", duration=10)) == (403, "1012007")
    assert code_of(api.modify(subscriptionId=5)) == (403, "1010002")
    sid = api.pair()["subscriptionId"]
    assert code_of(api.modify(subscriptionId=sid, duration=7776001)) == (403, "1010002")
    assert code_of(api.modify(subscriptionId=sid, callerNum="123")) == (403, "1010002")


def test_subscribe_time_is_last_modification(api):
    sid = api.pair()["subscriptionId"]
    before = api.query(subscriptionId=sid).json()["relationNumList"][0]["subscribeTime"]
    api.advance(3600)
    api.modify(subscriptionId=sid, maxDuration=3)
    after = api.query(subscriptionId=sid).json()["relationNumList"][0]["subscribeTime"]
    assert after > before and after == api.hook("GET", "/clock")["now"]


# -- query ---------------------------------------------------------------------------------------------


def test_query_item_fields(api):
    b = api.pair(X1, recordFlag=True, recordHintTone="pnconform-tone.wav", userData="ud")
    item = api.query(subscriptionId=b["subscriptionId"]).json()["relationNumList"][0]
    assert set(item) == {
        "subscriptionId",
        "relationNum",
        "callerNum",
        "calleeNum",
        "callDirection",
        "duration",
        "maxDuration",
        "recordFlag",
        "recordHintTone",
        "privateSms",
        "subscribeTime",
        "userData",
    }
    plain = api.pair(X1, recordHintTone="pnconform-tone.wav")
    item = api.query(subscriptionId=plain["subscriptionId"]).json()["relationNumList"][0]
    assert "recordHintTone" not in item and item["recordFlag"] == "false"


def test_query_by_relation_num_and_filters(api):
    p1, p2 = api.pair(X1), api.pair(X1)
    body = api.query(relationNum=X1).json()
    assert body["totalCount"] == 2 and [i["subscriptionId"] for i in body["relationNumList"]] == [
        p1["subscriptionId"],
        p2["subscriptionId"],
    ]
    only = api.query(relationNum=X1, callerNum=p1["callerNum"]).json()["relationNumList"]
    assert [i["subscriptionId"] for i in only] == [p1["subscriptionId"]]
    only = api.query(relationNum=X1, calleeNum=p2["calleeNum"]).json()["relationNumList"]
    assert [i["subscriptionId"] for i in only] == [p2["subscriptionId"]]
    both = api.query(relationNum=X1, callerNum=p1["callerNum"], calleeNum=p2["calleeNum"])
    assert code_of(both) == (403, "1012007")


def test_query_id_wins(api):
    p1 = api.pair(X1)
    api.pair(X2)
    body = api.query(subscriptionId=p1["subscriptionId"], relationNum=X2).json()
    assert [i["subscriptionId"] for i in body["relationNumList"]] == [p1["subscriptionId"]]


def test_query_errors(api):
    assert code_of(api.query()) == (403, "1010002")
    assert code_of(api.query(callerNum=api.user())) == (403, "1010002")
    assert code_of(api.query(relationNum=AX_X)) == (403, "1012001")
    assert code_of(api.query(relationNum=X1)) == (403, "1012007")
    assert code_of(api.query(subscriptionId="nope")) == (403, "1012007")


@pytest.fixture
def sixty(api):
    api.settings(axb_max_pairs_per_x=100)
    for _ in range(60):
        api.pair(X1)
    return api


@pytest.mark.parametrize(
    ("params", "index", "size", "count"),
    [
        ({}, 1, 50, 50),
        ({"pageSize": 5}, 1, 50, 50),
        ({"pageSize": 101}, 1, 50, 50),
        ({"pageSize": 10}, 1, 10, 10),
        ({"pageSize": 100}, 1, 100, 60),
        ({"pageIndex": 2, "pageSize": 50}, 2, 50, 10),
        ({"pageIndex": 2}, 2, 50, 10),
        ({"pageIndex": 7, "pageSize": 10}, 7, 10, 0),
    ],
)
def test_query_paging(sixty, params, index, size, count):
    body = sixty.query(relationNum=X1, **params).json()
    assert (body["pageIndex"], body["pageSize"], body["totalCount"], len(body["relationNumList"])) == (
        index,
        size,
        60,
        count,
    )


@pytest.mark.parametrize("params", [{"pageIndex": 0}, {"pageIndex": "x"}, {"pageIndex": "1.5"}, {"pageSize": "ten"}])
def test_query_bad_paging(api, params):
    api.pair(X1)
    assert code_of(api.query(relationNum=X1, **params)) == (403, "1010002")


def test_loose_match_prefers_the_province_over_a_less_loaded_x(api):
    # AXB-013: with every Guangdong X carrying a pair, the least loaded X of the app is in Beijing;
    # areaMatchMode 1 still takes one of the province, unless the province step is skipped (fault).
    for x in (X1, X2, X3, X4, X_020, "+8617010000006"):
        api.pair(x)
    body = {"callerNum": api.user(), "calleeNum": api.user(), "areaCode": "0756", "areaMatchMode": "1"}
    r = api.bind(**body)
    assert code_of(r) == (200, "0") and r.json()["relationNum"] not in (X_010, "+8617010000008")
    api.faults("axb.loose_skips_province")
    r = api.bind(**{**body, "callerNum": api.user(), "calleeNum": api.user()})
    assert code_of(r) == (200, "0") and r.json()["relationNum"] == X_010
