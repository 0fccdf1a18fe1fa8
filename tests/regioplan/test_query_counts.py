"""Pages run a fixed number of queries, whatever the size of the plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regioplan.models import (
    GoalOrganisation,
    Initiative,
    OperationalGoal,
    Organisation,
    PriorityTheme,
    StrategicGoal,
)

pytestmark = pytest.mark.django_db


def grow_plan(times: int) -> None:
    """Add (times - 1) x 86 synthetic goals with links, spread over all strategic goals."""
    strategic = list(StrategicGoal.objects.all())
    themes = list(PriorityTheme.objects.all())
    org = Organisation.objects.get(name="Cosis")
    initiative = Initiative.objects.get(name="GrollooZorgt")
    base = OperationalGoal.objects.get(code="2.1.1.A")
    new = []
    for n in range((times - 1) * 86):
        sg = strategic[n % len(strategic)]
        new.append(
            OperationalGoal(
                plan=base.plan,
                strategic_goal=sg,
                code=f"{sg.code}.{chr(75 + n % 15)}{n}",
                title=f"Synthetisch doel {n}",
                text=f"Synthetisch doel {n} over dementie.",
            )
        )
    OperationalGoal.objects.bulk_create(new)
    for goal in new:
        goal.priority_themes.add(themes[0], themes[1])
        goal.initiatives.add(initiative)
        goal.related_goals.add(base)
        GoalOrganisation.objects.create(goal=goal, organisation=org)


@pytest.fixture(autouse=True)
def _content_types_cached(db):
    """Content types are looked up once per process and cached; warm them, so the first page
    counted does not pay for what every later one gets from the cache."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(*apps.get_models())


def count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


PAGES = [
    ("regioplan:overview", [], None),
    ("regioplan:goal_list", [], None),
    (
        "regioplan:goal_list",
        [],
        {
            "zoek": "dementie",
            "opgave": "2.1",
            "prioritair_thema": "leefstijl",
            "organisatie": "cosis",
            "status": "active",
            "doeljaar": "2025",
        },
    ),
    ("regioplan:goal_detail", ["2.1.1.A"], None),
    ("regioplan:theme_detail", ["2.1"], None),
    ("regioplan:strategic_goal_detail", ["2.2.2"], None),
    ("regioplan:organisation_detail", ["cosis"], None),
    ("regioplan:initiative_detail", ["grolloozorgt"], None),
    ("regioplan:organisation_list", [], None),
    ("regioplan:initiative_list", [], None),
    ("regioplan:priority_theme_detail", ["leefstijl"], None),
    ("regioplan:programme_list", [], None),
]


@pytest.mark.parametrize("name, args, params", PAGES)
def test_query_count_does_not_grow_with_the_plan(client, plan, name, args, params):
    url = reverse(name, args=args)
    at_1x = count(client, url, params)
    grow_plan(5)
    at_5x = count(client, url, params)
    assert at_5x == at_1x, f"{name}: {at_1x} queries at 1x, {at_5x} at 5x"


def test_goal_page_query_budget(client, plan, django_assert_num_queries):
    # plan, goal (+strategic goal, theme), priority themes, initiatives, programmes, related goals,
    # referenced by, related strategic goals, organisation links (+organisations), history (+users)
    # with its commitments' records, participation phases, published residents' input, the
    # selected stories of change and the lessons learned, the agreements
    with django_assert_num_queries(15):
        client.get(reverse("regioplan:goal_detail", args=["2.1.3.A"]))


def test_overview_query_budget(client, plan, django_assert_num_queries):
    # plan, themes (annotated), strategic goals (annotated), counts, priority themes, threads
    with django_assert_num_queries(6):
        client.get(reverse("regioplan:overview"))


def test_goal_list_query_budget(client, plan, django_assert_num_queries):
    # plan, count, page of goals (+strategic goal, theme), their priority themes,
    # and the four filter dropdowns (themes, strategic goals, priority themes, organisations)
    with django_assert_num_queries(8):
        client.get(reverse("regioplan:goal_list"))
