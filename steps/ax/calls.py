"""Call and SMS steps of the ax mode (the shared call steps live in steps/calls/calls.py)."""

from __future__ import annotations

from pytest_bdd import then

from steps import attribution
from steps.calls.calls import CallScenario, awaited, party
from steps.common.context import Ctx
from steps.params import parse


@then(parse("the app is notified that the message of {sender:Party} through {x:Party} reached {who:Party}"))
def sms_notify_names(ctx: Ctx, calls: CallScenario, sender: str, x: str, who: str) -> None:
    """AX-601, AX-602, AX-604 (SMS-004): after a forward, a Notify notification names the real
    sender (calling), the real receiver (called) and X (virtualNumber), with sendResult 0."""
    calls.flush()
    push = awaited(lambda: calls.receiver.wait_for_sms("sms", notificationMode="Notify"), "call", ("Notify",))
    event = push.body["smsEvent"]
    wanted = {"calling": party(ctx, sender), "called": party(ctx, who), "virtualNumber": party(ctx, x), "sendResult": 0}
    shown = {key: event.get(key) for key in wanted}
    wrong = [key for key in wanted if shown[key] != wanted[key]]
    attribution.push(not wrong, f"the Notify notification shows {shown}, expected {wanted}", wrong)
