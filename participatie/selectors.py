"""Reads for participation, each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from regioplan.models import OperationalGoal, Plan

from .models import (
    Input,
    ParticipationBudget,
    ParticipationMoment,
    Recommendation,
    ResidentInitiative,
)

PHASES = ParticipationMoment.Phase


def recent_moments(limit: int = 20):
    return ParticipationMoment.objects.select_related("goal", "initiative").order_by("-date")[
        :limit
    ]


def published_inputs(*, goal=None, theme=None, limit: int = 50):
    qs = Input.objects.published()
    if goal is not None:
        qs = qs.filter(goal=goal)
    if theme is not None:
        qs = qs.filter(Q(theme=theme) | Q(goal__strategic_goal__theme=theme))
    return qs.select_related("goal", "municipality", "led_to").order_by("-created_at")[:limit]


def phases_for_goals(goal_ids) -> dict[int, list[str]]:
    """The phases in which residents were involved, per goal."""
    found = defaultdict(set)
    for goal_id, phase in ParticipationMoment.objects.filter(
        goal_id__in=list(goal_ids)
    ).values_list("goal_id", "phase"):
        found[goal_id].add(phase)
    return {gid: [p for p in PHASES.values if p in phases] for gid, phases in found.items()}


@dataclass
class PhaseShare:
    phase: str
    label: str
    goals: int
    total: int

    @property
    def percent(self) -> Decimal:
        return (
            (Decimal(self.goals) * 100 / self.total).quantize(Decimal("0.1"))
            if self.total
            else Decimal(0)
        )


def involvement_kpi(plan: Plan) -> list[PhaseShare]:
    """Share of (current) operational goals with resident involvement in each phase."""
    active = OperationalGoal.objects.filter(plan=plan).exclude(
        status=OperationalGoal.Status.ARCHIVED
    )
    total = active.count()
    counts = dict(
        ParticipationMoment.objects.filter(goal__in=active)
        .values("phase")
        .annotate(n=Count("goal", distinct=True))
        .values_list("phase", "n")
    )
    return [
        PhaseShare(value, label, counts.get(value, 0), total) for value, label in PHASES.choices
    ]


@dataclass
class BudgetRow:
    year: int
    reserved: Decimal | None
    spent: Decimal
    percent: Decimal | None = None  # the share of IZA SPUK reserved that year (editable)

    @property
    def remaining(self) -> Decimal | None:
        return None if self.reserved is None else self.reserved - self.spent


def budget_rows() -> list[BudgetRow]:
    """The participation reservation (8% of IZA SPUK) against what moments cost, per year."""
    spent = dict(
        ParticipationMoment.objects.annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(total=Sum("cost"))
        .values_list("year", "total")
    )
    budgets = {b.year: b for b in ParticipationBudget.objects.all()}
    years = sorted(set(spent) | set(budgets), reverse=True)
    return [
        BudgetRow(
            y,
            budgets[y].reserved if y in budgets else None,
            spent.get(y) or Decimal(0),
            budgets[y].reservation_percent if y in budgets else None,
        )
        for y in years
    ]


@dataclass
class RecommendationRow:
    rec: Recommendation
    goal_count: int
    lifestyle_count: int


def recommendation_rows() -> list[RecommendationRow]:
    """Per recommendation: goals it is reflected in, overall and within Gezondheid en Leefstijl."""
    recs = Recommendation.objects.annotate(
        n_goals=Count("goals", distinct=True),
        n_lifestyle=Count(
            "goals", filter=Q(goals__priority_themes__slug="leefstijl"), distinct=True
        ),
    ).order_by("number")
    return [RecommendationRow(r, r.n_goals, r.n_lifestyle) for r in recs]


def registry():
    """The public registry of resident initiatives (page, API, sitemap, profiles)."""
    return (
        ResidentInitiative.objects.public()
        .select_related("municipality")
        .prefetch_related("goals")
        .order_by("name")
    )


def moderation_queue():
    return {
        "inputs": Input.objects.filter(moderation=Input.Moderation.NEW)
        .select_related("goal", "theme", "municipality")
        .order_by("created_at"),
        "unanswered": Input.objects.filter(
            moderation=Input.Moderation.PUBLISHED,
            answer_status__in=[Input.Answer.RECEIVED, Input.Answer.CONSIDERING],
        )
        .select_related("goal")
        .order_by("created_at"),
        "proposals": ResidentInitiative.objects.filter(status=ResidentInitiative.Status.PROPOSED)
        .select_related("municipality")
        .order_by("created_at"),
    }


def report_summary(plan: Plan, quarter, agreement: str | None = None) -> dict:
    """'What residents said' for the quarterly report: input received and answered in the quarter,
    published examples, and the participation KPI. Only published input is quoted."""
    in_quarter = Input.objects.filter(
        created_at__date__gte=quarter.start, created_at__date__lte=quarter.end
    )
    counts = in_quarter.aggregate(
        received=Count("pk"),
        answered=Count(
            "pk", filter=Q(answer_status__in=[Input.Answer.ANSWERED, Input.Answer.INCLUDED])
        ),
        included=Count("pk", filter=Q(answer_status=Input.Answer.INCLUDED)),
    )
    examples = list(in_quarter.published().select_related("goal").order_by("-created_at")[:5])
    moments = ParticipationMoment.objects.filter(
        date__gte=quarter.start, date__lte=quarter.end
    ).aggregate(n=Count("pk"), people=Sum("participants"))
    return {
        **counts,
        "examples": examples,
        "moments": moments["n"],
        "participants": moments["people"] or 0,
        "kpi": involvement_kpi(plan),
    }
