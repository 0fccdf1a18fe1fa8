"""Reminder digests, and dashboards that show the right counts and gaps."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from core.charts import bar_chart, line_chart
from monitoring import services
from monitoring.models import ProgressUpdate
from monitoring.periods import Period, deadline, reporting_quarter
from monitoring.selectors.dashboard import dashboard
from monitoring.services.reminders import reminder_kind, send_reminders
from regioplan.models import GoalOrganisation, OperationalGoal, Organisation
from tests.conftest import approved_before_cutoff

pytestmark = pytest.mark.django_db
Q3 = Period(2026, 3)  # due 2026-10-15 with the default of 15 days


def test_deadline_and_reporting_quarter():
    assert deadline(Q3) == dt.date(2026, 10, 15)
    assert reporting_quarter(dt.date(2026, 10, 10)) == Q3
    assert reporting_quarter(dt.date(2026, 10, 16)) == Period(2026, 4)
    assert reminder_kind(Q3, dt.date(2026, 10, 8)) == "before"
    assert reminder_kind(Q3, dt.date(2026, 10, 18)) == "after"
    assert reminder_kind(Q3, dt.date(2026, 10, 1)) is None


def _commit(code, org, role="partner", **extra):
    return GoalOrganisation.objects.create(
        goal=OperationalGoal.objects.get(code=code), organisation=org, role=role, **extra
    )


def test_one_digest_per_person_listing_all_due_goals(ggd_goal, partner, partner_b):
    partner.email, partner_b.email = "petra@ggd.example", "paul@cosis.example"
    partner.save(), partner_b.save()
    _commit("2.3.1.A", partner.organisation, "lead")
    _commit("2.1.1.A", partner_b.organisation)
    # Duties follow commitments: an invitation, a declined one, a commitment that starts
    # later and one that ended before owe nothing.
    _commit("2.1.1.B", partner.organisation, status="invited")
    _commit("2.1.2.A", partner.organisation, status="declined")
    _commit("2.1.2.B", partner.organisation, start_quarter="2026Q4")
    _commit("2.1.3.A", partner.organisation, start_quarter="2025Q1", end_quarter="2026Q2")
    assert send_reminders(dt.date(2026, 10, 8)) == 2
    to_petra = [m for m in mail.outbox if m.to == ["petra@ggd.example"]]
    assert len(to_petra) == 1
    body = to_petra[0].body
    assert "2.3.1.A" in body and "2.3.1.B" in body and "15 oktober 2026" in body
    assert not any(code in body for code in ("2.1.1.B", "2.1.2.A", "2.1.2.B", "2.1.3.A"))
    # A goal the plan only names GGD Drenthe for is no duty either.
    named_only = OperationalGoal.objects.filter(
        organisation_links__organisation__name="GGD Drenthe",
        organisation_links__role="potential_initiator",
    ).exclude(code__in=["2.3.1.A", "2.3.1.B"])
    assert named_only.exists() and not any(g.code in body for g in named_only)
    assert "Herinnering" in to_petra[0].subject
    # Rerunning the same day sends nothing twice.
    assert send_reminders(dt.date(2026, 10, 9)) == 0


def test_submitted_goals_leave_the_digest_and_late_reminder_follows(ggd_goal, partner):
    partner.email = "petra@ggd.example"
    partner.save()
    _commit("2.3.1.A", partner.organisation, "lead")
    update = services.update_start(
        goal=ggd_goal, organisation=partner.organisation, period="2026Q3", by=partner
    )
    services.update_save(
        update=update, by=partner, fields={"done": "Gedaan.", "progress": "on_track"}
    )
    services.update_submit(update=ProgressUpdate.objects.get(pk=update.pk), by=partner)
    send_reminders(dt.date(2026, 10, 20))
    late = mail.outbox[-1]
    assert "Te laat" in late.subject and "2.3.1.B" not in late.body and "2.3.1.A" in late.body


def test_reminder_task_calls_the_reminder_service(ggd_goal, partner):
    from monitoring.tasks import send_reminders as task

    partner.email = "petra@ggd.example"
    partner.save()
    # apply() runs the task body through Celery locally, whether or not a broker is configured.
    assert task.apply(args=["2026-10-08"]).get() == 1
    assert mail.outbox[0].to == ["petra@ggd.example"]


def approved(goal, org, period, progress, reviewer):
    return ProgressUpdate.objects.create(
        goal=goal,
        organisation=org,
        period=period,
        progress=progress,
        status="approved",
        approved_by=reviewer,
    )


def test_dashboard_counts_statuses_changes_and_gaps(plan, programme_team):
    org = Organisation.objects.get(name="GGD Drenthe")
    a, b, c = (OperationalGoal.objects.get(code=x) for x in ("2.1.1.A", "2.1.1.B", "2.6.4.A"))
    approved(a, org, "2026Q2", "on_track", programme_team)
    approved(a, org, "2026Q3", "behind", programme_team)
    approved(b, org, "2026Q3", "on_track", programme_team)
    approved(c, org, "2026Q3", "completed", programme_team)
    ProgressUpdate.objects.create(
        goal=c,
        organisation=Organisation.objects.get(name="Cosis"),
        period="2026Q3",
        progress="behind",
        status="submitted",
    )  # not approved: does not count
    approved_before_cutoff(Q3)
    data = dashboard(plan, Q3)
    statuses = data["statuses"]
    totals = dict(zip(statuses, data["totals"], strict=True))
    assert (
        totals["behind"] == 1
        and totals["on_track"] == 1
        and totals["completed"] == 1
        and totals["gap"] == 83
    )
    theme_21 = next(counts for t, counts, total in data["themes"] if t.code == "2.1")
    assert dict(zip(statuses, theme_21, strict=True))["gap"] == 13
    changed = {s.goal.code for s in data["changes"]}
    assert changed == {"2.1.1.A", "2.1.1.B", "2.6.4.A"}
    assert a not in data["gaps"] and OperationalGoal.objects.get(code="2.1.1.C") in data["gaps"]


def test_dashboard_page_public_and_internal(client, client_as, plan, programme_team):
    html = client.get(reverse("monitoring:dashboard"), {"kwartaal": "2026Q3"}).content.decode()
    assert "3e kwartaal 2026" in html and "86 doelen zonder goedgekeurde rapportage" in html
    assert "wacht op beoordeling" not in html
    html = client_as(programme_team).get(reverse("monitoring:dashboard")).content.decode()
    assert "wacht" in html and "beoordeling" in html
    html = client.get(reverse("monitoring:dashboard"), {"kwartaal": "geen"}).content.decode()
    assert "is geen kwartaal" in html


def test_goal_page_shows_approved_narrative_next_to_kpis(client, plan, programme_team):
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    org = Organisation.objects.get(name="GGD Drenthe")
    u = approved(goal, org, "2026Q3", "attention", programme_team)
    u.done = "Beweegprogramma in 5 gemeenten."
    u.save()
    ProgressUpdate.objects.create(
        goal=goal,
        organisation=org,
        period="2026Q4",
        progress="on_track",
        status="submitted",
        done="Nog niet beoordeelde tekst",
    )
    html = client.get(reverse("monitoring:goal_monitoring", args=["2.3.1.B"])).content.decode()
    assert "Beweegprogramma in 5 gemeenten." in html and "Nog niet beoordeelde tekst" not in html
    assert "Volwassenen met overgewicht" in html and "<svg" in html


def test_charts_have_text_alternatives_and_escape_labels():
    svg = line_chart(
        [("2024", 10), ("2025", 12)], title="Roken <volwassenen>", target=5, baseline=14
    )
    assert "<title>Roken &lt;volwassenen&gt;</title>" in svg and "2024: 10; 2025: 12" in svg
    assert "streefwaarde 5" in svg and "nulmeting 14" in svg
    bars = bar_chart([("Assen", 3), ("Emmen", None)], title="Per gemeente")
    assert "geen waarde" in bars and "Assen: 3" in bars
    assert "Nog geen waarden" in line_chart([], title="Leeg")


@pytest.mark.parametrize("count,width", [(8, 420), (24, 420), (40, 560), (3, 300), (1, 300)])
def test_axis_labels_never_overlap_clip_and_the_last_is_shown(count, width):
    import re as _re
    from decimal import Decimal as D

    from core import charts

    points = [(f"{2020 + i // 4}Q{i % 4 + 1}", D(i)) for i in range(count)]
    svg = charts.line_chart(points, title="t", width=width, height=120)
    labels = _re.findall(r'<text class="gm-x" x="([\d.]+)"[^>]*>([^<]+)<', svg)
    assert labels[-1][1] == points[-1][0]  # the latest period is always labelled
    xs = [float(x) for x, _label in labels]
    half = charts.CHAR_WIDTH * 6 / 2  # "2025Q3" is six characters
    assert all(b - a >= 2 * half for a, b in zip(xs, xs[1:], strict=False)), xs
    assert all(half <= x <= width - half for x in xs), xs  # none cut off at an edge


def test_a_chart_can_be_read_without_its_table():
    """Y-axis values with the unit, the KPI's name as a visible heading, baseline and target
    named in a legend under the plot (never written across the data), the milestone path."""
    import re as _re
    from decimal import Decimal as D

    from core import charts

    points = [("2023", D("10.2")), ("2024", D("11")), ("2025", D("12.5"))]
    svg = charts.line_chart(
        points,
        title="alt",
        heading="Volwassenen die roken",
        baseline=D("10.2"),
        target=D("14"),
        unit="%",
        path=[("2023", D("10.2")), ("2024", D("11.5")), ("2025", D("12.8"))],
        width=420,
        height=200,
    )
    ticks = _re.findall(r'<text class="gm-y"[^>]*>([^<]+)<', svg)
    assert len(ticks) >= 3 and all(t.endswith("%") for t in ticks), ticks
    assert ">Volwassenen die roken</text>" in svg
    assert "nulmeting 10,2%" in svg and "streefwaarde 14%" in svg
    assert "pad naar de streefwaarde" in svg and 'stroke-dasharray="1 4"' in svg
    # Every legend text lies below the lowest x-axis label: nothing is written on the plot.
    x_label_y = max(float(y) for y in _re.findall(r'class="gm-x" x="[\d.]+" y="([\d.]+)"', svg))
    legend = _re.findall(r'<text x="[\d.]+" y="([\d.]+)" font-size="11"[^>]*>([^<]+)<', svg)
    legend_ys = [float(y) for y, text in legend if "nulmeting" in text or "streefwaarde" in text]
    assert legend_ys and min(legend_ys) > x_label_y, (legend_ys, x_label_y)
    assert max(float(y) for y in legend_ys) <= 200
