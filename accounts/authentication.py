"""`Authorization: Token <key>` (or `Bearer <key>`) with a personal API token."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    get_authorization_header,
)

from accounts.services import token_user
from accounts.twofactor import needs_second_step


class ApiTokenAuthentication(BaseAuthentication):
    keywords = (b"token", b"bearer")

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Geef de sleutel als 'Authorization: Token <sleutel>'.")
            )
        user, token = token_user(parts[1].decode(errors="replace"))
        if user is None:
            raise exceptions.AuthenticationFailed(_("Deze sleutel is onbekend of ingetrokken."))
        return user, token

    def authenticate_header(self, request):
        return "Token"


try:
    from drf_spectacular.extensions import OpenApiAuthenticationExtension

    class ApiTokenScheme(OpenApiAuthenticationExtension):
        target_class = "accounts.authentication.ApiTokenAuthentication"
        name = "tokenAuth"

        def get_security_definition(self, auto_schema):
            return {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "Persoonlijke token: `Token <sleutel>` (aan te maken op uw "
                "profielpagina).",
            }

    from drf_spectacular.authentication import SessionScheme

    class VerifiedSessionScheme(SessionScheme):
        target_class = "accounts.authentication.VerifiedSessionAuthentication"
except ImportError:  # pragma: no cover
    pass


class VerifiedSessionAuthentication(SessionAuthentication):
    """The browser session, once its second sign-in step is passed where one is needed.

    A session that still has to enter its code is anonymous to the API, as it is to the pages
    (accounts.twofactor.TwoFactorMiddleware).
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if needs_second_step(user):
            return None
        return result
