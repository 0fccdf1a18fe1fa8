"""What came after a quarter's cut-off: the notes 'na de termijn' of its closed book, and the
differences a report 'met latere correcties' lists (monitoring/reporting/data.py)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from audit.models import ChangeRecord
from core.charts import fmt
from regioplan.models import Municipality

from ..models import Figure, Kpi, ProgressUpdate
from ..periods import Period, cutoff
from ..selectors.dashboard import STATUS_LABELS
from ..selectors.kpis import deleted_since


def after_cutoff(quarter: Period) -> dict:
    """What reached the quarter's data after its cut-off: updates about the quarter (or
    earlier) approved late, figures (periods up to the quarter) approved late, and
    corrections, each with its date. They count from the next quarter on. Three queries."""
    moment = cutoff(quarter)
    updates = list(
        ProgressUpdate.objects.public()
        .filter(period__lte=str(quarter), approved_at__gte=moment)
        .select_related("goal", "organisation")
        .order_by("approved_at", "pk")
    )
    figures = [
        f
        for f in Figure.objects.public()
        .filter(approved_at__gte=moment)
        .select_related("kpi", "municipality")
        .order_by("approved_at", "pk")
        if Period.parse(f.period).end <= quarter.end
    ]
    deleted = [f for f in deleted_since(moment) if Period.parse(f.period).end <= quarter.end]
    kpis = Kpi.objects.in_bulk({f.kpi_id for f in deleted})
    places = Municipality.objects.in_bulk({f.municipality_id for f in deleted} - {None})
    for f in deleted:
        f.kpi, f.municipality = kpis.get(f.kpi_id), places.get(f.municipality_id)
    return {
        "updates": updates,
        "figures": figures,
        "corrections": _corrections(quarter),
        "deleted": [f for f in deleted if f.kpi is not None],
    }


def differences(now: list, closed: list) -> list[dict]:
    """Every shown value that differs between two lists of goal sections (data.GoalSection),
    today's and the closed book's: goal status and each KPI's latest value, old as the closed
    book showed it, new as this report does."""
    before = {s.goal.pk: s for s in closed}
    found, seen = [], set()
    for section in now:
        old = before.get(section.goal.pk)
        if old is None:
            continue
        if old.status != section.status:
            found.append(
                {
                    "what": _("Status van doel %(c)s") % {"c": section.goal.code},
                    "old": STATUS_LABELS.get(old.status, old.status),
                    "new": STATUS_LABELS.get(section.status, section.status),
                }
            )
        old_rows = {r.kpi.pk: r for r in old.kpi_rows}
        for row in section.kpi_rows:
            was = old_rows.get(row.kpi.pk)
            if row.kpi.pk in seen or was is None:
                continue
            seen.add(row.kpi.pk)
            if (was.latest, was.latest_period) != (row.latest, row.latest_period):
                found.append(
                    {
                        "what": row.kpi.name,
                        "old": _shown(was.latest, was.latest_period),
                        "new": _shown(row.latest, row.latest_period),
                    }
                )
    return found


def _shown(value, period) -> str:
    return "–" if value is None else f"{fmt(value)} ({period})"


def _corrections(quarter: Period) -> list[dict]:
    """Figures of the report (periods up to the quarter) corrected after the quarter's cut-off:
    per figure the value the closed book holds (before the first later correction), today's
    value, the date and reason of the last correction. Two queries, corrections or not."""
    corrected = ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(Figure),
        action=ChangeRecord.Action.UPDATE,
        created_at__gte=cutoff(quarter),
        changes__has_key="value",
    )
    records = list(corrected.order_by("created_at", "pk"))
    figures = Figure.objects.public().filter(pk__in=corrected.values("object_id"))
    shown = {
        f.pk: f
        for f in figures.select_related("kpi", "municipality")
        if Period.parse(f.period).end <= quarter.end
    }
    first, last = {}, {}
    for r in records:
        first.setdefault(r.object_id, r)
        last[r.object_id] = r
    return [
        {
            "figure": shown[pk],
            "old": first[pk].changes["value"][0],
            "new": shown[pk].value,
            "at": last[pk].created_at,
            "reason": last[pk].reason,
        }
        for pk in sorted(shown, key=lambda pk: (last[pk].created_at, pk))
    ]
