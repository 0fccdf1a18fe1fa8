"""Monitoring checks that need a goal or an update; role checks are in accounts.permissions."""

from accounts.permissions import is_active_user
from regioplan.models import GoalOrganisation


def can_report_on(user, goal, organisation) -> bool:
    """A partner reports for its own organisation, on goals that organisation is named for or
    has taken on (an accepted commitment that has not ended; not an invitation or offer)."""
    if not (is_active_user(user) and user.is_partner and user.organisation_id == organisation.pk):
        return False
    return GoalOrganisation.objects.filter(
        goal=goal, organisation=organisation, status=GoalOrganisation.Status.ACCEPTED
    ).exists()
