"""Account services: API tokens (create, check, revoke) and password-reset throttling."""

import hashlib
import secrets

from django.conf import settings
from django.utils import timezone

from core.ratelimit import RateLimit

from .models import ApiToken

PREFIX = "gm_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    key = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100] or "API",
        prefix=key[len(PREFIX) : len(PREFIX) + 6],
        key_hash=_hash(key),
    )
    return token, key


def token_user(key: str):
    """Return the active user of a key, or None; records when the token was last used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None, None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token


def token_revoke(*, token: ApiToken, by) -> None:
    if token.user_id != by.pk:
        raise PermissionError("not your token")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def password_reset_allowed(*, email: str, ip: str) -> bool:
    """Count one reset request; False once this e-mail or address asked too often this hour.

    The caller then sends nothing and says the same as always, so a flood of requests
    neither fills someone's mailbox nor tells whether an account exists.
    """
    limit = RateLimit("password-reset", settings.PASSWORD_RESET_LIMIT, 3600)
    return limit.allows("email", email) and limit.allows("ip", ip)
