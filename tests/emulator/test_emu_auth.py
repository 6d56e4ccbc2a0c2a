"""AKSK / WSSE verification and the account checks of the pipeline (AUTH-*, design steps 2-6)."""

from __future__ import annotations

import pytest
from emu_helpers import AUTHORIZATION, AXB, X1, aksk_headers, code_of, created_now, wsse_headers

from pnconform.emulator.auth import aksk_digest, wsse_digest

# Worked example (AUTH-004): inputs in the shape of the Huawei examples, digest checked once
# with `printf '%s' NONCE+CREATED | openssl dgst -sha256 -hmac SECRET -binary | base64`.
NONCE = "66C92B11FF8A425FB8D4CCFE0ED9ED1F"
CREATED = "2018-02-12T15:30:20Z"
SECRET = "emu-axb-secret"
AKSK_DIGEST = "kDIIlPG8M7keYyI900/6wKHvAM9fsrDmfoV14h/4LFQ="
WSSE_DIGEST = "N4fEof3FiJf/LiQ0qPO6uxauoSmEvhNXOGDqziNbtY0="  # Base64(SHA256(nonce+created+secret))


def test_worked_example_digest():
    assert aksk_digest(SECRET, NONCE, CREATED) == AKSK_DIGEST
    assert len(AKSK_DIGEST) == 44
    assert wsse_digest(SECRET, NONCE, CREATED) == WSSE_DIGEST


def test_worked_example_over_http(api):
    api.settings(created_skew_s=10**10)  # the example's Created is from 2018
    token = f'UsernameToken Username="emu-axb-app",PasswordDigest="{AKSK_DIGEST}",Nonce="{NONCE}",Created="{CREATED}"'
    ok = api.request("GET", params={"relationNum": X1}, headers={"Authorization": AUTHORIZATION, "X-AKSK": token})
    assert code_of(ok) == (403, "1012007")  # authenticated; X has no bindings
    bad = api.request(
        "GET",
        params={"relationNum": X1},
        headers={"Authorization": AUTHORIZATION, "X-AKSK": token.replace("kDII", "kDIJ")},
    )
    assert code_of(bad) == (401, "1010010")
    assert bad.json()["resultdesc"] == "Invalid digest."


@pytest.mark.parametrize("sep", [",", ", "])
def test_separator_with_or_without_space(api, sep):
    r = api.request("GET", params={"relationNum": X1}, headers=aksk_headers("emu-axb-app", SECRET, sep=sep))
    assert code_of(r) == (403, "1012007")


def test_authorization_attribute_order_and_spaces_free(api):
    h = aksk_headers("emu-axb-app", SECRET)
    h["Authorization"] = 'AKSK type="Appkey", profile="UsernameToken", realm="SDP"'
    assert code_of(api.request("GET", params={"relationNum": X1}, headers=h)) == (403, "1012007")


@pytest.mark.parametrize(
    ("authorization", "code"),
    [
        (None, "1023006"),
        ("Basic abc", "1023006"),
        ('AKSK profile="UsernameToken",type="Appkey"', "1023007"),
        ('AKSK realm="SDP",type="Appkey"', "1023008"),
        ('AKSK realm="XYZ",profile="UsernameToken",type="Appkey"', "1023009"),
        ('AKSK realm="SDP",profile="Token",type="Appkey"', "1023010"),
        ('AKSK realm="SDP",profile="UsernameToken",type="AppKey2"', "1023011"),
        ('AKSK realm="SDP",profile="UsernameToken"', "1023012"),
        ('WSSE realm="SDP",profile="UsernameToken",type="Appkey"', "1023006"),  # WSSE off
    ],
)
def test_authorization_codes(api, authorization, code):
    h = aksk_headers("emu-axb-app", SECRET)
    if authorization is None:
        del h["Authorization"]
    else:
        h["Authorization"] = authorization
    assert code_of(api.request("GET", params={"relationNum": X1}, headers=h)) == (400, code)


@pytest.mark.parametrize(
    ("drop", "code"),
    [
        ("header", "1023033"),
        ("Username", "1023034"),
        ("Nonce", "1023035"),
        ("Created", "1023036"),
        ("PasswordDigest", "1023037"),
    ],
)
def test_x_aksk_codes(api, drop, code):
    h = aksk_headers("emu-axb-app", SECRET)
    if drop == "header":
        del h["X-AKSK"]
    else:
        parts = [p for p in h["X-AKSK"].removeprefix("UsernameToken ").split(",") if not p.startswith(drop + "=")]
        h["X-AKSK"] = "UsernameToken " + ",".join(parts)
    assert code_of(api.request("GET", params={"relationNum": X1}, headers=h)) == (400, code)


def test_unquoted_attribute_counts_as_missing(api):
    h = aksk_headers("emu-axb-app", SECRET)
    h["X-AKSK"] = h["X-AKSK"].replace('Username="emu-axb-app"', "Username=emu-axb-app")
    assert code_of(api.request("GET", params={"relationNum": X1}, headers=h)) == (400, "1023034")


def test_unknown_app_key(api):
    r = api.request("GET", params={"relationNum": X1}, headers=aksk_headers("who", "x"))
    assert code_of(r) == (403, "1010003")
    assert r.json()["resultdesc"] == "Invalid app_key."


def test_wrong_secret_is_bad_digest(api):
    r = api.request("GET", params={"relationNum": X1}, headers=aksk_headers("emu-axb-app", "nope"))
    assert code_of(r) == (401, "1010010")


@pytest.mark.parametrize(
    "created",
    [
        -330,
        330,
        -86400,
        "2018-02-12 15:30:20",
        "2018-02-12T15:30:20.123Z",
        "yesterday",
        "2018-02-30T15:30:20Z",
        "2018-02-12t15:30:20z",
    ],
)
def test_stale_or_malformed_created(api, created):
    if isinstance(created, int):
        created = created_now(created)
    r = api.request("GET", params={"relationNum": X1}, headers=aksk_headers("emu-axb-app", SECRET, created=created))
    assert code_of(r) == (401, "1010013")
    assert r.json()["resultdesc"] == "Time out limit."


def test_created_within_skew(api):
    r = api.request(
        "GET", params={"relationNum": X1}, headers=aksk_headers("emu-axb-app", SECRET, created=created_now(-250))
    )
    assert code_of(r) == (403, "1012007")


def test_created_uses_wall_clock_not_emulator_clock(api):
    api.advance(86400 * 30)
    assert code_of(api.query(relationNum=X1)) == (403, "1012007")


def test_wsse_only_when_enabled(api):
    params = {"relationNum": X1}
    assert code_of(api.request("GET", params=params, headers=wsse_headers("emu-axb-app", SECRET)))[0] == 400
    api.settings(accept_wsse=True)
    assert code_of(api.request("GET", params=params, headers=wsse_headers("emu-axb-app", SECRET))) == (403, "1012007")
    bad = wsse_headers("emu-axb-app", "wrong")
    assert code_of(api.request("GET", params=params, headers=bad)) == (401, "1010010")
    missing = wsse_headers("emu-axb-app", SECRET)
    del missing["X-WSSE"]
    assert code_of(api.request("GET", params=params, headers=missing)) == (400, "1023026")
    # AKSK keeps working next to WSSE
    assert code_of(api.query(relationNum=X1)) == (403, "1012007")


WSSE_AUTHORIZATION = 'WSSE realm="SDP",profile="UsernameToken",type="Appkey"'


def _wsse_query(api, headers):
    return api.request("GET", params={"relationNum": X1}, headers=headers)


@pytest.mark.parametrize(
    ("drop", "code"),
    [
        ("header", "1023026"),
        ("Username", "1023027"),
        ("Nonce", "1023028"),
        ("Created", "1023029"),
        ("PasswordDigest", "1023030"),
    ],
)
def test_x_wsse_codes(api, drop, code):
    """AUTH-013: the legacy missing-part codes (kept as they were)."""
    api.settings(accept_wsse=True)
    h = wsse_headers("emu-axb-app", SECRET)
    if drop == "header":
        del h["X-WSSE"]
    else:
        parts = [p for p in h["X-WSSE"].removeprefix("UsernameToken ").split(",") if not p.startswith(drop + "=")]
        h["X-WSSE"] = "UsernameToken " + ",".join(parts)
    r = _wsse_query(api, h)
    assert code_of(r) == (400, code)


@pytest.mark.parametrize("authorization", ["Basic abc", "wsse " + WSSE_AUTHORIZATION[5:], ""])
def test_x_wsse_with_an_authorization_of_neither_scheme_is_1023013(api, authorization):
    api.settings(accept_wsse=True)
    h = wsse_headers("emu-axb-app", SECRET)
    h["Authorization"] = authorization
    r = _wsse_query(api, h)
    assert code_of(r) == (400, "1023013")
    assert r.json()["resultdesc"] == "WSSE not contained in Authorization."


@pytest.mark.parametrize("accept_wsse", [False, True])
def test_x_wsse_without_authorization_or_with_aksk_is_answered_as_the_authorization_says(api, accept_wsse):
    # Settled against the digest: presence first (AUTH-011: 1023006), an AKSK request without X-AKSK 1023033.
    api.settings(accept_wsse=accept_wsse)
    h = wsse_headers("emu-axb-app", SECRET)
    del h["Authorization"]
    assert code_of(_wsse_query(api, h)) == (400, "1023006")
    h["Authorization"] = AUTHORIZATION
    assert code_of(_wsse_query(api, h)) == (400, "1023033")


def test_1023013_only_with_wsse_on(api):
    h = wsse_headers("emu-axb-app", SECRET)
    h["Authorization"] = "Basic abc"
    assert code_of(_wsse_query(api, h)) == (400, "1023006")  # WSSE off: no AKSK Authorization


def test_stray_x_wsse_next_to_x_aksk_changes_nothing(api):
    api.settings(accept_wsse=True)
    h = {**wsse_headers("emu-axb-app", SECRET), **aksk_headers("emu-axb-app", SECRET)}
    assert code_of(_wsse_query(api, h)) == (403, "1012007")
    del h["Authorization"]
    assert code_of(_wsse_query(api, h)) == (400, "1023006")


def test_wsse_authorization_defects_keep_their_codes(api):
    api.settings(accept_wsse=True)
    h = wsse_headers("emu-axb-app", SECRET)
    h["Authorization"] = 'WSSE realm="XYZ",profile="UsernameToken",type="Appkey"'
    assert code_of(_wsse_query(api, h)) == (400, "1023009")


@pytest.mark.parametrize(
    "created",
    [
        "2018-02-12 15:30:20",
        "2018-02-12T15:30:20.123Z",
        "yesterday",
        "2018-02-30T15:30:20Z",
        "2018-02-12t15:30:20z",
        "2018-02-12T15:30:20+08:00",
    ],
)
def test_wsse_malformed_created_is_1023031(api, created):
    api.settings(accept_wsse=True)
    r = _wsse_query(api, wsse_headers("emu-axb-app", SECRET, created=created))
    assert code_of(r) == (400, "1023031")
    # The source table truncates the text after "The format of Creat"; the rest is our reading.
    assert r.json()["resultdesc"].startswith("The format of Creat")


def test_wsse_malformed_created_comes_before_the_app_key(api):
    api.settings(accept_wsse=True)
    assert code_of(_wsse_query(api, wsse_headers("nobody", "x", created="yesterday"))) == (400, "1023031")


def test_wsse_stale_created_is_still_1010013(api):
    api.settings(accept_wsse=True)
    r = _wsse_query(api, wsse_headers("emu-axb-app", SECRET, created=created_now(-86400)))
    assert code_of(r) == (401, "1010013")


def test_aksk_malformed_created_is_still_1010013(api):
    api.settings(accept_wsse=True)
    r = api.request("GET", params={"relationNum": X1}, headers=aksk_headers("emu-axb-app", SECRET, created="yesterday"))
    assert code_of(r) == (401, "1010013")


@pytest.mark.parametrize(("state", "code"), [("unavailable", "1010008"), ("frozen", "1010029")])
def test_app_state(api, state, code):
    api.hook("POST", "/apps/state", json={"app_key": "emu-axb-app", "state": state})
    assert code_of(api.query(relationNum=X1)) == (403, code)
    api.hook("POST", "/apps/state", json={"app_key": "emu-axb-app", "state": "normal"})
    assert code_of(api.query(relationNum=X1)) == (403, "1012007")


def test_mode_isolation(api):
    ax = api.as_app("emu-ax-app", "emu-ax-secret")
    r = ax.bind(callerNum=api.user(), calleeNum=api.user(), relationNum=X1)
    assert code_of(r) == (403, "1010040")
    assert r.json()["resultdesc"] == "The app_key is not allowed to invoke the API."
    assert code_of(ax.query(relationNum=X1)) == (403, "1010040")


def test_other_mode_uris_are_not_served_yet(api):
    # AXE is served now; an undocumented version of its URI is still an unknown path.
    r = api.as_app("emu-axe-app", "emu-axe-secret").request("GET", "/rest/caas/extendnumber/v3.0")
    assert r.status_code == 404


def test_ip_whitelist(config):
    from emu_helpers import Api, AsgiClient

    from pnconform.emulator import create_app

    config.apps[0].ip_whitelist = ["10.1.0.0/16"]
    inside = AsgiClient(create_app(config), client=("10.1.2.3", 1))
    outside = AsgiClient(create_app(config), client=("192.168.0.9", 1))
    try:
        assert code_of(Api(inside).query(relationNum=X1)) == (403, "1012007")
        r = Api(outside).query(relationNum=X1)
        assert code_of(r) == (403, "1020166")
        assert r.json()["resultdesc"] == "The app client ip is not in ip white list."
    finally:
        inside.close()
        outside.close()


def test_flow_control(api):
    api.settings(flow_control_per_min=3)
    api.advance(60 - api.client.app.state.emulator.clock.now() % 60 + 0.5)  # start of a minute
    codes = [code_of(api.query(relationNum=X1)) for _ in range(4)]
    assert codes[:3] == [(403, "1012007")] * 3
    assert codes[3] == (403, "1010010")
    assert api.query(relationNum=X1).json()["resultdesc"] == "The flow control upper limit is reached on the platform."
    api.advance(60)  # next minute: the window is fresh again
    assert code_of(api.query(relationNum=X1)) == (403, "1012007")


def test_requester_limit(api):
    api.settings(requester_limit_per_min=2)
    api.advance(60 - api.client.app.state.emulator.clock.now() % 60 + 0.5)
    codes = [code_of(api.query(relationNum=X1))[1] for _ in range(3)]
    assert codes == ["1012007", "1012007", "1011006"]


def test_auth_failure_block(api):
    api.settings(auth_block_after_failures=2)
    bad = aksk_headers("emu-axb-app", "wrong")
    for _ in range(2):
        assert code_of(api.request("GET", params={"relationNum": X1}, headers=bad)) == (401, "1010010")
    r = api.query(relationNum=X1)
    assert code_of(r) == (403, "1020176")
    assert r.json()["resultdesc"] == "Authentication failed, try again later"
    api.advance(1801)
    assert code_of(api.query(relationNum=X1)) == (403, "1012007")


def test_order_header_before_app_key(api):
    h = aksk_headers("who", "x")
    del h["Authorization"]
    assert code_of(api.request("GET", AXB, params={"relationNum": X1}, headers=h)) == (400, "1023006")
