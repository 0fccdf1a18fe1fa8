"""Who may do what with the plan. The one place these checks live."""

from gezondemarke.lib.access import login_and


def can_edit_plan(user) -> bool:
    """Return whether the user may edit the plan: the programme team and admins."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.is_programme_team or user.is_portal_admin


# Anonymous users go to the login page; logged-in users without the right get 403.
plan_editor_required = login_and(can_edit_plan)
