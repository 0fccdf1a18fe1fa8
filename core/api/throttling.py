"""API throttles on core.ratelimit: the 'anon' rate per address, the 'user' rate per user."""

from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from core.ratelimit import RateLimit

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'120/minute' -> (120, 60)."""
    number, period = rate.split("/")
    return int(number), PERIODS[period[0]]


class _RateThrottle(BaseThrottle):
    scope = ""
    rate: str | None = None  # a fixed rate instead of the setting's

    def ident(self, request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view):
        ident = self.ident(request)
        if ident is None:
            return True
        limit, self.duration = parse_rate(
            self.rate or api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        )
        return RateLimit(f"api-{self.scope}", limit, self.duration).allows(ident)

    def wait(self):
        return self.duration


class AnonRateThrottle(_RateThrottle):
    """Anonymous callers, per client address (NUM_PROXIES decides which one)."""

    scope = "anon"

    def ident(self, request):
        if request.user and request.user.is_authenticated:
            return None
        return self.get_ident(request)


class AuthenticatedRateThrottle(_RateThrottle):
    """The 'user' rate for logged-in callers only; anonymous callers have the 'anon' rate."""

    scope = "user"

    def ident(self, request):
        if not (request.user and request.user.is_authenticated):
            return None
        return str(request.user.pk)
