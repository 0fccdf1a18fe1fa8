"""Charts of monitoring rows, drawn with core.charts (which knows no KPI)."""

from django.utils.safestring import mark_safe

from core import charts


def attach_line_charts(rows, *, width: int | None = None, height: int = 160):
    """Give each KPI row its line chart (series against baseline and target) as `row.chart`."""
    size = {"height": height} if width is None else {"width": width, "height": height}
    for row in rows:
        row.chart = mark_safe(
            charts.line_chart(
                row.series,
                title=row.kpi.name,
                baseline=row.kpi.baseline_value,
                target=row.target.value if row.target else None,
                unit=row.kpi.get_unit_display(),
                **size,
            )
        )
    return rows
