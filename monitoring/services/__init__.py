"""Writes for monitoring, one module per aggregate.

- values.py: validation of one KPI value (number, range, period, municipality, outlier)
- figures.py: approved figures, entered, imported or corrected
- kpis.py: KPI definitions, targets and sources (the programme team's pages)
- bulk.py: a set of figures in one call, with a dry run and a result per row
- updates.py, reviews.py: the progress-update workflow, one function per transition
- evidence.py: files attached to an update

The names the pages, the API and the tests call are re-exported here, so callers write
`services.update_submit(...)`; everything else is imported from its module.
"""

from .bulk import figures_bulk_load
from .evidence import evidence_add
from .figures import figure_correct, figure_create, figures_review
from .kpis import kpi_archive, kpi_create, kpi_update, unmeasured_mark
from .reviews import bulk_approve, update_apply, update_approve, update_return, update_revise
from .updates import UPDATE_FIELDS, update_save, update_start, update_submit
from .values import parse_decimal

__all__ = [
    "UPDATE_FIELDS",
    "bulk_approve",
    "evidence_add",
    "figures_bulk_load",
    "figures_review",
    "figure_correct",
    "figure_create",
    "kpi_archive",
    "kpi_create",
    "kpi_update",
    "parse_decimal",
    "unmeasured_mark",
    "update_apply",
    "update_approve",
    "update_return",
    "update_revise",
    "update_save",
    "update_start",
    "update_submit",
]
