"""Reads for the dashboard and the goal pages: every partner's voice, rolled up per goal."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from regioplan.models import (
    GoalOrganisation,
    OperationalGoal,
    Plan,
    StrategicGoal,
    Theme,
)

from ..models import ProgressUpdate
from ..models.updates import approved_before
from ..periods import Period, current_quarter, cutoff
from .kpis import kpi_rows, kpis_queryset

GAP = "gap"  # no approved update for the goal in the quarter

# The statuses a goal can have on the dashboard and in the report, with their words and the
# colours of the bars (the CSS swatches of the legend use the same colours).
STATUS_COLOURS = {
    "not_started": "#6b6b6b",
    "on_track": "#1d6b35",
    "attention": "#b58100",
    "behind": "#b00020",
    "completed": "#1f4e99",
    GAP: "#d9d9d9",
}
STATUS_LABELS = {
    **dict(ProgressUpdate.Progress.choices),
    GAP: _("Geen goedgekeurde rapportage"),
}


# The roll-up rule (also in the report's "Verantwoording" and the dashboard's help text):
# per goal and quarter, each partner's latest approved update counts; the worst status wins,
# and the goal is "verdeeld" when partners are two steps or more apart.
# Steps from best to worst; "nog niet gestart" and "aandacht nodig" share a step.
ROLLUP_STEP = {"completed": 0, "on_track": 1, "not_started": 2, "attention": 2, "behind": 3}


@dataclass
class GoalVoices:
    """Every partner's latest approved update on one goal in one quarter, and their roll-up."""

    updates: list[ProgressUpdate]

    @property
    def progress(self) -> str:
        # The worst step wins; on a shared step "aandacht nodig" says more than "nog niet".
        return max(
            (u.progress for u in self.updates),
            key=lambda p: (ROLLUP_STEP[p], p == "attention"),
        )

    @property
    def divided(self) -> bool:
        steps = [ROLLUP_STEP[u.progress] for u in self.updates]
        return max(steps) - min(steps) >= 2

    def get_progress_display(self) -> str:
        return ProgressUpdate.Progress(self.progress).label


@dataclass(frozen=True)
class UpdateStatus:
    """What a status needs of an update (the dashboard's light read; no model instance)."""

    goal_id: int
    period: str
    organisation_id: int
    progress: str
    is_demo: bool


def latest_status_per_goal(
    periods: list[str],
    *,
    approved_only: bool = True,
    status_only: bool = False,
    as_of: dt.datetime | None = None,
) -> dict[tuple[int, str], GoalVoices]:
    """Per (goal, quarter): every organisation's latest approved update, rolled up.

    `status_only` reads only the columns a status needs, as plain rows (no narrative texts,
    no model instances): the dashboard's way, several times faster at 10x data."""
    qs = (ProgressUpdate.objects.public() if approved_only else ProgressUpdate.objects).filter(
        period__in=periods
    )
    if as_of is not None:  # the book as it was closed: approvals after the cut-off do not count
        qs = qs.filter(approved_before(as_of))  # no self-join: one condition on the same rows
    per_org: dict[tuple[int, str, int], Any] = {}
    if status_only:
        rows = qs.order_by("approved_at", "pk").values_list(
            "goal_id", "period", "organisation_id", "progress", "is_demo", "organisation__name"
        )
        names = {}
        for goal_id, period, org_id, progress, is_demo, name in rows:
            if progress in ROLLUP_STEP:
                per_org[(goal_id, period, org_id)] = UpdateStatus(
                    goal_id, period, org_id, progress, is_demo
                )
                names[org_id] = name
        order = sorted(per_org.items(), key=lambda item: names[item[0][2]])
    else:
        for u in qs.select_related("organisation").order_by("approved_at", "pk"):
            if u.progress in ROLLUP_STEP:
                per_org[(u.goal_id, u.period, u.organisation_id)] = u  # a later revision replaces
        order = sorted(per_org.items(), key=lambda item: item[1].organisation.name)
    grouped: dict[tuple[int, str], list] = defaultdict(list)
    for (goal_id, period, _org), update in order:
        grouped[(goal_id, period)].append(update)
    return {key: GoalVoices(updates) for key, updates in grouped.items()}


@dataclass
class GoalState:
    goal: OperationalGoal
    update: ProgressUpdate | None
    previous: ProgressUpdate | None

    @property
    def status(self) -> str:
        return self.update.progress if self.update else GAP

    @property
    def changed(self) -> bool:
        prev = self.previous.progress if self.previous else GAP
        return prev != self.status


def _current_goals(plan: Plan, agreement: str | None = None) -> list[OperationalGoal]:
    """The plan's current goals with their strategic goal and theme, for counts and links.

    One query for only what the counts, lists and links need (not the goals' texts); the
    themes and strategic goals are built once and shared instead of a copy per goal."""
    goals = OperationalGoal.objects.filter(plan=plan)
    if agreement:
        goals = goals.filter(agreements__code=agreement)
    rows = (
        goals.exclude(status=OperationalGoal.Status.ARCHIVED)
        .order_by("code")
        .values_list(
            "id",
            "code",
            "title",
            "strategic_goal_id",
            "strategic_goal__code",
            "strategic_goal__theme_id",
            "strategic_goal__theme__code",
            "strategic_goal__theme__name",
        )
    )
    themes: dict[int, Theme] = {}
    strategic: dict[int, StrategicGoal] = {}
    goals = []
    for pk, code, title, sg_id, sg_code, theme_id, theme_code, theme_name in rows:
        if theme_id not in themes:
            themes[theme_id] = Theme(id=theme_id, code=theme_code, name=theme_name, plan=plan)
        if sg_id not in strategic:
            strategic[sg_id] = StrategicGoal(
                id=sg_id, code=sg_code, theme=themes[theme_id], plan=plan
            )
        goals.append(
            OperationalGoal(id=pk, code=code, title=title, strategic_goal=strategic[sg_id])
        )
    return goals


def _counts(items: dict, statuses: list[str]) -> list[tuple]:
    """(theme or strategic goal, count per status, total), ordered by code."""
    return [
        (key, [c[s] for s in statuses], sum(c.values()))
        for key, c in sorted(items.items(), key=lambda i: i[0].code)
    ]


def dashboard(
    plan: Plan, quarter: Period, *, later_corrections: bool = False, agreement: str | None = None
) -> dict:
    """Goals per status per theme and strategic goal, changes since last quarter, reporting gaps.

    As the quarter's book was closed (its cut-off), unless `later_corrections`; for the goals
    of one agreement (IZA, GALA, ...) when given."""
    goals = _current_goals(plan, agreement)
    updates = latest_status_per_goal(
        [str(quarter), str(quarter.previous())],
        status_only=True,
        as_of=None if later_corrections else cutoff(quarter),
    )
    states = [
        GoalState(
            g, updates.get((g.pk, str(quarter))), updates.get((g.pk, str(quarter.previous())))
        )
        for g in goals
    ]
    statuses = [*ProgressUpdate.Progress.values, GAP]
    by_theme: dict[Theme, Counter] = defaultdict(Counter)
    by_sg: dict[StrategicGoal, Counter] = defaultdict(Counter)
    for s in states:
        by_theme[s.goal.strategic_goal.theme][s.status] += 1
        by_sg[s.goal.strategic_goal][s.status] += 1
    totals = Counter(s.status for s in states)
    return {
        "quarter": quarter,
        "statuses": statuses,
        "themes": _counts(by_theme, statuses),
        "strategic_goals": _counts(by_sg, statuses),
        "totals": [totals[s] for s in statuses],
        "changes": [s for s in states if s.changed and (s.update or s.previous)],
        "gaps": [s.goal for s in states if s.update is None],
        "has_demo_updates": any(u.is_demo for s in states if s.update for u in s.update.updates),
        "goal_count": len(goals),
    }


def goal_monitoring(plan: Plan, code: str) -> dict:
    """One goal: its latest approved narrative next to its KPIs."""
    goal = (
        OperationalGoal.objects.filter(plan=plan, code=code)
        .select_related("strategic_goal__theme")
        .prefetch_related(Prefetch("kpis", queryset=kpis_queryset()))
        .first()
    )
    if goal is None:
        raise Http404
    latest = (
        ProgressUpdate.objects.public()
        .filter(goal=goal)
        .select_related("organisation", "approved_by")
        .order_by("-period", "-approved_at")
        .first()
    )
    kpis = list(goal.kpis.all())
    quarter = str(current_quarter())
    commitments = (
        GoalOrganisation.objects.in_force(quarter)
        .filter(goal=goal, role__in=GoalOrganisation.REPORTING_ROLES)
        .select_related("organisation")
        .order_by("role", "organisation__name")
    )
    return {
        "goal": goal,
        "latest": latest,
        "kpi_rows": kpi_rows(kpis),
        "goal_leads": [c.organisation for c in commitments if c.role == GoalOrganisation.Role.LEAD],
        "goal_partners": [
            c.organisation for c in commitments if c.role == GoalOrganisation.Role.PARTNER
        ],
    }


def kpi_lights_by_theme(data: dict, kpi_rows) -> dict[int, list[str]]:
    """Theme id -> the verdicts of the KPIs linked to its goals (a KPI of two goals of one
    theme counts once): the dashboard's picture per theme. No query (`data` is dashboard())."""
    theme_of = {sg.pk: sg.theme_id for sg, _c, _t in data["strategic_goals"]}
    lights: dict[int, list[str]] = {}
    for row in kpi_rows:
        for theme_id in {theme_of.get(g.strategic_goal_id) for g in row.kpi.goals.all()}:
            if theme_id is not None:
                lights.setdefault(theme_id, []).append(row.light)
    return lights
