"""Reads for open data and the sitemap, each through the models' visibility rules.

What is published is exactly what the public pages and the API show: `public()` and
`published()` of each model, never a filter of its own.
"""

from __future__ import annotations

from django.db.models import Max

from monitoring.models import Figure, Kpi
from participatie.models import Input, ParticipationMoment, Recommendation, ResidentInitiative
from regioplan.models import OperationalGoal, Organisation


def _latest(*querysets):
    """The newest `updated_at` over the querysets, or None (one query each)."""
    found = [qs.aggregate(m=Max("updated_at"))["m"] for qs in querysets]
    return max(filter(None, found), default=None)


def last_changed() -> dict:
    """When each dataset last changed, counting only rows that are public."""
    return {
        "plan": _latest(
            OperationalGoal.objects.all(), Organisation.objects.public(), Kpi.objects.public()
        ),
        "figures": _latest(Figure.objects.public()),
        "participation": _latest(
            Input.objects.published(),
            ParticipationMoment.objects.all(),
            ResidentInitiative.objects.public(),
            Recommendation.objects.all(),
        ),
    }


def current_goals():
    return OperationalGoal.objects.exclude(status=OperationalGoal.Status.ARCHIVED).order_by("code")


def public_kpis():
    return Kpi.objects.public().order_by("code")


def public_organisations():
    return Organisation.objects.public().order_by("name")


def registry_initiatives():
    return ResidentInitiative.objects.public().order_by("name")
