"""Celery tasks: thin wrappers that take ids and call services. Arguments are JSON-serialisable.

The report's tasks are in reporting/tasks.py; this import registers them for the worker.
"""

import datetime as dt

from celery import shared_task

from .reporting import tasks as reporting_tasks  # noqa: F401
from .services import notifications, reminders


@shared_task(name="monitoring.tasks.send_reminders")
def send_reminders(today: str | None = None) -> int:
    """Send today's reminder digests; `today` (ISO date) is for reruns and tests."""
    return reminders.send_reminders(dt.date.fromisoformat(today) if today else None)


@shared_task(name="monitoring.tasks.notify_review_outcome")
def notify_review_outcome(update_id: int) -> int:
    """E-mail the partners of an update that was approved or returned."""
    return notifications.notify_review_outcome(update_id)


@shared_task(name="monitoring.tasks.send_review_digest")
def send_review_digest(today: str | None = None) -> int:
    """The programme team's daily digest of updates waiting for review."""
    return notifications.send_review_digest(dt.date.fromisoformat(today) if today else None)
