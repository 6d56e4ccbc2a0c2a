"""App attributes through the hooks: state, recording, IP whitelist (GET /_emulator/apps,
POST /_emulator/apps/state), their reset, the hooks client, and what they change."""

from __future__ import annotations

import json

import httpx
import pytest
from emu_helpers import X1, Api, AsgiClient, code_of

from pnconform.emulator import EmbeddedEmulator, builtin_config, create_app
from pnconform.hooks import HooksClient, HooksError, RestoringHooks

AXB_APP = "emu-axb-app"


def apps_by_key(api: Api) -> dict[str, dict]:
    return {app["app_key"]: app for app in api.hook("GET", "/apps")["apps"]}


def set_app(api: Api, **body: object) -> dict:
    return api.hook("POST", "/apps/state", json={"app_key": AXB_APP, **body})


def test_apps_listing(api):
    body = api.hook("GET", "/apps")
    assert body["resultcode"] == "0" and body["resultdesc"] == "Success"
    apps = {app["app_key"]: app for app in body["apps"]}
    assert set(apps) == {"emu-axb-app", "emu-ax-app", "emu-axe-app", "emu-axyb-app", "emu-x-app"}
    axb = apps[AXB_APP]
    assert set(axb) == {"app_key", "mode", "state", "recording", "ip_whitelist", "x_numbers"}
    assert (axb["mode"], axb["state"], axb["recording"], axb["ip_whitelist"]) == ("axb", "normal", True, [])
    assert axb["x_numbers"][0] == {"number": X1, "area_code": "0755", "province": "guangdong"}
    assert len(axb["x_numbers"]) == 8
    assert "secret" not in api.client.get("/_emulator/apps").text


def test_set_each_attribute_alone(api):
    changed = set_app(api, recording=False)
    assert (changed["app_key"], changed["state"], changed["recording"], changed["ip_whitelist"]) == (
        AXB_APP,
        "normal",
        False,
        [],
    )
    changed = set_app(api, ip_whitelist=["192.0.2.10", "10.1.0.0/16"])
    assert changed["ip_whitelist"] == ["192.0.2.10", "10.1.0.0/16"] and changed["recording"] is False
    changed = set_app(api, state="frozen")
    assert changed["state"] == "frozen" and changed["ip_whitelist"] == ["192.0.2.10", "10.1.0.0/16"]
    listed = apps_by_key(api)[AXB_APP]
    assert {k: v for k, v in changed.items() if k not in ("resultcode", "resultdesc")} == listed
    assert {k: listed[k] for k in ("state", "recording", "ip_whitelist")} == {
        "state": "frozen",
        "recording": False,
        "ip_whitelist": ["192.0.2.10", "10.1.0.0/16"],
    }
    assert apps_by_key(api)["emu-ax-app"]["recording"] is True  # other apps untouched


def test_set_several_attributes_at_once(api):
    changed = set_app(api, state="unavailable", recording=False, ip_whitelist=["::1"])
    assert (changed["state"], changed["recording"], changed["ip_whitelist"]) == ("unavailable", False, ["::1"])


@pytest.mark.parametrize(
    "body",
    [
        {"app_key": AXB_APP},  # no attribute
        {"app_key": "nope", "recording": False},
        {"recording": False},
        {"app_key": AXB_APP, "state": "gone"},
        {"app_key": AXB_APP, "state": None},
        {"app_key": AXB_APP, "recording": "false"},
        {"app_key": AXB_APP, "recording": 0},
        {"app_key": AXB_APP, "recording": None},
        {"app_key": AXB_APP, "ip_whitelist": "192.0.2.10"},
        {"app_key": AXB_APP, "ip_whitelist": ["192.0.2.300"]},
        {"app_key": AXB_APP, "ip_whitelist": ["not an ip"]},
        {"app_key": AXB_APP, "ip_whitelist": [17]},
        {"app_key": AXB_APP, "ip_whitelist": None},
        {"app_key": AXB_APP, "whitelist": []},  # unknown attribute (a typo)
        # a bad value anywhere changes nothing, not even the good ones
        {"app_key": AXB_APP, "state": "frozen", "recording": False, "ip_whitelist": ["bad"]},
    ],
)
def test_bad_bodies_are_refused_and_change_nothing(api, body):
    before = apps_by_key(api)
    r = api.client.post("/_emulator/apps/state", json=body)
    assert r.status_code == 400, r.text
    assert r.json()["resultcode"] != "0"
    assert apps_by_key(api) == before


def test_reset_restores_the_configured_attributes():
    cfg = builtin_config()
    cfg.apps[0].recording = False
    cfg.apps[0].ip_whitelist = ["127.0.0.0/8"]
    client = AsgiClient(create_app(cfg))
    try:
        api = Api(client)
        set_app(api, state="frozen", recording=True, ip_whitelist=["192.0.2.10"])
        api.hook("POST", "/apps/state", json={"app_key": "emu-ax-app", "recording": False})
        api.hook("POST", "/reset")
        apps = apps_by_key(api)
        axb = apps[AXB_APP]
        assert (axb["state"], axb["recording"], axb["ip_whitelist"]) == ("normal", False, ["127.0.0.0/8"])
        assert apps["emu-ax-app"]["recording"] is True
        assert code_of(api.query(relationNum=X1)) == (403, "1012007")  # 127.0.0.1 is inside again
    finally:
        client.close()


# -- effects --------------------------------------------------------------------------------------


def test_ip_whitelist_through_the_hook(api):
    """AUTH-010: the in-process client is 127.0.0.1."""
    set_app(api, ip_whitelist=["192.0.2.10"])
    r = api.query(relationNum=X1)
    assert code_of(r) == (403, "1020166")
    assert r.json()["resultdesc"] == "The app client ip is not in ip white list."
    set_app(api, ip_whitelist=["192.0.2.10", "127.0.0.0/8"])
    assert code_of(api.query(relationNum=X1)) == (403, "1012007")
    set_app(api, ip_whitelist=[])  # no whitelist at all
    assert code_of(api.query(relationNum=X1)) == (403, "1012007")


def test_whitelist_comes_after_digest_and_created(api):
    set_app(api, ip_whitelist=["192.0.2.10"])
    bad = Api(api.client, AXB_APP, "wrong")
    assert code_of(bad.query(relationNum=X1)) == (401, "1010010")


def test_hooks_ignore_the_whitelist(api):
    set_app(api, ip_whitelist=["192.0.2.10"])
    assert api.client.get("/_emulator/clock").status_code == 200


@pytest.mark.parametrize("flag", [True, "true"])
def test_record_flag_on_an_app_without_recording(api, flag):
    """D-15 / AXB-020: accepted; query keeps showing the flag as sent (nothing is recorded)."""
    set_app(api, recording=False)
    body = api.pair(X1, recordFlag=flag)
    assert body["resultcode"] == "0"
    item = api.query(subscriptionId=body["subscriptionId"]).json()["relationNumList"][0]
    assert item["recordFlag"] == "true"
    assert code_of(api.modify(subscriptionId=body["subscriptionId"], recordFlag=True)) == (200, "0")


def test_recordflag_fault_needs_recording(api):
    api.faults("axb.recordflag_needs_recording")
    assert api.pair(X1, recordFlag=True)["resultcode"] == "0"  # the app records: no effect
    set_app(api, recording=False)
    r = api.bind(callerNum=api.user(), calleeNum=api.user(), relationNum=X1, recordFlag="true")
    assert code_of(r) == (403, "1012012")
    assert r.json()["resultdesc"] == "Application does not open recording function."
    assert code_of(api.bind(callerNum=api.user(), calleeNum=api.user(), relationNum=X1, recordFlag=False)) == (
        200,
        "0",
    )
    assert code_of(api.bind(callerNum=api.user(), calleeNum=api.user(), relationNum=X1)) == (200, "0")


# -- the hooks client ---------------------------------------------------------------------------------


@pytest.fixture
def emulator():
    cfg = builtin_config()
    cfg.apps[1].recording = False  # emu-ax-app: originals that are not the defaults
    cfg.apps[1].ip_whitelist = ["127.0.0.0/8"]
    with EmbeddedEmulator(cfg) as emu:
        yield emu


def test_hooks_client_apps_and_set_app_state(emulator):
    hooks = HooksClient(emulator.base_url)
    try:
        apps = {app["app_key"]: app for app in hooks.apps()}
        assert apps["emu-ax-app"]["ip_whitelist"] == ["127.0.0.0/8"]
        assert "app_secret" not in apps[AXB_APP]
        changed = hooks.set_app_state(AXB_APP, recording=False)
        assert changed["recording"] is False and changed["state"] == "normal"
        hooks.set_app_state(AXB_APP, "frozen")  # the positional form the steps use
        assert {a["app_key"]: a for a in hooks.apps()}[AXB_APP]["state"] == "frozen"
        with pytest.raises(ValueError):
            hooks.set_app_state(AXB_APP)
        with pytest.raises(HooksError):
            hooks.set_app_state(AXB_APP, ip_whitelist=["nope"])
    finally:
        hooks.close()


def test_restoring_hooks_give_back_the_original_attributes(emulator):
    plain = HooksClient(emulator.base_url)
    before = plain.apps()
    hooks = RestoringHooks(emulator.base_url)
    hooks.set_app_state(AXB_APP, ip_whitelist=["192.0.2.10"])
    hooks.set_app_state(AXB_APP, "unavailable", recording=False)
    hooks.set_app_state("emu-ax-app", recording=True, ip_whitelist=[])
    hooks.set_app_state("emu-ax-app", "frozen")
    with pytest.raises(HooksError):
        hooks.set_app_state("nope", "frozen")
    changed = {a["app_key"]: a for a in plain.apps()}
    assert changed[AXB_APP]["state"] == "unavailable" and changed["emu-ax-app"]["ip_whitelist"] == []
    hooks.restore()
    try:
        assert plain.apps() == before
    finally:
        plain.close()


def test_restoring_hooks_on_a_target_without_the_apps_listing():
    """A target with the older contract (no GET /apps): the app is put back to normal."""
    sent: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/apps"):
            return httpx.Response(404, json={"error": "not found"})
        sent.append(json.loads(request.content))
        return httpx.Response(200, json={"resultcode": "0", "resultdesc": "Success"})

    hooks = RestoringHooks("http://target")
    hooks._http = httpx.Client(base_url="http://target/_emulator", transport=httpx.MockTransport(handler))
    hooks.set_app_state(AXB_APP, "frozen")
    hooks.restore()
    assert sent == [{"app_key": AXB_APP, "state": "frozen"}, {"app_key": AXB_APP, "state": "normal"}]
