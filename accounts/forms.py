"""Login with throttling: after too many failed attempts for a username or from one address,
logins are refused for a while. Only keyed hashes are kept, in the cache."""

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.ratelimit import RateLimit
from core.security import client_ip


def _failures() -> RateLimit:
    return RateLimit("login-failures", settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_LOCKOUT_SECONDS)


class ThrottledLoginMixin:
    """Refuse logins for a while after too many failures for a name or from an address."""

    error_messages = {
        "throttled": _(
            "Te veel mislukte pogingen. Wacht %(minutes)s minuten en probeer het dan opnieuw."
        ),
    }

    def _keys(self) -> list[tuple[str, str]]:
        # The name is normalised by the limiter (NFKC, casefold, strip): "Pim", " pim " and
        # "ｐｉｍ" share one count, so variants of a name cannot get round the lock.
        return [("user", self.data.get("username", "")), ("ip", client_ip(self.request))]

    def clean(self):
        failures = _failures()
        if any(failures.exceeded(*k) for k in self._keys()):
            # A refused attempt still counts, against the address too: guesses sent to a
            # name that is already locked must bring the address to its limit as well.
            for k in self._keys():
                failures.hit(*k)
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": failures.window // 60},
            )
        try:
            return super().clean()
        except ValidationError:
            for k in self._keys():
                failures.hit(*k)
            raise


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, **ThrottledLoginMixin.error_messages}


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The Django admin's login (/beheer/) counts failures with the portal's login."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        **ThrottledLoginMixin.error_messages,
    }
