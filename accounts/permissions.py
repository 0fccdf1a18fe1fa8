"""Who may do what, by role. The one place these checks live.

Checks that need a domain object (may this partner report on that goal?) live in the app
that owns the object (`monitoring/permissions.py`) and build on these.
"""

from django.utils.translation import gettext_lazy as _

from core.access import login_and
from core.api.permissions import ApiPermission


def is_active_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_edit_plan(user) -> bool:
    """Return whether the user may edit the plan: the programme team and admins."""
    if not is_active_user(user):
        return False
    return user.is_superuser or user.is_programme_team or user.is_portal_admin


def can_review(user) -> bool:
    """Return whether the user reviews progress updates and manages figures and KPIs."""
    return can_edit_plan(user)


def can_read_internal(user) -> bool:
    """Return whether the user sees the full dashboard: programme team, board and admins."""
    return is_active_user(user) and (can_review(user) or user.is_board)


def can_moderate(user) -> bool:
    """Return whether the user moderates and answers residents' input (team, coordinator)."""
    return is_active_user(user) and (can_edit_plan(user) or user.is_coordinator)


def is_reporting_partner(user) -> bool:
    return is_active_user(user) and user.is_partner and user.organisation_id is not None


# Anonymous users go to the login page; logged-in users without the right get 403.
plan_editor_required = login_and(can_edit_plan)
reviewer_required = login_and(can_review)
moderator_required = login_and(can_moderate)
partner_required = login_and(is_reporting_partner)
internal_reader_required = login_and(can_read_internal)


class ReadOnlyOrPlanEditor(ApiPermission):
    """Anyone reads the public plan; only the programme team (and admins) write."""

    message = _("Alleen het programmateam mag het plan wijzigen.")

    def may_write(self, user, request, view):
        return can_edit_plan(user)
