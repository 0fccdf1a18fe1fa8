"""The participation budget (8% of IZA SPUK) is managed on a portal page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import ChangeRecord
from participatie.models import ParticipationBudget

pytestmark = pytest.mark.django_db


def test_the_programme_team_records_and_corrects_a_years_budget(client_as, programme_team, plan):
    client = client_as(programme_team)
    url = reverse("participatie:budget")
    page = client.get(url)
    assert page.status_code == 200 and 'value="8"' in page.content.decode()
    response = client.post(
        url, {"year": "2026", "spuk_total": "2500000", "reservation_percent": "8"}
    )
    assert response.status_code == 302
    budget = ParticipationBudget.objects.get(year=2026)
    assert budget.reserved == Decimal("200000.00")
    edit = client.get(url, {"jaar": "2026"}).content.decode()
    assert 'value="2500000.00"' in edit and "Budget 2026 wijzigen" in edit
    client.post(url, {"year": "2026", "spuk_total": "2500000", "reservation_percent": "10"})
    assert ParticipationBudget.objects.get(year=2026).reserved == Decimal("250000.00")
    assert ChangeRecord.objects.filter(object_id=budget.pk, object_repr="2026").count() == 2
    overview = client.get(reverse("participatie:overview")).content.decode()
    assert "250.000" in overview or "250 000" in overview


def test_bad_budget_input_is_explained_and_nothing_changes(client_as, programme_team, plan):
    client = client_as(programme_team)
    url = reverse("participatie:budget")
    response = client.post(url, {"year": "1999", "spuk_total": "-5", "reservation_percent": "120"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "2020" in text and "0" in text and "100" in text
    assert not ParticipationBudget.objects.exists()


def test_only_the_programme_team_may(client_as, partner, coordinator, client, plan):
    url = reverse("participatie:budget")
    assert client.get(url).status_code == 302  # to the login page
    assert client_as(partner).get(url).status_code == 403
    assert client_as(coordinator).get(url).status_code == 403


def test_a_strange_year_in_the_address_is_no_500(client_as, programme_team, plan):
    response = client_as(programme_team).get(reverse("participatie:budget"), {"jaar": "abc"})
    assert response.status_code == 200 and "Budget vastleggen" in response.content.decode()
