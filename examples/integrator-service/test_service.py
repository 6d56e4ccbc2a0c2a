"""The service's tests, against pnconform's emulator instead of the real platform (no account).

`privatenumber_emulator` (from pnconform's pytest plugin) is a fresh emulator per test: its URL,
its apps' keys, secrets and privacy numbers, and the platform's side of things (calls, pushes).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from service import CallbackInbox, PrivacyCalls, PrivacyNumberError, callbacks_app

ALICE = "+8613800000001"
BOB = "+8613800000002"
CAROL = "+8613800000003"


@pytest.fixture
def service(privatenumber_emulator) -> Iterator[PrivacyCalls]:
    """The service, configured with the emulator's address and its AXB app's key and secret."""
    app = privatenumber_emulator.app("axb")
    calls = PrivacyCalls(privatenumber_emulator.base_url, app.app_key, app.app_secret)
    yield calls
    calls.close()


@pytest.fixture
def callbacks() -> Iterator[tuple[str, CallbackInbox]]:
    """The service's callback endpoint, served by uvicorn in a thread on a free port: its URL and inbox."""
    app = callbacks_app()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the callback server did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/privacy/callbacks", app.state.inbox
    server.should_exit = True
    thread.join(timeout=5)


def test_bind_gives_a_subscription_the_platform_holds(service, privatenumber_emulator):
    binding = service.bind(ALICE, BOB)

    held = {b["subscriptionId"]: b for b in privatenumber_emulator.bindings("axb")}
    assert binding.subscription_id in held
    assert held[binding.subscription_id]["relationNum"] == binding.privacy_number
    assert binding.privacy_number in privatenumber_emulator.app("axb").x_numbers

    service.unbind(binding.subscription_id)
    assert privatenumber_emulator.bindings("axb") == []


def test_a_number_bound_twice_on_one_privacy_number_is_refused(service):
    first = service.bind(ALICE, BOB)

    with pytest.raises(PrivacyNumberError) as refused:
        service.bind(ALICE, CAROL, privacy_number=first.privacy_number)
    assert refused.value.resultcode == "1012010"  # the number has already been bound


@pytest.mark.privatenumber(settings={"axb_max_pairs_per_x": 1})
def test_a_full_privacy_number_is_refused(service, privatenumber_emulator):
    """The marker sets the emulator up for this test: one pair per privacy number."""
    first = service.bind(ALICE, BOB)

    with pytest.raises(PrivacyNumberError) as refused:
        service.bind(CAROL, "+8613800000004", privacy_number=first.privacy_number)
    assert refused.value.resultcode in ("1012008", "1012009")  # no room left on that X


def test_a_call_through_the_privacy_number_reaches_the_callback_endpoint(service, privatenumber_emulator, callbacks):
    url, inbox = callbacks
    privatenumber_emulator.set_callbacks("axb", event=url, fee=url)
    binding = service.bind(ALICE, BOB)

    call = privatenumber_emulator.place_call(ALICE, binding.privacy_number)  # Alice dials X; Bob answers
    privatenumber_emulator.flush()  # returns once the platform has pushed the events and the CDR

    session = call["sessionId"]
    assert "disconnect" in inbox.events_of(session)
    cdr = inbox.cdr_of(session)
    assert cdr is not None
    assert cdr["subscriptionId"] == binding.subscription_id
    assert cdr["callerNum"] == ALICE
    assert cdr["fwdDstNum"] == BOB
    assert all(push["state"] == "delivered" for push in privatenumber_emulator.pushes())
