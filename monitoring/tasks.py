"""Celery tasks: thin wrappers that call services."""

from celery import shared_task

from . import reminders


@shared_task(name="monitoring.tasks.send_reminders")
def send_reminders() -> int:
    return reminders.send_reminders()
