"""Every partner's voice: both partners' narratives in the report; one documented roll-up."""

import pytest
from pypdf import PdfReader

from monitoring import services
from monitoring.periods import Period
from monitoring.reporting.data import report_data
from monitoring.reporting.render import render_pdf
from monitoring.selectors.dashboard import GoalVoices, latest_status_per_goal
from regioplan.models import GoalOrganisation, Organisation
from tests.conftest import approved_before_cutoff

pytestmark = pytest.mark.django_db


def report(partner_user, team, goal, progress, done, period="2026Q2"):
    update = services.update_start(
        goal=goal, organisation=partner_user.organisation, period=period, by=partner_user
    )
    update = services.update_save(
        update=update,
        by=partner_user,
        fields={"progress": progress, "done": done, "next_steps": "Verder."},
    )
    update = services.update_submit(update=update, by=partner_user)
    return services.update_approve(update=update, by=team)


@pytest.fixture
def two_partners(ggd_goal, partner, partner_b, programme_team):
    GoalOrganisation.objects.create(
        goal=ggd_goal, organisation=Organisation.objects.get(name="Cosis"), role="partner"
    )
    report(partner, programme_team, ggd_goal, "on_track", "GGD: campagne loopt.")
    report(partner_b, programme_team, ggd_goal, "behind", "Cosis: te weinig mensen.")
    approved_before_cutoff(Period(2026, 2))
    return ggd_goal


def test_both_partners_speak_and_the_worst_status_wins(plan, two_partners):
    voices = latest_status_per_goal(["2026Q2"])[(two_partners.pk, "2026Q2")]
    assert [u.organisation.name for u in voices.updates] == ["Cosis", "GGD Drenthe"]
    assert voices.progress == "behind" and voices.divided

    data = report_data(plan, Period.parse("2026Q2"))
    section = next(
        g
        for t in data["themes"]
        for sg in t["strategic_goals"]
        for g in sg["goals"]
        if g.goal.pk == two_partners.pk
    )
    assert section.status == "behind" and len(section.voices.updates) == 2
    text = "".join(page.extract_text() for page in PdfReader(_pdf(data)).pages)
    flat = " ".join(text.split())
    assert "GGD: campagne loopt." in flat and "Cosis: te weinig mensen." in flat
    assert "Verantwoording" in flat and "Verdeeld" in flat


def _pdf(data):
    import io

    pdf, _pages = render_pdf(data)
    return io.BytesIO(pdf)


@pytest.mark.parametrize(
    "statuses,worst,divided",
    [
        (["on_track"], "on_track", False),
        (["on_track", "attention"], "attention", False),
        (["completed", "not_started"], "not_started", True),
        (["on_track", "behind"], "behind", True),
        (["attention", "behind"], "behind", False),
    ],
)
def test_the_roll_up_rule(statuses, worst, divided):
    class U:
        def __init__(self, progress):
            self.progress = progress

    voices = GoalVoices([U(s) for s in statuses])
    assert (voices.progress, voices.divided) == (worst, divided)


def test_a_later_revision_replaces_the_same_partners_earlier_one(
    plan, ggd_goal, partner, programme_team
):
    first = report(partner, programme_team, ggd_goal, "behind", "Eerst.")
    revision = services.update_revise(update=first, by=partner)
    services.update_approve(
        update=services.update_submit(
            update=services.update_save(
                update=revision, by=partner, fields={"progress": "on_track"}
            ),
            by=partner,
        ),
        by=programme_team,
    )
    voices = latest_status_per_goal(["2026Q2"])[(ggd_goal.pk, "2026Q2")]
    assert len(voices.updates) == 1 and voices.progress == "on_track"


def test_demo_data_is_labelled_in_the_report_and_on_the_dashboard_and_only_then(
    client, plan, programme_team
):
    import datetime as dt

    from monitoring.services.demo import clear_demo, seed_demo

    quarter = Period.parse("2026Q2")
    seed_demo(scale=1, today=dt.date(2026, 8, 1))
    with_demo = report_data(plan, quarter)
    assert with_demo["has_demo"]
    flat = " ".join("".join(p.extract_text() for p in PdfReader(_pdf(with_demo)).pages).split())
    assert "Voorbeeldgegevens" in flat and "(voorbeeldgegevens)" in flat
    page = client.get("/monitoring/", {"kwartaal": "2026Q2"}).content.decode()
    assert "Voorbeeldgegevens" in page

    clear_demo()
    assert not report_data(plan, quarter)["has_demo"]
    page = client.get("/monitoring/", {"kwartaal": "2026Q2"}).content.decode()
    assert "Voorbeeldgegevens" not in page


def test_the_trend_arrow_agrees_with_the_change_table(plan, ggd_goal, partner, programme_team):
    """'Nog niet gestart' and 'aandacht nodig' share a step; a move between them is a change
    (in the change table), so the arrow must not say 'gelijk'."""
    report(partner, programme_team, ggd_goal, "not_started", "Nog niet.", period="2026Q1")
    report(partner, programme_team, ggd_goal, "attention", "Let op.", period="2026Q2")
    approved_before_cutoff(Period(2026, 1))
    data = report_data(plan, Period.parse("2026Q2"))
    section = next(
        g
        for t in data["themes"]
        for sg in t["strategic_goals"]
        for g in sg["goals"]
        if g.goal.pk == ggd_goal.pk
    )
    changed = {s.goal.pk for s in data["summary"]["changes"]}
    assert ggd_goal.pk in changed and section.trend == "↔"
    for s in (g for t in data["themes"] for sg in t["strategic_goals"] for g in sg["goals"]):
        if s.trend == "→":
            assert s.goal.pk not in changed, s.goal.code
