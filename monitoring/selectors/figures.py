"""Reads of figures: the public list and the programme team's review queue."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..models import Figure


def figures_queryset(user):
    """The figures `user` may read (every level; the FilterSet keeps to Drenthe and the
    municipalities unless asked), with what the figure list shows. In the order of the
    partial index `figure_list_order`: a page of 50 at 100x data reads 50 index entries
    instead of sorting every figure."""
    return (
        Figure.all_levels.visible_to(user)
        .select_related("kpi", "municipality", "neighbourhood", "entered_by")
        .order_by("kpi_id", "-period", "municipality_id")
    )


def figures_waiting(limit: int = 500) -> dict:
    """Figures 'te beoordelen', each with the approved value of the period before, in a
    fixed number of queries."""
    waiting = list(
        Figure.all_levels.filter(status=Figure.Status.PENDING)
        .select_related("kpi", "municipality", "neighbourhood")
        .order_by("kpi__code", "municipality__name", "period")[:limit]
    )
    approved: dict[tuple, list[tuple[str, Decimal]]] = defaultdict(list)
    for kpi_id, municipality_id, wijk_id, period, value in (
        Figure.all_levels.filter(
            status=Figure.Status.APPROVED, kpi_id__in={f.kpi_id for f in waiting}
        )
        .order_by("period")
        .values_list("kpi_id", "municipality_id", "neighbourhood_id", "period", "value")
    ):
        approved[(kpi_id, municipality_id, wijk_id)].append((period, value))
    rows = []
    for f in waiting:
        place = (f.kpi_id, f.municipality_id, f.neighbourhood_id)
        earlier = [v for p, v in approved[place] if p < f.period]
        rows.append((f, earlier[-1] if earlier else None))
    return {
        "rows": rows,
        "total": Figure.all_levels.filter(status=Figure.Status.PENDING).count(),
        "outliers": sum(1 for f, _p in rows if f.is_outlier),
    }
