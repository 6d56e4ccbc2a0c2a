"""The one table of result codes: key -> (resultcode, HTTP status, resultdesc).

HTTP statuses follow decision D-1: 400 for the 1023xxx header codes, 401 for a bad digest and
1010013, 500 for the internal-error block, 403 for every other non-zero code. ``1010010`` has two
rows (D-2), so rows are keyed by an id that is the code itself except for those two.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class ResultCode:
    key: str
    code: str
    status: int
    desc: str


SUCCESS_DESC = "Success"  # GEN-007: the response examples print it without a period
INVALID_REQUEST = "Invalid request."

# key, HTTP status, resultdesc; the code is the key up to an optional "-suffix".
_ROWS: tuple[tuple[str, int, str], ...] = (
    ("0", 200, SUCCESS_DESC),
    # 5.1 header format (AKSK)
    ("1023006", 400, "Authorization not contained in the HTTP header."),
    ("1023007", 400, "realm not contained in Authorization."),
    ("1023008", 400, "profile not contained in Authorization."),
    ("1023009", 400, "The value of realm in Authorization must be SDP."),
    ("1023010", 400, "The value of profile in Authorization must be UsernameToken."),
    ("1023011", 400, "The value of type in Authorization must be app_key."),
    ("1023012", 400, "type not contained in Authorization."),
    ("1023033", 400, "HTTP header not found X-AKSK field."),
    ("1023034", 400, "UserName not contained in X-AKSK."),
    ("1023035", 400, "Nonce not contained in X-AKSK."),
    ("1023036", 400, "Created not contained in X-AKSK."),
    ("1023037", 400, "PasswordDigest not contained in X-AKSK."),
    # 5.1 header format (legacy WSSE)
    ("1023013", 400, "WSSE not contained in Authorization."),
    ("1023026", 400, "X-WSSE not contained in the HTTP header."),
    ("1023027", 400, "Username not contained in X-WSSE."),
    ("1023028", 400, "Nonce not contained in X-WSSE."),
    ("1023029", 400, "Created not contained in X-WSSE."),
    ("1023030", 400, "PasswordDigest not contained in X-WSSE."),
    # The source table truncates this text after "The format of Creat"; the rest is our reading.
    ("1023031", 400, "The format of Created is invalid."),
    # 5.2 digest and time
    ("1010010-401", 401, "Invalid digest."),
    ("1010013", 401, "Time out limit."),
    # 5.3 request, account, application
    ("1010002", 403, INVALID_REQUEST),
    ("1010003", 403, "Invalid app_key."),
    ("1010004", 403, "The status of the app_key is unavailable."),
    ("1010008", 403, "The status of the app_key is unavailable."),
    ("1010010-403", 403, "The flow control upper limit is reached on the platform."),
    ("1011006", 403, "Under traffic control status"),
    ("1010029", 403, "The subscriber status is frozen."),
    ("1010040", 403, "The app_key is not allowed to invoke the API."),
    ("1020166", 403, "The app client ip is not in ip white list."),
    ("1020176", 403, "Authentication failed, try again later"),
    # 5.4 numbers, resources, bindings
    ("1011001", 403, "Account does not exist."),
    ("1011002", 403, "Insufficient number resources."),
    ("1011003", 403, "Exceeded the upper limit of resources that can be applied for."),
    ("1011004", 403, "The number is not applied for binding application."),
    ("1011005", 403, "Resources have been allocated."),
    ("1012001", 403, "Resource of number is not to be applied."),
    ("1012007", 403, "The record does not exist."),
    ("1012008", 403, "Insufficient number of resources"),
    ("1012009", 403, "Maximum number of resources has been exceeded"),
    ("1012010", 403, "The number $ has been bound."),
    ("1012012", 403, "Application does not open recording function."),
    ("1012102", 403, "The number status is abnormal."),
    ("1016001", 403, "The record does not exist."),
    ("1016002", 403, "The record already exists."),
    ("1013102", 403, "The extend number has been bound."),
    ("1020167", 403, "No idle extend Number."),
    ("1020178", 403, "The transparent mode is not allowed."),
    # 5.5 internal errors
    ("1010001", 500, "Internal system error."),
    ("1023001", 500, "Internal error."),
    ("1023002", 500, "Response timeout."),
    ("1020001", 500, "Parameter error."),
    ("1020002", 500, "Internal error."),
    ("1020150", 500, "The app_key is invalid."),
    ("1020152", 500, "Invalid sessionId."),
)

CODES: MappingProxyType[str, ResultCode] = MappingProxyType(
    {key: ResultCode(key, key.split("-")[0], status, desc) for key, status, desc in _ROWS}
)

# Readable aliases for the two 1010010 rows.
BAD_DIGEST = "1010010-401"
FLOW_CONTROL = "1010010-403"


class ApiError(Exception):
    """A business or request failure rendered as the documented envelope.

    ``detail`` is appended to the resultdesc (1010002 names the bad parameter); ``number``
    replaces the ``$`` of the 1012010 text.
    """

    def __init__(self, key: str, detail: str = "", number: str | None = None) -> None:
        row = CODES[key]  # KeyError here is a programming error, not bad input
        desc = row.desc + detail
        if number is not None:
            desc = desc.replace("$", number)
        super().__init__(f"{row.code} {desc}")
        self.row = row
        self.desc = desc

    @property
    def code(self) -> str:
        return self.row.code

    @property
    def status(self) -> int:
        return self.row.status


def invalid(detail: str) -> ApiError:
    """1010002 with the parameter named after ``Invalid request.``."""
    return ApiError("1010002", detail)
