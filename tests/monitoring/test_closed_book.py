"""A quarter is a closed book: its report and dashboard show nothing from after it."""

import re

import pytest
from django.urls import reverse

from monitoring import services
from monitoring.models import Kpi
from monitoring.periods import Period
from monitoring.reporting.data import report_data
from tests.conftest import approved_before_cutoff

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(programme_team):
    kpi = Kpi.objects.get(code="roken-volwassenen")
    for period, value in (("2024", "20"), ("2025", "18"), ("2026", "10")):
        services.figure_create(
            kpi=kpi, period=period, municipality=None, value=value, by=programme_team
        )
    approved_before_cutoff(Period(2025, 1))  # all known before the earliest book closed
    return kpi


def _row(rows, kpi):
    return next(r for r in rows if r.kpi.pk == kpi.pk)


def test_a_quarters_report_leaves_out_figures_from_after_it(plan, figures):
    def rows_for(quarter):
        data = report_data(plan, Period.parse(quarter))
        return [
            r
            for t in data["themes"]
            for sg in t["strategic_goals"]
            for g in sg["goals"]
            for r in g.kpi_rows
        ]

    q3 = _row(rows_for("2025Q3"), figures)  # the year 2025 has not ended in Q3
    assert [p for p, _v in q3.series] == ["2024"]
    q4 = _row(rows_for("2025Q4"), figures)
    assert [p for p, _v in q4.series] == ["2024", "2025"] and q4.latest_period == "2025"
    later = _row(rows_for("2026Q4"), figures)
    assert later.latest_period == "2026"


def test_the_dashboard_for_a_quarter_shows_what_was_known_then(client, plan, figures):
    earlier = client.get(reverse("monitoring:dashboard"), {"kwartaal": "2025Q4"})
    row = _row(earlier.context["kpi_rows"], figures)
    assert row.latest_period == "2025" and "2026" not in dict(row.series)


def test_a_later_narrative_stays_out_of_an_earlier_report(plan, partner, programme_team, ggd_goal):
    update = services.update_start(
        goal=ggd_goal, organisation=partner.organisation, period="2026Q1", by=partner
    )
    update = services.update_save(
        update=update,
        by=partner,
        fields={"progress": "behind", "done": "Later verhaal", "next_steps": "x"},
    )
    services.update_approve(
        update=services.update_submit(update=update, by=partner), by=programme_team
    )
    data = report_data(plan, Period.parse("2025Q4"))
    sections = [g for t in data["themes"] for sg in t["strategic_goals"] for g in sg["goals"]]
    section = next(s for s in sections if s.goal.pk == ggd_goal.pk)
    assert section.narrative is None or section.narrative.period <= "2025Q4"


def test_the_last_closed_quarter_is_the_newest_past_its_cutoff(settings):
    import datetime as dt

    from monitoring import periods as selectors

    settings.MONITORING_DEADLINE_DAYS = 14
    settings.MONITORING_LATE_DAYS = 10
    # Deadline 14 January; late updates enter the book until 24 January included.
    assert str(selectors.last_closed_quarter(dt.date(2026, 1, 24))) == "2025Q3"  # Q4 still open
    assert str(selectors.last_closed_quarter(dt.date(2026, 1, 25))) == "2025Q4"
    assert str(selectors.last_closed_quarter(dt.date(2026, 3, 31))) == "2025Q4"
    assert str(selectors.first_open_quarter(dt.date(2026, 1, 24))) == "2025Q4"
    assert str(selectors.first_open_quarter(dt.date(2026, 1, 25))) == "2026Q1"


def test_the_board_chooses_a_closed_quarter_from_a_list_with_the_last_one_chosen(
    client_as, board, plan
):
    from monitoring import periods as selectors

    html = client_as(board).get(reverse("monitoring:report_list")).content.decode()
    last = selectors.last_closed_quarter()
    assert f'<option value="{last}" selected>' in html
    assert str(selectors.current_quarter()) not in re.findall(r'<option value="([^"]+)"', html)


def test_the_dashboard_opens_on_the_last_closed_quarter_and_says_when_one_is_open(client, plan):
    from monitoring import periods as selectors

    page = client.get(reverse("monitoring:dashboard"))
    assert page.context["quarter"] == selectors.last_closed_quarter()
    assert not page.context["still_open"]
    running = client.get(
        reverse("monitoring:dashboard"), {"kwartaal": str(selectors.current_quarter())}
    )
    assert running.context["still_open"] and "komen nog rapportages binnen" in (
        running.content.decode()
    )
