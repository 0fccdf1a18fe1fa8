"""Who may moderate residents' input. The one place this check lives."""

from gezondemarke.lib.access import login_and
from regioplan.permissions import can_edit_plan


def can_moderate(user) -> bool:
    """The programme team and the participation coordinator (Zorgbelang) moderate and answer."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return can_edit_plan(user) or user.is_coordinator


moderator_required = login_and(can_moderate)
