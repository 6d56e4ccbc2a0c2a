"""Number formats (NUM-001..NUM-006) and the area of a user number.

``[0-9]`` rather than ``\\d``: Python's ``\\d`` also matches non-ASCII digits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# +86, then 9-11 digits whose first is not 0 (fixed lines drop the trunk 0, NUM-002).
GLOBAL_RE = re.compile(r"\+86[1-9][0-9]{8,10}")
MOBILE_RE = re.compile(r"\+861[3-9][0-9]{9}")
# A number of another country or region (+852 Hong Kong, +1 ...): never served (NUM-007).
FOREIGN_RE = re.compile(r"\+(?!86)[1-9][0-9]{6,14}")
AREA_CODE_RE = re.compile(r"0[0-9]{2,3}")
# 400 and 95 service numbers are never user numbers (NUM-006).
NOT_USER_PREFIXES = ("+86400", "+8695")


def is_global(number: str) -> bool:
    return GLOBAL_RE.fullmatch(number) is not None


def is_user_number(number: str) -> bool:
    return is_global(number) and not number.startswith(NOT_USER_PREFIXES)


def is_mobile(number: str) -> bool:
    return MOBILE_RE.fullmatch(number) is not None


def is_area_code(value: str) -> bool:
    return AREA_CODE_RE.fullmatch(value) is not None


def fixed_line_area(number: str) -> str | None:
    """City code of a global fixed-line number: 010 and 02x are two-digit, the rest three."""
    digits = number[3:]
    if not is_global(number) or len(digits) < 3:
        return None
    if digits.startswith("10") or digits[0] == "2":
        return "0" + digits[:2]
    return "0" + digits[:3]


def area_of(number: str, mobile_prefix_areas: Mapping[str, str]) -> str | None:
    """City of a user number: mobiles by the longest configured prefix, fixed lines by digits."""
    if is_mobile(number):
        best = None
        for prefix, area in mobile_prefix_areas.items():
            if number.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
                best = (prefix, area)
        return best[1] if best else None
    return fixed_line_area(number)
