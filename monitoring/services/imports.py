"""Storing a checked import file: figures 'te beoordelen', all or nothing."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Figure
from ..sources.files import ImportResult, check_rows
from .figures import figure_create


@transaction.atomic
def import_rows(
    table: list[dict], *, by, valid_only: bool = False, confirm_outliers: bool = False
) -> ImportResult:
    """Save the rows as figures 'te beoordelen'. With any error nothing is saved, unless
    valid_only is chosen; with a possible outlier nothing is saved until it is confirmed."""
    result = check_rows(table)
    if result.invalid and not valid_only:
        return result
    if result.outliers and not confirm_outliers:
        result.needs_confirmation = True
        return result
    for row in result.valid:
        c = row.clean
        figure_create(
            kpi=c.kpi,
            period=str(c.period),
            municipality=c.municipality,
            value=c.value,
            by=by,
            source_note=c.source_note or _("Import"),
            origin=Figure.Origin.IMPORT,
            status=Figure.Status.PENDING,  # shown only after the programme team approves it
            neighbourhood=c.neighbourhood,
        )
        result.saved += 1
    return result
