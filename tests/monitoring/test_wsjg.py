"""The Waarstaatjegemeente.nl connector against recorded responses (OData v4 Values, an
empty answer and an error); fetched figures go into the review queue."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from monitoring.models import Figure, Kpi
from monitoring.sources import wsjg

pytestmark = pytest.mark.django_db
RECORDED = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "wsjg" / "zelfst_75plus.json").read_text()
)


def recorded(url):
    assert "Variables('zelfst_75plus')/GeoLevels('gemeente')/PeriodLevels('year')" in url
    return RECORDED["pages"][1] if "$skip=" in url else RECORDED["pages"][0]


@pytest.fixture
def kpi(plan, settings):
    settings.WSJG_API_KEY = "test-key"
    return Kpi.objects.create(
        code="zelfstandig-75-plus",
        name="75-plussers die zelfstandig wonen",
        unit=Kpi.Unit.PERCENTAGE,
        direction=Kpi.Direction.HIGHER,
        source=Kpi.Source.WSJG,
        level=Kpi.Level.MUNICIPALITY,
        wsjg_variable="zelfst_75plus",
    )


def test_values_of_the_12_municipalities_land_in_the_review_queue(kpi, programme_team):
    result = wsjg.import_wsjg(
        kpi=kpi, first_year=2021, last_year=2022, by=programme_team, fetch=recorded
    )
    assert result.created == 23  # 12 + 12, less one '?'; Amsterdam is not in Drenthe
    figures = Figure.objects.filter(kpi=kpi)
    assert set(figures.values_list("status", flat=True)) == {"pending"}
    assert set(figures.values_list("origin", flat=True)) == {"wsjg"}
    assert figures.get(municipality__cbs_code="GM0106", period="2022").value == Decimal("86.5")
    assert figures.filter(municipality__cbs_code="GM0109").count() == 2  # '0109' read as GM0109
    again = wsjg.import_wsjg(
        kpi=kpi, first_year=2021, last_year=2022, by=programme_team, fetch=recorded
    )
    assert (again.created, again.unchanged) == (0, 23)


def test_an_empty_answer_and_an_error_are_said_plainly(kpi, programme_team, client_as, monkeypatch):
    empty = wsjg.import_wsjg(
        kpi=kpi,
        first_year=2021,
        last_year=2022,
        by=programme_team,
        fetch=lambda url: RECORDED["empty"],
    )
    assert (empty.created, empty.updated) == (0, 0)

    def refused(url):
        raise wsjg.SourceUnavailable("Waarstaatjegemeente antwoordde met 401 (Unauthorized).")

    monkeypatch.setattr("monitoring.sources.wsjg.http_fetch", refused)
    page = client_as(programme_team).post(
        reverse("monitoring:wsjg_fetch"), {"kpi": kpi.pk, "first_year": 2021, "last_year": 2022}
    )
    assert page.status_code == 200 and "401" in page.content.decode()
    assert not Figure.objects.filter(kpi=kpi).exists()
    monkeypatch.setattr(
        "monitoring.sources.wsjg.http_fetch", lambda url: {"unexpected": True, "value": "x"}
    )
    page = client_as(programme_team).post(
        reverse("monitoring:wsjg_fetch"), {"kpi": kpi.pk, "first_year": 2021, "last_year": 2022}
    )
    assert "onverwacht antwoord" in page.content.decode()


def test_without_an_api_key_or_variable_nothing_is_fetched(kpi, programme_team, settings):
    settings.WSJG_API_KEY = ""
    with pytest.raises(Exception, match="WSJG_API_KEY"):
        wsjg.import_wsjg(
            kpi=kpi, first_year=2021, last_year=2022, by=programme_team, fetch=recorded
        )
    assert wsjg.municipality_code("106") == "GM0106" and wsjg.parse_value("?") is None
