"""What a quarter's report contains, in a fixed number of queries. Only approved data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import charts
from regioplan.models import GoalOrganisation, OperationalGoal, Plan

from .. import selectors
from ..models import ProgressUpdate
from ..periods import Period

# Sections that apps above monitoring add to the report (participatie's "what residents
# said"), registered in their AppConfig.ready(); the template shows them by key.
_SECTIONS: dict[str, Callable[[Plan, Period], object]] = {}


def register_section(key: str, build: Callable[[Plan, Period], object]) -> None:
    """Add (or replace) a report section: `build(plan, quarter)` returns its data."""
    _SECTIONS[key] = build


@dataclass
class GoalSection:
    goal: OperationalGoal
    status: str
    narrative: ProgressUpdate | None
    partners: list
    kpi_rows: list


def report_data(plan: Plan, quarter: Period) -> dict:
    """Everything the report shows, in a fixed number of queries. Only approved data."""
    summary = selectors.dashboard(plan, quarter)
    goals = (
        OperationalGoal.objects.filter(plan=plan)
        .exclude(status=OperationalGoal.Status.ARCHIVED)
        .select_related("strategic_goal__theme")
        .order_by("code")
    )
    latest: dict[int, ProgressUpdate] = {}
    for u in (
        selectors.public_updates()
        .filter(period__lte=str(quarter))
        .select_related("organisation")
        .order_by("period", "approved_at", "pk")
    ):
        latest[u.goal_id] = u  # the last one wins: the latest approved narrative up to this quarter
    partners = defaultdict(list)
    for link in GoalOrganisation.objects.select_related("organisation").order_by(
        "organisation__name"
    ):
        partners[link.goal_id].append(link)
    kpis = list(selectors.kpis_queryset().filter(goals__isnull=False, is_demo=False).distinct())
    rows_by_goal = defaultdict(list)
    for row in selectors.kpi_rows(kpis):
        row.chart = mark_safe(
            charts.line_chart(
                row.series,
                title=row.kpi.name,
                baseline=row.kpi.baseline_value,
                target=row.target.value if row.target else None,
                unit=row.kpi.get_unit_display(),
                width=420,
                height=120,
            )
        )
        for goal in row.kpi.goals.all():
            rows_by_goal[goal.pk].append(row)
    status_now = {g.pk: selectors.GAP for g in goals}
    for (goal_id, _period), update in selectors.latest_status_per_goal([str(quarter)]).items():
        status_now[goal_id] = update.progress
    themes = []
    for goal in goals:
        theme, sg = goal.strategic_goal.theme, goal.strategic_goal
        if not themes or themes[-1]["theme"] != theme:
            themes.append({"theme": theme, "strategic_goals": []})
        sgs = themes[-1]["strategic_goals"]
        if not sgs or sgs[-1]["sg"] != sg:
            sgs.append({"sg": sg, "goals": []})
        sgs[-1]["goals"].append(
            GoalSection(
                goal,
                status_now[goal.pk],
                latest.get(goal.pk),
                partners[goal.pk],
                rows_by_goal[goal.pk],
            )
        )
    return {
        "plan": plan,
        "quarter": quarter,
        "summary": summary,
        "themes": themes,
        "status_labels": {
            **dict(ProgressUpdate.Progress.choices),
            selectors.GAP: _("Geen goedgekeurde rapportage"),
        },
        **{key: build(plan, quarter) for key, build in _SECTIONS.items()},
    }
