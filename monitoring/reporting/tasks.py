"""Celery tasks of the report: thin wrappers that take ids and call the build services."""

import datetime as dt
import logging

from celery import shared_task
from django.db import OperationalError as DatabaseDown
from django.dispatch import receiver
from kombu.exceptions import OperationalError as BrokerDown

from . import builds

log = logging.getLogger(__name__)


@shared_task(
    name="monitoring.tasks.build_report",
    bind=True,
    acks_late=True,  # a killed worker's message is redelivered...
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseDown, BrokerDown, builds.TransientError),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
)
def build_report(self, report_id: int) -> str:
    # ...and report_build is idempotent, so the report completes exactly once.
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    report = builds.report_build(report_id, takeover=redelivered or self.request.retries > 0)
    return report.status


@shared_task(name="monitoring.tasks.scheduled_report")
def scheduled_report(today: str | None = None) -> int | None:
    """Run daily in a quarter's first week; builds only on the quarter's first working day."""
    report = builds.build_scheduled(dt.date.fromisoformat(today) if today else None)
    return report.pk if report else None


@shared_task(name="monitoring.tasks.sweep_pending_reports")
def sweep_pending_reports() -> int:
    """Enqueue report requests saved while the broker was down."""
    return builds.sweep_pending()


@receiver(builds.report_ready_to_build, dispatch_uid="monitoring.reporting.enqueue")
def enqueue(sender, report_id: int, **kwargs) -> None:
    """Hand the build to Celery; if the broker is down, leave it for the sweep."""
    try:
        build_report.delay(report_id)
    except (BrokerDown, OSError) as exc:
        log.warning(
            "report %s not enqueued, broker unavailable: %s", report_id, exc.__class__.__name__
        )
        return
    builds.mark_enqueued(report_id)
