"""The quarterly PDF report: content, accessibility, schedule, versions, download, failures."""

import datetime as dt
import hashlib
import io
import re
from pathlib import Path

import pypdf
import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerDown

from monitoring.models import ProgressUpdate, QuarterlyReport
from monitoring.periods import Period
from monitoring.reporting import builds, render
from monitoring.reporting.data import report_data
from monitoring.reporting.schedule import first_working_day, scheduled_quarter
from monitoring.services.demo import seed_demo
from regioplan.models import OperationalGoal, Organisation

pytestmark = pytest.mark.django_db
Q3 = Period(2026, 3)


def pdf_text(data: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"\s+", " ", text)


def ready_report(quarter="2026Q3"):
    """A ready report with a small stored file. Permission checks do not depend on the PDF's
    content (the real build is tested in this module), so they need no build."""
    from django.core.files.base import ContentFile

    report = QuarterlyReport.objects.create(
        quarter=quarter, version=1, status=QuarterlyReport.Status.READY
    )
    report.file.save("test.pdf", ContentFile(b"%PDF-1.7\n%test\n"), save=True)
    return report


def structure(node, roles=None, alts=None):
    """Return (structure roles, alt texts) of a tagged PDF's structure tree."""
    roles, alts = roles if roles is not None else set(), alts if alts is not None else []
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        if "/S" in node:
            roles.add(node["/S"])
        if "/Alt" in node:
            alts.append(str(node["/Alt"]))
        if node.get("/K") is not None:
            structure(node["/K"], roles, alts)
    elif isinstance(node, list):
        for child in node:
            structure(child, roles, alts)
    return roles, alts


def test_full_plan_report_has_every_goal_code_summary_and_is_tagged_dutch(plan):
    seed_demo(scale=1, today=dt.date(2026, 11, 23))
    data = report_data(plan, Q3)
    pdf, pages = render.render_pdf(data)
    reader, text = pdf_text(pdf)
    for code in OperationalGoal.objects.values_list("code", flat=True):
        assert code in text, code
    summary = data["summary"]
    assert f"Het plan telt {summary['goal_count']} operationele doelen" in text
    assert f"voor {len(summary['gaps'])} doelen geen goedgekeurde rapportage" in text
    assert "Voortgangsrapportage" in text and "3e kwartaal 2026" in text and "Inhoud" in text
    assert "pagina 2 van" in text  # footer with page numbers
    assert "Wat inwoners zeiden" in text and "reacties van inwoners binnen" in text
    assert 15 <= pages == len(reader.pages) <= 120
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl" and root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    roles, alts = structure(root["/StructTreeRoot"])
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Figure"} <= roles
    assert any(a.startswith("Volwassenen met overgewicht;") for a in alts)  # charts: alt text
    assert reader.metadata.title == "Gezonde Marke – voortgangsrapportage 3e kwartaal 2026"


def test_only_approved_narratives_go_into_the_report(plan):
    goal = OperationalGoal.objects.get(code="2.4.1.B")
    org = Organisation.objects.get(name="Cosis")
    ProgressUpdate.objects.create(
        goal=goal,
        organisation=org,
        period="2026Q3",
        progress="behind",
        status="submitted",
        done="GEHEIM-CONCEPT",
    )
    ProgressUpdate.objects.create(
        goal=goal,
        organisation=org,
        period="2026Q2",
        progress="on_track",
        status="approved",
        done="GOEDGEKEURD-VERHAAL",
    )
    _, text = pdf_text(render.render_pdf(report_data(plan, Q3))[0])
    assert "GOEDGEKEURD-VERHAAL" in text and "GEHEIM-CONCEPT" not in text


@pytest.mark.parametrize(
    "day, quarter",
    [
        (dt.date(2026, 10, 1), "2026Q3"),  # Thursday
        (
            dt.date(2027, 1, 4),
            "2026Q4",
        ),  # Jan 1 is a holiday, 2-3 weekend: Monday the 4th, across the year
        (dt.date(2024, 4, 2), "2024Q1"),  # 1 April 2024 was Easter Monday
        (dt.date(2025, 7, 1), "2025Q2"),
        (dt.date(2026, 1, 2), "2025Q4"),  # Friday after New Year
    ],
)
def test_schedule_builds_the_quarter_just_ended_on_the_first_working_day(day, quarter):
    assert str(scheduled_quarter(day)) == quarter
    assert first_working_day(Period.parse(quarter).next()) == day
    assert scheduled_quarter(day - dt.timedelta(days=1)) is None
    assert scheduled_quarter(day + dt.timedelta(days=1)) is None


def test_beat_schedule_is_in_amsterdam_time_in_the_first_week_of_quarters(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["quarterly-report"]
    assert entry["task"] == "monitoring.tasks.scheduled_report"
    assert entry["schedule"].month_of_year == {1, 4, 7, 10} and entry[
        "schedule"
    ].day_of_month == set(range(1, 8))
    assert settings.CELERY_TIMEZONE == "Europe/Amsterdam"


def test_scheduled_task_requests_the_report(plan, django_capture_on_commit_callbacks):
    from monitoring.reporting.tasks import scheduled_report

    assert scheduled_report.apply(args=["2026-10-02"]).get() is None
    with django_capture_on_commit_callbacks(execute=True):
        pk = scheduled_report.apply(args=["2026-10-01"]).get()
    report = QuarterlyReport.objects.get(pk=pk)
    assert (report.quarter, report.source, report.status) == ("2026Q3", "schedule", "ready")


def test_a_second_request_joins_the_running_build_and_rebuilds_keep_versions(
    plan, programme_team, board
):
    first, created = builds.report_request(quarter="2026Q3", by=programme_team)
    again, created_again = builds.report_request(quarter="2026Q3", by=board)
    assert created and not created_again and again.pk == first.pk
    builds.report_build(first.pk)
    second, created = builds.report_request(quarter="2026Q3", by=board)
    assert created and second.version == 2
    builds.report_build(second.pk)
    versions = list(
        QuarterlyReport.objects.filter(quarter="2026Q3").values_list("version", "status")
    )
    assert versions == [(2, "ready"), (1, "ready")]


def test_build_is_idempotent_and_records_file_facts(plan):
    report, _ = builds.report_request(quarter="2026Q3")
    built = builds.report_build(report.pk)
    data = built.file.read()
    assert built.sha256 == hashlib.sha256(data).hexdigest() and built.size == len(data)
    assert built.page_count >= 15 and built.build_seconds > 0
    assert (
        builds.report_build(report.pk).sha256 == built.sha256
    )  # a redelivered message changes nothing
    assert QuarterlyReport.objects.get(pk=report.pk).attempts == 1


def test_building_report_is_left_alone_unless_taken_over(plan):
    report, _ = builds.report_request(quarter="2026Q3")
    QuarterlyReport.objects.filter(pk=report.pk).update(
        status="building", started_at=dt.datetime.now(dt.UTC)
    )
    assert builds.report_build(report.pk).status == "building"
    assert builds.report_build(report.pk, takeover=True).status == "ready"


def test_failure_is_recorded_with_its_reason(plan, monkeypatch):
    def broken(data):
        raise ValueError("grafiek kon niet worden gemaakt")

    monkeypatch.setattr(render, "render_pdf", broken)
    report, _ = builds.report_request(quarter="2026Q3")
    failed = builds.report_build(report.pk)
    assert failed.status == "failed" and "grafiek kon niet worden gemaakt" in failed.error
    # A failed quarter can be requested again as a new version.
    assert builds.report_request(quarter="2026Q3")[0].version == 2


def test_transient_errors_are_retried_with_backoff(plan, monkeypatch):
    from monitoring.reporting.tasks import build_report

    assert (
        build_report.acks_late and build_report.reject_on_worker_lost and build_report.retry_backoff
    )
    report, _ = builds.report_request(quarter="2026Q3", enqueue=False)
    real, calls = builds.report_build, []

    def flaky(report_id, *, takeover=False):
        calls.append(takeover)
        if len(calls) == 1:
            raise builds.TransientError("database even weg")
        return real(report_id, takeover=takeover)

    monkeypatch.setattr(builds, "report_build", flaky)
    # In process; with throw=False Celery runs the retry in process too.
    result = build_report.apply(args=[report.pk], throw=False)
    assert result.successful() and result.result == "ready"
    assert calls == [False, True]  # the retry takes the build over
    assert QuarterlyReport.objects.get(pk=report.pk).status == "ready"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_concurrent_requests_join_one_build(django_user_model):
    import threading

    barrier, results, errors = threading.Barrier(3), [], []

    def request():
        try:
            barrier.wait()
            report, created = builds.report_request(quarter="2025Q4", enqueue=False)
            results.append((report.pk, created))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert len({pk for pk, _ in results}) == 1 and sum(created for _, created in results) == 1
    assert QuarterlyReport.objects.filter(quarter="2025Q4").count() == 1


def test_broker_down_keeps_the_request_and_the_sweep_runs_it_later(
    plan, monkeypatch, django_capture_on_commit_callbacks
):
    from monitoring.reporting import tasks

    def down(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to localhost:6379. Connection refused.")

    monkeypatch.setattr(tasks.build_report, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = builds.report_request(quarter="2026Q3")
    report.refresh_from_db()
    assert (report.status, report.enqueued) == ("queued", False)
    monkeypatch.undo()
    assert builds.sweep_pending(older_than=dt.timedelta(0)) == 1  # eager here: it builds now
    report.refresh_from_db()
    assert report.status == "ready" and report.enqueued


def test_reports_page_request_status_and_download(
    client_as, board, plan, django_capture_on_commit_callbacks
):
    client = client_as(board)
    html = client.get(reverse("monitoring:report_list")).content.decode()
    assert "eerste werkdag om 06:00 (Europe/Amsterdam)" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("monitoring:report_list"), {"kwartaal": "2026Q3"})
    report = QuarterlyReport.objects.get()
    status = client.get(reverse("monitoring:report_status", args=[report.pk])).json()
    assert status["status"] == "ready" and status["sha256"] == report.sha256
    response = client.get(reverse("monitoring:report_download", args=[report.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    html = client.get(reverse("monitoring:report_list")).content.decode()
    assert report.sha256 in html and "Download PDF" in html


def test_bad_quarter_request_is_explained(client_as, programme_team, plan):
    response = client_as(programme_team).post(
        reverse("monitoring:report_list"), {"kwartaal": "2026"}, follow=True
    )
    assert "Kies een kwartaal" in response.content.decode()
    assert not QuarterlyReport.objects.exists()


@pytest.mark.parametrize(
    "role, expected",
    [("partner", 403), ("programme_team", 200), ("board", 200), ("admin_user", 200)],
)
def test_download_permissions(request, client, plan, role, expected):
    report = ready_report()
    client.force_login(request.getfixturevalue(role))
    for name in ("monitoring:report_download", "monitoring:report_status"):
        assert client.get(reverse(name, args=[report.pk])).status_code == expected
    assert client.get(reverse("monitoring:report_list")).status_code == expected


def test_anonymous_cannot_download(client, plan):
    built = ready_report()
    response = client.get(reverse("monitoring:report_download", args=[built.pk]))
    assert response.status_code == 302 and reverse("login") in response.url
    assert client.get(built.file.url).status_code == 404  # no public media URL serves it


def test_build_report_command_prints_the_path(plan, capsys):
    call_command("build_report", "2026Q3")
    out = capsys.readouterr().out
    path = Path(out.splitlines()[0])
    assert path.exists() and path == Path(QuarterlyReport.objects.get(quarter="2026Q3").file.path)
    assert path.name.startswith("gezonde-marke-kwartaalrapport-2026Q3-v1") and "SHA-256" in out
