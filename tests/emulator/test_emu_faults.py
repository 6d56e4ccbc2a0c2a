"""Every fault switch, toggled through the hooks API, bends exactly its behaviour.

Each scenario runs twice on a fresh emulator: clean, then with the fault enabled through
``PUT /_emulator/faults``; the observations must equal the expected clean / faulty values.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from emu_helpers import (
    AX_X,
    AXB,
    X1,
    X2,
    X3,
    X4,
    X_010,
    X_020,
    Api,
    AsgiClient,
    aksk_headers,
    check_fault_switch,
    code_of,
    created_now,
    wsse_headers,
)

from pnconform.emulator import FAULTS, builtin_config, create_app

SECRET = "emu-axb-secret"


def deep_json_bind(api: Api) -> tuple[int, bytes]:
    """GEN-006, GEN-009: a bind whose body nests 40 levels deep (its status and the first byte of its body)."""
    body = b'{"callerNum":' + b"[" * 40 + b"]" * 40 + b"}"
    headers = {**aksk_headers(api.app_key, SECRET), "Content-Type": "application/json;charset=UTF-8"}
    r = api.client.post(AXB, content=body, headers=headers)
    return r.status_code, r.content[:1]


def q(api: Api, headers: dict[str, str]) -> tuple[int, str]:
    return code_of(api.request("GET", params={"relationNum": X1}, headers=headers))


def without(headers: dict[str, str], name: str) -> dict[str, str]:
    h = dict(headers)
    del h[name]
    return h


def drop_attr(headers: dict[str, str], attr: str) -> dict[str, str]:
    h = dict(headers)
    h["X-AKSK"] = ",".join(p for p in h["X-AKSK"].split(",") if not p.startswith(f"{attr}="))
    return h


def bind_code(api: Api, **body: Any) -> tuple[int, str]:
    return code_of(api.bind(**{"callerNum": api.user(), "calleeNum": api.user(), **body}))


def overlap(api: Api) -> tuple[int, str]:
    first = api.pair(X1)
    return bind_code(api, callerNum=first["callerNum"], relationNum=X1)


def plus_unescaped(api: Api) -> tuple[int, str]:
    api.pair(X1)
    r = api.client.request("GET", f"{AXB}?relationNum=+8617010000001", headers=aksk_headers(api.app_key, SECRET))
    return code_of(r)


def capacity(api: Api) -> tuple[int, str]:
    api.settings(axb_max_pairs_per_x=1)
    api.pair(X1)
    return bind_code(api, relationNum=X1)


def blacklist(api: Api) -> tuple[int, str]:
    api.hook("POST", "/numbers/status", json={"number": X1, "status": "blacklisted"})
    return bind_code(api, relationNum=X1)


def frozen_app(api: Api) -> tuple[int, str]:
    api.hook("POST", "/apps/state", json={"app_key": "emu-axb-app", "state": "frozen"})
    return q(api, aksk_headers("emu-axb-app", SECRET))


def expiry(api: Api) -> tuple[int, str]:
    sid = api.pair(duration=60)["subscriptionId"]
    api.advance(61)
    return code_of(api.query(subscriptionId=sid))


def restart(api: Api) -> tuple[int, str]:
    sid = api.pair(duration=600)["subscriptionId"]
    api.advance(300)
    api.modify(subscriptionId=sid, duration=600)
    api.advance(400)
    return code_of(api.query(subscriptionId=sid))


def id_vs_x(api: Api) -> tuple[list[str], int]:
    s1 = api.pair(X1)["subscriptionId"]
    api.pair(X2)
    listed = api.query(subscriptionId=s1, relationNum=X2).json()["relationNumList"]
    api.unbind(subscriptionId=s1, relationNum=X2)
    return [i["relationNum"] for i in listed], len(api.hook("GET", "/bindings")["bindings"])


def unbind_all(api: Api) -> int:
    for _ in range(3):
        api.pair(X1)
    api.unbind(relationNum=X1)
    return len(api.hook("GET", "/bindings")["bindings"])


def modify_noop(api: Api) -> tuple[tuple[int, str], int]:
    sid = api.pair()["subscriptionId"]
    r = api.modify(subscriptionId=sid, maxDuration=7)
    return code_of(r), api.query(subscriptionId=sid).json()["relationNumList"][0]["maxDuration"]


def unbind_noop(api: Api) -> tuple[tuple[int, str], tuple[int, str]]:
    sid = api.pair()["subscriptionId"]
    return code_of(api.unbind(subscriptionId=sid)), code_of(api.query(subscriptionId=sid))


def paging(api: Api) -> tuple[int, int, int]:
    for _ in range(12):
        api.pair(X1)
    small = api.query(relationNum=X1, pageSize=5).json()
    default = api.query(relationNum=X1).json()
    return small["pageSize"], len(small["relationNumList"]), default["pageSize"]


def concurrent_same_pair(api: Api) -> int:
    """Five binds of one pair at once on the same event loop: only one may succeed."""
    a, b = api.user(), api.user()
    body = {"callerNum": a, "calleeNum": b, "relationNum": X1}

    async def burst() -> list[Any]:
        return await asyncio.gather(
            *(api.client.http.post(AXB, json=body, headers=aksk_headers(api.app_key, SECRET)) for _ in range(5))
        )

    responses = api.client.loop.run_until_complete(burst())
    return sum(r.json()["resultcode"] == "0" for r in responses)


def wsse_defects(api: Api) -> tuple[tuple[int, str], ...]:
    """AUTH-013: an Authorization of neither scheme, no X-WSSE Nonce, a malformed Created; then a good one."""
    api.settings(accept_wsse=True)
    no_authorization = {**wsse_headers("emu-axb-app", SECRET), "Authorization": "Basic abc"}
    no_nonce = wsse_headers("emu-axb-app", SECRET)
    no_nonce["X-WSSE"] = ",".join(p for p in no_nonce["X-WSSE"].split(",") if not p.startswith("Nonce="))
    bad_created = wsse_headers("emu-axb-app", SECRET, created="2018-02-12T15:30:20.123Z")
    return tuple(q(api, h) for h in (no_authorization, no_nonce, bad_created, wsse_headers("emu-axb-app", SECRET)))


def wsse_wrong_secret(api: Api) -> tuple[int, str]:
    """AUTH-012: a legacy request whose digest was made with another secret."""
    api.settings(accept_wsse=True)
    return q(api, wsse_headers("emu-axb-app", "wrong"))


def limited(api: Api, **limit: int) -> tuple[int, str]:
    """GEN-115: the second query within one minute under a limit of one per minute."""
    api.settings(**limit)
    q(api, aksk_headers("emu-axb-app", SECRET))
    return q(api, aksk_headers("emu-axb-app", SECRET))


def whitelisted_elsewhere(api: Api) -> tuple[int, str]:
    api.hook("POST", "/apps/state", json={"app_key": "emu-axb-app", "ip_whitelist": ["192.0.2.10"]})
    return q(api, aksk_headers("emu-axb-app", SECRET))


def record_without_recording(api: Api) -> tuple[int, str]:
    api.hook("POST", "/apps/state", json={"app_key": "emu-axb-app", "recording": False})
    return bind_code(api, relationNum=X1, recordFlag=True)


def blocked_after(api: Api, seconds: int) -> tuple[int, str]:
    """AUTH-010: two failures block the client; a good query ``seconds`` later."""
    api.settings(auth_block_after_failures=2)
    for _ in range(2):
        q(api, aksk_headers("emu-axb-app", "wrong"))
    api.advance(seconds)
    return q(api, aksk_headers("emu-axb-app", SECRET))


def answered_id_length(api: Api) -> int:
    return len(api.bind(callerNum=api.user(), calleeNum=api.user()).json()["subscriptionId"])


# -- AXB faults added with the AXB rule review ------------------------------------------------------

FIXED = "+8675528000001"  # a fixed-line user number (Shenzhen)
GUANGDONG_X = (X1, X2, X3, X4, X_020, "+8617010000006")


def first_item(api: Api, **bind: Any) -> dict[str, Any]:
    """Bind a fresh pair on X1 with ``bind``; its query item."""
    sid = api.pair(**bind)["subscriptionId"]
    return api.query(subscriptionId=sid).json()["relationNumList"][0]


def modified_item(api: Api, **changes: Any) -> dict[str, Any]:
    """Bind a fresh pair on X1, modify it with ``changes``; its query item."""
    sid = api.pair()["subscriptionId"]
    r = api.modify(subscriptionId=sid, **changes)
    assert code_of(r) == (200, "0"), r.text
    return api.query(subscriptionId=sid).json()["relationNumList"][0]


def loose_outside_city(api: Api) -> str:
    """AXB-013: no X in 0756; every Guangdong X carries a pair, the Beijing ones none."""
    for x in GUANGDONG_X:
        api.pair(x)
    return api.bind(callerNum=api.user(), calleeNum=api.user(), areaCode="0756", areaMatchMode="1").json()[
        "relationNum"
    ]


def call_state(api: Api, caller: str, called: str = X1) -> int:
    return api.hook("POST", "/calls", json={"caller": caller, "called": called})["stateCode"]


def second_call(api: Api) -> tuple[int, int]:
    a = api.pair()["callerNum"]
    return call_state(api, a), call_state(api, a)


def call_after_unbind(api: Api) -> int:
    first = api.pair()
    api.unbind(subscriptionId=first["subscriptionId"])
    return call_state(api, first["callerNum"])


def user_on_second_x(api: Api) -> tuple[int, str]:
    return bind_code(api, callerNum=api.pair(X1)["callerNum"], relationNum=X2)


def rebind_after_unbind(api: Api) -> tuple[int, str]:
    first = api.pair()
    api.unbind(subscriptionId=first["subscriptionId"])
    return bind_code(api, callerNum=first["callerNum"], relationNum=X1)


def second_pair(api: Api) -> tuple[int, str]:
    api.pair()
    return bind_code(api, relationNum=X1)


def query_by_caller(api: Api) -> tuple[int, str]:
    return code_of(api.query(callerNum=api.pair()["callerNum"]))


def refused_bind_leaves(api: Api) -> tuple[str, int]:
    """A bind refused for an out-of-range duration: its code, and how many pairs X lists after it."""
    r = api.bind(callerNum=api.user(), calleeNum=api.user(), relationNum=X1, duration=-1)
    return r.json()["resultcode"], len(api.query(relationNum=X1).json().get("relationNumList") or [])


def listed_on_x(api: Api) -> int:
    api.pair()
    api.pair()
    return len(api.query(relationNum=X1).json()["relationNumList"])


def filtered_on_x(api: Api) -> int:
    a = api.pair()["callerNum"]
    api.pair()
    return api.query(relationNum=X1, callerNum=a).json()["totalCount"]


def subscribe_time_moves(api: Api) -> bool:
    sid = api.pair()["subscriptionId"]
    before = api.query(subscriptionId=sid).json()["relationNumList"][0]["subscribeTime"]
    api.advance(60)
    api.modify(subscriptionId=sid, maxDuration=3)
    return api.query(subscriptionId=sid).json()["relationNumList"][0]["subscribeTime"] != before


def made_permanent(api: Api) -> tuple[int, str]:
    sid = api.pair(duration=60)["subscriptionId"]
    api.modify(subscriptionId=sid, duration=0)
    api.advance(61)
    return code_of(api.query(subscriptionId=sid))


OK = (403, "1012007")  # an authenticated query on an X without bindings
SCENARIOS: dict[str, tuple[Callable[[Api], Any], Any, Any]] = {
    "auth.skip_digest": (lambda api: q(api, aksk_headers("emu-axb-app", "wrong")), (401, "1010010"), OK),
    "auth.ignore_created": (
        lambda api: q(api, aksk_headers("emu-axb-app", SECRET, created=created_now(-86400))),
        (401, "1010013"),
        OK,
    ),
    "auth.skip_header_checks": (
        lambda api: q(api, without(aksk_headers("emu-axb-app", SECRET), "Authorization")),
        (400, "1023006"),
        OK,
    ),
    "auth.skip_xaksk_checks": (
        lambda api: q(api, drop_attr(aksk_headers("emu-axb-app", SECRET), "Nonce")),
        (400, "1023035"),
        (401, "1010010"),
    ),
    "auth.strict_separator": (
        lambda api: (
            q(api, aksk_headers("emu-axb-app", SECRET, sep=", ")),
            q(api, aksk_headers("emu-axb-app", SECRET, sep=",")),
        ),
        (OK, OK),
        ((401, "1010010"), OK),
    ),
    "auth.skip_wsse_header_checks": (
        wsse_defects,
        ((400, "1023013"), (400, "1023028"), (400, "1023031"), OK),
        ((401, "1010010"),) * 3 + (OK,),
    ),
    "auth.digest_unpadded": (lambda api: q(api, aksk_headers("emu-axb-app", SECRET)), OK, (401, "1010010")),
    "auth.nonce_max_32": (
        lambda api: q(api, aksk_headers("emu-axb-app", SECRET, nonce="N" * 128)),
        OK,
        (401, "1010010"),
    ),
    "auth.business_first": (
        lambda api: code_of(
            api.request(
                "GET",
                params={"subscriptionId": "nope"},
                headers=without(aksk_headers("emu-axb-app", SECRET), "Authorization"),
            )
        ),
        (400, "1023006"),
        (403, "1012007"),
    ),
    "auth.wsse_any_digest": (wsse_wrong_secret, (401, "1010010"), OK),
    "auth.no_flow_control": (lambda api: limited(api, flow_control_per_min=1), (403, "1010010"), OK),
    "auth.no_requester_limit": (lambda api: limited(api, requester_limit_per_min=1), (403, "1011006"), OK),
    "app.ignore_ip_whitelist": (whitelisted_elsewhere, (403, "1020166"), OK),
    "axb.recordflag_needs_recording": (record_without_recording, (200, "0"), (403, "1012012")),
    "auth.skip_app_key": (lambda api: q(api, aksk_headers("nobody", "x")), (403, "1010003"), (401, "1010010")),
    "app.ignore_state": (frozen_app, (403, "1010029"), OK),
    "app.ignore_mode": (
        lambda api: code_of(api.as_app("emu-ax-app", "emu-ax-secret").query(relationNum=AX_X)),
        (403, "1010040"),
        OK,
    ),
    "app.ignore_ownership": (
        lambda api: (bind_code(api, relationNum=AX_X), code_of(api.query(relationNum=AX_X))),
        ((403, "1012001"), (403, "1012001")),
        ((200, "0"), (200, "0")),
    ),
    "envelope.int_resultcode": (
        lambda api: (api.query(relationNum=X1).json()["resultcode"], api.pair()["resultcode"]),
        ("1012007", "0"),
        (1012007, 0),
    ),
    "envelope.no_resultdesc": (
        lambda api: ("resultdesc" in api.query(relationNum=X1).json(), "resultdesc" in api.pair()),
        (True, True),
        (False, False),
    ),
    "envelope.status_200": (
        lambda api: (code_of(api.query(relationNum=X1)), q(api, aksk_headers("emu-axb-app", "wrong"))),
        (OK, (401, "1010010")),
        ((200, "1012007"), (200, "1010010")),
    ),
    "envelope.success_text": (lambda api: api.pair()["resultdesc"], "Success", "OK"),
    "envelope.not_json": (lambda api: api.query(relationNum=X1).content[:1], b"{", b"O"),
    "envelope.national_x": (lambda api: api.pair()["relationNum"], X1, X1.removeprefix("+86")),
    "http.content_type_without_body": (lambda api: code_of(api.query(relationNum=X1)), OK, (403, "1010002")),
    "http.query_string_ignored": (lambda api: code_of(api.query(relationNum=X1)), OK, (403, "1010002")),
    "http.unknown_path_403": (
        lambda api: (api.client.get("/nope").status_code, api.client.request("PATCH", AXB).status_code),
        (404, 404),
        (403, 403),
    ),
    "http.plus_tolerant": (plus_unescaped, (403, "1012001"), (200, "0")),
    "http.crash_on_deep_json": (deep_json_bind, (403, b"{"), (500, b"I")),
    "validate.skip_numbers": (
        lambda api: bind_code(api, callerNum="13800000001", relationNum=X1),
        (403, "1010002"),
        (200, "0"),
    ),
    "validate.service_numbers": (
        lambda api: bind_code(api, callerNum="+864001234567", relationNum=X1),
        (403, "1010002"),
        (200, "0"),
    ),
    "validate.foreign_numbers": (
        lambda api: bind_code(api, callerNum="+85291234567", relationNum=X1),
        (403, "1010002"),
        (200, "0"),
    ),
    "validate.skip_required": (
        lambda api: (code_of(api.bind(callerNum=api.user(), relationNum=X1)), code_of(api.modify(duration=5))),
        ((403, "1010002"), (403, "1010002")),
        ((403, "1012007"), (403, "1012007")),
    ),
    "validate.skip_ranges": (
        lambda api: (bind_code(api, relationNum=X1, callDirection=3), bind_code(api, relationNum=X1, duration=7776001)),
        ((403, "1010002"),) * 2,
        ((200, "0"),) * 2,
    ),
    "validate.skip_user_data": (
        lambda api: bind_code(api, relationNum=X1, userData="{x}"),
        (403, "1010002"),
        (200, "0"),
    ),
    "validate.skip_voice_files": (
        lambda api: bind_code(api, relationNum=X1, lastMinVoice="nope.wav"),
        (403, "1010002"),
        (200, "0"),
    ),
    "number.ignore_blacklist": (blacklist, (403, "1012102"), (200, "0")),
    "axb.allow_overlap": (overlap, (403, "1012010"), (200, "0")),
    "axb.duplicate_code": (overlap, (403, "1012010"), (403, "1012008")),
    "axb.ignore_capacity": (capacity, (403, "1012008"), (200, "0")),
    "axb.ignore_area": (
        lambda api: (
            bind_code(api, areaCode="0756"),
            api.bind(callerNum=api.user(), calleeNum=api.user(), areaCode="010").json()["relationNum"],
        ),
        ((403, "1012008"), X_010),
        ((200, "0"), X2),
    ),
    "axb.loose_as_strict": (
        lambda api: bind_code(api, areaCode="0756", areaMatchMode="1"),
        (200, "0"),
        (403, "1012008"),
    ),
    "axb.areacode_wins": (
        lambda api: api.bind(callerNum=api.user(), calleeNum=api.user(), relationNum=X_010, areaCode="0755").json()[
            "relationNum"
        ],
        X_010,
        X1,
    ),
    "axb.ignore_duration": (expiry, (403, "1012007"), (200, "0")),
    "axb.no_duration_restart": (restart, (200, "0"), (403, "1012007")),
    "axb.relationnum_wins": (id_vs_x, ([X1], 1), ([X2], 1)),
    "axb.unbind_one": (unbind_all, 0, 2),
    "axb.modify_noop": (modify_noop, ((200, "0"), 7), ((200, "0"), 0)),
    "axb.unbind_noop": (unbind_noop, ((200, "0"), (403, "1012007")), ((200, "0"), (200, "0"))),
    "axb.page_size_unclamped": (paging, (50, 12, 50), (5, 5, 100)),
    "axb.unlocked": (concurrent_same_pair, 1, 5),
    "axb.long_subscription_id": (answered_id_length, 32, 65),
    "auth.no_blocking": (lambda api: blocked_after(api, 0), (403, "1020176"), OK),
    "auth.short_block": (lambda api: blocked_after(api, 900), (403, "1020176"), OK),
    "auth.endless_block": (lambda api: blocked_after(api, 1900), OK, (403, "1020176")),
    "axb.answer_without_x": (lambda api: "relationNum" in api.pair(), True, False),
    "axb.hint_tone_always": (lambda api: "recordHintTone" in first_item(api), False, True),
    "axb.loose_skips_province": (loose_outside_city, X1, "+8617010000007"),
    "axb.modify_ignores_direction": (lambda api: modified_item(api, callDirection=1)["callDirection"], 1, 0),
    "axb.modify_moves_x": (lambda api: modified_item(api, relationNum=X2)["relationNum"], X1, X2),
    "axb.modify_unknown_ok": (
        lambda api: code_of(api.modify(subscriptionId="nope", maxDuration=3)),
        (403, "1012007"),
        (200, "0"),
    ),
    "axb.one_call_per_binding": (second_call, (0, 0), (0, 8014)),
    "axb.one_x_per_user": (user_on_second_x, (200, "0"), (403, "1012010")),
    "axb.query_caller_alone_ok": (query_by_caller, (403, "1010002"), (200, "0")),
    "axb.query_drops_last": (listed_on_x, 2, 1),
    "axb.query_filters_ignored": (filtered_on_x, 1, 2),
    "axb.query_unknown_200": (
        lambda api: code_of(api.query(subscriptionId="nope")),
        (403, "1012007"),
        (200, "1012007"),
    ),
    "axb.query_wrong_max_duration": (lambda api: first_item(api, maxDuration=7)["maxDuration"], 7, 0),
    "axb.rebind_refused": (rebind_after_unbind, (200, "0"), (403, "1012010")),
    "axb.refuse_fixed_line": (
        lambda api: bind_code(api, callerNum=FIXED, relationNum=X1),
        (200, "0"),
        (403, "1010002"),
    ),
    "axb.partial_write": (refused_bind_leaves, ("1010002", 0), ("1010002", 1)),
    "axb.second_pair_refused": (second_pair, (200, "0"), (403, "1012010")),
    "axb.subscribe_time_frozen": (subscribe_time_moves, True, False),
    "axb.unbind_keeps_routes": (call_after_unbind, 8014, 0),
    "axb.unbind_nothing_ok": (lambda api: code_of(api.unbind()), (403, "1012001"), (200, "0")),
    "axb.unbind_unknown_ok": (
        lambda api: code_of(api.unbind(subscriptionId="nope")),
        (403, "1012007"),
        (200, "0"),
    ),
    "axb.zero_duration_ignored": (made_permanent, (200, "0"), (403, "1012007")),
}


def test_every_fault_has_a_scenario():
    # AX faults are exercised in test_emu_ax.py (their scenarios need a client signed as the AX app),
    # AXE faults in test_emu_axe.py, AXYB faults in test_emu_axyb.py, the call simulator's in test_emu_calls*.py.
    calls = ("call.", "push.", "sms.", "xmode.", "xstat.", "rec.", "stop.", "code.")  # code.*: test_emu_conditions.py
    elsewhere = {"http.plain_http"}  # needs a real server without TLS: tests/test_tls_emulator.py
    assert set(SCENARIOS) == {
        name for name in FAULTS if not name.startswith(("ax.", "axe.", "axyb.", *calls)) and name not in elsewhere
    }


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_fault_switch_has_its_effect(name):
    check_fault_switch(Api, *SCENARIOS[name], name)


def test_faults_from_config():
    cfg = builtin_config().with_faults(["axb.allow_overlap"])
    client = AsgiClient(create_app(cfg))
    try:
        assert overlap(Api(client)) == (200, "0")
    finally:
        client.close()
