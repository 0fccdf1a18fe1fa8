"""Charts of monitoring rows, drawn with core.charts (which knows no KPI)."""

from decimal import Decimal

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import charts

from . import trajectory
from .units import unit_suffix


def chart_summary(row) -> str:
    """What the chart shows, in one sentence: its alternative text (PDF /Alt, aria-label)."""
    kpi = row.kpi
    parts = [kpi.name]
    if row.series:
        (first_period, first), (last_period, last) = row.series[0], row.series[-1]
        if len(row.series) == 1:
            parts.append(
                _("één waarde: %(v)s in %(p)s") % {"v": charts.fmt(last), "p": last_period}
            )
        else:
            parts.append(
                _("van %(a)s in %(pa)s naar %(b)s in %(pb)s")
                % {
                    "a": charts.fmt(first),
                    "pa": first_period,
                    "b": charts.fmt(last),
                    "pb": last_period,
                }
            )
    else:
        parts.append(_("nog geen waarden"))
    if row.target is not None:
        comparison = row.target.symbol or _("tussen")
        parts.append(
            _("streefwaarde %(c)s %(v)s in %(y)s")
            % {"c": comparison, "v": charts.fmt(row.target.value), "y": row.target.year}
        )
    parts.append(kpi.get_direction_display().lower())
    return "; ".join(str(p) for p in parts) + f" ({kpi.get_unit_display()})."


def milestone_path(kpi, series, baseline) -> list[tuple[str, Decimal | None]]:
    """The plan's path per point of the series: the milestone of each point's year."""
    path = []
    for period, _v in series:
        milestone = trajectory.milestone_for(kpi, int(str(period)[:4]), baseline)
        path.append((period, milestone.value if milestone else None))
    return path


def kpi_line_chart(row, *, heading: str | None = None, width: int = 560, height: int = 220):
    """A KPI row's chart: its name as heading, its unit on the y-axis, baseline, target and the
    path of milestones between them."""
    baseline = getattr(row, "baseline", None)
    return mark_safe(
        charts.line_chart(
            row.series,
            title=chart_summary(row),
            heading=row.kpi.name if heading is None else heading,
            baseline=baseline.value if baseline else None,
            target=row.target.value if row.target else None,
            path=milestone_path(row.kpi, row.series, baseline),
            unit=unit_suffix(row.kpi.unit),
            width=width,
            height=height,
        )
    )


def attach_line_charts(rows, *, width: int = 560, height: int = 200):
    """Give each KPI row its line chart (series against baseline and target) as `row.chart`."""
    for row in rows:
        row.chart = kpi_line_chart(row, width=width, height=height)
    return rows
