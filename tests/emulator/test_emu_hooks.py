"""The /_emulator/ test-hooks contract."""

from __future__ import annotations

import re

import pytest
from emu_helpers import X1, X2, Api, AsgiClient, code_of

from pnconform.emulator import FAULTS, create_app


def test_envelope_and_clock(api):
    body = api.hook("GET", "/clock")
    assert body["resultcode"] == "0" and body["resultdesc"] == "Success"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", body["now"])
    later = api.hook("POST", "/clock/advance", json={"seconds": 86400})["now"]
    assert later[:10] > body["now"][:10]


@pytest.mark.parametrize("seconds", [-1, "10", True, None])
def test_advance_rejects_bad_seconds(client, seconds):
    r = client.post("/_emulator/clock/advance", json={"seconds": seconds})
    assert r.status_code == 400 and r.json()["resultcode"] != "0"


def test_bindings_listing(api):
    b1 = api.pair(X1, duration=100)
    api.pair(X2)
    rows = api.hook("GET", "/bindings")["bindings"]
    assert rows[0]["subscriptionId"] == b1["subscriptionId"]
    first = rows[0]
    assert {k: first[k] for k in ("mode", "app_key", "relationNum", "callerNum", "calleeNum")} == {
        "mode": "axb",
        "app_key": "emu-axb-app",
        "relationNum": X1,
        "callerNum": b1["callerNum"],
        "calleeNum": b1["calleeNum"],
    }
    assert first["expireTime"] is not None and rows[1]["expireTime"] is None
    assert len(api.hook("GET", "/bindings", params={"mode": "axb", "app_key": "emu-axb-app"})["bindings"]) == 2
    assert api.hook("GET", "/bindings", params={"app_key": "other"})["bindings"] == []
    assert api.hook("GET", "/bindings", params={"mode": "ax"})["bindings"] == []
    assert api.client.get("/_emulator/bindings", params={"mode": "zz"}).status_code == 400


def test_faults_get_and_put(api):
    body = api.hook("GET", "/faults")
    assert body["enabled"] == []
    assert {f["name"] for f in body["available"]} == set(FAULTS)
    assert all(f["rules"] and f["description"] for f in body["available"])
    api.faults("axb.allow_overlap", "auth.skip_digest")
    assert api.hook("GET", "/faults")["enabled"] == ["auth.skip_digest", "axb.allow_overlap"]
    r = api.client.request("PUT", "/_emulator/faults", json={"enabled": ["axb.allow_overlap", "nope"]})
    assert r.status_code == 400 and "nope" in r.json()["resultdesc"]
    assert api.hook("GET", "/faults")["enabled"] == ["auth.skip_digest", "axb.allow_overlap"]
    assert api.client.request("PUT", "/_emulator/faults", json={"enabled": "x"}).status_code == 400
    api.faults()
    assert api.hook("GET", "/faults")["enabled"] == []


def test_number_and_app_state_errors(client):
    assert (
        client.post("/_emulator/numbers/status", json={"number": "+8613800000001", "status": "blacklisted"}).status_code
        == 400
    )
    assert client.post("/_emulator/numbers/status", json={"number": X1, "status": "gone"}).status_code == 400
    assert client.post("/_emulator/apps/state", json={"app_key": "nope", "state": "frozen"}).status_code == 400
    assert client.post("/_emulator/apps/state", json={"app_key": "emu-axb-app", "state": "x"}).status_code == 400
    assert client.post("/_emulator/apps/state", content=b"{bad").status_code == 400


def test_settings(api):
    settings = api.hook("GET", "/settings")["settings"]
    assert settings["axb_max_pairs_per_x"] == 5000
    patched = api.hook("PATCH", "/settings", json={"axb_max_pairs_per_x": 7})["settings"]
    assert patched["axb_max_pairs_per_x"] == 7 and patched["created_skew_s"] == 300
    for bad in ({"axb_max_pairs_per_x": "7"}, {"unknown": 1}):
        r = api.client.request("PATCH", "/_emulator/settings", json=bad)
        assert r.status_code == 400
    assert api.hook("GET", "/settings")["settings"]["axb_max_pairs_per_x"] == 7


def test_reset(api):
    api.pair(X1)
    api.faults("axb.allow_overlap")
    api.settings(axb_max_pairs_per_x=9)
    api.hook("POST", "/numbers/status", json={"number": X2, "status": "blacklisted"})
    api.hook("POST", "/apps/state", json={"app_key": "emu-axb-app", "state": "frozen"})
    api.advance(10**6)
    api.hook("POST", "/reset")
    assert api.hook("GET", "/bindings")["bindings"] == []
    assert api.hook("GET", "/faults")["enabled"] == ["axb.allow_overlap"]  # faults stay
    assert api.hook("GET", "/settings")["settings"]["axb_max_pairs_per_x"] == 9
    assert code_of(api.bind(callerNum=api.user(), calleeNum=api.user(), relationNum=X2)) == (200, "0")
    assert abs(api.client.app.state.emulator.clock.offset) < 1


def test_hooks_are_loopback_only(config):
    remote = AsgiClient(create_app(config), client=("192.0.2.7", 4000))
    try:
        r = remote.get("/_emulator/clock")
        assert r.status_code == 403
    finally:
        remote.close()
    open_cfg = config.with_settings({"hooks_loopback_only": False})
    remote = AsgiClient(create_app(open_cfg), client=("192.0.2.7", 4000))
    try:
        assert remote.get("/_emulator/clock").status_code == 200
    finally:
        remote.close()


def test_hooks_ignore_envelope_faults(api):
    api.faults("envelope.int_resultcode", "envelope.no_resultdesc", "envelope.status_200")
    body = api.hook("GET", "/clock")
    assert body["resultcode"] == "0" and body["resultdesc"] == "Success"
    assert api.client.post("/_emulator/clock/advance", json={"seconds": -1}).status_code == 400


def test_app_state_of_another_mode(api):
    api.hook("POST", "/apps/state", json={"app_key": "emu-ax-app", "state": "unavailable"})
    ax = Api(api.client, "emu-ax-app", "emu-ax-secret")
    assert code_of(ax.query(relationNum=X1)) == (403, "1010008")
