"""Services that request, build and sweep report versions.

Celery tasks (reporting/tasks.py) only pass report ids to these functions. This module never
imports the tasks: it sends `report_ready_to_build`, which the tasks module receives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone

from audit.models import ChangeRecord
from audit.services import record_change
from regioplan.models import Plan

from ..models import QuarterlyReport
from ..periods import Period
from . import data, render
from .schedule import scheduled_quarter

log = logging.getLogger(__name__)
R = QuarterlyReport.Status

# Sent (report_id=...) once a report is saved and should be built; see reporting.tasks.
report_ready_to_build = Signal()


def _enqueue(report_id: int) -> None:
    """Ask for the build; reporting.tasks receives this and hands it to Celery."""
    report_ready_to_build.send(sender=QuarterlyReport, report_id=report_id)


def mark_enqueued(report_id: int) -> None:
    QuarterlyReport.objects.filter(pk=report_id).update(enqueued=True, updated_at=timezone.now())


def report_request(
    *,
    quarter: Period | str,
    by=None,
    source: str = QuarterlyReport.Source.REQUEST,
    enqueue: bool = True,
    later_corrections: bool = False,
) -> tuple[QuarterlyReport, bool]:
    """Request a report for a quarter; one already being built is joined. (report, created)"""
    quarter = Period.parse(str(quarter))
    if not quarter.is_quarter:
        raise ValueError("a quarterly report needs a quarter, e.g. 2025Q4")
    for _attempt in range(3):
        active = QuarterlyReport.objects.filter(
            quarter=str(quarter), status__in=[R.QUEUED, R.BUILDING]
        ).first()
        if active:
            return active, False
        try:
            with transaction.atomic():
                version = (
                    QuarterlyReport.objects.filter(quarter=str(quarter)).aggregate(
                        v=Max("version")
                    )["v"]
                    or 0
                ) + 1
                report = QuarterlyReport.objects.create(
                    quarter=str(quarter),
                    version=version,
                    source=source,
                    later_corrections=later_corrections,
                    requested_by=by if getattr(by, "is_authenticated", False) else None,
                )
        except IntegrityError:
            continue  # another request won the race: join it
        record_change(
            report,
            action=ChangeRecord.Action.REQUEST,
            by=by,
            changes={
                "quarter": [None, report.quarter],
                "version": [None, report.version],
                "source": [None, source],
                "later_corrections": [None, later_corrections],
            },
        )
        if enqueue:
            transaction.on_commit(lambda pk=report.pk: _enqueue(pk))
        return report, True
    raise RuntimeError("could not register the report request")


class TransientError(Exception):
    """A failure worth retrying (database or broker briefly away)."""


def _claim(report_id: int, *, takeover: bool) -> QuarterlyReport | None:
    """Mark the report as building; None when it is finished or another worker is on it."""
    with transaction.atomic():
        report = QuarterlyReport.objects.select_for_update().get(pk=report_id)
        if report.status in (R.READY, R.FAILED):
            return None
        stale = report.started_at and timezone.now() - report.started_at > dt.timedelta(
            seconds=settings.CELERY_TASK_TIME_LIMIT
        )
        if report.status == R.BUILDING and not (takeover or stale):
            return None  # another worker is on it
        report.status, report.started_at, report.error = R.BUILDING, timezone.now(), ""
        report.attempts += 1
        report.save(update_fields=["status", "started_at", "error", "attempts", "updated_at"])
    return report


def _fail(report_id: int, exc: Exception) -> QuarterlyReport:
    QuarterlyReport.objects.filter(pk=report_id).update(
        status=R.FAILED,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
        error=f"{exc.__class__.__name__}: {exc}"[:2000],
    )
    failed = QuarterlyReport.objects.get(pk=report_id)
    record_change(
        failed,
        action=ChangeRecord.Action.FAIL,
        changes={"status": [R.BUILDING, R.FAILED]},
        reason=failed.error,
    )
    return failed


def _finish(report_id: int, pdf: bytes, pages: int, seconds: float) -> QuarterlyReport:
    with transaction.atomic():
        report = QuarterlyReport.objects.select_for_update().get(pk=report_id)
        if report.status == R.READY:
            return report  # finished by a parallel takeover meanwhile: keep exactly one file
        name = f"gezonde-marke-kwartaalrapport-{report.quarter}-v{report.version}.pdf"
        report.file.save(name, ContentFile(pdf), save=False)
        report.sha256 = hashlib.sha256(pdf).hexdigest()
        report.size, report.page_count = len(pdf), pages
        report.status, report.finished_at = R.READY, timezone.now()
        report.build_seconds = round(seconds, 2)
        report.save()
        record_change(
            report,
            action=ChangeRecord.Action.BUILD,
            changes={
                "status": [R.BUILDING, R.READY],
                "sha256": [None, report.sha256],
                "pages": [None, pages],
            },
        )
    return report


def report_build(report_id: int, *, takeover: bool = False) -> QuarterlyReport:
    """Build one report version. Idempotent: a finished report is left alone, so a redelivered
    message (acks_late after a killed worker) completes it exactly once."""
    report = _claim(report_id, takeover=takeover)
    if report is None:
        return QuarterlyReport.objects.get(pk=report_id)
    started = time.perf_counter()
    try:
        plan = Plan.objects.order_by("pk").first()
        content = data.report_data(
            plan, Period.parse(report.quarter), later_corrections=report.later_corrections
        )
        pdf, pages = render.render_pdf(content)
    except TransientError:
        raise
    except Exception as exc:  # recorded for the user; the traceback goes to the log
        log.exception("report %s failed", report_id)
        return _fail(report_id, exc)
    return _finish(report_id, pdf, pages, time.perf_counter() - started)


def sweep_pending(*, older_than: dt.timedelta = dt.timedelta(minutes=2)) -> int:
    """Enqueue queued reports that never reached the broker (e.g. Redis was down)."""
    cutoff = timezone.now() - older_than
    pending = list(
        QuarterlyReport.objects.filter(
            status=R.QUEUED, enqueued=False, requested_at__lte=cutoff
        ).values_list("pk", flat=True)
    )
    for pk in pending:
        _enqueue(pk)
    return len(pending)


def build_scheduled(today: dt.date | None = None) -> QuarterlyReport | None:
    quarter = scheduled_quarter(today or timezone.localdate())
    if quarter is None:
        return None
    report, _created = report_request(quarter=quarter, source=QuarterlyReport.Source.SCHEDULE)
    return report
