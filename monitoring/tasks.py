"""Celery tasks: thin wrappers that take ids and call services. Arguments are JSON-serialisable."""

import datetime as dt

from celery import shared_task
from django.db import OperationalError as DatabaseDown
from kombu.exceptions import OperationalError as BrokerDown

from . import reminders, reports


@shared_task(name="monitoring.tasks.send_reminders")
def send_reminders(today: str | None = None) -> int:
    """Send today's reminder digests; `today` (ISO date) is for reruns and tests."""
    return reminders.send_reminders(dt.date.fromisoformat(today) if today else None)


@shared_task(
    name="monitoring.tasks.build_report",
    bind=True,
    acks_late=True,  # a killed worker's message is redelivered...
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseDown, BrokerDown, reports.TransientError),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
)
def build_report(self, report_id: int) -> str:
    # ...and report_build is idempotent, so the report completes exactly once.
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    report = reports.report_build(report_id, takeover=redelivered or self.request.retries > 0)
    return report.status


@shared_task(name="monitoring.tasks.scheduled_report")
def scheduled_report(today: str | None = None) -> int | None:
    """Run daily in a quarter's first week; builds only on the quarter's first working day."""
    report = reports.build_scheduled(dt.date.fromisoformat(today) if today else None)
    return report.pk if report else None


@shared_task(name="monitoring.tasks.sweep_pending_reports")
def sweep_pending_reports() -> int:
    """Enqueue report requests saved while the broker was down."""
    return reports.sweep_pending()
