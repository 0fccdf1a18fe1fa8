"""API lists are cached per (generation, caller, format, query): a repeat is answered from
the cache without a query, a matching ETag gets a 304 before anything is serialised, and the
next request after any write sees the write."""

import os

import pytest

from monitoring.services import update_save, update_start
from regioplan.models import GoalOrganisation, OperationalGoal, Organisation
from regioplan.services import organisation_update
from tests.conftest import cached_keys

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_a_repeated_list_is_served_from_the_cache_and_a_write_is_seen_next(
    client,
    plan,
    page_cache,
    programme_team,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    url = f"{API}/organisaties?page_size=100"
    first = client.get(url)
    assert any(":api:" in key for key in cached_keys(page_cache))
    with django_assert_num_queries(0):
        again = client.get(url)
        not_modified = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert not_modified.status_code == 304 and not_modified["API-Version"]

    with django_capture_on_commit_callbacks(execute=True):
        organisation_update(
            organisation=Organisation.objects.get(slug="treant"), by=programme_team, sector="Nieuw"
        )
    fresh = client.get(url)
    assert b'"Nieuw"' in fresh.content and fresh["ETag"] != first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_exports_and_json_are_cached_apart(client, plan, page_cache):
    url = f"{API}/operationele-doelen"
    json_body = client.get(url).content
    csv_body = client.get(url, {"formaat": "csv"}).content
    assert json_body.startswith(b"{") and csv_body.startswith("\ufeff".encode())
    assert client.get(url).content == json_body


def test_one_partner_never_gets_another_partners_cached_list(
    client_as, plan, page_cache, partner, partner_b
):
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    GoalOrganisation.objects.create(goal=goal, organisation=partner.organisation, role="partner")
    draft = update_start(goal=goal, organisation=partner.organisation, period="2026Q3", by=partner)
    update_save(update=draft, by=partner, fields={"done": "GEHEIM-CONCEPT"})
    url = f"{API}/voortgangsrapportages"
    assert b"GEHEIM-CONCEPT" in client_as(partner).get(url).content
    assert b"GEHEIM-CONCEPT" not in client_as(partner_b).get(url).content
    anonymous = client_as(partner)
    anonymous.logout()
    assert b"GEHEIM-CONCEPT" not in anonymous.get(url).content


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_the_cache_tests_use_redis_when_it_answers(page_cache):
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(page_cache, RedisCache)  # production's TolerantRedisCache
    page_cache.set("probe", 1)
    assert page_cache.get("probe") == 1
