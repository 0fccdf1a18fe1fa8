"""Participation moments per goal, and the recommendations' votes and goal links."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import can_edit_plan
from audit.models import ChangeRecord
from audit.services import diff, record_change

from ..models import ParticipationMoment, Recommendation
from .inputs import _moderator

# --- Participation moments and recommendations ----------------------------------------


@transaction.atomic
def moment_create(*, by, organisations=(), **fields) -> ParticipationMoment:
    _moderator(by)
    moment = ParticipationMoment(created_by=by, **fields)
    if not moment.goal_id and not moment.initiative_id:
        raise ValidationError({"goal": _("Kies een doel of een initiatief.")})
    moment.full_clean()
    moment.save()
    moment.organisations.set(organisations)
    record_change(
        moment,
        action=ChangeRecord.Action.CREATE,
        changes={
            "subject": [None, str(moment.goal or moment.initiative)],
            "organisations": [None, sorted(o.name for o in organisations)],
        },
        by=by,
    )
    return moment


@transaction.atomic
def recommendation_update(
    *, recommendation: Recommendation, by, importance_votes=None, urgency_votes=None, goals=None
) -> Recommendation:
    """The programme team enters the votes and goal links the text extract lost."""

    if not can_edit_plan(by):
        raise PermissionDenied(_("Alleen het programmateam wijzigt de aanbevelingen."))
    before = {
        "importance_votes": recommendation.importance_votes,
        "urgency_votes": recommendation.urgency_votes,
        "goals": sorted(recommendation.goals.values_list("code", flat=True)),
    }
    recommendation.importance_votes, recommendation.urgency_votes = importance_votes, urgency_votes
    recommendation.save()
    if goals is not None:
        recommendation.goals.set(goals)
    after = {
        "importance_votes": recommendation.importance_votes,
        "urgency_votes": recommendation.urgency_votes,
        "goals": sorted(recommendation.goals.values_list("code", flat=True)),
    }
    changes = diff(before, after)
    if changes:
        record_change(recommendation, action=ChangeRecord.Action.UPDATE, changes=changes, by=by)
    return recommendation
