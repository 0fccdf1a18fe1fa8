import time

from celery import shared_task
from django.core.cache import caches

HEARTBEAT_KEY = "worker-heartbeat"


@shared_task(name="core.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Written by a worker every minute; /readyz checks its age."""
    caches["default"].set(HEARTBEAT_KEY, time.time(), timeout=3600)
