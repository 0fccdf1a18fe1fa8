from django.contrib.auth.models import AnonymousUser

from .permissions import can_edit_plan, can_moderate, can_read_internal


def roles(request):
    """Expose what the current user may do, for navigation and edit links."""
    # An error page for a request that never reached the authentication middleware (a bad
    # Host, an oversized body) has no user: it is rendered as for an anonymous visitor.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "can_edit_plan": can_edit_plan(user),
        "can_moderate": can_moderate(user),
        "can_read_internal": can_read_internal(user),
    }
