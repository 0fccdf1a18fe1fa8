"""Keep serving when a dependency is briefly away.

- The database: requests that need it get a clean 503 page (problem+json on the API) instead
  of a 500; Django reconnects by itself once PostgreSQL is back (conn_health_checks).
- Redis as a cache: a cache that cannot be reached behaves as an empty cache (a miss), so pages
  keep serving; throttles and rate limits fail open for that moment.
"""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        log.warning("database unavailable: %s", exception.__class__.__name__)
        if request.path.startswith("/api/"):
            from core.api.problems import PROBLEM, problem

            response = JsonResponse(
                problem(
                    503,
                    _("De database is even niet bereikbaar. Probeer het zo opnieuw."),
                    request=request,
                ),
                status=503,
                content_type=PROBLEM,
            )
        else:
            from django.http import HttpResponse

            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response


def _redis_errors():
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` for every cache operation, and each one
    fills a table of several hundred response callbacks: a third of a millisecond per
    operation, four operations per API request. A client is thread-safe (its pool hands out
    connections), so one per pool serves every operation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class TolerantRedisCache(RedisCache):
    """RedisCache that treats an unreachable Redis as an empty cache."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _safe(self, name, default, *args, **kwargs):
        try:
            return getattr(super(), name)(*args, **kwargs)
        except _redis_errors() as exc:
            log.warning("cache unavailable (%s): %s", name, exc.__class__.__name__)
            return default

    def get(self, key, default=None, version=None):
        return self._safe("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._safe("get_many", {}, keys, version)

    def set(self, key, value, timeout=..., version=None):
        kwargs = (
            {"version": version} if timeout is ... else {"timeout": timeout, "version": version}
        )
        return self._safe("set", None, key, value, **kwargs)

    def add(self, key, value, timeout=..., version=None):
        kwargs = (
            {"version": version} if timeout is ... else {"timeout": timeout, "version": version}
        )
        return self._safe("add", False, key, value, **kwargs)

    def delete(self, key, version=None):
        return self._safe("delete", False, key, version)

    def incr(self, key, delta=1, version=None):
        return self._safe("incr", 1, key, delta, version)

    def touch(self, key, timeout=..., version=None):
        return self._safe("touch", False, key, version=version)

    def clear(self):
        return self._safe("clear", None)
