"""The new list pages and endpoints (commitments, stories, decisions, pulse, lessons) run the
same number of queries whatever the number of rows they show."""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import Decision, Lesson, Story
from regioplan.models import GoalOrganisation, OperationalGoal, Organisation

from .test_query_counts import grow

pytestmark = pytest.mark.django_db

PAGES = [
    "/toezeggingen/",
    "/api/v1/toezeggingen",
    "/verhalen/",
    "/api/v1/verhalen",
    "/besluiten/",
    "/api/v1/besluiten",
    "/samenwerking/",
    "/api/v1/samenwerking",
    "/geleerd/",
]


def commit(n: int) -> None:
    goals = list(OperationalGoal.objects.order_by("code")[:n])
    orgs = list(Organisation.objects.filter(is_generic=False).order_by("pk")[:n])
    for goal, org in zip(goals, orgs, strict=True):
        GoalOrganisation.objects.create(goal=goal, organisation=org, role="lead")
        GoalOrganisation.objects.create(
            goal=goal, organisation=orgs[0], role="partner", status="invited"
        )


def counts(client) -> dict:
    out = {}
    for url in PAGES:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"page_size": 100} if "/api/" in url else {})
        assert response.status_code == 200, url
        out[url] = len(ctx.captured_queries)
    return out


def test_list_pages_and_endpoints_do_not_grow_with_their_rows(client_as, plan, programme_team):
    ContentType.objects.get_for_models(*apps.get_models())
    client = client_as(programme_team)
    grow(2), commit(2)
    Story.objects.update(selected_at=None, selection_reason="")  # cards with and without
    counts(client)  # warm the per-process caches
    small = counts(client)
    Story.objects.all().delete(), Lesson.objects.all().delete(), Decision.objects.all().delete()
    GoalOrganisation.objects.exclude(role="potential_initiator").delete()
    grow(8), commit(8)
    large = counts(client)
    assert large == small
