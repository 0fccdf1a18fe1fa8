"""Hostile and careless input gets a 4xx with a clear Dutch message, and changes nothing.

Each case here answered 500 once (issue: production and robustness). Concurrency runs with
real threads on the suite's database.
"""

import json
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.services import token_create
from monitoring import services
from monitoring.models import Evidence, Figure, Kpi, ProgressUpdate
from participatie.models import Input, ResidentInitiative

pytestmark = pytest.mark.django_db
API = "/api/v1"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def token_for(user) -> str:
    return f"Token {token_create(user=user, name='robuust')[1]}"


@pytest.mark.parametrize(
    "value",
    [
        "2025-02-30",
        "2025-13-01T00:00:00Z",
        "2025-07-01T00:00:00+25:00",
        "0000-01-01",
        "9999-12-31T23:59:59-14:00",
        "gisteren",
        "2025-07-01T25:61:00Z",
    ],
)
def test_impossible_moments_in_gewijzigd_sinds_answer_400(client, plan, value):
    response = client.get(f"{API}/operationele-doelen", {"gewijzigd_sinds": value})
    assert response.status_code == 400, value
    assert response["Content-Type"] == "application/problem+json"
    assert "RFC 3339" in response.content.decode()


@pytest.mark.parametrize("value", ["2025-07-01T00:00:00+16:00", "2025-07-01T00:00:00-15:30"])
def test_any_valid_offset_in_gewijzigd_sinds_is_accepted(client, plan, value):
    assert client.get(f"{API}/operationele-doelen", {"gewijzigd_sinds": value}).status_code == 200


@pytest.mark.parametrize(
    "value,message",
    [
        ("1" * 20, "te groot"),
        ("1e30", "te groot"),
        ("-99999999999999", "te groot"),
        ("12,123456", "na de komma"),
    ],
)
def test_numbers_the_database_cannot_hold_are_refused_by_form_and_api(
    client_as, programme_team, value, message
):
    kpi = Kpi.objects.get(code="inwoners")
    before = Figure.objects.count()
    page = client_as(programme_team).post(
        reverse("monitoring:figure_create"),
        {"kpi": kpi.pk, "period": "2025", "municipality": "", "value": value},
    )
    assert page.status_code == 200 and message in page.content.decode()
    api = client_as(programme_team).post(
        f"{API}/meetwaarden",
        {"kpi": kpi.code, "periode": "2025", "waarde": value},
        content_type="application/json",
    )
    assert api.status_code == 400, api.content
    assert Figure.objects.count() == before


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.one_of(st.text(max_size=40), st.decimals(allow_nan=True), st.floats()))
def test_parse_decimal_either_returns_a_storable_number_or_refuses_it(raw):
    from django.core.exceptions import ValidationError

    try:
        value = services.parse_decimal(raw)
    except ValidationError as exc:
        assert exc.message_dict["value"]
        return
    assert value.is_finite() and abs(value) < 10**12


@pytest.mark.parametrize("raw", ["0000Q1", "9999Q4", "1066", "2025Q9"])
def test_quarters_outside_the_known_years_give_a_message_not_an_error(client, plan, raw):
    response = client.get(reverse("monitoring:dashboard"), {"kwartaal": raw})
    assert response.status_code == 200
    assert "Traceback" not in response.content.decode()


def test_a_tampered_kpi_in_the_update_form_is_an_invalid_choice(
    client_as, partner, ggd_goal, programme_team
):
    update = services.update_start(
        goal=ggd_goal, organisation=partner.organisation, period="2026Q3", by=partner
    )
    other = Kpi.objects.exclude(goals=ggd_goal).first()
    data = {
        "progress": "on_track",
        "done": "x",
        "kpi-TOTAL_FORMS": "1",
        "kpi-INITIAL_FORMS": "0",
        "kpi-MIN_NUM_FORMS": "0",
        "kpi-MAX_NUM_FORMS": "60",
        "kpi-0-kpi": str(other.pk),
        "kpi-0-period": "2026",
        "kpi-0-value": "12",
    }
    for tampered in (str(other.pk), "999999", "1 ", "abc"):
        data["kpi-0-kpi"] = tampered
        response = client_as(partner).post(
            reverse("monitoring:update_edit", args=[update.pk]), data
        )
        assert response.status_code == 200, tampered
    assert not update.figures.exists()


def test_deeply_nested_json_answers_400(client_as, programme_team):
    body = "[" * 5000 + "]" * 5000
    response = client_as(programme_team).post(
        f"{API}/meetwaarden", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    nested = {"a": 1}
    for _ in range(30):
        nested = {"a": nested}
    response = client_as(programme_team).post(
        f"{API}/meetwaarden", json.dumps(nested), content_type="application/json"
    )
    assert response.status_code == 400


def test_nul_bytes_are_refused_however_they_arrive(client, plan):
    before = Input.objects.count()
    multipart = client.post(
        reverse("participatie:input_create"), {"kind": "question", "text": "hallo\x00daar"}
    )
    assert multipart.status_code == 400
    upper = client.generic(
        "POST",
        reverse("participatie:input_create"),
        b"kind=question&text=a%00b",
        content_type="APPLICATION/X-WWW-FORM-URLENCODED",
    )
    assert upper.status_code == 400
    api = client.generic(
        "POST", f"{API}/meetwaarden", b'{"a": "\\u0000"}', content_type="Application/JSON"
    )
    assert api.status_code == 400
    assert Input.objects.count() == before


def test_long_resident_texts_are_refused_with_a_message(client, plan):
    before = (Input.objects.count(), ResidentInitiative.objects.count())
    huge = "tekst " * 800_000  # 4.8 MB
    response = client.post(reverse("participatie:input_create"), {"kind": "question", "text": huge})
    assert response.status_code in (200, 400)
    proposal = client.post(
        reverse("participatie:initiative_propose"),
        {"name": "Buurtkracht", "kind": "other", "description": "x" * 5000},
    )
    assert proposal.status_code == 400  # the form page, with its errors
    assert "4000" in proposal.content.decode()
    assert (Input.objects.count(), ResidentInitiative.objects.count()) == before


def test_evidence_with_a_long_unicode_name_is_stored_and_downloadable(client_as, partner, ggd_goal):
    update = services.update_start(
        goal=ggd_goal, organisation=partner.organisation, period="2026Q3", by=partner
    )
    name = "verslag-" + "ë" * 240 + ".pdf"
    evidence = services.evidence_add(
        update=update, uploaded=SimpleUploadedFile(name, PDF), by=partner
    )
    evidence.refresh_from_db()
    assert evidence.original_name == name[:255] and len(evidence.file.name) <= 100
    response = client_as(partner).get(reverse("monitoring:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert Evidence.objects.filter(update=update).count() == 1


def test_an_api_write_that_fails_half_way_changes_nothing(client, partner, ggd_goal):
    update = services.update_start(
        goal=ggd_goal, organisation=partner.organisation, period="2026Q3", by=partner
    )
    response = client.patch(
        f"{API}/voortgangsrapportages/{update.pk}",
        {"gedaan": "Nieuwe tekst", "status": "goedgekeurd"},  # saving works, approving may not
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(partner),
    )
    assert response.status_code == 403
    update.refresh_from_db()
    assert update.done == "" and update.status == ProgressUpdate.Status.DRAFT


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_two_simultaneous_starts_of_one_update_give_one_update(django_user_model):
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from accounts import roles
    from regioplan.models import GoalOrganisation, OperationalGoal, Organisation

    for name in roles.ROLES:
        Group.objects.get_or_create(name=name)
    if not OperationalGoal.objects.filter(code="2.3.1.B").exists():
        call_command("load_regioplan", verbosity=0)
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    ggd = Organisation.objects.get(name="GGD Drenthe")
    GoalOrganisation.objects.get_or_create(goal=goal, organisation=ggd, role="partner")
    partner = django_user_model.objects.create_user(
        username="race", password="pw", organisation=ggd
    )
    partner.groups.add(Group.objects.get(name=roles.PARTNER))
    barrier, results, errors = threading.Barrier(2), [], []

    def start():
        try:
            barrier.wait()
            results.append(
                services.update_start(goal=goal, organisation=ggd, period="2026Q4", by=partner).pk
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert len(results) == 2 and results[0] == results[1]
    assert ProgressUpdate.objects.filter(goal=goal, organisation=ggd, period="2026Q4").count() == 1


def test_api_errors_outside_drf_are_problem_json(client, plan, monkeypatch, settings):
    missing = client.get(f"{API}/bestaat-niet")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    bad_host = client.get(f"{API}/kpis", HTTP_HOST="aanvaller.example")
    assert bad_host.status_code == 400 and bad_host["Content-Type"] == "application/problem+json"

    from regioplan.api import views

    def boom(self, request, *args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(views.ThemeViewSet, "list", boom)
    client.raise_request_exception = False
    crashed = client.get(f"{API}/regio-opgaven")
    assert crashed.status_code == 500 and crashed["Content-Type"] == "application/problem+json"
    assert "kapot" not in crashed.content.decode()


def test_error_pages_are_dutch_styled_and_give_nothing_away(client, client_as, partner, plan):
    from django.test import Client

    not_found = client.get("/bestaat-niet/")
    assert not_found.status_code == 404 and "Pagina niet gevonden" in not_found.content.decode()
    forbidden = client_as(partner).get(reverse("audit_log"))
    body = forbidden.content.decode()
    assert forbidden.status_code == 403 and "Geen toegang" in body and "component-library" in body
    strict = Client(enforce_csrf_checks=True)
    csrf = strict.post(reverse("login"), {"username": "x", "password": "y"})
    assert csrf.status_code == 403 and "Formulier verlopen" in csrf.content.decode()
    assert "CSRF" not in csrf.content.decode()

    from django.test import RequestFactory

    from gezondemarke.errors import server_error

    crashed = server_error(RequestFactory().get("/transformatieprogrammas/"))
    text = crashed.content.decode()
    assert crashed.status_code == 500 and "Er ging iets mis" in text and "<html" in text


def test_a_duplicate_figure_is_a_409_conflict_and_keeps_the_first(client_as, programme_team):
    body = {"kpi": "inwoners", "periode": "2024", "waarde": "100"}
    client = client_as(programme_team)
    first = client.post(f"{API}/meetwaarden", body, content_type="application/json")
    assert first.status_code == 201, first.content
    again = client.post(
        f"{API}/meetwaarden", {**body, "waarde": "200"}, content_type="application/json"
    )
    assert again.status_code == 409 and again["Content-Type"] == "application/problem+json"
    assert "Er is al een waarde" in again.content.decode()
    assert Figure.objects.get(kpi__code="inwoners", period="2024", municipality=None).value == 100
