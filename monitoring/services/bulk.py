"""Load a set of figures in one go (like DHIS2's dataValueSets), with a dry run.

One call validates every row, then creates, corrects or leaves each figure, and says per row
what happened. It upserts on (KPI, period, municipality). The queries do not grow with the
number of rows: KPIs, existing figures and histories are read once, and written in bulk.

- The programme team's rows are approved figures: new ones are created, changed ones are
  corrected (kept in the figure's history with the reason), equal ones are left alone.
- A partner's rows go into one of their own progress updates (draft or returned), and so
  through the programme team's review: the goal's KPIs only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import ChangeRecord
from audit.services import record_changes
from core.errors import Conflict

from ..models import Figure, Kpi, ProgressUpdate
from .figures import creation_changes
from .updates import update_save
from .values import (
    CleanFigure,
    approved_histories,
    clean_figure,
    municipality_from,
    municipality_index,
    outlier_in,
    plan_years,
)

CREATED, UPDATED, UNCHANGED, REFUSED, FOR_REVIEW = (
    "aangemaakt",
    "bijgewerkt",
    "ongewijzigd",
    "geweigerd",
    "ter_beoordeling",
)
MAX_ROWS = 5000


@dataclass
class RowResult:
    row: int
    kpi: str
    period: str
    municipality: str
    value: str
    result: str = ""
    reasons: list[str] = field(default_factory=list)
    figure_id: int | None = None
    clean: CleanFigure | None = None


@dataclass
class BulkSummary:
    rows: list[RowResult]
    dry_run: bool

    def count(self, result: str) -> int:
        return sum(1 for r in self.rows if r.result == result)


def _text(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


def _clean_rows(rows: list[dict], kpis: dict[str, Kpi]) -> list[RowResult]:
    municipalities = municipality_index()
    years = plan_years()
    results, seen = [], {}
    for n, raw in enumerate(rows, start=1):
        row = RowResult(
            row=n,
            kpi=_text(raw.get("kpi")),
            period=_text(raw.get("periode")).upper(),
            municipality=_text(raw.get("gemeente")),
            value=_text(raw.get("waarde")),
        )
        results.append(row)
        kpi = kpis.get(row.kpi)
        if kpi is None:
            row.result, row.reasons = REFUSED, [_("Onbekende KPI '%(k)s'.") % {"k": row.kpi}]
            continue
        try:
            municipality = municipality_from(row.municipality, municipalities)
            row.clean = clean_figure(
                kpi=kpi,
                period=row.period,
                municipality=municipality,
                value=raw.get("waarde"),
                source_note=_text(raw.get("bron"))[:300],
                years=years,
            )
        except ValidationError as exc:
            row.result, row.reasons = REFUSED, exc.messages
            continue
        key = (kpi.pk, str(row.clean.period), getattr(municipality, "pk", None))
        if key in seen:
            row.result, row.clean = REFUSED, None
            row.reasons = [
                _("Dezelfde KPI, periode en gemeente staan ook op regel %(n)s.") % {"n": seen[key]}
            ]
            continue
        seen[key] = n
    return results


def _existing(cleaned: list[RowResult]) -> dict[tuple, Figure]:
    found = Figure.objects.filter(
        kpi__in={r.clean.kpi.pk for r in cleaned},
        period__in={str(r.clean.period) for r in cleaned},
    ).select_related("kpi", "municipality")
    return {(f.kpi_id, f.period, f.municipality_id): f for f in found}


def _new_figure(c, outlier: bool, by) -> Figure:
    return Figure(
        kpi=c.kpi,
        period=str(c.period),
        municipality=c.municipality,
        value=c.value,
        origin=Figure.Origin.IMPORT,
        source_note=c.source_note,
        status=Figure.Status.APPROVED,
        approved_at=timezone.now(),
        is_outlier=outlier,
        entered_by=by if getattr(by, "is_authenticated", False) else None,
    )


def _apply_row(figure: Figure, c, outlier: bool, now) -> dict:
    """Bring an existing figure in line with the row; return what changed (empty: nothing).

    A new source with the same value is a change too, and a figure that waited for review
    is approved by the programme team's load: the row's result must be what happened."""
    changes = {}
    if figure.value != c.value:
        changes["value"] = [str(figure.value), str(c.value)]
        figure.value, figure.is_outlier = c.value, outlier
    if c.source_note and c.source_note != figure.source_note:
        changes["source_note"] = [figure.source_note, c.source_note]
        figure.source_note = c.source_note
    if figure.status != Figure.Status.APPROVED:
        changes["status"] = [figure.status, Figure.Status.APPROVED]
        figure.status, figure.approved_at = Figure.Status.APPROVED, now
    if changes:
        figure.updated_at = now
    return changes


def _load_approved(cleaned: list[RowResult], *, by, reason: str) -> None:
    existing = _existing(cleaned)
    histories = approved_histories(r.clean.kpi.pk for r in cleaned)
    now = timezone.now()
    new, changed, records = [], [], []
    for r in cleaned:
        c = r.clean
        key = (c.kpi.pk, str(c.period), getattr(c.municipality, "pk", None))
        outlier = outlier_in(c.kpi, c.period, c.value, histories[(c.kpi.pk, key[2])])
        figure = existing.get(key)
        if figure is None:
            new.append((r, _new_figure(c, outlier, by)))
            continue
        changes = _apply_row(figure, c, outlier, now)
        r.figure_id = figure.pk
        if not changes:
            r.result = UNCHANGED
            continue
        r.result = UPDATED
        changed.append(figure)
        records.append((figure, ChangeRecord.Action.UPDATE, changes, reason))
    try:
        with transaction.atomic():  # a savepoint: another writer may take a slot meanwhile
            created = Figure.objects.bulk_create([figure for _row, figure in new])
    except IntegrityError:
        raise Conflict(
            {
                "meetwaarden": _(
                    "Een andere aanvraag sloeg tegelijk waarden op voor dezelfde KPI, periode en "
                    "gemeente. Er is niets opgeslagen; stuur de regels opnieuw."
                )
            }
        ) from None
    for (r, _figure), figure in zip(new, created, strict=True):
        r.result, r.figure_id = CREATED, figure.pk
        records.append((figure, ChangeRecord.Action.CREATE, creation_changes(figure), reason))
    if changed:
        Figure.objects.bulk_update(
            changed,
            ["value", "source_note", "is_outlier", "status", "approved_at", "updated_at"],
            batch_size=500,
        )
    record_changes(records, by=by)


def _load_into_update(cleaned: list[RowResult], *, update: ProgressUpdate, by) -> None:
    allowed = {k.pk for k in update.goal.kpis.all()}
    lines = {
        (f.kpi_id, f.period, f.municipality_id): {
            "kpi": f.kpi,
            "period": f.period,
            "municipality": f.municipality,
            "value": f.value,
            "source_note": f.source_note,
        }
        for f in update.figures.select_related("kpi", "municipality")
    }
    for r in cleaned:
        c = r.clean
        if c.kpi.pk not in allowed:
            r.result, r.clean = REFUSED, None
            r.reasons = [
                _("KPI %(k)s hoort niet bij doel %(g)s.") % {"k": c.kpi.code, "g": update.goal.code}
            ]
            continue
        key = (c.kpi.pk, str(c.period), getattr(c.municipality, "pk", None))
        lines[key] = {
            "kpi": c.kpi,
            "period": str(c.period),
            "municipality": c.municipality,
            "value": c.value,
            "source_note": c.source_note,
        }
        r.result = FOR_REVIEW
    if any(r.result == FOR_REVIEW for r in cleaned):
        update_save(update=update, by=by, fields={}, figures=list(lines.values()))


def figures_bulk_load(
    rows: list[dict],
    *,
    by,
    reason: str = "",
    dry_run: bool = False,
    update: ProgressUpdate | None = None,
) -> BulkSummary:
    """Validate and load `rows` (dicts with kpi, periode, gemeente, waarde, bron).

    With `update`, the rows go into that progress update (a partner's path); otherwise they are
    approved figures (the programme team's path). A dry run does everything, reports it, and
    rolls it back. A row that cannot be loaded is refused with its reasons; the others load.
    """
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            {"meetwaarden": _("Stuur hoogstens %(n)s regels per keer.") % {"n": MAX_ROWS}}
        )
    codes = {_text(raw.get("kpi")) for raw in rows}
    kpis = {k.code: k for k in Kpi.objects.filter(code__in=codes)}
    results = _clean_rows(rows, kpis)
    cleaned = [r for r in results if r.clean is not None and not r.result]
    with transaction.atomic():
        if cleaned:
            if update is None:
                _load_approved(cleaned, by=by, reason=reason or _("Bulklading via de API"))
            else:
                _load_into_update(cleaned, update=update, by=by)
        if dry_run:
            transaction.set_rollback(True)
    if dry_run:  # nothing was kept, so a new figure has no id yet
        for r in results:
            if r.result == CREATED:
                r.figure_id = None
    return BulkSummary(rows=results, dry_run=dry_run)
