"""Who may do what with the plan. The one place these checks live."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def can_edit_plan(user) -> bool:
    """Return whether the user may edit the plan: the programme team and admins."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.is_programme_team or user.is_portal_admin


def plan_editor_required(view):
    """Anonymous users go to the login page; logged-in users without the right get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_edit_plan(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
