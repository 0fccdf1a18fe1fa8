"""The one rate limiter: login failures, resident input and the API all count with it.

A fixed window per key in the default cache: one `add` and one `incr` per hit, and the key
is a keyed hash, so no user name or address is stored. A cache that is away (Redis down)
counts nothing and limits nothing (core.resilience), so pages keep serving.
"""

from __future__ import annotations

import hashlib
import unicodedata

from django.conf import settings
from django.core.cache import cache


def normalise(value: str) -> str:
    """Fold the variants of one name into one key: Unicode compatibility forms, case, spaces."""
    return unicodedata.normalize("NFKC", value or "").casefold().strip()


class RateLimit:
    def __init__(self, scope: str, limit: int, window: int):
        self.scope, self.limit, self.window = scope, limit, window

    def key(self, *parts: str) -> str:
        raw = ":".join([settings.SECRET_KEY, self.scope, *(normalise(p) for p in parts)])
        return f"ratelimit:{self.scope}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"

    def count(self, *parts: str) -> int:
        return cache.get(self.key(*parts)) or 0

    def exceeded(self, *parts: str) -> bool:
        """Return whether the limit is reached, without counting this call."""
        return self.count(*parts) >= self.limit

    def hit(self, *parts: str) -> int:
        """Count one event and return the count in the current window."""
        key = self.key(*parts)
        cache.add(key, 0, timeout=self.window)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr: start a new window
            cache.set(key, 1, timeout=self.window)
            return 1

    def allows(self, *parts: str) -> bool:
        """Count one event; return whether it is within the limit."""
        return self.hit(*parts) <= self.limit
