from rest_framework.throttling import UserRateThrottle


class AuthenticatedRateThrottle(UserRateThrottle):
    """The 'user' rate for logged-in callers only; anonymous callers have the 'anon' rate."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
