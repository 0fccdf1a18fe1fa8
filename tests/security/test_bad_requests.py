"""No request without a clear answer (issue 23): a bad Host, an oversized body, an absurd
number and simultaneous registrations get a 400 or a clear message, never a 500."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["/", "/doelen/", "/monitoring/", "/participatie/", "/inloggen/", "/bestaat-niet/"]


@pytest.mark.parametrize("path", PAGES)
def test_a_forged_host_gets_the_styled_400_page(client, plan, settings, path):
    settings.DEBUG = False
    response = client.get(path, HTTP_HOST="aanvaller.example")
    assert response.status_code == 400
    assert "<html" in response.content.decode() and "Gezonde Marke" in response.content.decode()


def test_a_forged_host_on_the_api_gets_problem_json(client, plan):
    response = client.get("/api/v1/kpis", HTTP_HOST="aanvaller.example")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_answers_whatever_the_host(client, plan, settings, path):
    """A container's health check asks 127.0.0.1, not the public host name in ALLOWED_HOSTS
    (as with .env from .env.example)."""
    settings.ALLOWED_HOSTS = ["portaal.gezondemarke.nl"]
    response = client.get(path, HTTP_HOST="127.0.0.1:8000")
    # Answered, not refused: readiness may be 503 (no worker heartbeat in a test), never 400.
    assert response.status_code in (200, 503) and "status" in response.json()


def test_health_does_not_open_other_pages_to_any_host(client, plan, settings):
    settings.ALLOWED_HOSTS = ["portaal.gezondemarke.nl"]
    assert client.get("/healthz/", HTTP_HOST="127.0.0.1:8000").status_code == 400
    assert client.get("/", HTTP_HOST="127.0.0.1:8000").status_code == 400


def test_an_oversized_form_body_gets_a_400_page(client, plan, settings):
    settings.DEBUG = False
    body = {"text": "x" * (6 * 1024 * 1024), "kind": "question"}
    response = client.post(reverse("participatie:input_create"), body)
    assert response.status_code == 400
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("raw", ["1E+1000000", "-1E+1000000", "1E-1000000", "NaN", "Infinity"])
def test_an_absurd_number_in_the_figure_form_is_explained(client_as, programme_team, plan, raw):
    from monitoring.models import Figure, Kpi

    kpi = Kpi.objects.get(code="inwoners")
    before = Figure.objects.count()
    response = client_as(programme_team).post(
        reverse("monitoring:figure_create"), {"kpi": kpi.pk, "period": "2024", "value": raw}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "te groot" in text or "na de komma" in text or "geen getal" in text
    assert Figure.objects.count() == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_simultaneous_registrations_with_one_name_give_one_success_and_clear_messages():
    from django.test import Client

    from participatie.models import ResidentInitiative

    barrier, statuses = threading.Barrier(4), []
    body = {"name": "Samen Eten Tegelijk", "kind": "other", "description": "Samen eten."}

    def propose(n):
        client = Client(REMOTE_ADDR=f"10.0.0.{n}")
        barrier.wait()
        response = client.post(reverse("participatie:initiative_propose"), body)
        statuses.append((response.status_code, response.content.decode()))
        connection.close()

    threads = [threading.Thread(target=propose, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(code for code, _text in statuses)
    assert 500 not in codes, codes
    assert ResidentInitiative.objects.filter(name="Samen Eten Tegelijk").count() == codes.count(302)
    assert codes.count(302) >= 1
    for code, text in statuses:
        if code != 302:
            assert code == 400 and "zojuist al een initiatief" in text
