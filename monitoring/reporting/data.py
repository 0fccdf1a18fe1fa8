"""What a quarter's report contains, in a fixed number of queries. Only approved data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from regioplan.models import GoalOrganisation, OperationalGoal, Plan

from .. import selectors
from ..charts import attach_line_charts
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
    voices: selectors.GoalVoices | None = None  # every partner's update in this quarter


def report_data(plan: Plan, quarter: Period) -> dict:
    """Everything the report shows, in a fixed number of queries. Only approved data."""
    goals = (
        OperationalGoal.objects.filter(plan=plan)
        .exclude(status=OperationalGoal.Status.ARCHIVED)
        .select_related("strategic_goal__theme")
        .order_by("code")
    )
    voices = {
        goal_id: v for (goal_id, _p), v in selectors.latest_status_per_goal([str(quarter)]).items()
    }
    latest, partners = _latest_narratives(quarter), _partners_by_goal()
    rows = _kpi_rows_by_goal(quarter)
    sections = [
        GoalSection(
            g,
            voices[g.pk].progress if g.pk in voices else selectors.GAP,
            latest.get(g.pk),
            partners[g.pk],
            rows[g.pk],
            voices.get(g.pk),
        )
        for g in goals
    ]
    has_demo = any(r.is_demo for rs in rows.values() for r in rs) or any(
        u.is_demo for v in voices.values() for u in v.updates
    )
    return {
        "plan": plan,
        "quarter": quarter,
        "has_demo": has_demo,
        "summary": selectors.dashboard(plan, quarter),
        "themes": _by_theme(sections),
        "status_labels": {
            **dict(ProgressUpdate.Progress.choices),
            selectors.GAP: _("Geen goedgekeurde rapportage"),
        },
        **{key: build(plan, quarter) for key, build in _SECTIONS.items()},
    }


def _latest_narratives(quarter: Period) -> dict[int, ProgressUpdate]:
    """The latest approved narrative per goal up to this quarter (the last one wins)."""
    latest: dict[int, ProgressUpdate] = {}
    updates = selectors.public_updates().filter(period__lte=str(quarter))
    for u in updates.select_related("organisation").order_by("period", "approved_at", "pk"):
        latest[u.goal_id] = u
    return latest


def _partners_by_goal() -> dict[int, list]:
    partners = defaultdict(list)
    links = GoalOrganisation.objects.select_related("organisation").order_by("organisation__name")
    for link in links:
        partners[link.goal_id].append(link)
    return partners


def _kpi_rows_by_goal(quarter: Period) -> dict[int, list]:
    kpis = list(selectors.kpis_queryset().filter(goals__isnull=False, is_demo=False).distinct())
    rows_by_goal = defaultdict(list)
    rows = selectors.kpi_rows(kpis, until=quarter)  # nothing from after the quarter
    for row in attach_line_charts(rows, width=420, height=120):
        for goal in row.kpi.goals.all():
            rows_by_goal[goal.pk].append(row)
    return rows_by_goal


def _by_theme(sections: list[GoalSection]) -> list[dict]:
    """Nest the goal sections as theme → strategic goal → goals, in code order."""
    themes: list[dict] = []
    for section in sections:
        sg = section.goal.strategic_goal
        if not themes or themes[-1]["theme"] != sg.theme:
            themes.append({"theme": sg.theme, "strategic_goals": []})
        sgs = themes[-1]["strategic_goals"]
        if not sgs or sgs[-1]["sg"] != sg:
            sgs.append({"sg": sg, "goals": []})
        sgs[-1]["goals"].append(section)
    return themes
