"""Reporting duties from commitments (issue 21, points 4 and 5): owed, on time, late, missing and
goals without a trekker, counted at the quarter's cut-off; the report's three numbers agree with
a count from the database."""

import datetime as dt
import io
import re

import pypdf
import pytest
from django.db import connection
from django.utils import timezone

from monitoring import services
from monitoring.models import ProgressUpdate
from monitoring.periods import Period, cutoff, deadline
from monitoring.reporting import render
from monitoring.reporting.data import report_data
from monitoring.selectors.duties import closed_duty_book, duty_book
from monitoring.services.demo import seed_demo
from regioplan.models import GoalOrganisation, OperationalGoal, Organisation

pytestmark = pytest.mark.django_db
Q3 = Period(2026, 3)  # deadline 15 October 2026; cut-off 30 October (14 days late window)


def _at(day: dt.date, hour=12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def _submitted(goal, org, when, status="submitted"):
    update = ProgressUpdate.objects.create(
        goal=goal, organisation=org, period=str(Q3), status=status, submitted_at=when
    )
    update.transitions.create(from_status="draft", to_status="submitted")
    update.transitions.update(at=when)
    return update


@pytest.fixture
def orgs():
    return [Organisation.objects.get(name=n) for n in ("GGD Drenthe", "Cosis", "VNN", "Icare")]


def test_on_time_late_and_missing_are_told_apart_at_the_deadline_and_cut_off(plan, orgs):
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    ggd, cosis, vnn, icare = orgs
    for org, role in ((ggd, "lead"), (cosis, "partner"), (vnn, "partner"), (icare, "partner")):
        GoalOrganisation.objects.create(goal=goal, organisation=org, role=role)
    # Equal to the deadline's last moment is on time; one second later is late.
    last_moment = timezone.make_aware(dt.datetime.combine(deadline(Q3), dt.time.max))
    _submitted(goal, ggd, last_moment)
    _submitted(goal, cosis, last_moment + dt.timedelta(seconds=1))
    _submitted(goal, icare, cutoff(Q3))  # at the cut-off: the book is closed
    book = closed_duty_book(Q3)
    state = {d.organisation.name: d.state for d in book.duties}
    assert state == {
        "GGD Drenthe": "on_time",
        "Cosis": "late",
        "VNN": "missing",
        "Icare": "missing",
    }
    # Today's view (a report with later corrections) counts Icare as late.
    assert {d.organisation.name: d.state for d in duty_book(Q3).duties}["Icare"] == "late"
    assert goal not in book.without_lead


def test_a_returned_and_resubmitted_update_keeps_its_first_time(
    plan, orgs, partner, programme_team
):
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    GoalOrganisation.objects.create(goal=goal, organisation=partner.organisation, role="lead")
    update = services.update_start(
        goal=goal, organisation=partner.organisation, period=str(Q3), by=partner
    )
    update = services.update_save(
        update=update, by=partner, fields={"done": "x", "progress": "on_track", "next_steps": "y"}
    )
    update = services.update_submit(update=update, by=partner)
    first = _at(deadline(Q3) - dt.timedelta(days=2))
    update.transitions.filter(to_status="submitted").update(at=first)
    ProgressUpdate.objects.filter(pk=update.pk).update(submitted_at=first)
    update.refresh_from_db()
    update = services.update_return(update=update, by=programme_team, reason="Graag concreter.")
    update = services.update_submit(update=update, by=partner)  # now, long after the deadline
    duty = duty_book(Q3).duties[0]
    assert (duty.state, duty.submitted_at) == ("on_time", first)


def test_goals_without_a_trekker_and_commitments_out_of_force(plan, orgs):
    ggd, cosis, *_ = orgs
    a, b, c = (OperationalGoal.objects.get(code=x) for x in ("2.1.1.A", "2.1.1.B", "2.1.2.A"))
    GoalOrganisation.objects.create(goal=a, organisation=ggd, role="lead")
    GoalOrganisation.objects.create(goal=b, organisation=ggd, role="lead", end_quarter="2026Q2")
    GoalOrganisation.objects.create(goal=c, organisation=cosis, role="lead", status="invited")
    GoalOrganisation.objects.create(goal=c, organisation=ggd, role="partner")
    book = closed_duty_book(Q3)
    assert [d.goal for d in book.duties] == [a, c]
    assert c in book.without_lead  # a partner is no trekker
    current = OperationalGoal.objects.exclude(status="archived").count()
    assert len(book.without_lead) == current - 1 and a not in book.without_lead
    # The ended trekker still owed 2026Q2.
    assert [d.goal for d in closed_duty_book(Period(2026, 2)).duties] == [a, b, c]


SQL_DUTIES = """
    SELECT c.goal_id, c.organisation_id,
           (SELECT MIN(t.at) FROM monitoring_updatetransition t
              JOIN monitoring_progressupdate u ON u.id = t.update_id
             WHERE u.goal_id = c.goal_id AND u.organisation_id = c.organisation_id
               AND u.period = %(q)s AND t.to_status = 'submitted') AS first_t,
           (SELECT MIN(u.submitted_at) FROM monitoring_progressupdate u
             WHERE u.goal_id = c.goal_id AND u.organisation_id = c.organisation_id
               AND u.period = %(q)s) AS first_s
      FROM regioplan_goalorganisation c
      JOIN regioplan_operationalgoal g ON g.id = c.goal_id
     WHERE c.role IN ('lead', 'partner') AND c.status = 'accepted' AND g.status <> 'archived'
       AND (c.start_quarter = '' OR c.start_quarter <= %(q)s)
       AND (c.end_quarter = '' OR c.end_quarter >= %(q)s)
"""
SQL_WITHOUT_LEAD = """
    SELECT COUNT(*) FROM regioplan_operationalgoal g
     WHERE g.status <> 'archived' AND NOT EXISTS (
        SELECT 1 FROM regioplan_goalorganisation c
         WHERE c.goal_id = g.id AND c.role = 'lead' AND c.status = 'accepted'
           AND (c.start_quarter = '' OR c.start_quarter <= %(q)s)
           AND (c.end_quarter = '' OR c.end_quarter >= %(q)s))
"""


def _as_datetime(value):
    if value is None or isinstance(value, dt.datetime):
        return value if value is None or value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.fromisoformat(str(value)).replace(tzinfo=dt.UTC)


def test_the_reports_three_numbers_agree_with_a_count_in_sql(plan):
    """The demo data's 2025Q4 report, recounted from the tables with plain SQL."""
    seed_demo(today=dt.date(2026, 12, 2))
    quarter = Period(2025, 4)
    params = {"q": str(quarter)}
    with connection.cursor() as cursor:
        cursor.execute(SQL_DUTIES.replace("%(q)s", "%s"), [params["q"]] * 4)
        rows = cursor.fetchall()
        cursor.execute(SQL_WITHOUT_LEAD.replace("%(q)s", "%s"), [params["q"]] * 2)
        without_lead = cursor.fetchone()[0]
    due_end = timezone.make_aware(dt.datetime.combine(deadline(quarter), dt.time.max))
    missing = late = 0
    for _goal, _org, first_t, first_s in rows:
        times = [t for t in (_as_datetime(first_t), _as_datetime(first_s)) if t is not None]
        first = min(times) if times else None
        if first is None or first >= cutoff(quarter):
            missing += 1
        elif first > due_end:
            late += 1
    # The demo shows every state.
    assert missing and late and without_lead and len(rows) > missing + late

    data = report_data(plan, quarter)
    pdf, _pages = render.render_pdf(data)
    text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    )
    assert f"{without_lead} doelen zonder trekker" in text
    assert f"{missing} rapportages ontbreken" in text or f"{missing} rapportage ontbreekt" in text
    assert f"{late} rapportages te laat" in text or f"{late} rapportage te laat" in text
    assert f"van {len(rows)} verplichte rapportages" in text
    # "nog niet bekend" stands only where nobody leads: once per goal without a trekker in the
    # theme tables and once more in its goal section.
    assert text.count("Trekker: nog niet bekend") == without_lead
    # Who is late is named.
    for duty in data["duties"].late:
        assert f"{duty.organisation.name} ({duty.goal.code})" in text
