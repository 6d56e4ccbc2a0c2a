"""Interfaces every mode may call (Route mode None): call stop (00 §6) and recording download
(00 §7).

* ``POST /rest/httpsessions/callStop/v2.0`` ``{"sessionid": S, "signal": "call_stop"}``: ends the
  app's ongoing call S, which then pushes its ``disconnect`` event and CDR (STOP-005). A missing
  or malformed field -> 1010002; an unknown, finished or other app's session -> 1020152 (D-25).
* ``GET /rest/provision/voice/record/v1.0?fileName=N&recordDomain=D``: 301 with ``Location`` for
  a recording of the app within its retention (REC-002, 7 days after the CDR, REC-004); the app
  without recording -> 1012012 (REC-006); unknown or expired -> 1012007 (D-16).
* ``GET /recordings/<bucket>/<file>?expires=T&token=K``: the ``Location`` itself, a pre-signed
  storage URL as the platform's would be (no AKSK): the file's bytes, ``audio/wav`` (REC-003),
  for 3 days on the emulator clock (REC-005); then, or with a token it never gave, 403.
"""

from __future__ import annotations

import io
import secrets
import wave
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from ..codes import ApiError, invalid
from ..context import RequestContext
from . import records
from .faults import (
    REC_IGNORE_APP_RECORDING,
    REC_LOCATION_NEVER_EXPIRES,
    REC_LOCATION_NOT_AUDIO,
    REC_NO_REDIRECT,
    STOP_NOOP,
    STOP_UNKNOWN_SESSION_OK,
)

if TYPE_CHECKING:  # annotations only: the state module imports the calls runtime
    from ..state import EmulatorState

CALL_STOP_URI = "/rest/httpsessions/callStop/v2.0"
RECORD_URI = "/rest/provision/voice/record/v1.0"
DOWNLOAD_VALID_S = 3 * 86400  # REC-005: the Location URL is valid for 3 days
RECORDING_FILES = "/recordings"  # where the emulator serves what Location points at


async def call_stop(ctx: RequestContext) -> dict[str, Any]:
    state, app = ctx.state, ctx.app
    session = ctx.params.get("sessionid")
    signal = ctx.params.get("signal")
    if not isinstance(session, str) or not 1 <= len(session) <= 256:
        raise invalid("sessionid is missing or invalid.")
    if signal != "call_stop":
        raise invalid("signal must be call_stop.")
    runtime = state.calls
    call = runtime.ongoing(session)
    if call is None or call.route.app_key != app.app_key:
        if STOP_UNKNOWN_SESSION_OK in state.faults:
            return {}
        raise ApiError("1020152")  # STOP-004, D-25
    if STOP_NOOP not in state.faults:
        runtime.hang_up(call, None)
    return {}


async def record_download(ctx: RequestContext) -> Any:
    state, app = ctx.state, ctx.app
    name = ctx.params.get("fileName")
    domain = ctx.params.get("recordDomain")
    for field, value in (("fileName", name), ("recordDomain", domain)):
        if not isinstance(value, str) or not 1 <= len(value) <= 128:
            raise invalid(f"{field} is missing or invalid.")
    assert isinstance(name, str) and isinstance(domain, str)
    if not app.recording and REC_IGNORE_APP_RECORDING not in state.faults:
        raise ApiError("1012012")  # REC-006
    if not state.calls.recording(domain, name, app.app_key):
        raise ApiError("1012007")  # REC-004, REC-006, D-16
    valid_s = DOWNLOAD_VALID_S * (100 if REC_LOCATION_NEVER_EXPIRES in state.faults else 1)
    expires = int(state.clock.now()) + valid_s
    token = secrets.token_hex(8)
    with state.lock:
        state.calls.downloads[token] = (name, expires)
    location = f"{ctx.base_url}{RECORDING_FILES}/{records.RECORD_BUCKET}/{name}?expires={expires}&token={token}"
    if REC_NO_REDIRECT in state.faults:
        return {"url": location}
    return Response(status_code=301, headers={"Location": location})


ROUTES = {
    (CALL_STOP_URI, "POST"): call_stop,
    (RECORD_URI, "GET"): record_download,
}


def serve_recording(state: EmulatorState, path: str, query: Mapping[str, str]) -> Response:
    """What a Location names: the recording's bytes while the URL is valid (REC-003, REC-005)."""
    name = path.rsplit("/", 1)[-1]
    with state.lock:
        issued = state.calls.downloads.get(query.get("token", ""))
    if issued is None or issued[0] != name:
        return Response(b"AccessDenied: unknown download URL", status_code=403, media_type="text/plain")
    if state.clock.now() > issued[1]:
        return Response(b"AccessDenied: the download URL has expired", status_code=403, media_type="text/plain")
    if REC_LOCATION_NOT_AUDIO in state.faults:
        return Response(b'{"resultcode":"0"}', status_code=200, media_type="application/json")
    return Response(silent_wav(), status_code=200, media_type="audio/wav")


def silent_wav(seconds: float = 1.0, rate: int = 8000) -> bytes:
    """A valid 8 kHz 16-bit mono WAV of silence: the emulator records no sound (REC-007: .wav)."""
    with io.BytesIO() as out:
        with wave.open(out, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(rate)
            wav.writeframes(b"\0\0" * int(seconds * rate))
        return out.getvalue()
