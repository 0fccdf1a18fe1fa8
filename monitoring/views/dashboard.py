"""The dashboard and a goal's monitoring page: numbers and stories side by side."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.permissions import (
    can_read_internal,
    can_review,
)
from core import charts
from core.pagecache import cache_public_page, fragment
from regioplan import selectors as plan_selectors
from regioplan.models import Municipality

from .. import maps, trajectory
from ..charts import attach_line_charts
from ..periods import Period, cutoff, deadline, last_closed_quarter
from ..selectors import dashboard as dashboard_selectors
from ..selectors import kpis as kpi_selectors
from ..selectors import updates as update_selectors
from ..selectors.dashboard import STATUS_COLOURS, STATUS_LABELS
from ..selectors.duties import closed_duty_book


def _quarter_param(request) -> Period:
    raw = request.GET.get("kwartaal")
    if raw:
        try:
            period = Period.parse(raw)
            if period.is_quarter:
                return period
        except ValidationError:
            pass
        messages.error(
            request,
            _("'%(q)s' is geen kwartaal; het laatste afgesloten kwartaal wordt getoond.")
            % {"q": raw},
        )
    return last_closed_quarter()


@cache_public_page
def dashboard(request):
    plan = plan_selectors.plan_get()
    quarter = _quarter_param(request)
    internal = can_read_internal(request.user)
    # The body is the same for every reader of a kind: cached until the next recorded write,
    # so signed-in readers get it without its queries and rendering too.
    body, has_demo = fragment(
        ("dashboard", str(quarter), internal),
        lambda: _dashboard_body(request, plan, quarter, internal),
    )
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "body": body,
            "plan": plan,
            "quarter": quarter,
            "still_open": deadline(quarter) >= dt.date.today(),
            "deadline": deadline(quarter),
            "has_demo": has_demo,
            "review_count": update_selectors.review_queue().count()
            if can_review(request.user)
            else None,
            "previous_quarter": quarter.previous(),
            "next_quarter": quarter.next(),
        },
    )


def _dashboard_body(request, plan, quarter, internal) -> tuple[str, bool]:
    data = dashboard_selectors.dashboard(plan, quarter)
    statuses = data["statuses"]
    legend = [(s, STATUS_LABELS[s], STATUS_COLOURS[s]) for s in statuses]

    def bar(title, counts):
        return mark_safe(
            charts.status_bar(
                [
                    (STATUS_LABELS[s], STATUS_COLOURS[s], c)
                    for s, c in zip(statuses, counts, strict=True)
                ],
                title=title,
            )
        )

    themes = [
        (t, counts, total, bar(f"{t.code} {t.name}", counts)) for t, counts, total in data["themes"]
    ]
    plan_kpis = kpi_selectors.plan_kpis()
    # As the quarter's book was closed (its cut-off), like kpi_rows on its own.
    index = kpi_selectors.FigureIndex.for_kpis(plan_kpis, until=quarter, as_of=cutoff(quarter))
    kpi_rows = kpi_selectors.kpi_rows(plan_kpis, index, until=quarter)
    pictures = _theme_pictures(data, kpi_rows)
    municipalities = list(Municipality.objects.order_by("name"))
    kpi_maps = [
        m
        for kpi in plan_kpis
        if (m := maps.kpi_map(kpi, index, municipalities, width=320, verdict_map=False))
    ]
    duties = closed_duty_book(quarter)  # the report's numbers: counted up to the cut-off
    has_demo = data["has_demo_updates"] or any(r.is_demo for r in kpi_rows)
    html = render_to_string(
        "monitoring/_dashboard_body.html",
        {
            **data,
            "plan": plan,
            "legend": legend,
            "themes": themes,
            "kpi_rows": kpi_rows,
            "pictures": pictures,
            "kpi_maps": kpi_maps,
            "duties": duties,
            "leads": duties.leads,
            "internal": internal,
            "previous_quarter": quarter.previous(),
        },
        request=request,
    )
    return mark_safe(html), has_demo


# KPI verdicts on the theme pictures, in the order of the bar, with the colours of the lights.
KPI_PARTS = [("green", "#1d6b35"), ("amber", "#fdb863"), ("red", "#b00020"), ("", "#d9d9d9")]


def _theme_pictures(data: dict, kpi_rows) -> list[tuple]:
    """Per theme: its goals per status and its KPIs on and off track, as one labelled picture
    (the dashboard opens with these, before the tables)."""
    statuses = data["statuses"]
    lights = dashboard_selectors.kpi_lights_by_theme(data, kpi_rows)
    pictures = []
    for theme, counts, total in data["themes"]:
        theme_lights = lights.get(theme.pk, [])
        goal_parts = [
            (str(STATUS_LABELS[s]), STATUS_COLOURS[s], c)
            for s, c in zip(statuses, counts, strict=True)
        ]
        kpi_parts = [
            (str(trajectory.VERDICTS[key]), colour, theme_lights.count(key))
            for key, colour in KPI_PARTS
        ]
        title = _("%(t)s: doelen per status (%(g)s) en KPI's op koers of niet (%(k)s)") % {
            "t": f"{theme.code} {theme.name}",
            "g": total,
            "k": len(theme_lights),
        }
        svg = charts.labelled_bars(
            [(_("Doelen"), goal_parts), (_("KPI's"), kpi_parts)], title=title
        )
        pictures.append((theme, mark_safe(svg)))
    return pictures


def goal_monitoring(request, code):
    plan = plan_selectors.plan_get()
    data = dashboard_selectors.goal_monitoring(plan, code)
    attach_line_charts(data["kpi_rows"])
    return render(request, "monitoring/goal.html", {**data, "plan": plan})
