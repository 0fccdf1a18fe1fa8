"""The quarterly progress report: data (a fixed number of queries), rendering (WeasyPrint,
tagged PDF/UA) and the services that request, build and sweep report versions.

Celery tasks (tasks.py) only pass report ids to these functions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from audit.models import ChangeRecord
from audit.services import record_change
from core import charts
from regioplan.models import GoalOrganisation, OperationalGoal, Plan

from . import selectors
from .models import ProgressUpdate, QuarterlyReport
from .periods import Period

log = logging.getLogger(__name__)
R = QuarterlyReport.Status


# --- The schedule --------------------------------------------------------------------------------


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter (anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month = (h + m - 7 * n + 114) // 31
    day = (h + m - 7 * n + 114) % 31 + 1
    return dt.date(year, month, day)


def holidays_near_quarter_start(year: int) -> set[dt.date]:
    """Dutch public holidays that can fall in a quarter's first week: New Year, Easter Monday."""
    return {dt.date(year, 1, 1), easter_sunday(year) + dt.timedelta(days=1)}


def first_working_day(quarter: Period) -> dt.date:
    day, off = quarter.start, holidays_near_quarter_start(quarter.year)
    while day.weekday() >= 5 or day in off:
        day += dt.timedelta(days=1)
    return day


def scheduled_quarter(today: dt.date) -> Period | None:
    """The quarter whose report is due today, if today is a quarter's first working day."""
    current = Period.quarter_of(today)
    return current.previous() if first_working_day(current) == today else None


def schedule_description() -> str:
    return _(
        "Elk kwartaal op de eerste werkdag om %(time)s (%(tz)s), over het kwartaal dat net voorbij is."
    ) % {
        "time": f"{settings.REPORT_SCHEDULE_HOUR:02d}:{settings.REPORT_SCHEDULE_MINUTE:02d}",
        "tz": settings.TIME_ZONE,
    }


# --- The data ---------------------------------------------------------------------------------------


# Set by participatie (AppConfig.ready): returns the "what residents said" summary for a
# quarter, so the report can show it without monitoring depending on participatie.
PARTICIPATION_SUMMARY = None


@dataclass
class GoalSection:
    goal: OperationalGoal
    status: str
    narrative: ProgressUpdate | None
    partners: list
    kpi_rows: list


def report_data(plan: Plan, quarter: Period) -> dict:
    """Everything the report shows, in a fixed number of queries. Only approved data."""
    summary = selectors.dashboard(plan, quarter)
    goals = (
        OperationalGoal.objects.filter(plan=plan)
        .exclude(status=OperationalGoal.Status.ARCHIVED)
        .select_related("strategic_goal__theme")
        .order_by("code")
    )
    latest: dict[int, ProgressUpdate] = {}
    for u in (
        ProgressUpdate.objects.filter(
            status=ProgressUpdate.Status.APPROVED, period__lte=str(quarter)
        )
        .select_related("organisation")
        .order_by("period", "approved_at", "pk")
    ):
        latest[u.goal_id] = u  # the last one wins: the latest approved narrative up to this quarter
    partners = defaultdict(list)
    for link in GoalOrganisation.objects.select_related("organisation").order_by(
        "organisation__name"
    ):
        partners[link.goal_id].append(link)
    kpis = list(selectors.kpis_queryset().filter(goals__isnull=False, is_demo=False).distinct())
    rows_by_goal = defaultdict(list)
    for row in selectors.kpi_rows(kpis):
        row.chart = mark_safe(
            charts.line_chart(
                row.series,
                title=row.kpi.name,
                baseline=row.kpi.baseline_value,
                target=row.target.value if row.target else None,
                unit=row.kpi.get_unit_display(),
                width=420,
                height=120,
            )
        )
        for goal in row.kpi.goals.all():
            rows_by_goal[goal.pk].append(row)
    status_now = {g.pk: selectors.GAP for g in goals}
    for (goal_id, period), update in selectors.latest_status_per_goal([str(quarter)]).items():
        status_now[goal_id] = update.progress
    themes = []
    for goal in goals:
        theme, sg = goal.strategic_goal.theme, goal.strategic_goal
        if not themes or themes[-1]["theme"] != theme:
            themes.append({"theme": theme, "strategic_goals": []})
        sgs = themes[-1]["strategic_goals"]
        if not sgs or sgs[-1]["sg"] != sg:
            sgs.append({"sg": sg, "goals": []})
        sgs[-1]["goals"].append(
            GoalSection(
                goal,
                status_now[goal.pk],
                latest.get(goal.pk),
                partners[goal.pk],
                rows_by_goal[goal.pk],
            )
        )
    return {
        "plan": plan,
        "quarter": quarter,
        "summary": summary,
        "themes": themes,
        "status_labels": {
            **dict(ProgressUpdate.Progress.choices),
            selectors.GAP: _("Geen goedgekeurde rapportage"),
        },
        "participation": PARTICIPATION_SUMMARY(plan, quarter) if PARTICIPATION_SUMMARY else None,
    }


def render_pdf(data: dict) -> tuple[bytes, int]:
    """Render the report to a tagged PDF/UA document; return (bytes, page count)."""
    from weasyprint import HTML

    html = render_to_string(
        "monitoring/report/report.html", {**data, "generated": timezone.localtime()}
    )
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_variant="pdf/ua-1")
    return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)


# --- Services ----------------------------------------------------------------------------------------


def _enqueue(report_id: int) -> None:
    """Hand the build to Celery; if the broker is down, leave it for the sweep."""
    from kombu.exceptions import OperationalError as BrokerDown

    from .tasks import build_report

    try:
        build_report.delay(report_id)
    except (BrokerDown, OSError) as exc:
        log.warning(
            "report %s not enqueued, broker unavailable: %s", report_id, exc.__class__.__name__
        )
        return
    QuarterlyReport.objects.filter(pk=report_id).update(enqueued=True, updated_at=timezone.now())


def report_request(
    *,
    quarter: Period | str,
    by=None,
    source: str = QuarterlyReport.Source.REQUEST,
    enqueue: bool = True,
) -> tuple[QuarterlyReport, bool]:
    """Request a report for a quarter. A quarter already being built is joined, not started
    twice. Returns (report, created)."""
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
            },
        )
        if enqueue:
            transaction.on_commit(lambda: _enqueue(report.pk))
        return report, True
    raise RuntimeError("could not register the report request")


class TransientError(Exception):
    """A failure worth retrying (database or broker briefly away)."""


def report_build(report_id: int, *, takeover: bool = False) -> QuarterlyReport:
    """Build one report version. Idempotent: a finished report is left alone, so a redelivered
    message (acks_late after a killed worker) completes it exactly once."""
    with transaction.atomic():
        report = QuarterlyReport.objects.select_for_update().get(pk=report_id)
        if report.status in (R.READY, R.FAILED):
            return report
        stale = report.started_at and timezone.now() - report.started_at > dt.timedelta(
            seconds=settings.CELERY_TASK_TIME_LIMIT
        )
        if report.status == R.BUILDING and not (takeover or stale):
            return report  # another worker is on it
        report.status, report.started_at, report.error = R.BUILDING, timezone.now(), ""
        report.attempts += 1
        report.save(update_fields=["status", "started_at", "error", "attempts"])
    started = time.perf_counter()
    try:
        plan = Plan.objects.order_by("pk").first()
        pdf, pages = render_pdf(report_data(plan, Period.parse(report.quarter)))
    except TransientError:
        raise
    except Exception as exc:  # recorded for the user; the traceback goes to the log
        log.exception("report %s failed", report_id)
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
    name = f"gezonde-marke-kwartaalrapport-{report.quarter}-v{report.version}.pdf"
    with transaction.atomic():
        report = QuarterlyReport.objects.select_for_update().get(pk=report_id)
        if report.status == R.READY:
            return report  # finished by a parallel takeover meanwhile: keep exactly one file
        report.file.save(name, ContentFile(pdf), save=False)
        report.sha256 = hashlib.sha256(pdf).hexdigest()
        report.size, report.page_count = len(pdf), pages
        report.status, report.finished_at = R.READY, timezone.now()
        report.build_seconds = round(time.perf_counter() - started, 2)
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
