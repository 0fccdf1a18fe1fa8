import time

from celery import shared_task
from celery.signals import worker_ready
from django.core.cache import caches

HEARTBEAT_KEY = "worker-heartbeat"


@shared_task(name="core.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Written by a worker every minute; /readyz checks its age."""
    caches["default"].set(HEARTBEAT_KEY, time.time(), timeout=3600)


@worker_ready.connect
def first_heartbeat(**kwargs) -> None:
    """Beat once as soon as the worker is ready, so /readyz does not wait for the schedule."""
    heartbeat()
