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

from ..charts import attach_line_charts
from ..periods import Period, deadline, last_closed_quarter
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
    kpi_rows = kpi_selectors.kpi_rows(kpi_selectors.plan_kpis(), until=quarter)
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
            "duties": duties,
            "leads": duties.leads,
            "internal": internal,
            "previous_quarter": quarter.previous(),
        },
        request=request,
    )
    return mark_safe(html), has_demo


def goal_monitoring(request, code):
    plan = plan_selectors.plan_get()
    data = dashboard_selectors.goal_monitoring(plan, code)
    attach_line_charts(data["kpi_rows"], height=160)
    return render(request, "monitoring/goal.html", {**data, "plan": plan})
