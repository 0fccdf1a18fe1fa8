"""Participation moments per goal, and the recommendations' votes and goal links."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import can_edit_plan
from audit.models import ChangeRecord
from audit.services import diff, record_change

from ..models import ParticipationBudget, ParticipationMoment, Recommendation
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


# --- The participation budget (IZA SPUK) --------------------------------------------------


@transaction.atomic
def budget_save(*, by, year: int, spuk_total, reservation_percent) -> ParticipationBudget:
    """Record (or correct) a year's IZA SPUK funds and the share reserved for participation."""
    if not can_edit_plan(by):
        raise PermissionDenied(_("Alleen het programmateam legt het budget vast."))
    errors = {}
    if not 2020 <= int(year) <= 2050:
        errors["year"] = [_("Kies een jaar tussen 2020 en 2050.")]
    if spuk_total is None or spuk_total < 0:
        errors["spuk_total"] = [_("Vul een bedrag van 0 euro of meer in.")]
    if reservation_percent is None or not 0 <= reservation_percent <= 100:
        errors["reservation_percent"] = [_("Vul een percentage tussen 0 en 100 in.")]
    if errors:
        raise ValidationError(errors)
    budget = ParticipationBudget.objects.select_for_update().filter(year=year).first()
    before = (
        {
            "spuk_total": str(budget.spuk_total),
            "reservation_percent": str(budget.reservation_percent),
        }
        if budget
        else {}
    )
    if budget is None:
        budget = ParticipationBudget(year=year)
    budget.spuk_total, budget.reservation_percent = spuk_total, reservation_percent
    budget.full_clean()
    budget.save()
    after = {"spuk_total": str(spuk_total), "reservation_percent": str(reservation_percent)}
    changes = diff(before, after)
    if changes:
        record_change(
            budget,
            action=ChangeRecord.Action.UPDATE if before else ChangeRecord.Action.CREATE,
            changes=changes,
            by=by,
        )
    return budget
