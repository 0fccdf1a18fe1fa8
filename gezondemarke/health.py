"""Liveness and readiness for load balancers and orchestrators."""

import time

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from core.tasks import HEARTBEAT_KEY

HEARTBEAT_MAX_AGE = 180  # seconds: the beat task writes one every minute


@never_cache
def healthz(request):
    """Liveness: the process answers. No dependencies are checked."""
    return JsonResponse({"status": "ok"})


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"status": "ok"}
    except Exception as exc:  # any failure means not ready
        return {"status": "error", "detail": exc.__class__.__name__}


def _redis() -> dict:
    if not settings.REDIS_URL:
        return {"status": "ok", "detail": "niet in gebruik (ingebed)"}
    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
        return {"status": "ok"}
    except Exception as exc:
        return {"status": "error", "detail": exc.__class__.__name__}


def _worker() -> dict:
    if not settings.REDIS_URL:
        return {"status": "ok", "detail": "taken lopen in het webproces (ingebed)"}
    try:
        beat = caches["default"].get(HEARTBEAT_KEY)
    except Exception as exc:
        return {"status": "error", "detail": exc.__class__.__name__}
    if beat is None:
        return {"status": "error", "detail": "geen hartslag van een worker"}
    age = time.time() - beat
    return {"status": "ok" if age <= HEARTBEAT_MAX_AGE else "error", "age_seconds": round(age)}


@never_cache
def readyz(request):
    """Readiness: database, Redis and a worker heartbeat, each with its state; 503 if not ready."""
    checks = {"database": _database(), "redis": _redis(), "worker": _worker()}
    ready = all(c["status"] == "ok" for c in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "error", "checks": checks}, status=200 if ready else 503
    )


class HealthCheckMiddleware:
    """Answer /healthz and /readyz before the Host is checked or HTTPS is enforced.

    An orchestrator's health check calls the container directly (http://127.0.0.1:8000),
    not through the public host name, so it must be answered whatever the Host; nothing
    else is served this way."""

    PATHS = {"/healthz": healthz, "/readyz": readyz}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = self.PATHS.get(request.path_info)
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)
