"""Charts of monitoring rows, drawn with core.charts (which knows no KPI)."""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import charts


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


def attach_line_charts(rows, *, width: int | None = None, height: int = 160):
    """Give each KPI row its line chart (series against baseline and target) as `row.chart`."""
    size = {"height": height} if width is None else {"width": width, "height": height}
    for row in rows:
        row.chart = mark_safe(
            charts.line_chart(
                row.series,
                title=chart_summary(row),
                baseline=row.baseline.value if getattr(row, "baseline", None) else None,
                target=row.target.value if row.target else None,
                unit=row.kpi.get_unit_display(),
                **size,
            )
        )
    return rows
