"""Call steps of the axb mode (the shared call steps live in steps/calls/calls.py)."""

from __future__ import annotations

from pytest_bdd import parsers, then

from steps import attribution
from steps.calls.calls import CallScenario
from steps.common.context import Ctx


@then(parsers.re(r'every event of the call names binding "(?P<name>[^"]+)"'))
def events_name_binding(ctx: Ctx, calls: CallScenario, name: str) -> None:
    """AXB-080: callin to disconnect all carry the binding's subscriptionId."""
    wanted = ctx.bindings[name].subscription_id
    calls.event_types()  # waits for the disconnect
    pushes = calls.receiver.store.events(calls.sid)
    wrong = {
        p.event_type: p.status_info.get("subscriptionId")
        for p in pushes
        if p.status_info.get("subscriptionId") != wanted
    }
    attribution.push(not wrong, f"events naming another subscriptionId than {wanted}: {wrong}", ("subscriptionId",))


@then("the app is notified of the message with a sendResult other than 0")
def sms_notified_failure(calls: CallScenario) -> None:
    """AXB-092: a message that is not forwarded is reported as a failure."""
    calls.flush()
    push = calls.receiver.wait_for_sms("sms", notificationMode="Notify")
    result = push.body["smsEvent"].get("sendResult")
    attribution.push(
        result not in (0, None), f"sendResult {result!r}, expected a failure: {push.body}", ("sendResult",)
    )
