"""The run marker: an id per run, put into the `userData` of every binding the suite makes.

`pnc-<yyyymmddHHMMSS>-<4 hex>` (23 ASCII characters): well inside userData's String(1-256), no
braces or Chinese characters (both refused with 1010002), and recognisable by `sweep` on a query.
"""

from __future__ import annotations

import os
import re
import secrets
from datetime import UTC, datetime

RUN_ID_ENV = "PNCONFORM_RUN_ID"  # set by `pnconform run`, so that xdist workers share one id
MARKER_RE = re.compile(r"pnc-\d{14}-[0-9a-f]{4}")


def new_run_id() -> str:
    return f"pnc-{datetime.now(UTC):%Y%m%d%H%M%S}-{secrets.token_hex(2)}"


def set_new_run_id() -> str:
    run_id = os.environ[RUN_ID_ENV] = new_run_id()
    return run_id


def current_run_id() -> str:
    """The run id of this process: the one inherited from `pnconform run`, else a new one."""
    run_id = os.environ.get(RUN_ID_ENV, "")
    if not MARKER_RE.fullmatch(run_id):
        run_id = os.environ[RUN_ID_ENV] = new_run_id()
    return run_id


def is_marker(value: object) -> bool:
    return isinstance(value, str) and MARKER_RE.fullmatch(value) is not None
