"""The programme team manages KPIs in the portal: list, create, edit (with targets), archive,
with history, the services' validation, and a CBS test that saves nothing."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from audit.models import ChangeRecord
from monitoring.models import Kpi
from monitoring.selectors.kpis import plan_kpis

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cbs"


def recorded(url):
    """CBS responses recorded in CBS's format: the table's metadata and its data pages."""
    if url.endswith("/DataProperties"):
        return json.loads((FIXTURES / "85012NED_dataproperties.json").read_text())
    pages = json.loads((FIXTURES / "85012NED_overgewicht.json").read_text())["pages"]
    return pages[1] if "$skiptoken" in url else pages[0]


def _form(**overrides):
    data = {
        "code": "bewegen-jongeren",
        "name": "Jongeren die genoeg bewegen",
        "unit": "percentage",
        "direction": "higher",
        "kind": "raw",
        "factor": "1",
        "source": "ggd",
        "frequency": "yearly",
        "level": "drenthe",
        "aggregation": "none",
        "goals": ["2.3.1.B"],
        "streef-TOTAL_FORMS": "2",
        "streef-INITIAL_FORMS": "0",
        "streef-0-year": "2030",
        "streef-0-value": "60",
        "streef-0-comparator": ">",
        "streef-1-year": "",
        "streef-1-value": "",
    }
    data.update(overrides)
    return data


def _goal_ids(data):
    from regioplan.models import OperationalGoal

    data["goals"] = [str(OperationalGoal.objects.get(code=c).pk) for c in data["goals"]]
    return data


def test_the_team_creates_edits_and_archives_a_kpi_with_history(client_as, programme_team, plan):
    client = client_as(programme_team)
    assert "Nieuwe KPI" in client.get(reverse("monitoring:kpi_list")).content.decode()
    response = client.post(reverse("monitoring:kpi_create"), _goal_ids(_form()))
    assert response.status_code == 302, response.content.decode()[:2000]
    kpi = Kpi.objects.get(code="bewegen-jongeren")
    assert [(t.year, t.value, t.comparator) for t in kpi.targets.all()] == [
        (2030, Decimal("60"), ">")
    ]
    assert [g.code for g in kpi.goals.all()] == ["2.3.1.B"] and kpi in plan_kpis()

    edit = _goal_ids(
        _form(
            **{
                "name": "Jongeren (12-17) die genoeg bewegen",
                "streef-INITIAL_FORMS": "1",
                "streef-1-year": "2026",
                "streef-1-value": "45",
            }
        )
    )
    edit.pop("code")
    response = client.post(reverse("monitoring:kpi_edit", args=[kpi.code]), edit)
    assert response.status_code == 302
    kpi.refresh_from_db()
    assert kpi.name.startswith("Jongeren (12-17)") and kpi.targets.count() == 2
    client.post(reverse("monitoring:kpi_edit", args=[kpi.code]), edit)  # unchanged: no record
    records = ChangeRecord.objects.filter(
        object_id=kpi.pk, content_type__model="kpi", content_type__app_label="monitoring"
    )
    assert sorted(records.values_list("action", flat=True)) == ["create", "update"]
    page = client.get(reverse("monitoring:kpi_detail", args=[kpi.code])).content.decode()
    assert "Geschiedenis" in page and "KPI bewerken" in page

    client.post(reverse("monitoring:kpi_archive", args=[kpi.code]), {"reason": "Vervangen"})
    kpi.refresh_from_db()
    assert kpi.archived and kpi not in plan_kpis()
    assert "Jongeren (12-17)" not in client.get(reverse("monitoring:kpi_list")).content.decode()


def test_invalid_kpis_are_explained_and_nothing_is_saved(client_as, programme_team, plan):
    client = client_as(programme_team)
    bad = _goal_ids(
        _form(
            code="overgewicht-volwassenen",  # taken
            baseline_value="40",  # without a year
            aggregation="weighted",  # without a weight
            **{"streef-1-year": "2030", "streef-1-value": "70", "streef-0-comparator": "range"},
        )
    )
    response = client.post(reverse("monitoring:kpi_create"), bad)
    assert response.status_code == 200
    text = response.content.decode()
    for message in (
        "Er is al een KPI met code",
        "zowel de waarde als het jaar",
        "gewogen",
        "hoogstens één streefwaarde",
        "vul ook de bovengrens in",
    ):
        assert message in text, message
    assert Kpi.objects.filter(code="overgewicht-volwassenen").count() == 1
    assert 'value="Jongeren die genoeg bewegen"' in text  # the form keeps what was typed


def test_the_cbs_test_shows_measures_and_values_and_saves_nothing(
    client_as, programme_team, plan, monkeypatch
):
    monkeypatch.setattr("monitoring.sources.cbs.http_fetch", recorded)
    client = client_as(programme_team)
    kpi = Kpi.objects.get(code="overgewicht-volwassenen")
    url = reverse("monitoring:kpi_edit", args=[kpi.code])
    form = client.get(url).content.decode()
    assert 'value="85012NED"' in form and "Test de CBS-bron" in form
    keys = _goal_ids(_form(source="cbs", source_table="85012NED", cbs_test="1"))
    text = client.post(url, keys).content.decode()
    assert "Overgewicht_4" in text and "Roker_12" in text and "niets opgeslagen" in text
    values = _goal_ids(
        _form(source="cbs", source_table="85012NED", source_measure="Overgewicht_4", cbs_test="1")
    )
    text = client.post(url, values).content.decode()
    assert "Assen" in text and "Laatste waarden van Overgewicht_4" in text
    wrong = _goal_ids(
        _form(source="cbs", source_table="85012NED", source_measure="Bestaat_9", cbs_test="1")
    )
    assert "geen meetwaarde &#x27;Bestaat_9&#x27;" in client.post(url, wrong).content.decode()
    kpi.refresh_from_db()
    assert kpi.source_measure == "" and kpi.name == "Volwassenen met overgewicht"


def test_only_the_programme_team_manages_kpis(client_as, partner, board, client, plan):
    url = reverse("monitoring:kpi_create")
    assert client.get(url).status_code == 302
    assert client_as(partner).get(url).status_code == 403
    assert client_as(board).get(url).status_code == 403
