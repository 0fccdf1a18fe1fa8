"""API 1.1: bulk loads with a dry run, corrections with a reason and their history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.models import Figure, Kpi, ProgressUpdate
from monitoring.services import figure_create
from regioplan.models import Municipality

pytestmark = pytest.mark.django_db
API = "/api/v1"
BULK = f"{API}/meetwaarden/bulk"


def _rows(n, kpi="overgewicht-volwassenen", start=2020):
    municipalities = list(Municipality.objects.order_by("cbs_code")[:12])
    return [
        {
            "kpi": kpi,
            "periode": str(start + i // len(municipalities)),
            "gemeente": municipalities[i % len(municipalities)].cbs_code,
            "waarde": f"{30 + i % 7}.5",
        }
        for i in range(n)
    ]


def test_bulk_dry_run_reports_per_row_and_saves_nothing(client_as, programme_team, plan):
    api = client_as(programme_team)
    rows = [
        *_rows(3),
        {"kpi": "bestaat-niet", "periode": "2024", "waarde": "1"},
        {"kpi": "overgewicht-volwassenen", "periode": "2024", "gemeente": "", "waarde": "abc"},
        {"kpi": "inwoners", "periode": "2024Q2", "waarde": "5"},  # yearly KPI
    ]
    response = api.post(f"{BULK}?proefdraai=true", rows, content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["proefdraai"] is True
    assert body["aantallen"]["aangemaakt"] == 3 and body["aantallen"]["geweigerd"] == 3
    refused = [r for r in body["regels"] if r["resultaat"] == "geweigerd"]
    assert [r["regel"] for r in refused] == [4, 5, 6]
    assert "bestaat-niet" in refused[0]["redenen"][0]
    assert "jaar" in refused[2]["redenen"][0]
    assert all(r["meetwaarde"] is None for r in body["regels"])
    assert not Figure.objects.filter(kpi__code="overgewicht-volwassenen").exists()


def test_bulk_upsert_is_idempotent_and_corrections_keep_history(client_as, programme_team, plan):
    api = client_as(programme_team)
    rows = _rows(4)
    first = api.post(BULK, {"meetwaarden": rows}, content_type="application/json").json()
    assert first["aantallen"]["aangemaakt"] == 4
    again = api.post(BULK, rows, content_type="application/json").json()
    assert again["aantallen"] == {**again["aantallen"], "ongewijzigd": 4, "aangemaakt": 0}
    rows[0]["waarde"] = "41,25"  # a decimal comma is fine
    corrected = api.post(
        BULK,
        {"meetwaarden": rows, "reden": "Herziene GGD-cijfers"},
        content_type="application/json",
    ).json()
    assert corrected["aantallen"]["bijgewerkt"] == 1 and corrected["aantallen"]["ongewijzigd"] == 3
    figure_id = corrected["regels"][0]["meetwaarde"]
    history = api.get(f"{API}/meetwaarden/{figure_id}/historie").json()
    assert history[0]["actie"] == "gecorrigeerd" and history[0]["reden"] == "Herziene GGD-cijfers"
    assert history[0]["wijzigingen"]["waarde"][1] == "41.2500"
    assert history[-1]["actie"] == "aangemaakt"
    assert Figure.objects.get(pk=figure_id).value == 41.25


def test_bulk_accepts_csv_and_duplicate_rows_are_refused(client_as, programme_team, plan):
    csv_body = (
        "kpi;periode;gemeente;waarde;bron\n"
        "overgewicht-volwassenen;2023;Assen;39,5;GGD\n"
        "overgewicht-volwassenen;2023;GM0106;40;GGD\n"
    )
    response = client_as(programme_team).post(BULK, csv_body, content_type="text/csv")
    assert response.status_code == 200, response.content
    rows = response.json()["regels"]
    assert [r["resultaat"] for r in rows] == ["aangemaakt", "geweigerd"]
    assert "regel 1" in rows[1]["redenen"][0]


def test_bulk_query_count_does_not_grow_with_rows(client_as, programme_team, plan):
    api = client_as(programme_team)
    with CaptureQueriesContext(connection) as small:
        api.post(BULK, _rows(3, start=2020), content_type="application/json")
    with CaptureQueriesContext(connection) as large:
        api.post(BULK, _rows(60, start=2021), content_type="application/json")
    assert Figure.objects.filter(kpi__code="overgewicht-volwassenen").count() == 63
    assert len(large.captured_queries) <= len(small.captured_queries)


def test_bulk_roles_partners_go_through_review(client_as, client, partner, plan):
    assert client.post(BULK, _rows(1), content_type="application/json").status_code == 401
    api = client_as(partner)
    refused = api.post(BULK, _rows(1), content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["invalid-params"][0]["name"] == "voortgangsrapportage"
    goal = partner.organisation.goal_links.select_related("goal").first().goal
    kpi = Kpi.objects.get(code="overgewicht-volwassenen")
    kpi.goals.add(goal)  # a KPI of one of the partner's goals
    from monitoring.services import update_start

    update = update_start(goal=goal, organisation=partner.organisation, period="2026Q3", by=partner)
    body = {
        "voortgangsrapportage": update.pk,
        "meetwaarden": [
            {"kpi": kpi.code, "periode": "2025", "waarde": "12"},
            {"kpi": "roken-volwassenen", "periode": "2025", "waarde": "12"},  # not this goal's
        ],
    }
    result = api.post(BULK, body, content_type="application/json").json()
    assert [r["resultaat"] for r in result["regels"]] == ["ter_beoordeling", "geweigerd"]
    assert ProgressUpdate.objects.get(pk=update.pk).figures.count() == 1
    assert not Figure.objects.filter(kpi=kpi, period="2025", status="approved").exists()


def test_a_correction_needs_a_reason_and_the_programme_team(
    client_as, programme_team, partner, client, plan
):
    figure = figure_create(
        kpi=Kpi.objects.get(code="inwoners"),
        period="2024",
        municipality=None,
        value="500000",
        by=programme_team,
    )
    url = f"{API}/meetwaarden/{figure.pk}"
    before = figure.updated_at
    assert (
        client_as(partner).patch(url, {"waarde": "1", "reden": "x"}, "application/json").status_code
        == 403
    )
    api = client_as(programme_team)
    missing = api.patch(url, {"waarde": "501000"}, content_type="application/json")
    assert missing.status_code == 400
    assert [p["name"] for p in missing.json()["invalid-params"]] == ["reden"]
    ok = api.patch(
        url, {"waarde": "501000", "reden": "Correctie CBS"}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["waarde"] == "501000.0000"
    figure.refresh_from_db()
    assert figure.updated_at > before
    history = client.get(f"{url}/historie").json()
    assert [h["actie"] for h in history] == ["gecorrigeerd", "aangemaakt"]
    assert history[0]["wijzigingen"]["waarde"] == ["500000.0000", "501000.0000"]
    assert "door" not in history[0] and "user" not in history[0]


def test_a_bulk_load_that_meets_a_concurrent_writer_is_a_409_and_keeps_nothing(
    client, programme_team, monkeypatch
):
    """Another request saves the same (kpi, periode, gemeente) between this load's read and
    its insert: the database refuses the second row; the answer is 409, not a 500."""
    from accounts.services import token_create
    from monitoring.models import Figure
    from monitoring.services import bulk

    key = token_create(user=programme_team, name="t")[1]
    existing = figure_create(
        kpi=Kpi.objects.get(code="inwoners"), period="2024", municipality=None, value="1", by=None
    )
    monkeypatch.setattr(bulk, "_existing", lambda cleaned: {})  # as if read before it existed
    before = Figure.objects.count()
    response = client.post(
        "/api/v1/meetwaarden/bulk",
        {"meetwaarden": [{"kpi": "inwoners", "periode": "2024", "waarde": "2"}]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 409, response.content
    assert response["Content-Type"] == "application/problem+json"
    existing.refresh_from_db()
    assert existing.value == 1 and Figure.objects.count() == before
