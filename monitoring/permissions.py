"""Who may do what in monitoring. The one place these checks live."""

from gezondemarke.lib.access import login_and
from regioplan.models import GoalOrganisation
from regioplan.permissions import can_edit_plan


def _active(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def can_review(user) -> bool:
    """The programme team (and admins) review progress updates and manage figures."""
    return can_edit_plan(user)


def can_read_internal(user) -> bool:
    """Programme team, board and admins see the full dashboard."""
    return _active(user) and (can_review(user) or user.is_board)


def can_report_on(user, goal, organisation) -> bool:
    """A partner reports for its own organisation, on goals that organisation carries."""
    if not (_active(user) and user.is_partner and user.organisation_id == organisation.pk):
        return False
    return GoalOrganisation.objects.filter(goal=goal, organisation=organisation).exists()


def can_view_update(user, update) -> bool:
    if not _active(user):
        return False
    if can_review(user):
        return True
    if user.is_partner and user.organisation_id == update.organisation_id:
        return True
    return user.is_board and update.status == update.Status.APPROVED


reviewer_required = login_and(can_review)
partner_required = login_and(lambda user: user.is_partner and user.organisation_id is not None)
