"""X allocation by area, shared by every mode that binds without an explicit X (GEN-109, D-18, D-19).

Strict: a usable X of the city. Loose (``areaMatchMode`` "1"): then one of the city's province,
then any X of the app. Each mode brings its own idea of "usable", its order and its failure code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .codes import ApiError
from .config import XNumberConfig
from .faults import NUMBER_IGNORE_BLACKLIST

if TYPE_CHECKING:  # annotations only: the state module imports the modes
    from .state import AppRuntime, EmulatorState


def allocate_x(
    state: EmulatorState,
    app: AppRuntime,
    city: str | None,
    loose: bool,
    anywhere: bool,
    usable: Callable[[str], bool],
    fail_code: str,
    order: Callable[[str], Any] = lambda number: number,
    province_step: bool = True,
) -> str:
    """The first usable X in ``order``: of ``city`` (None: a city we do not know, no X matches),
    or of the whole app when ``anywhere``; ``province_step`` False skips the province (a fault).
    Call under state.lock."""
    ignore_blacklist = NUMBER_IGNORE_BLACKLIST in state.faults

    def best(predicate: Callable[[XNumberConfig], bool]) -> str | None:
        pool = [
            x.number
            for x in app.x_numbers
            if predicate(x) and (ignore_blacklist or not state.blacklisted(x.number)) and usable(x.number)
        ]
        return min(pool, key=order) if pool else None

    if anywhere:
        chosen = best(lambda x: True)
    else:
        chosen = best(lambda x: x.area_code == city)
        if chosen is None and loose:
            province = state.province_of(city)
            if province is not None and province_step:
                chosen = best(lambda x: x.province == province)
            if chosen is None:
                chosen = best(lambda x: True)
    if chosen is None:
        raise ApiError(fail_code)
    return chosen
