"""Production: fail fast on an unsafe configuration."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, INSECURE_DEV_SECRET_KEY, SECRET_KEY, env_bool

# Words of placeholders (.env.example, docs, the image build): a key holding one was copied,
# not generated. Generate one with:
#   python -c "import secrets; print(secrets.token_urlsafe(50))"
PLACEHOLDER_WORDS = ("change", "replace", "example", "voorbeeld", "build-only", "secret-key")


def check_secret_key(key: str) -> None:
    """Refuse a missing, short, low-variety or placeholder SECRET_KEY."""
    lowered = key.lower()
    if (
        key == INSECURE_DEV_SECRET_KEY
        or len(key) < 50
        or len(set(key)) < 20
        or any(word in lowered for word in PLACEHOLDER_WORDS)
    ):
        raise ImproperlyConfigured(
            "Set SECRET_KEY to a random value of at least 50 characters, for example the "
            'output of: python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )


check_secret_key(SECRET_KEY)
if env_bool("DEBUG", default=False):
    raise ImproperlyConfigured("DEBUG must be off in production.")

DEBUG = False
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", default=True)
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("LOG_FORMAT", "json")  # noqa: F405


# The address residents use decides the transport rules. https:// (behind a TLS proxy):
# redirect plain HTTP, HSTS and Secure cookies. http:// (make serve on one machine, no
# proxy): none of these, or nobody could log in.
def check_base_url(raw: str) -> str:
    """Refuse a missing, empty (Compose passes '' for an unset variable) or malformed address."""
    value = raw.strip().rstrip("/")
    if not value:
        raise ImproperlyConfigured(
            "Set PORTAL_BASE_URL to the address residents use, e.g. "
            "https://portaal.gezondemarke.nl (it is missing or empty)."
        )
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"PORTAL_BASE_URL must be an http(s) address with a host name, such as "
            f"https://portaal.gezondemarke.nl; it is {value!r}."
        )
    return value


PORTAL_BASE_URL = check_base_url(os.environ.get("PORTAL_BASE_URL", ""))
HTTPS = urlsplit(PORTAL_BASE_URL).scheme == "https"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, urlsplit(PORTAL_BASE_URL).hostname]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=HTTPS)
# Load balancers and the Compose health checks ask over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_TRUSTED_ORIGINS = [PORTAL_BASE_URL]
STORAGES = PRODUCTION_STORAGES  # noqa: F405
