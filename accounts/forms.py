"""Login with throttling: after too many failed attempts for a username or from one address,
logins are refused for a while. Only keyed hashes are kept, in the cache."""

import hashlib

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.security import client_ip


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value.lower()}".encode()).hexdigest()[
        :32
    ]
    return f"login-failures:{kind}:{digest}"


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _(
            "Te veel mislukte pogingen. Wacht %(minutes)s minuten en probeer het dan opnieuw."
        ),
    }

    def _keys(self) -> list[str]:
        return [_key("user", self.data.get("username", "")), _key("ip", client_ip(self.request))]

    def clean(self):
        limit, window = settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_LOCKOUT_SECONDS
        if any((cache.get(k) or 0) >= limit for k in self._keys()):
            raise ValidationError(
                self.error_messages["throttled"], code="throttled", params={"minutes": window // 60}
            )
        try:
            return super().clean()
        except ValidationError:
            for k in self._keys():
                cache.add(k, 0, timeout=window)
                cache.incr(k)
            raise
