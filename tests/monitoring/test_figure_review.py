"""Imported and fetched figures wait for the programme team's review; outliers need a
confirmation in the form, in the import and in the review."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import ChangeRecord
from monitoring import services
from monitoring.models import Figure, Kpi
from monitoring.sources import cbs
from regioplan.models import Municipality

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "cbs" / "85012NED_overgewicht.json"


def recorded(url):
    pages = json.loads(FIXTURE.read_text())["pages"]
    return pages[1] if "$skiptoken" in url else pages[0]


def _jumpy_kpi():
    kpi = Kpi.objects.get(code="acp-ouderen")
    kpi.max_jump = Decimal("10")
    kpi.save()
    services.figure_create(kpi=kpi, period="2024", municipality=None, value="50", by=None)
    return kpi


def test_imports_wait_for_review_and_are_approved_in_bulk(client_as, programme_team, plan, client):
    client = client_as(programme_team)
    csv = "kpi;periode;gemeente;waarde\nacp-ouderen;2024;;52\nacp-ouderen;2025;;54\n"
    upload = SimpleUploadedFile("cijfers.csv", csv.encode(), content_type="text/csv")
    client.post(reverse("monitoring:figure_import"), {"file": upload})
    response = client.post(reverse("monitoring:figure_import"), {"bevestigen": "1"})
    assert response["Location"] == reverse("monitoring:figure_review")
    assert set(Figure.objects.values_list("status", flat=True)) == {"pending"}
    api = client.get("/api/v1/meetwaarden", {"kpi": "acp-ouderen"}).json()
    assert api["aantal"] == 0  # not public before the review
    page = client.get(reverse("monitoring:figure_review")).content.decode()
    assert "2 waarden wachten op beoordeling" in page
    ids = [str(pk) for pk in Figure.objects.values_list("pk", flat=True)]
    client.post(reverse("monitoring:figure_review"), {"meetwaarde": ids, "goedkeuren": "1"})
    assert set(Figure.objects.values_list("status", flat=True)) == {"approved"}
    assert client.get("/api/v1/meetwaarden", {"kpi": "acp-ouderen"}).json()["aantal"] == 2
    assert ChangeRecord.objects.filter(action="approve", object_repr__contains="acp").count() == 2


def test_an_import_with_an_outlier_needs_a_confirmation(client_as, programme_team, plan):
    _jumpy_kpi()
    client = client_as(programme_team)
    csv = "kpi;periode;gemeente;waarde\nacp-ouderen;2025;;75\n"  # +25, the KPI allows 10
    upload = SimpleUploadedFile("cijfers.csv", csv.encode(), content_type="text/csv")
    preview = client.post(reverse("monitoring:figure_import"), {"file": upload}).content.decode()
    assert "1 mogelijke uitschieter" in preview
    client.post(reverse("monitoring:figure_import"), {"bevestigen": "1"})
    assert not Figure.objects.filter(period="2025").exists()
    client.post(
        reverse("monitoring:figure_import"), {"bevestigen": "1", "bevestig_uitschieters": "on"}
    )
    figure = Figure.objects.get(period="2025")
    assert figure.status == "pending" and figure.is_outlier


def test_the_review_approves_an_outlier_only_when_confirmed_and_rejects_with_a_trace(
    client_as, programme_team, plan
):
    kpi = _jumpy_kpi()
    outlier = services.figure_create(
        kpi=kpi, period="2025", municipality=None, value="80", by=None, status="pending"
    )
    normal = services.figure_create(
        kpi=kpi,
        period="2025",
        municipality=Municipality.objects.get(cbs_code="GM0106"),
        value="52",
        by=None,
        status="pending",
    )
    client = client_as(programme_team)
    url = reverse("monitoring:figure_review")
    both = [str(outlier.pk), str(normal.pk)]
    response = client.post(url, {"meetwaarde": both, "goedkeuren": "1"}, follow=True)
    assert "1 mogelijke uitschieters zijn niet goedgekeurd" in response.content.decode()
    outlier.refresh_from_db()
    normal.refresh_from_db()
    assert (outlier.status, normal.status) == ("pending", "approved")
    client.post(url, {"meetwaarde": [outlier.pk], "bevestigd": [outlier.pk], "goedkeuren": "1"})
    outlier.refresh_from_db()
    assert outlier.status == "approved"
    rejected = services.figure_create(
        kpi=kpi, period="2023", municipality=None, value="49", by=None, status="pending"
    )
    client.post(url, {"meetwaarde": [rejected.pk], "afwijzen": "1"})
    assert not Figure.objects.filter(pk=rejected.pk).exists()
    assert ChangeRecord.objects.filter(object_id=rejected.pk, action="delete").exists()


def test_the_entry_form_asks_to_confirm_an_outlier(client_as, programme_team, plan):
    _jumpy_kpi()
    client = client_as(programme_team)
    url = reverse("monitoring:figure_create")
    kpi = Kpi.objects.get(code="acp-ouderen")
    data = {"kpi": kpi.pk, "period": "2025", "value": "75"}
    response = client.post(url, data)
    assert response.status_code == 200 and "wijkt sterk af" in response.content.decode()
    assert not Figure.objects.filter(period="2025").exists()
    assert client.post(url, {**data, "confirm_outlier": "on"}).status_code == 302
    assert Figure.objects.get(period="2025").is_outlier


def test_fetched_cbs_values_wait_for_review(plan, programme_team):
    kpi = Kpi.objects.get(code="overgewicht-volwassenen")
    result = cbs.import_cbs(
        kpi=kpi,
        table="85012NED",
        measure="Overgewicht_4",
        first_year=2020,
        last_year=2024,
        by=programme_team,
        fetch=recorded,
    )
    assert result.created > 0
    assert set(Figure.objects.filter(kpi=kpi).values_list("status", flat=True)) == {"pending"}


def test_a_tampered_review_form_is_no_500(client_as, programme_team, plan):
    response = client_as(programme_team).post(
        reverse("monitoring:figure_review"),
        {"meetwaarde": ["abc", "-1"], "bevestigd": ["x"], "goedkeuren": "1"},
        follow=True,
    )
    assert response.status_code == 200
