"""Celery tasks: thin wrappers that take ids and call services. Arguments are JSON-serialisable.

The report's tasks are in reporting/tasks.py; this import registers them for the worker.
"""

import datetime as dt

from celery import shared_task

from . import reminders
from .reporting import tasks as reporting_tasks  # noqa: F401


@shared_task(name="monitoring.tasks.send_reminders")
def send_reminders(today: str | None = None) -> int:
    """Send today's reminder digests; `today` (ISO date) is for reruns and tests."""
    return reminders.send_reminders(dt.date.fromisoformat(today) if today else None)
