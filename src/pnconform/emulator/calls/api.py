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
    REC_SKIP_PARAM_CHECKS,
    REC_UNKNOWN_FILE_1010002,
    STOP_ANY_SIGNAL,
    STOP_AXYB_ONLY,
    STOP_FOREIGN_SESSION_1020152,
    STOP_NOOP,
    STOP_PARAM_CODE_1010002,
    STOP_QUERY_STRING,
    STOP_SESSION_ANY_CASE,
    STOP_SUCCESS_202,
    STOP_UNKNOWN_SESSION_OK,
)

if TYPE_CHECKING:  # annotations only: the state module imports the calls runtime
    from ..state import EmulatorState

CALL_STOP_URI = "/rest/httpsessions/callStop/v2.0"
RECORD_URI = "/rest/provision/voice/record/v1.0"
DOWNLOAD_VALID_S = 3 * 86400  # REC-005: the Location URL is valid for 3 days
RECORDING_FILES = "/recordings"  # where the emulator serves what Location points at


async def call_stop(ctx: RequestContext) -> Any:
    state, app = ctx.state, ctx.app
    faults = state.faults
    params: Mapping[str, Any] = ctx.query if STOP_QUERY_STRING in faults else ctx.params  # STOP-001: JSON body
    session = params.get("sessionid")  # STOP-002: lower-case sessionid
    if session is None and STOP_SESSION_ANY_CASE in faults:
        session = params.get("sessionId")
    signal = params.get("signal")
    if not isinstance(session, str) or not 1 <= len(session) <= 256:
        raise _parameter_error(state, "sessionid is missing or invalid.")  # STOP-002, STOP-006
    if signal != "call_stop" and STOP_ANY_SIGNAL not in faults:
        raise _parameter_error(state, "signal must be call_stop.")  # STOP-006, CODE-1020001
    runtime = state.calls
    call = runtime.ongoing(session)
    if call is None:
        if STOP_UNKNOWN_SESSION_OK in faults:
            return {}
        raise ApiError("1020152")  # STOP-004, CODE-1020152, D-25
    if call.route.app_key != app.app_key:
        raise ApiError("1020152" if STOP_FOREIGN_SESSION_1020152 in faults else "1020150")  # CODE-1020150
    if STOP_AXYB_ONLY in faults and app.mode != "axyb":
        raise ApiError("1010040")  # STOP-008: every mode may stop its calls
    if STOP_NOOP not in faults:
        runtime.hang_up(call, None)  # STOP-005
    if STOP_SUCCESS_202 in faults:
        return Response(b'{"resultcode":"0","resultdesc":"Success"}', status_code=202, media_type="application/json")
    return {}  # STOP-003: HTTP 200, 0, Success


def _parameter_error(state: EmulatorState, detail: str) -> ApiError:
    """STOP-006 / CODE-1020001: the call-stop table's parameter error (D-25 also accepts 1010002)."""
    if STOP_PARAM_CODE_1010002 in state.faults:
        return invalid(detail)
    return ApiError("1020001")


async def record_download(ctx: RequestContext) -> Any:
    state, app = ctx.state, ctx.app
    name = ctx.params.get("fileName")
    domain = ctx.params.get("recordDomain")
    for field, value in (("fileName", name), ("recordDomain", domain)):
        if REC_SKIP_PARAM_CHECKS in state.faults:
            break
        if not isinstance(value, str) or not 1 <= len(value) <= 128:
            raise invalid(f"{field} is missing or invalid.")  # REC-001: both required, 1-128 chars
    name, domain = str(name or ""), str(domain or "")
    if not app.recording and REC_IGNORE_APP_RECORDING not in state.faults:
        raise ApiError("1012012")  # REC-006
    if not state.calls.recording(domain, name, app.app_key):
        if REC_UNKNOWN_FILE_1010002 in state.faults and (domain, name) not in state.calls.recordings:
            raise invalid("fileName is unknown.")
        raise ApiError("1012007")  # REC-004, REC-006, CODE-1012007, D-16
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
