"""Helpers of the call-simulator tests: a threaded HTTP receiver that plays the customer's
server, and an Api with the call hooks. Pushes travel over real HTTP from the emulator."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from emu_helpers import Api, AsgiClient

AXE_X = "+8617030000001"
AXYB_X = "+8617040000001"
XM_X = "+8617050000001"
AXE = "/rest/caas/extendnumber/v1.0"
AXYB = "/rest/omp/xyrelationnumber/v1.0"
STOP = "/rest/httpsessions/callStop/v2.0"
RECORD = "/rest/provision/voice/record/v1.0"
PATHS = {
    "call_event_url": "/events",
    "fee_url": "/fee",
    "sms_url": "/sms",
    "sms_control_url": "/smsctl",
    "x_status_url": "/xstatus",
}
APPS = {
    "axb": ("emu-axb-app", "emu-axb-secret"),
    "ax": ("emu-ax-app", "emu-ax-secret"),
    "axe": ("emu-axe-app", "emu-axe-secret"),
    "axyb": ("emu-axyb-app", "emu-axyb-secret"),
    "x": ("emu-x-app", "emu-x-secret"),
}


class Receiver:
    """Records every POST; answers ``replies[path]`` = (status, JSON body or None), default 200."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[dict[str, Any]] = []
        self.replies: dict[str, tuple[int, Any]] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = None
                with receiver.lock:
                    receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                    status, reply = receiver.replies.get(self.path, (200, None))
                payload = b"" if reply is None else json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(payload)))
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()
            self.replies.clear()

    def got(self, path: str) -> list[dict[str, Any]]:
        with self.lock:
            return [r for r in self.requests if r["path"] == path]

    def events(self) -> list[dict[str, Any]]:
        return [r["body"] for r in self.got("/events") if r["body"].get("eventType") != "numStatus"]

    def fees(self) -> list[dict[str, Any]]:
        return [fee for r in self.got("/fee") for fee in r["body"]["feeLst"]]


RX = Receiver()


class CallsApi(Api):
    """An Api whose apps all push to RX; call, SMS and push hooks."""

    def __init__(self, client: AsgiClient) -> None:
        super().__init__(client)
        self.connect()

    def connect(self, **override: Any) -> None:
        RX.clear()
        for app_key, _ in APPS.values():
            urls = {key: RX.base + path for key, path in PATHS.items()}
            urls.update(override)
            self.hook("POST", "/apps/callbacks", json={"app_key": app_key, **urls})

    def signed(self, mode: str) -> Api:
        return self.as_app(*APPS[mode])

    def call(self, caller: str, called: str, **kw: Any) -> dict[str, Any]:
        return self.hook("POST", "/calls", json={"caller": caller, "called": called, **kw})

    def sms(self, sender: str, to: str, text: str) -> dict[str, Any]:
        return self.hook("POST", "/sms", json={"from": sender, "to": to, "text": text})

    def flush(self) -> dict[str, Any]:
        return self.hook("POST", "/pushes/flush")

    def pushes(self, kind: str | None = None) -> list[dict[str, Any]]:
        return self.hook("GET", "/pushes", params={"kind": kind} if kind else None)["pushes"]

    # binding helpers
    def ax_bind(self, x: str = "+8617020000001", **extra: Any) -> tuple[str, str]:
        a = self.user()
        r = self.signed("ax").request(
            "POST", "/rest/provision/caas/privatenumber/v1.0", json={"origNum": a, "privateNum": x, **extra}
        )
        assert r.status_code == 200, r.text
        return a, r.json()["subscriptionId"]

    def set_callee(self, sid: str, callee: str, **extra: Any) -> None:
        r = self.signed("ax").request(
            "PUT",
            "/rest/caas/privatenumber/calleenumber/v1.0",
            json={"subscriptionId": sid, "calleeNum": callee, **extra},
        )
        assert r.status_code == 200, r.text

    def axe_bind(self, x: str = AXE_X, **extra: Any) -> tuple[str, str]:
        a = self.user()
        r = self.signed("axe").request("POST", AXE, json={"bindNum": a, "virtualNum": x, **extra})
        assert r.status_code == 200, r.text
        return a, r.json()["extendNum"]

    def axyb_bind(self) -> tuple[str, str]:
        a = self.user()
        r = self.signed("axyb").request(
            "POST", AXYB, params={"app_key": APPS["axyb"][0]}, json={"origNum": a, "areaCode": "0755", "duration": 0}
        )
        assert r.status_code == 200, r.text
        return a, r.json()["relationNumber"]

    def stop(self, session: str, mode: str = "axb", signal: str = "call_stop") -> Any:
        return self.signed(mode).request("POST", STOP, json={"sessionid": session, "signal": signal})

    def download(self, name: str, domain: str = "record.pnconform.local", mode: str = "axb") -> Any:
        return self.signed(mode).request("GET", RECORD, params={"fileName": name, "recordDomain": domain})
