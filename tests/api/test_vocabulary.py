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
