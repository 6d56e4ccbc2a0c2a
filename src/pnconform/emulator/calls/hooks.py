"""Test hooks that drive the call simulator (design.md "Test hooks contract").

| hook | body | answer |
|---|---|---|
| ``POST /_emulator/calls`` | ``{"caller", "called", "digits"?, "condition"?, "q850"?, "talk_s"?, ...}`` | the call |
| ``GET /_emulator/calls`` | – | ``{"calls": [...]}`` |
| ``POST /_emulator/calls/hangup`` | ``{"sessionId", "by"?}`` | the ended call |
| ``POST /_emulator/sms`` | ``{"from", "to", "text"}`` | the SMS outcome |
| ``POST /_emulator/apps/callbacks`` | ``{"app_key", <url keys>...}`` | the app's URLs |
| ``POST /_emulator/pushes/flush`` | – | ``{"attempted", "pending"}`` |
| ``GET /_emulator/pushes`` | ``?kind=event|fee|sms|x_status`` | ``{"pushes": [...], "waiting_cdrs"}`` |
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request

from ..config import CALLBACK_URL_KEYS, ConfigError, check_callback_url
from ..hooks import PREFIX, HookError, HookHandler, app_body, json_object
from ..numbers import is_global
from .model import CallRequest
from .outcomes import CONDITIONS, Q850_CAUSES
from .sms import send_sms

if TYPE_CHECKING:  # annotations only: the state module imports the calls runtime
    from ..state import EmulatorState


def _number(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not is_global(value):
        raise HookError(400, f"{key} must be a number in global format like +8613800000001")
    return value


def condition(body: dict[str, Any]) -> str:
    """What the network and the platform do with the call (design.md "Test hooks contract"):
    ``"answer"`` (default), a condition of ``outcomes.CONDITIONS`` or ``q850_<n>`` (the carrier
    releases the forwarded leg with Q.850 cause n). ``behaviour`` is the older name of
    ``condition`` (the kit's hooks client sends it) and takes ``"q850:<n>"`` too."""
    named = {k: body[k] for k in ("condition", "behaviour", "q850") if k in body and body[k] is not None}
    if len(named) > 1:
        raise HookError(400, f"give one of condition, behaviour, q850 (got {', '.join(sorted(named))})")
    value = next(iter(named.values()), "answer")
    if "q850" in named or (isinstance(value, str) and value.startswith("q850:")):
        cause = value
        if "q850" not in named:  # "behaviour": "q850:<n>"
            text = value.removeprefix("q850:")
            cause = int(text) if text.isdigit() else text
        if isinstance(cause, bool) or not isinstance(cause, int) or cause not in Q850_CAUSES:
            raise HookError(400, f"q850 must be a non-zero cause of the Q.850 table (50 §4), not {cause!r}")
        return f"q850_{cause}"
    if value != "answer" and value not in CONDITIONS:
        key = next(iter(named), "condition")
        raise HookError(400, f"{key} must be answer or one of: {', '.join(CONDITIONS)} (got {value!r})")
    return str(value)


async def place_call(state: EmulatorState, request: Request) -> dict[str, Any]:
    body = await json_object(request)
    caller, called = _number(body, "caller"), _number(body, "called")
    digits = body.get("digits")
    if digits is not None and (not isinstance(digits, str) or not (digits == "" or digits.isdigit())):
        raise HookError(400, "digits must be a string of digits")
    behaviour = condition(body)
    talk = body.get("talk_s", 10)
    if talk is not None and (isinstance(talk, bool) or not isinstance(talk, int) or not 0 <= talk <= 86400):
        raise HookError(400, "talk_s must be an integer 0-86400 or null (ongoing until hung up)")
    hangup_by = body.get("hangup_by", "caller")
    if hangup_by not in ("caller", "callee"):
        raise HookError(400, "hangup_by must be caller or callee")
    req = CallRequest(caller, called, digits, behaviour, talk, hangup_by)
    return await state.calls.place_call(req)


async def list_calls(state: EmulatorState, request: Request) -> dict[str, Any]:
    with state.lock:
        calls = list(state.calls.calls.values())
    return {"calls": [state.calls.summary(c) for c in calls]}


async def hang_up(state: EmulatorState, request: Request) -> dict[str, Any]:
    body = await json_object(request)
    session = body.get("sessionId")
    by = body.get("by", "caller")
    if by not in ("caller", "callee"):
        raise HookError(400, "by must be caller or callee")
    call = state.calls.ongoing(session) if isinstance(session, str) else None
    if call is None:
        raise HookError(400, f"no ongoing call with sessionId {session!r}")
    return state.calls.hang_up(call, by)


async def sms(state: EmulatorState, request: Request) -> dict[str, Any]:
    body = await json_object(request)
    sender, to = _number(body, "from"), _number(body, "to")
    text = body.get("text")
    if not isinstance(text, str) or not 1 <= len(text) <= 1000:
        raise HookError(400, "text must be a string of 1-1000 characters")
    return await send_sms(state.calls, sender, to, text)


async def set_callbacks(state: EmulatorState, request: Request) -> dict[str, Any]:
    body, app = await app_body(state, request, CALLBACK_URL_KEYS, "key")
    changes: dict[str, str | None] = {}
    for key in CALLBACK_URL_KEYS:
        if key in body:
            try:
                changes[key] = check_callback_url(body[key])
            except ConfigError as exc:
                raise HookError(400, f"{key}: {exc}") from None
    with state.lock:
        app.callback_urls = {**app.callback_urls, **changes}
        return {"app_key": app.app_key, **{k: app.callback_urls.get(k) for k in CALLBACK_URL_KEYS}}


async def flush(state: EmulatorState, request: Request) -> dict[str, Any]:
    state.calls.reap()
    attempted = await state.calls.pusher.run_due()
    # Counted, not listed: a flush follows every simulated call, and the listing grows all run.
    return {"attempted": attempted, "pending": state.calls.pusher.pending_count()}


async def pushes(state: EmulatorState, request: Request) -> dict[str, Any]:
    kind = request.query_params.get("kind") or None
    if kind is not None and kind not in ("event", "fee", "sms", "x_status"):
        raise HookError(400, "kind must be one of event, fee, sms, x_status")
    return state.calls.pusher.listing(kind)


ROUTES: dict[tuple[str, str], HookHandler] = {
    (f"{PREFIX}/calls", "POST"): place_call,
    (f"{PREFIX}/calls", "GET"): list_calls,
    (f"{PREFIX}/calls/hangup", "POST"): hang_up,
    (f"{PREFIX}/sms", "POST"): sms,
    (f"{PREFIX}/apps/callbacks", "POST"): set_callbacks,
    (f"{PREFIX}/pushes/flush", "POST"): flush,
    (f"{PREFIX}/pushes", "GET"): pushes,
}
