"""Anonymous readers get cached pages; any recorded change makes them fresh again."""

import pytest
from django.urls import reverse

from monitoring.periods import current_quarter
from regioplan.models import OperationalGoal
from regioplan.services import goal_update
from tests.conftest import cached_keys

pytestmark = pytest.mark.django_db
# A quarter whose book is still open (its cut-off lies ahead): what is approved now counts in it.
OPEN_QUARTER = str(current_quarter())


def test_second_anonymous_request_is_served_from_cache(
    client, plan, page_cache, django_assert_num_queries
):
    url = reverse("regioplan:goal_detail", args=["2.1.3.A"])
    first = client.get(url)
    assert any(":page:" in key for key in cached_keys(page_cache))
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content


def test_edit_invalidates_cached_pages(
    client, plan, page_cache, programme_team, django_capture_on_commit_callbacks
):
    url = reverse("regioplan:goal_detail", args=["2.2.1.B"])
    client.get(url)
    goal = OperationalGoal.objects.get(code="2.2.1.B")
    with django_capture_on_commit_callbacks(execute=True):
        goal_update(
            goal=goal,
            by=programme_team,
            expected_version=goal.version,
            title="Nieuwe titel na bewerking",
        )
    assert "Nieuwe titel na bewerking" in client.get(url).content.decode()


def test_logged_in_users_are_never_served_cached_pages(
    client, client_as, plan, page_cache, programme_team
):
    url = reverse("regioplan:goal_detail", args=["2.1.1.A"])
    anonymous = client.get(url).content.decode()  # fills the cache with the anonymous page
    assert any(":page:" in key for key in cached_keys(page_cache))
    assert "Doel bewerken" not in anonymous
    assert "Doel bewerken" in client_as(programme_team).get(url).content.decode()


def test_a_flash_message_is_never_stored_or_replayed_to_another_visitor(plan, page_cache):
    from django.test import Client

    resident, other = Client(), Client()
    registry = reverse("participatie:registry")
    proposal = {"name": "Buurtmoestuin Noord", "kind": "other", "description": "Samen tuinieren"}
    page = resident.post(reverse("participatie:initiative_propose"), proposal, follow=True)
    assert page.redirect_chain[-1][0] == registry
    assert "Bedankt" in page.content.decode()
    assert "Bedankt" not in other.get(registry).content.decode()
    assert "Bedankt" not in resident.get(registry).content.decode()  # shown once


def test_pages_with_a_csrf_token_or_a_cookie_are_not_stored(client, plan, page_cache):
    client.get(reverse("participatie:input_create"))  # a form page: it carries a CSRF token
    client.get(reverse("login"))
    assert not any(":page:" in key for key in cached_keys(page_cache))


def test_long_query_strings_are_not_cached(client, plan, page_cache):
    client.get(reverse("regioplan:goal_list"), {"zoek": "zorg " * 60})
    assert not any(":page:" in key for key in cached_keys(page_cache))


def test_the_dashboard_is_cached_for_everyone_and_fresh_after_a_write(
    client,
    client_as,
    plan,
    page_cache,
    board,
    programme_team,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    from monitoring.models import Kpi
    from monitoring.services import figure_create

    url = reverse("monitoring:dashboard")
    first = client.get(url, {"kwartaal": OPEN_QUARTER})
    assert any(":page:" in key for key in cached_keys(page_cache))
    signed_in = client_as(board)
    signed_in.get(url, {"kwartaal": OPEN_QUARTER})
    assert any(":fragment:" in key for key in cached_keys(page_cache))
    with django_assert_max_num_queries(8):  # session, user, plan: not the dashboard's own work
        again = signed_in.get(url, {"kwartaal": OPEN_QUARTER})
    assert b"Monitoring" in again.content and b"csrfmiddlewaretoken" in again.content
    assert b"38,7" not in first.content
    with django_capture_on_commit_callbacks(execute=True):
        figure_create(
            kpi=Kpi.objects.get(code="overgewicht-volwassenen"),
            period="2025",
            municipality=None,
            value="38.7",
            by=programme_team,
        )
    assert b"38,7" in signed_in.get(url, {"kwartaal": OPEN_QUARTER}).content
    signed_in.logout()
    assert b"38,7" in client.get(url, {"kwartaal": OPEN_QUARTER}).content


def test_signed_in_pages_reuse_cached_fragments_but_never_a_form_or_someone_elses_links(
    client_as, plan, page_cache, programme_team, partner, django_capture_on_commit_callbacks
):
    url = reverse("regioplan:goal_detail", args=["2.1.3.A"])
    editor = client_as(programme_team).get(url).content.decode()
    assert "Doel bewerken" in editor
    assert any(":fragment:" in key for key in cached_keys(page_cache))
    assert "Doel bewerken" not in client_as(partner).get(url).content.decode()  # own fragment
    with django_capture_on_commit_callbacks(execute=True):
        goal = OperationalGoal.objects.get(code="2.1.3.A")
        goal_update(
            goal=goal,
            by=programme_team,
            expected_version=goal.version,
            title="Een nieuwe titel voor dit doel",
        )
    assert "Een nieuwe titel voor dit doel" in client_as(partner).get(url).content.decode()
    # A page with a form for editors keeps the form (and its CSRF token) out of the cache.
    org_url = reverse("regioplan:organisation_detail", args=["cosis"])
    first = client_as(programme_team).get(org_url)
    second = client_as(programme_team).get(org_url)
    assert second.status_code == 200 and b"csrfmiddlewaretoken" in second.content
    assert first.status_code == 200
    stored = [page_cache.get(k.split(":", 2)[-1]) for k in cached_keys(page_cache)]
    assert not any("csrfmiddlewaretoken" in str(v) for v in stored)


def test_a_long_query_is_not_stored_as_a_fragment_either(client_as, plan, page_cache, partner):
    client_as(partner).get(reverse("regioplan:goal_list"), {"zoek": "zorg " * 90})
    assert not any(":fragment:" in key for key in cached_keys(page_cache))


# --- Each guard of the page cache on its own ---------------------------------------------
# The guards back each other up in the common paths (a visitor with a message waiting is not
# served a stored page, *and* a page that shows a message is not stored), so each is tested
# where it alone stands between a visitor and somebody else's page.


def _anonymous_request(path="/bewaar-test/"):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cache import SessionStore
    from django.test import RequestFactory

    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_page_that_adds_a_message_while_it_renders_is_never_stored(page_cache):
    from django.contrib import messages
    from django.http import HttpResponse

    from core.pagecache import cache_public_page

    @cache_public_page
    def view(request):
        messages.info(request, "Alleen voor u")
        return HttpResponse("<p>Alleen voor u</p>")

    assert view(_anonymous_request()).status_code == 200
    assert not any(":page:" in key for key in cached_keys(page_cache))


def test_a_page_that_sets_a_cookie_is_never_stored(page_cache):
    from django.http import HttpResponse

    from core.pagecache import cache_public_page

    @cache_public_page
    def view(request):
        response = HttpResponse("<p>Welkom</p>")
        response.set_cookie("bezoeker", "123")
        return response

    assert view(_anonymous_request()).status_code == 200
    assert not any(":page:" in key for key in cached_keys(page_cache))


def test_a_visitor_with_a_message_waiting_gets_a_page_made_for_them(plan, page_cache):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest
    from django.test import Client

    registry = reverse("participatie:registry")
    Client().get(registry)  # another visitor fills the cache
    assert any(":page:" in key for key in cached_keys(page_cache))
    visitor = Client()
    visitor.cookies["messages"] = CookieStorage(HttpRequest())._encode(
        [Message(constants.SUCCESS, "Bedankt-voor-uw-aanmelding")]
    )
    assert "Bedankt-voor-uw-aanmelding" in visitor.get(registry).content.decode()


def test_a_bulk_load_and_a_bulk_review_make_cached_pages_fresh(
    client, plan, page_cache, programme_team, django_capture_on_commit_callbacks
):
    """Both write many rows through audit.record_changes, whose one bump must reach the cache."""
    from monitoring.models import Figure, Kpi
    from monitoring.services import figure_create, figures_bulk_load, figures_review

    url, quarter = reverse("monitoring:dashboard"), {"kwartaal": OPEN_QUARTER}
    with django_capture_on_commit_callbacks(execute=True):
        waiting = figure_create(
            kpi=Kpi.objects.get(code="roken-volwassenen"),
            period="2025",
            municipality=None,
            value="11.3",
            by=programme_team,
            status=Figure.Status.PENDING,
        )
    first = client.get(url, quarter).content
    assert b"38,7" not in first and b"11,3" not in first
    with django_capture_on_commit_callbacks(execute=True):
        summary = figures_bulk_load(
            [
                {
                    "kpi": "overgewicht-volwassenen",
                    "periode": "2025",
                    "gemeente": "",
                    "waarde": "38.7",
                }
            ],
            by=programme_team,
        )
    assert [r.result for r in summary.rows] == ["aangemaakt"]
    assert b"38,7" in client.get(url, quarter).content
    with django_capture_on_commit_callbacks(execute=True):
        figures_review(by=programme_team, approve=[waiting.pk], confirmed=[waiting.pk])
    assert b"11,3" in client.get(url, quarter).content
