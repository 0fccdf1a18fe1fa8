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
    suppressed for anyone but the programme team. Two queries: the periods, then the rows of
    the latest one (not every period's)."""
    internal = can_review(user)
    figures = Figure.all_levels.visible_to(user).filter(
        kpi=kpi, municipality=municipality, neighbourhood__isnull=False
    )
    if as_of is not None:
        figures = figures.approved_by(as_of)
    periods = [
        Period.parse(p) for p in figures.order_by().values_list("period", flat=True).distinct()
    ]
    if until is not None:
        periods = [p for p in periods if p.end <= until.end]
    if not periods:
        return None, []
    latest = str(max(periods))
    rows = figures.filter(period=latest).select_related("neighbourhood", "kpi")
    return latest, [
        WijkRow(
            f.neighbourhood,
            None if (f.suppressed and not internal) else f.value,
            f.suppressed and not internal,
        )
        for f in rows.order_by("neighbourhood__cbs_code")
    ]
