"""The client's AXYB methods: the app_key URL parameter and the two-step ledger (B's Y first)."""

from __future__ import annotations

from urllib.parse import parse_qs

import httpx

from pnconform.client import PrivateNumberClient

PATH = "/rest/omp/xyrelationnumber/v1.0"


def _client(calls: list[tuple[str, dict[str, list[str]], str]]) -> PrivateNumberClient:
    def handler(request: httpx.Request) -> httpx.Response:
        body = request.content.decode()
        calls.append((request.method, parse_qs(request.url.query.decode()), body))
        answer = {"resultcode": "0", "resultdesc": "Success"}
        if request.method == "POST":
            step2 = "subscriptionId" in body
            answer |= {"subscriptionId": "s1", "relationNumber": "+8617040000002" if step2 else "+8617040000001"}
        return httpx.Response(200, json=answer)

    client = PrivateNumberClient("http://target.test", "axyb-key", "secret", mode="axyb")
    client._http = httpx.Client(base_url="http://target.test", transport=httpx.MockTransport(handler))
    return client


def test_app_key_in_the_url_by_default_and_overridable():
    calls: list = []
    client = _client(calls)
    client.axyb_bind_ax(origNum="+8613800000001", areaCode="0755")
    client.axyb_query(subscriptionId="s1", app_key=None)
    client.axyb_unbind(subscriptionId="s1", app_key="other")
    assert calls[0][1]["app_key"] == ["axyb-key"] and '"origNum"' in calls[0][2]
    assert "app_key" not in calls[1][1]
    assert calls[2][1]["app_key"] == ["other"]


def test_cleanup_unbinds_y_before_x():
    calls: list = []
    client = _client(calls)
    client.axyb_bind_ax(origNum="+8613800000001", areaCode="0755")
    client.axyb_bind_yb("s1", origNum="+8613800000002")
    assert [e.mode for e in client.ledger] == ["axyb"]
    assert client.cleanup() == []
    deletes = [c[1] for c in calls if c[0] == "DELETE"]
    assert deletes == [
        {"subscriptionId": ["s1"], "yNum": ["+8617040000002"], "app_key": ["axyb-key"]},
        {"subscriptionId": ["s1"], "app_key": ["axyb-key"]},
    ]
    assert client.ledger == []


def test_unbind_by_id_forgets_the_binding():
    calls: list = []
    client = _client(calls)
    client.axyb_bind_ax(origNum="+8613800000001", areaCode="0755")
    client.axyb_unbind(subscriptionId="s1", bNum="+8613800000002")
    assert len(client.ledger) == 1  # only a YB part went
    client.axyb_unbind(subscriptionId="s1")
    assert client.ledger == [] and client.cleanup() == []
