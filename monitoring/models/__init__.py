"""Monitoring's data, one module per aggregate: kpis, figures, updates, reports.

Rules (validation, workflow, aggregation) live in services/ and selectors/. Who may see what
is one QuerySet method per model (`public()`, `visible_to(user)`), used by every page, API
view, export, sitemap, open-data file and the PDF alike (docs/ARCHITECTURE.md).
"""

from .figures import FIGURE_WORDS, Figure, FigureQuerySet
from .kpis import (
    KPI_WORDS,
    TARGET_DEFAULTS,
    TARGET_SYMBOLS,
    VALUE,
    Kpi,
    KpiQuerySet,
    KpiTarget,
    UnmeasuredTarget,
)
from .reports import REPORT_WORDS, QuarterlyReport, report_path
from .updates import (
    PROGRESS_WORDS,
    STATUS_WORDS,
    Evidence,
    ProgressUpdate,
    ProgressUpdateQuerySet,
    ReminderLog,
    UpdateFigure,
    UpdateTransition,
    evidence_path,
)

__all__ = [
    "FIGURE_WORDS",
    "KPI_WORDS",
    "REPORT_WORDS",
    "PROGRESS_WORDS",
    "STATUS_WORDS",
    "TARGET_DEFAULTS",
    "TARGET_SYMBOLS",
    "VALUE",
    "Evidence",
    "Figure",
    "FigureQuerySet",
    "Kpi",
    "KpiQuerySet",
    "KpiTarget",
    "ProgressUpdate",
    "ProgressUpdateQuerySet",
    "QuarterlyReport",
    "ReminderLog",
    "UnmeasuredTarget",
    "UpdateFigure",
    "UpdateTransition",
    "evidence_path",
    "report_path",
]
