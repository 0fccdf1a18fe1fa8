"""The board's briefing: KPIs off their trajectory, missing and late reports, questions to the
board, a table per theme with trend and owner, an annex per municipality, and a municipality
profile on request."""

import datetime as dt
import io
import re
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse

from monitoring.models import Kpi, ProgressUpdate
from monitoring.periods import Period
from monitoring.reporting import render
from monitoring.reporting.data import profile_data, report_data
from monitoring.services import figure_create
from regioplan.models import GoalOrganisation, Municipality, OperationalGoal, Organisation
from tests.conftest import approved_before_cutoff

pytestmark = pytest.mark.django_db
Q3 = Period(2026, 3)


def _approved(goal, org, period, progress, *, question="", submitted=None):
    submitted = submitted or dt.datetime(2026, 10, 5, 10, tzinfo=dt.UTC)
    return ProgressUpdate.objects.create(
        goal=goal,
        organisation=org,
        period=period,
        progress=progress,
        status="approved",
        done=f"Verhaal van {org.name}",
        board_question=question,
        submitted_at=submitted,
        approved_at=submitted + dt.timedelta(days=1),
    )


def test_the_briefing_names_what_the_board_can_act_on(plan, programme_team):
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    ggd, cosis, vnn = (Organisation.objects.get(slug=s) for s in ("ggd-drenthe", "cosis", "vnn"))
    icare = Organisation.objects.get(slug="icare")
    for org, role in ((ggd, "lead"), (cosis, "partner"), (vnn, "partner"), (icare, "partner")):
        GoalOrganisation.objects.create(goal=goal, organisation=org, role=role)
    _approved(goal, ggd, "2026Q2", "behind")
    _approved(goal, ggd, "2026Q3", "on_track", question="Graag een besluit over de financiering.")
    late = dt.datetime(2026, 10, 20, 10, tzinfo=dt.UTC)  # after the deadline, before the cut-off
    _approved(goal, cosis, "2026Q3", "on_track", submitted=late)
    closed = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)  # after the cut-off: not in the book
    _approved(goal, icare, "2026Q3", "on_track", submitted=closed)
    kpi = Kpi.objects.get(code="overgewicht-volwassenen")  # ≤ 38 in 2040
    for year, value in ((2020, "48"), (2025, "49")):  # the 2025 milestone is 45.5: red
        figure_create(kpi=kpi, period=str(year), municipality=None, value=value, by=None)
    approved_before_cutoff(Q3)

    data = report_data(plan, Q3)
    briefing = data["briefing"]
    assert [r.kpi.code for r in briefing["off_track"]] == ["overgewicht-volwassenen"]
    assert briefing["off_track"][0].milestone.value == Decimal("45.50")
    assert briefing["off_track"][0].light == "red"
    assert [(d.goal, d.organisation) for d in briefing["missing"]] == [(goal, icare), (goal, vnn)]
    assert [(d.goal.code, d.organisation.slug) for d in briefing["late"]] == [("2.3.1.B", "cosis")]
    assert [(g.code, u.board_question) for g, u in briefing["questions"]] == [
        ("2.3.1.B", "Graag een besluit over de financiering.")
    ]
    section = next(
        g
        for t in data["themes"]
        for s in t["strategic_goals"]
        for g in s["goals"]
        if g.goal.code == "2.3.1.B"
    )
    assert section.trend == "↑" and section.leads == [ggd]
    assert section.partners == [cosis, icare, vnn]

    pdf, _pages = render.render_pdf(data)
    text = re.sub(
        r"\s+", " ", "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    )
    assert "KPI's die niet op koers liggen" in text and "niet op koers" in text
    assert "Graag een besluit over de financiering." in text
    assert "te laat, ingediend op 20 oktober 2026" in text
    assert "Bijlage: de twaalf gemeenten" in text and "Westerveld" in text
    assert "↑ beter" in text


def test_the_annex_and_profile_judge_each_municipality_on_its_own_path(
    plan, client_as, board, partner, client
):
    kpi = Kpi.objects.get(code="overgewicht-volwassenen")
    assen = Municipality.objects.get(cbs_code="GM0106")
    emmen = Municipality.objects.get(cbs_code="GM0114")
    for m, first, now in ((assen, "50", "44"), (emmen, "40", "45")):
        figure_create(kpi=kpi, period="2020", municipality=m, value=first, by=None)
        figure_create(kpi=kpi, period="2025", municipality=m, value=now, by=None)
    figure_create(kpi=kpi, period="2026", municipality=assen, value="10", by=None)  # after Q3
    approved_before_cutoff(Q3)
    data = profile_data(plan, Q3, assen)
    row = next(r for r in data["rows"] if r.kpi.code == kpi.code)
    assert (row.period, row.value, row.light) == ("2025", Decimal("44"), "green")  # path 50 → 38
    emmen_row = next(r for r in report_data(plan, Q3)["municipalities"] if r[0] == emmen)[1]
    assert next(r for r in emmen_row if r.kpi.code == kpi.code).light == "red"  # 45 vs 39.5

    url = reverse("monitoring:municipality_profile")
    assert (
        client_as(partner).get(url, {"gemeente": "GM0106", "kwartaal": "2026Q3"}).status_code == 403
    )
    response = client_as(board).get(url, {"gemeente": "GM0106", "kwartaal": "2026Q3"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "gemeenteprofiel-GM0106-2026Q3.pdf" in response["Content-Disposition"]
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert 1 <= len(reader.pages) <= 2
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in reader.pages))
    assert "Gemeenteprofiel Assen" in text and "44" in text and "Drenthe" in text
    assert "(2026)" not in text  # a closed book
    wrong = client_as(board).get(url, {"gemeente": "GM0106", "kwartaal": "2031Q1"})
    assert wrong.status_code == 302 and wrong["Location"].endswith("#profiel")


def _kpi_value(data, code):
    return next(
        r.latest
        for t in data["themes"]
        for sg in t["strategic_goals"]
        for g in sg["goals"]
        for r in g.kpi_rows
        if r.kpi.code == code
    )


def test_a_correction_after_the_cut_off_is_listed_and_changes_nothing(plan, programme_team):
    from audit.models import ChangeRecord
    from monitoring.services import figure_correct

    kpi = Kpi.objects.get(code="overgewicht-volwassenen")
    figure = figure_create(kpi=kpi, period="2025", municipality=None, value="41", by=None)
    approved_before_cutoff(Q3, days=30)
    before = report_data(plan, Q3)
    assert before["after_cutoff"]["corrections"] == [] and _kpi_value(before, kpi.code) == 41
    figure_correct(figure=figure, value="42.5", reason="Herziene GGD-monitor", by=programme_team)
    record = ChangeRecord.objects.filter(object_id=figure.pk, action="update").latest("pk")
    # Corrected within the reporting term: part of the book, nothing to report.
    ChangeRecord.objects.filter(pk=record.pk).update(
        created_at=dt.datetime(2026, 10, 10, tzinfo=dt.UTC)
    )
    within = report_data(plan, Q3)
    assert within["after_cutoff"]["corrections"] == []
    assert _kpi_value(within, kpi.code) == Decimal("42.5")
    ChangeRecord.objects.filter(pk=record.pk).update(
        created_at=dt.datetime(2026, 11, 27, tzinfo=dt.UTC)  # after the cut-off
    )
    data = report_data(plan, Q3)
    assert _kpi_value(data, kpi.code) == 41  # the closed book keeps the value it had
    [correction] = data["after_cutoff"]["corrections"]
    assert (Decimal(correction["old"]), Decimal(correction["new"])) == (41, Decimal("42.5"))
    assert report_data(plan, Period(2025, 3))["after_cutoff"]["corrections"] == []
    pdf, _pages = render.render_pdf(data)
    text = re.sub(
        r"\s+", " ", "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    )
    assert "Meetwaarden na de termijn gecorrigeerd" in text and "Herziene GGD" in text
    assert "27 november 2026" in text

    later = report_data(plan, Q3, later_corrections=True)  # the board asks for today's data
    assert _kpi_value(later, kpi.code) == Decimal("42.5")
    assert {"what": kpi.name, "old": "41 (2025)", "new": "42,5 (2025)"} in later["differences"]
