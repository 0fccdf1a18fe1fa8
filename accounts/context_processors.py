from .permissions import can_edit_plan, can_moderate, can_read_internal


def roles(request):
    """Expose what the current user may do, for navigation and edit links."""
    user = request.user
    return {
        "can_edit_plan": can_edit_plan(user),
        "can_moderate": can_moderate(user),
        "can_read_internal": can_read_internal(user),
    }
