"""Links that leave the portal: e-mails and documents point at PORTAL_BASE_URL."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """The portal's public address of `path` ("/doelen/2.3.1.B/")."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path
