"""Monitoring checks that need a goal or an update; role checks are in accounts.permissions."""

from accounts.permissions import can_review, is_active_user
from regioplan.models import GoalOrganisation


def can_report_on(user, goal, organisation) -> bool:
    """A partner reports for its own organisation, on goals that organisation carries."""
    if not (is_active_user(user) and user.is_partner and user.organisation_id == organisation.pk):
        return False
    return GoalOrganisation.objects.filter(goal=goal, organisation=organisation).exists()


def can_view_update(user, update) -> bool:
    if not is_active_user(user):
        return False
    if can_review(user):
        return True
    if user.is_partner and user.organisation_id == update.organisation_id:
        return True
    return user.is_board and update.status == update.Status.APPROVED
