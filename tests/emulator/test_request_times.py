"""GET /_emulator/requests: when each request arrived and was answered (the rate-limit proof's witness)."""

from __future__ import annotations

import httpx

from pnconform.emulator import EmbeddedEmulator, builtin_config


def test_each_request_is_timed_and_the_listing_leaves_itself_out() -> None:
    with EmbeddedEmulator(builtin_config()) as emu:
        for _ in range(3):
            httpx.get(f"{emu.base_url}/_emulator/clock")
        httpx.get(f"{emu.base_url}/rest/nowhere")  # a 404 is a request too
        httpx.post(f"{emu.base_url}/_emulator/reset")  # kept across resets
        first = httpx.get(f"{emu.base_url}/_emulator/requests").json()["requests"]
        second = httpx.get(f"{emu.base_url}/_emulator/requests").json()["requests"]
    assert [(r["method"], r["path"]) for r in first] == [
        *[("GET", "/_emulator/clock")] * 3,
        ("GET", "/rest/nowhere"),
        ("POST", "/_emulator/reset"),
    ]
    assert all(r["arrived"] <= r["answered"] for r in first)
    assert [r["arrived"] for r in first] == sorted(r["arrived"] for r in first)
    assert second == first
