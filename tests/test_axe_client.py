"""The AXE methods of the client: paths, methods and the ledger, against a stub transport."""

from __future__ import annotations

import httpx

from pnconform.client import PrivateNumberClient


def _client(handler) -> PrivateNumberClient:
    client = PrivateNumberClient("http://target.test", "key-1", "very-secret-value")
    client._http = httpx.Client(base_url="http://target.test", transport=httpx.MockTransport(handler))
    return client


def test_axe_binds_are_unbound_at_cleanup():
    calls: list[tuple[str, str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append((request.method, request.url.path, request.url.query.decode()))
        body = {"resultcode": "0", "resultdesc": "Success"}
        if request.method == "POST":
            body |= {"subscriptionId": f"axe-{len(calls)}", "virtualNum": "+8617030000001", "extendNum": "1"}
        return httpx.Response(200, json=body)

    client = _client(handler)
    client.axe_bind(bindNum="+8613800000001", virtualNum="+8617030000001", extendNum=None)
    client.axe_bind(bindNum="+8613800000002", virtualNum="+8617030000001")
    assert [(e.mode, e.subscription_id) for e in client.ledger] == [("axe", "axe-1"), ("axe", "axe-2")]
    client.axe_unbind(subscriptionId="axe-1")
    client.axe_modify(subscriptionId="axe-2", userData="u")
    client.axe_query(virtualNum="+8617030000001", extendNum="1")
    client.axe_query_v2(virtualNum="+8617030000001", cursor="0000000000000_0")
    client.axe_binding_count(number="+8617030000001")
    assert [(e.mode, e.subscription_id) for e in client.ledger] == [("axe", "axe-2")]
    assert client.cleanup() == []
    assert client.ledger == []
    assert [(m, p) for m, p, _ in calls] == [
        ("POST", "/rest/caas/extendnumber/v1.0"),
        ("POST", "/rest/caas/extendnumber/v1.0"),
        ("DELETE", "/rest/caas/extendnumber/v1.0"),
        ("PUT", "/rest/caas/extendnumber/v1.0"),
        ("GET", "/rest/caas/extendnumber/v1.0"),
        ("GET", "/rest/caas/extendnumber/v2.0"),
        ("GET", "/rest/caas/virtualnumber/v1.0"),
        ("DELETE", "/rest/caas/extendnumber/v1.0"),
    ]
    assert calls[4][2] == "virtualNum=%2B8617030000001&extendNum=1"  # NUM-003
    assert calls[-1][2] == "subscriptionId=axe-2"


def test_axe_cleanup_tolerates_gone_bindings():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(200, json={"resultcode": "0", "resultdesc": "Success", "subscriptionId": "axe-1"})
        return httpx.Response(403, json={"resultcode": "1016001", "resultdesc": "The record does not exist."})

    client = _client(handler)
    client.axe_bind(bindNum="+8613800000001", virtualNum="+8617030000001")
    assert client.cleanup() == []  # expired or unbound by X and extension: fine (D-7)
