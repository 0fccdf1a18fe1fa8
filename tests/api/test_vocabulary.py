"""API 1.2: an update's `voortgang` is Dutch on the way out; English input still works in 1.x."""

import pytest

from monitoring.models import ProgressUpdate

pytestmark = pytest.mark.django_db

API = "/api/v1/voortgangsrapportages"


def _start(client, progress):
    return client.post(
        API,
        {"operationeel_doel": "2.3.1.B", "kwartaal": "2026Q3", "voortgang": progress},
        content_type="application/json",
    )


def test_progress_is_written_and_read_in_dutch(client_as, partner, ggd_goal):
    created = _start(client_as(partner), "aandacht_nodig")
    assert created.status_code == 201, created.content
    assert created.json()["voortgang"] == "aandacht_nodig"
    assert ProgressUpdate.objects.get(pk=created.json()["id"]).progress == "attention"


def test_the_old_english_progress_is_still_accepted_and_answered_in_dutch(
    client_as, partner, ggd_goal
):
    created = _start(client_as(partner), "on_track")
    assert created.status_code == 201, created.content
    assert created.json()["voortgang"] == "op_koers"


def test_an_unknown_progress_is_refused_by_name(client_as, partner, ggd_goal):
    refused = _start(client_as(partner), "prima")
    assert refused.status_code == 400
    assert "voortgang" in refused.content.decode()


def test_the_document_names_only_the_dutch_words(client):
    schema = client.get("/api/v1/openapi.json").json()
    words = schema["components"]["schemas"]["VoortgangEnum"]["enum"]
    assert set(words) >= {"niet_gestart", "op_koers", "aandacht_nodig", "achter_op_schema"}
    assert "on_track" not in words


def test_the_filter_takes_the_dutch_word_and_the_old_one(client_as, partner, ggd_goal):
    client = client_as(partner)
    _start(client, "achter_op_schema")
    for word in ("achter_op_schema", "behind"):
        rows = client.get(API, {"voortgang": word}).json()["resultaten"]
        assert [r["voortgang"] for r in rows] == ["achter_op_schema"], word
    assert client.get(API, {"voortgang": "op_koers"}).json()["resultaten"] == []


def test_every_choice_the_api_answers_is_a_dutch_word(client, plan):
    """No stored English value reaches a client: each choice field of the document offers
    Dutch words only, and the collections answer with them."""
    schema = client.get("/api/v1/openapi.json").json()
    english = set(
        "higher lower yearly municipality manual approved lead potential_initiator active "
        "operational_goal suggestion received develop panel queued request on_track".split()
    )
    for name, component in schema["components"]["schemas"].items():
        values = set(component.get("enum") or [])
        assert not values & english, (name, values & english)
    kpi = client.get("/api/v1/kpis/overgewicht-volwassenen").json()
    assert kpi["richting"] == "lager_is_beter" and kpi["frequentie"] == "jaarlijks"
    goal = client.get("/api/v1/operationele-doelen/2.3.1.B").json()
    assert goal["status"] in {"concept", "actief", "afgerond"} and goal["soort"] in {
        "operationeel_doel",
        "oplossingsrichting",
    }
    goals = client.get(
        "/api/v1/operationele-doelen", {"uitbreiden": "organisaties", "page_size": 100}
    ).json()["resultaten"]
    roles = {o["rol"] for g in goals for o in g["organisaties"]}
    assert roles == {"potentiele_initiatiefnemer"}


def test_filters_take_the_dutch_word_and_the_old_value(client, plan):
    for word in ("cbs", "partners", "partner"):
        assert client.get("/api/v1/kpis", {"bron": word}).status_code == 200, word
    dutch = client.get("/api/v1/kpis", {"bron": "partners", "page_size": 100}).json()
    old = client.get("/api/v1/kpis", {"bron": "partner", "page_size": 100}).json()
    assert dutch["aantal"] == old["aantal"] > 0
    assert client.get("/api/v1/kpis", {"bron": "onzin"}).status_code == 400
