"""Writes for monitoring, one module per aggregate.

- values.py: validation of one KPI value (number, range, period, municipality, outlier)
- figures.py: approved figures, entered, imported or corrected
- kpis.py: KPI definitions, targets and sources (the programme team's pages)
- bulk.py: a set of figures in one call, with a dry run and a result per row
- updates.py, reviews.py: the progress-update workflow, one function per transition
- evidence.py: files attached to an update

The public names are re-exported here, so callers write `services.update_submit(...)`.
"""

from .bulk import BulkSummary, figures_bulk_load
from .evidence import evidence_add, validate_evidence
from .figures import (
    FetchResult,
    figure_correct,
    figure_create,
    figure_from_source,
    figures_from_source,
    figures_review,
)
from .kpis import KPI_FIELDS, kpi_archive, kpi_create, kpi_update, unmeasured_mark
from .reviews import bulk_approve, update_apply, update_approve, update_return, update_revise
from .updates import UPDATE_FIELDS, clean_update_figures, update_save, update_start, update_submit
from .values import (
    CleanFigure,
    approved_histories,
    clean_figure,
    duplicate_error,
    is_outlier,
    municipality_from,
    municipality_index,
    outlier_for,
    outlier_in,
    parse_decimal,
    plan_years,
    validate_municipality,
    validate_period,
    validate_value,
)

__all__ = [
    "KPI_FIELDS",
    "UPDATE_FIELDS",
    "BulkSummary",
    "FetchResult",
    "CleanFigure",
    "bulk_approve",
    "clean_figure",
    "clean_update_figures",
    "duplicate_error",
    "evidence_add",
    "figures_bulk_load",
    "figures_from_source",
    "figures_review",
    "figure_correct",
    "figure_create",
    "figure_from_source",
    "is_outlier",
    "kpi_archive",
    "kpi_create",
    "kpi_update",
    "municipality_from",
    "municipality_index",
    "outlier_for",
    "outlier_in",
    "approved_histories",
    "parse_decimal",
    "unmeasured_mark",
    "plan_years",
    "update_apply",
    "update_approve",
    "update_return",
    "update_revise",
    "update_save",
    "update_start",
    "update_submit",
    "validate_evidence",
    "validate_municipality",
    "validate_period",
    "validate_value",
]
