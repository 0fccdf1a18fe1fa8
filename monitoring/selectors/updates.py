"""Reads of progress updates: the partner's worklist, the review queue, one update, who owes one."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from regioplan.models import (
    GoalOrganisation,
    OperationalGoal,
)

from ..models import ProgressUpdate, UpdateFigure, UpdateTransition
from ..periods import Period, deadline, reporting_quarter


def partner_goals(organisation) -> list[OperationalGoal]:
    """The goals the organisation is named for or has taken on (accepted commitments)."""
    return list(
        OperationalGoal.objects.filter(
            organisation_links__organisation=organisation,
            organisation_links__status=GoalOrganisation.Status.ACCEPTED,
        )
        .exclude(status=OperationalGoal.Status.ARCHIVED)
        .select_related("strategic_goal__theme")
        .distinct()
        .order_by("code")
    )


def my_goals(organisation, today: dt.date | None = None) -> dict:
    """The partner's goals with, for the reporting quarter, the state of its update."""
    quarter = reporting_quarter(today)
    goals = partner_goals(organisation)
    updates: dict[int, ProgressUpdate] = {}
    for u in ProgressUpdate.objects.filter(organisation=organisation, period=str(quarter)).order_by(
        "revision"
    ):
        updates[u.goal_id] = u
    rows = [(g, updates.get(g.pk)) for g in goals]
    return {
        "quarter": quarter,
        "deadline": deadline(quarter),
        "rows": rows,
        "due": [
            g
            for g, u in rows
            if u is None
            or u.status in (ProgressUpdate.Status.DRAFT, ProgressUpdate.Status.RETURNED)
        ],
        "recent": ProgressUpdate.objects.filter(organisation=organisation)
        .select_related("goal")
        .order_by("-updated_at")[:20],
        # Reviews of the last 30 days: a note per returned (with the reason) or approved update.
        "reviewed": ProgressUpdate.objects.filter(
            organisation=organisation,
            status__in=[ProgressUpdate.Status.RETURNED, ProgressUpdate.Status.APPROVED],
            updated_at__gte=timezone.now() - dt.timedelta(days=30),
        )
        .select_related("goal")
        .order_by("-updated_at")[:10],
    }


def review_queue():
    return (
        ProgressUpdate.objects.filter(status=ProgressUpdate.Status.SUBMITTED)
        .select_related("goal", "organisation", "created_by")
        .order_by("submitted_at")
    )


def update_detail(pk: int, *, user) -> ProgressUpdate:
    """Return one update with what its page shows; 404 when `user` may not read it."""
    update = (
        ProgressUpdate.objects.visible_to(user)
        .filter(pk=pk)
        .select_related(
            "goal__strategic_goal__theme", "organisation", "created_by", "approved_by", "previous"
        )
        .prefetch_related(
            Prefetch(
                "figures", queryset=UpdateFigure.objects.select_related("kpi", "municipality")
            ),
            "evidence",
            Prefetch("transitions", queryset=UpdateTransition.objects.select_related("by")),
        )
        .first()
    )
    if update is None:
        raise Http404
    return update


def due_partners(quarter: Period):
    """(goal, organisation) pairs that owe an update for the quarter (a trekker or partner whose
    commitment holds then) and have not submitted one yet."""
    done = set(
        ProgressUpdate.objects.filter(period=str(quarter))
        .filter(status__in=[ProgressUpdate.Status.SUBMITTED, ProgressUpdate.Status.APPROVED])
        .values_list("goal_id", "organisation_id")
    )
    links = (
        GoalOrganisation.objects.reporting(str(quarter))
        .exclude(goal__status=OperationalGoal.Status.ARCHIVED)
        .select_related("goal", "organisation")
    )
    return [
        (link.goal, link.organisation)
        for link in links
        if (link.goal_id, link.organisation_id) not in done
    ]
