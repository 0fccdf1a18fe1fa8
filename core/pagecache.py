"""Whole-page cache for anonymous readers of the public plan.

The plan is read far more than it is written. Every write to the plan records a change
(audit.services.record_change), and every recorded change bumps a "generation" number
after its transaction commits. Cached pages are keyed by that generation, so a write
makes all cached pages stale at once; nothing has to know which pages an object is on.

The cache alias "pages" must be shared by all web processes (Redis in production).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import wraps

from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse

GENERATION_KEY = "plan-generation"
TIMEOUT = 60 * 60
# Long query strings are almost never repeated; caching them only fills the cache.
MAX_CACHED_QUERY = 200


def _cache():
    return caches["pages"]


def generation() -> int:
    value = _cache().get(GENERATION_KEY)
    if value is None:
        value = 1
        _cache().add(GENERATION_KEY, value, timeout=None)
    return value


def bump_generation() -> None:
    """Invalidate every cached page, once the current transaction commits."""

    def bump():
        cache = _cache()
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, timeout=None)

    transaction.on_commit(bump)


def fragment(parts: tuple, build):
    """A piece of a page that is the same for everyone who passes the same `parts` (for
    example the quarter and whether the reader is internal), cached until the next recorded
    write. `build()` returns any picklable value (HTML and flags); it runs only on a miss."""
    if len(repr(parts)) > 2 * MAX_CACHED_QUERY:
        return build()  # a long query string is almost never repeated: do not fill the cache
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = f"fragment:{generation()}:{dt.date.today()}:{digest}"
    value = _cache().get(key)
    if value is None:
        value = build()
        _cache().set(key, value, TIMEOUT)
    return value


def _has_messages(request) -> bool:
    from django.contrib.messages import get_messages

    return len(get_messages(request)) > 0  # counts without marking them as read


def _storable(request, response) -> bool:
    """Only a page that is the same for every anonymous visitor may be stored."""
    return (
        response.status_code == 200
        and not response.cookies  # a Set-Cookie belongs to one visitor
        and not getattr(response, "streaming", False)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page used a CSRF token
        and b"csrfmiddlewaretoken" not in response.content
        and not _has_messages(request)
    )


def cache_public_page(view):
    """Serve a cached copy of a public page to anonymous GET requests.

    Never stored: a page that shows a flash message, sets a cookie or carries a CSRF token,
    since those belong to one visitor. A visitor with messages waiting is never served a
    stored page (it would not show them).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            request.method != "GET"
            or request.user.is_authenticated
            or len(request.META.get("QUERY_STRING", "")) > MAX_CACHED_QUERY
            or _has_messages(request)
        ):
            return view(request, *args, **kwargs)
        path_hash = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        # The day is part of the key: a page may say what is still open today.
        key = f"page:{generation()}:{dt.date.today()}:{path_hash}"
        cached = _cache().get(key)
        if cached is not None:
            status, content_type, body = cached
            return HttpResponse(body, status=status, content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if _storable(request, response):
            _cache().set(
                key, (response.status_code, response["Content-Type"], response.content), TIMEOUT
            )
        return response

    return wrapper
