"""Reads of the plan. Each page's queryset is built here once, with its joins."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from audit.models import ChangeRecord

from .models import (
    GoalOrganisation,
    Initiative,
    OperationalGoal,
    Organisation,
    Plan,
    PriorityTheme,
    StrategicGoal,
    Theme,
    TransformationProgramme,
)

ACTIVE_GOALS = ~Q(operational_goals__status=OperationalGoal.Status.ARCHIVED)


def plan_get() -> Plan:
    """Return the plan the portal shows (one plan today)."""
    plan = Plan.objects.order_by("pk").first()
    if plan is None:
        raise Http404(_("Er is nog geen plan geladen."))
    return plan


def goals_queryset(plan: Plan):
    """Operational goals with what list rows show: strategic goal, theme, priority themes."""
    return (
        OperationalGoal.objects.filter(plan=plan)
        .select_related("strategic_goal__theme")
        .prefetch_related("priority_themes")
        .order_by("code")
    )


def overview_themes(plan: Plan):
    """Themes with their strategic goals, each annotated with its count of current goals."""
    strategic = StrategicGoal.objects.annotate(
        goal_count=Count("operational_goals", filter=ACTIVE_GOALS)
    ).order_by("code")
    return (
        Theme.objects.filter(plan=plan)
        .annotate(
            goal_count=Count(
                "strategic_goals__operational_goals",
                filter=Q(
                    strategic_goals__operational_goals__status__in=[
                        s
                        for s in OperationalGoal.Status.values
                        if s != OperationalGoal.Status.ARCHIVED
                    ]
                ),
            )
        )
        .prefetch_related(Prefetch("strategic_goals", queryset=strategic))
        .order_by("code")
    )


def plan_counts(plan: Plan) -> dict[str, int]:
    return OperationalGoal.objects.filter(plan=plan).aggregate(
        goals=Count("pk", filter=~Q(status=OperationalGoal.Status.ARCHIVED)),
        incomplete=Count("pk", filter=Q(incomplete_in_source=True)),
        undecided=Count("pk", filter=Q(target_year_undecided=True)),
    )


def theme_detail(plan: Plan, code: str) -> Theme:
    goals = goals_queryset(plan).exclude(status=OperationalGoal.Status.ARCHIVED)
    qs = Theme.objects.filter(plan=plan, code=code).prefetch_related(
        Prefetch(
            "strategic_goals",
            queryset=StrategicGoal.objects.order_by("code").prefetch_related(
                Prefetch("operational_goals", queryset=goals)
            ),
        )
    )
    return get_object_or_404(qs)


def strategic_goal_detail(plan: Plan, code: str) -> StrategicGoal:
    return get_object_or_404(
        StrategicGoal.objects.filter(plan=plan, code=code)
        .select_related("theme")
        .prefetch_related(
            Prefetch("operational_goals", queryset=goals_queryset(plan)),
            "programmes",
            Prefetch("referenced_by", queryset=OperationalGoal.objects.order_by("code")),
        )
    )


def goal_detail(plan: Plan, code: str) -> OperationalGoal:
    """Return one goal with everything its page shows, in a fixed number of queries."""
    return get_object_or_404(
        OperationalGoal.objects.filter(plan=plan, code=code)
        .select_related("strategic_goal__theme")
        .prefetch_related(
            "priority_themes",
            "initiatives",
            "programmes",
            "agreements",
            Prefetch("related_goals", queryset=OperationalGoal.objects.order_by("code")),
            Prefetch("referenced_by", queryset=OperationalGoal.objects.order_by("code")),
            Prefetch("related_strategic_goals", queryset=StrategicGoal.objects.order_by("code")),
            Prefetch(
                "organisation_links",
                queryset=GoalOrganisation.objects.public()
                .select_related("organisation")
                .order_by("role", "organisation__name", "start_quarter"),
            ),
        )
    )


def owners_of(links, quarter: str) -> dict[str, list]:
    """Sort a goal's accepted commitments for `quarter`: the trekker(s), the partners, those
    that start later and those that ended."""
    out: dict[str, list] = {"leads": [], "partners": [], "upcoming": [], "ended": []}
    for link in links:
        if link.role not in GoalOrganisation.REPORTING_ROLES:
            continue
        if link.status != GoalOrganisation.Status.ACCEPTED:
            continue
        if link.end_quarter and link.end_quarter < quarter:
            out["ended"].append(link)
        elif link.start_quarter and link.start_quarter > quarter:
            out["upcoming"].append(link)
        else:
            out["leads" if link.role == GoalOrganisation.Role.LEAD else "partners"].append(link)
    return out


def commitments_of(user, quarter: str, *, everyone: bool) -> dict:
    """The commitments a reader deals with: invitations and offers still open, and those in
    force in `quarter`; the reader's organisation's only, unless `everyone` (the team)."""
    links = GoalOrganisation.objects.visible_to(user).select_related(
        "goal", "theme", "organisation"
    )
    if not everyone:
        links = links.filter(organisation_id=user.organisation_id)
    return {
        "pending": list(
            links.filter(
                status__in=[GoalOrganisation.Status.INVITED, GoalOrganisation.Status.OFFERED]
            ).order_by("goal__code", "organisation__name")
        ),
        "in_force": links.current(quarter)
        .exclude(role=GoalOrganisation.Role.POTENTIAL_INITIATOR)
        .order_by("goal__code", "theme__code", "role"),
    }


def goals_without_lead(quarter: str, goals=None) -> list[OperationalGoal]:
    """The current goals (of `goals`, default all) that nobody leads in `quarter`."""
    led = GoalOrganisation.objects.in_force(quarter).filter(role=GoalOrganisation.Role.LEAD)
    goals = OperationalGoal.objects.all() if goals is None else goals
    return list(
        goals.exclude(status=OperationalGoal.Status.ARCHIVED)
        .exclude(pk__in=led.values("goal_id"))
        .select_related("strategic_goal__theme")
        .order_by("code")
    )


def goal_history(goal: OperationalGoal, *, internal: bool = False) -> list[ChangeRecord]:
    """The goal's change records and those of its commitments, newest first. Everyone sees
    when a commitment was accepted or ended; `internal` readers (the programme team) also see
    invitations, offers and declines with their reasons. A commitment's record says whom it
    is about (`about`)."""
    commitment_type = ContentType.objects.get_for_model(GoalOrganisation)
    links = GoalOrganisation.objects.filter(goal=goal)
    commitment_records = Q(content_type=commitment_type, object_id__in=links.values("pk"))
    if not internal:
        commitment_records = Q(
            content_type=commitment_type,
            object_id__in=links.public().values("pk"),
            action__in=[ChangeRecord.Action.APPROVE, ChangeRecord.Action.ARCHIVE],
        )
    records = list(
        ChangeRecord.objects.filter(
            Q(content_type=ContentType.objects.get_for_model(OperationalGoal), object_id=goal.pk)
            | commitment_records
        )
        .select_related("user")
        .order_by("-created_at", "-id")[:50]
    )
    for record in records:
        record.about = record.object_repr if record.content_type_id == commitment_type.pk else ""
    return records


def organisations_queryset():
    return (
        Organisation.objects.public()
        .select_related("municipality")
        .annotate(
            goal_count=Count(
                "goal_links__goal",
                filter=Q(goal_links__status=GoalOrganisation.Status.ACCEPTED),
                distinct=True,
            )
        )
        .order_by("name")
    )


def organisation_detail(slug: str) -> Organisation:
    return get_object_or_404(
        Organisation.objects.public()
        .filter(slug=slug)
        .select_related("municipality")
        .prefetch_related(
            Prefetch(
                "goal_links",
                queryset=GoalOrganisation.objects.public()
                .select_related("goal__strategic_goal__theme", "theme")
                .order_by("goal__code", "theme__code", "role"),
            ),
            "transformationprogramme_set",
        )
    )


def initiatives_queryset():
    return Initiative.objects.annotate(goal_count=Count("operational_goals")).order_by("name")


def initiative_detail(slug: str) -> Initiative:
    return get_object_or_404(
        Initiative.objects.filter(slug=slug).prefetch_related(
            Prefetch(
                "operational_goals",
                queryset=OperationalGoal.objects.select_related("strategic_goal__theme"),
            )
        )
    )


def priority_theme_detail(plan: Plan, slug: str) -> PriorityTheme:
    return get_object_or_404(
        PriorityTheme.objects.filter(plan=plan, slug=slug).prefetch_related(
            Prefetch("operational_goals", queryset=goals_queryset(plan))
        )
    )


def programmes(plan: Plan):
    return TransformationProgramme.objects.filter(plan=plan).prefetch_related(
        "partners",
        Prefetch("strategic_goals", queryset=StrategicGoal.objects.order_by("code")),
        Prefetch("operational_goals", queryset=OperationalGoal.objects.order_by("code")),
    )
