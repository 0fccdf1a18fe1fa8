"""The governance report sections and the dashboard block run a fixed number of queries,
whatever the number of stories, actions, pulse answers and lessons."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import Action, ActionUpdate, Decision, Lesson, PulseResponse, Story
from governance.reporting import report_sections
from governance.slots import dashboard_block
from monitoring.periods import Period, cutoff
from regioplan.models import OperationalGoal, Organisation, Theme

pytestmark = pytest.mark.django_db
Q = Period(2026, 3)


def grow(n: int) -> None:
    before = cutoff(Q) - dt.timedelta(days=2)
    goals = list(OperationalGoal.objects.order_by("code")[:n])
    orgs = list(Organisation.objects.order_by("pk")[: 3 * n])
    for i, goal in enumerate(goals):
        Story.objects.create(
            goal=goal,
            quarter=str(Q),
            domain="health",
            title=f"S{i}",
            what_changed="w",
            for_whom="f",
            why_it_matters="y",
            teller="partner",
            organisation=orgs[i],
            status="published",
            published_at=before,
            shortlisted_at=before,
            selected_at=before,
            selection_reason="r",
        )
        decision = Decision.objects.create(quarter=str(Q), decided_on=before.date(), title=f"B{i}")
        action = Action.objects.create(
            decision=decision, text="a", owner=orgs[i], due=before.date()
        )
        ActionUpdate.objects.create(action=action, status="in_progress", text="bezig")
        lesson = Lesson.objects.create(quarter=str(Q), title=f"L{i}", text="t")
        lesson.goals.set([goal])
    Decision.objects.update(created_at=before)
    ActionUpdate.objects.update(at=before)
    PulseResponse.objects.update(created_at=before)
    Lesson.objects.update(created_at=before)
    for theme in Theme.objects.all():
        for org in orgs:
            PulseResponse.objects.get_or_create(
                organisation=org,
                theme=theme,
                quarter=str(Q),
                defaults={
                    "shared_goals": 3,
                    "trust": 3,
                    "decisions": 3,
                    "information": 3,
                    "residents": 3,
                },
            )


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_report_sections_and_dashboard_block_do_not_grow_with_the_data(plan):
    grow(2)
    sections = report_sections(plan, Q)
    assert len(sections["decisions"]["rows"]) == 2 and len(sections["lessons"]) == 2
    small = (_count(lambda: report_sections(plan, Q)), _count(dashboard_block))
    Story.objects.all().delete(), Lesson.objects.all().delete(), Decision.objects.all().delete()
    grow(8)
    large = (_count(lambda: report_sections(plan, Q)), _count(dashboard_block))
    assert small == large


def test_the_report_page_renders_in_a_fixed_number_of_queries(plan):
    """The report's template too: a story, action or lesson must not fetch its relations."""
    from django.template.loader import render_to_string

    from monitoring.reporting.data import report_data

    def render():
        return render_to_string("monitoring/report/report.html", report_data(plan, Q))

    grow(2)
    render()  # warm the per-process caches (content types, the plan)
    small = _count(render)
    Story.objects.all().delete(), Lesson.objects.all().delete(), Decision.objects.all().delete()
    grow(8)
    assert "S7" in render() and "L7" in render()
    assert _count(render) == small
