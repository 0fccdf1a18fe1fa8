"""Who may do what in monitoring. The one place these checks live."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

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


def login_and(check):
    """Decorator: anonymous users go to the login page; users failing `check` get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


reviewer_required = login_and(can_review)
partner_required = login_and(lambda user: user.is_partner and user.organisation_id is not None)
