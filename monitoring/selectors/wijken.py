"""Wijk figures of one municipality: the table beside a KPI page and in the profile."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from accounts.permissions import can_review
from regioplan.models import Municipality, Neighbourhood

from ..models import Figure, Kpi
from ..periods import Period


@dataclass
class WijkRow:
    wijk: Neighbourhood
    value: Decimal | None
    suppressed: bool  # a small count, not shown in public (Figure.suppressed)


def wijk_table(
    kpi: Kpi,
    municipality: Municipality,
    *,
    user=None,
    until: Period | None = None,
    as_of: dt.datetime | None = None,
) -> tuple[str | None, list[WijkRow]]:
    """The latest period with wijk figures of `kpi` in `municipality` that `user` may read (up
    to `until`, approved before `as_of` when given) and a row per wijk; small counts are
    suppressed for anyone but the programme team. One query."""
    internal = can_review(user)
    figures = Figure.all_levels.visible_to(user).filter(
        kpi=kpi, municipality=municipality, neighbourhood__isnull=False
    )
    if as_of is not None:
        figures = figures.approved_by(as_of)
    rows = list(figures.select_related("neighbourhood", "kpi").order_by("neighbourhood__cbs_code"))
    if until is not None:
        rows = [f for f in rows if Period.parse(f.period).end <= until.end]
    if not rows:
        return None, []
    latest = max((f.period for f in rows), key=Period.parse)
    return latest, [
        WijkRow(
            f.neighbourhood,
            None if (f.suppressed and not internal) else f.value,
            f.suppressed and not internal,
        )
        for f in rows
        if f.period == latest
    ]
