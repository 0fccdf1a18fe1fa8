"""Dependencies briefly away: a clean 503 for the database, an empty cache for Redis."""

import pytest
from django.db import OperationalError
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_database_errors_give_a_clean_503(client, plan, monkeypatch):
    from regioplan import selectors

    def down():
        raise OperationalError("connection refused")

    monkeypatch.setattr(selectors, "plan_get", down)
    page = client.get("/doelen/")
    assert page.status_code == 503 and "Even niet beschikbaar" in page.content.decode()
    assert page["Retry-After"] == "30"
    api = client.get("/api/v1/operationele-doelen")
    assert api.status_code == 503 and api["Content-Type"] == "application/problem+json"


UNREACHABLE = {
    "default": {
        "BACKEND": "core.resilience.TolerantRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    },
    "pages": {
        "BACKEND": "core.resilience.TolerantRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    },
}


def test_pages_api_and_forms_keep_working_while_redis_is_down(client, plan):
    with override_settings(CACHES=UNREACHABLE):
        assert client.get("/").status_code == 200  # page cache misses
        assert client.get("/api/v1/gemeenten").status_code == 200  # throttle fails open
        response = client.post(
            "/participatie/inbreng/", {"kind": "question", "text": "Werkt het nog?", "website": ""}
        )
        assert response.status_code == 302  # rate limit fails open; the input is saved
    from participatie.models import Input

    assert Input.objects.filter(text="Werkt het nog?").exists()
