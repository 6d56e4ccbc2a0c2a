"""The client: redaction of exchanges and the bind ledger, against a stub transport."""

import json

import httpx

from pnconform.client import PrivateNumberClient, redact_header


def _client(handler) -> PrivateNumberClient:
    client = PrivateNumberClient("http://target.test", "key-1", "very-secret-value")
    client._http = httpx.Client(base_url="http://target.test", transport=httpx.MockTransport(handler))
    return client


def test_redact_keeps_six_digest_characters():
    value = 'UsernameToken Username="k",PasswordDigest="WncElPRW4Zcb8rxM0t9sv+DsKjEEEjT5XCxuPUGfPIw=",Nonce="n"'
    assert 'PasswordDigest="WncElP…"' in redact_header("X-AKSK", value)
    assert redact_header("Content-Type", "a") == "a"


def test_exchange_log_never_holds_secret_or_full_digest():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"resultcode": "0", "resultdesc": "Success", "subscriptionId": "s1"})

    client = _client(handler)
    client.axb_bind(callerNum="+8613800000001", calleeNum="+8613800000002", relationNum="+8617010000001")
    text = client.log.render()
    assert "very-secret-value" not in text
    digest = text.split('PasswordDigest="')[1].split('"')[0]
    assert digest.endswith("…") and len(digest) == 7
    assert "very-secret-value" not in repr(client)


def test_ledger_tracks_binds_and_unbinds():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append((request.method, str(request.url)))
        if request.method == "POST":
            body = json.loads(request.content)
            return httpx.Response(
                200,
                json={
                    "resultcode": "0",
                    "resultdesc": "Success",
                    "subscriptionId": body["callerNum"][-1],
                    "relationNum": "+8617010000001",
                },
            )
        return httpx.Response(200, json={"resultcode": "0", "resultdesc": "Success"})

    client = _client(handler)
    client.axb_bind(callerNum="+8613800000001", calleeNum="+8613800000009")
    client.axb_bind(callerNum="+8613800000002", calleeNum="+8613800000008")
    client.axb_unbind(subscriptionId="1")
    assert [e.subscription_id for e in client.ledger] == ["2"]
    assert client.cleanup() == []
    assert client.ledger == []
    assert calls[-1][0] == "DELETE" and "subscriptionId=2" in calls[-1][1]


def test_query_string_escapes_plus():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.query.decode())
        return httpx.Response(200, json={"resultcode": "0", "resultdesc": "Success"})

    _client(handler).axb_query(relationNum="+8617010000001", callerNum=None)
    assert seen == ["relationNum=%2B8617010000001"]


def test_non_json_answer_is_kept_as_text():
    client = _client(lambda request: httpx.Response(404, text="not here"))
    response = client.axb_query(subscriptionId="x")
    assert response.status == 404 and response.body is None and response.resultcode is None


def test_ax_binds_are_unbound_at_cleanup():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append((request.method, request.url.path, request.url.query.decode()))
        body = {"resultcode": "0", "resultdesc": "Success"}
        if request.method == "POST":
            body |= {"subscriptionId": "ax-1", "privateNum": "+8617020000001"}
        return httpx.Response(200, json=body)

    client = _client(handler)
    client.ax_bind(origNum="+8613800000001", privateNum="+8617020000001")
    client.ax_set_temporary_callee(subscriptionId="ax-1", calleeNum="+8613800000002")
    assert client.cleanup() == []
    assert calls[-1] == ("DELETE", "/rest/provision/caas/privatenumber/v1.0", "subscriptionId=ax-1")
    assert calls[1][:2] == ("PUT", "/rest/caas/privatenumber/calleenumber/v1.0")
