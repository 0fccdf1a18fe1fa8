"""Celery tasks: thin wrappers that call services. Arguments are JSON-serialisable."""

import datetime as dt

from celery import shared_task

from . import reminders


@shared_task(name="monitoring.tasks.send_reminders")
def send_reminders(today: str | None = None) -> int:
    """Send today's reminder digests; `today` (ISO date) is for reruns and tests."""
    return reminders.send_reminders(dt.date.fromisoformat(today) if today else None)
