"""Health endpoints, security headers, login throttling, CSRF and upload checks."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_and_readyz(client, plan):
    from core.tasks import heartbeat

    assert client.get("/healthz").json() == {"status": "ok"}
    heartbeat.apply()  # with REDIS_URL set (CI), readiness needs a recent worker heartbeat
    body = client.get("/readyz").json()
    assert body["status"] == "ok" and set(body["checks"]) == {"database", "redis", "worker"}


def test_readyz_is_503_when_redis_or_worker_is_missing(client, plan, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["redis"]["status"] == "error" and checks["database"]["status"] == "ok"


def test_worker_heartbeat_makes_the_worker_ready(client, plan, settings):
    from core.tasks import heartbeat

    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    assert client.get("/readyz").json()["checks"]["worker"]["status"] == "error"
    heartbeat.apply()
    assert client.get("/readyz").json()["checks"]["worker"]["status"] == "ok"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/doelen/2.1.1.A/",
        "/monitoring/",
        "/api/v1/gemeenten",
        "/inloggen/",
        "/api/v1/documentatie",
    ],
)
def test_security_headers_and_csp_without_unsafe_inline(client, plan, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert (
        "unsafe-inline" not in csp
        and "script-src 'self'" in csp
        and "frame-ancestors 'none'" in csp
    )
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/doelen/",
        "/doelen/2.3.1.B/",
        "/opgaven/2.3/",
        "/monitoring/",
        "/monitoring/kpis/overgewicht-volwassenen/",
        "/participatie/",
        "/participatie/inbreng/",
        "/participatie/aanbevelingen/",
        "/privacy/",
        "/inloggen/",
        "/api/v1/documentatie",
    ],
)
def test_pages_have_no_inline_script_or_style(client, plan, url):
    html = client.get(url).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
    assert "<style" not in html and ' style="' not in html, url


def test_login_is_throttled_after_repeated_failures(client, django_user_model, plan, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    django_user_model.objects.create_user(username="petra", password="juist-wachtwoord-123")
    for _ in range(3):
        response = client.post(reverse("login"), {"username": "petra", "password": "fout"})
        assert "Te veel" not in response.content.decode()
    blocked = client.post(
        reverse("login"), {"username": "petra", "password": "juist-wachtwoord-123"}
    )
    assert "Te veel mislukte pogingen" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_variants_of_a_user_name_share_one_login_lock(client, django_user_model, plan, settings):
    # Each attempt from another address, so only the name's count can block the last one.
    settings.LOGIN_FAILURE_LIMIT = 3
    django_user_model.objects.create_user(username="petra", password="juist-wachtwoord-123")
    for i, variant in enumerate([" Petra ", "PETRA", "\uff50\uff45\uff54\uff52\uff41"]):
        client.post(
            reverse("login"), {"username": variant, "password": "fout"}, REMOTE_ADDR=f"10.0.0.{i}"
        )
    blocked = client.post(
        reverse("login"),
        {"username": "petra", "password": "juist-wachtwoord-123"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert "Te veel mislukte pogingen" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_login_counts_failures_with_the_portal_login(
    client, django_user_model, plan, settings
):
    settings.LOGIN_FAILURE_LIMIT = 3
    django_user_model.objects.create_user(
        username="beheerder", password="juist-wachtwoord-123", is_staff=True
    )
    for i in range(3):
        response = client.post(
            "/beheer/login/",
            {"username": "beheerder", "password": "fout"},
            REMOTE_ADDR=f"10.0.1.{i}",
        )
        assert response.status_code == 200
    for url in ("/beheer/login/", reverse("login")):
        blocked = client.post(
            url,
            {"username": "beheerder", "password": "juist-wachtwoord-123"},
            REMOTE_ADDR="10.0.1.9",
        )
        assert "Te veel mislukte pogingen" in blocked.content.decode(), url
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_working_link_and_never_tells_who_has_an_account(
    client, django_user_model, plan, settings
):
    from django.core import mail

    django_user_model.objects.create_user(
        username="petra", email="petra@example.nl", password="oud-wachtwoord-123"
    )
    url = reverse("accounts:password_reset")
    known = client.post(url, {"email": "petra@example.nl"}, follow=True)
    unknown = client.post(url, {"email": "niemand@example.nl"}, follow=True)
    assert known.content == unknown.content  # the same page either way
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["petra@example.nl"]
    link = next(line for line in mail.outbox[0].body.splitlines() if "herstellen" in line)
    form = client.get(link.replace("http://testserver", ""), follow=True)
    assert form.status_code == 200 and "Kies een nieuw wachtwoord" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Nieuw-en-Lang-2026!", "new_password2": "Nieuw-en-Lang-2026!"},
        follow=True,
    )
    assert "Wachtwoord opgeslagen" in done.content.decode()
    assert client.login(username="petra", password="Nieuw-en-Lang-2026!")


def test_password_reset_requests_are_throttled_silently(client, django_user_model, plan, settings):
    from django.core import mail

    settings.PASSWORD_RESET_LIMIT = 2
    django_user_model.objects.create_user(username="piet", email="piet@example.nl", password="x")
    for i in range(4):
        response = client.post(
            reverse("accounts:password_reset"),
            {"email": "piet@example.nl"},
            REMOTE_ADDR=f"10.0.2.{i}",
        )
        assert response.status_code == 302
    assert len(mail.outbox) == 2


def test_a_signed_in_user_changes_the_password(client_as, programme_team):
    client = client_as(programme_team)
    page = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "pw",
            "new_password1": "Nieuw-en-Lang-2026!",
            "new_password2": "Nieuw-en-Lang-2026!",
        },
        follow=True,
    )
    assert "Wachtwoord gewijzigd" in page.content.decode()
    programme_team.refresh_from_db()
    assert programme_team.check_password("Nieuw-en-Lang-2026!")


def test_csrf_is_enforced_on_forms(plan, programme_team):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(programme_team)
    assert (
        strict.post(
            reverse("regioplan:organisation_create"), {"name": "X", "sector": "Y"}
        ).status_code
        == 403
    )
    assert (
        strict.post(
            reverse("participatie:input_create"), {"kind": "question", "text": "x"}
        ).status_code
        == 403
    )


def test_strong_password_validation(settings):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("12345678901234", "wachtwoord", "kort1"):
        with pytest.raises(ValidationError) as refused:
            validate_password(weak)
        assert refused.value.messages, weak  # the validators say why
    validate_password("Drentse-Droom-2040-gezond")
    assert settings.SESSION_COOKIE_AGE <= 2 * 3600 and settings.SESSION_SAVE_EVERY_REQUEST


def test_request_id_is_echoed_and_logged_as_json_without_personal_data(
    client_as, partner, plan, capsys
):
    import io
    import json
    import logging

    from core.logging import JsonFormatter, RequestIdFilter, request_id_var

    # A real request's log line: a signed-in partner, an e-mail address in the query.
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client_as(partner).get(
            "/bestaat-niet/?email=anna@example.nl",
            HTTP_X_REQUEST_ID="req42",
            REMOTE_ADDR="10.9.8.7",
        )
    finally:
        logger.removeHandler(handler)
    logged = stream.getvalue()
    entry = json.loads(logged.splitlines()[0])
    assert entry["request_id"] == "req42" and entry["level"] == "WARNING"
    for personal in ("anna@example.nl", "partner-a", "10.9.8.7", "email="):
        assert personal not in logged, personal

    response = client_as(partner).get("/", HTTP_X_REQUEST_ID="abc123")
    assert response["X-Request-ID"] == "abc123"
    assert len(client_as(partner).get("/")["X-Request-ID"]) == 32
    token = request_id_var.set("abc123")
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x",), None
    )
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    request_id_var.reset(token)
    assert (
        line["request_id"] == "abc123"
        and line["message"] == "Not Found: /x"
        and line["level"] == "WARNING"
    )


def test_nul_characters_are_refused_not_a_server_error(client, plan, partner):
    from accounts.services import token_create

    key = token_create(user=partner, name="t")[1]
    api = client.post(
        "/api/v1/voortgangsrapportages",
        '{"operationeel_doel": "2.1\\u0000.1.A", "kwartaal": "2026Q1"}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert api.status_code == 400 and api["Content-Type"] == "application/problem+json"
    assert client.get("/api/v1/meetwaarden", {"kpi": "a\x00b"}).status_code == 400
    assert (
        client.post("/participatie/inbreng/", {"kind": "question", "text": "a\x00b"}).status_code
        == 400
    )


def test_accessibility_statement(client, plan):
    html = client.get("/toegankelijkheid/").content.decode()
    assert "WCAG 2.1 op niveau AA" in html and "axe-core" in html and "0 'serious'" in html


def test_a_new_token_is_shown_once_and_a_reload_makes_no_second_one(client_as, programme_team):
    from accounts.models import ApiToken

    client = client_as(programme_team)
    created = client.post(reverse("accounts:profile"), {"name": "Datawarehouse"})
    assert created.status_code == 302
    shown = client.get(reverse("accounts:profile")).content.decode()
    assert 'id="nieuwe-sleutel"' in shown
    again = client.get(reverse("accounts:profile")).content.decode()
    assert 'id="nieuwe-sleutel"' not in again
    assert ApiToken.objects.filter(user=programme_team).count() == 1


def test_the_coordinator_finds_moderation_in_the_menu(client_as, coordinator, partner):
    html = client_as(coordinator).get(reverse("participatie:overview")).content.decode()
    assert reverse("participatie:moderation") in html
    other = client_as(partner).get(reverse("participatie:overview")).content.decode()
    assert reverse("participatie:moderation") not in other


def test_guesses_at_a_locked_name_still_lock_the_address(client, django_user_model, plan, settings):
    """An attacker who keeps sending passwords to a locked name must lock the address too,
    so the next name tried from that address is refused, even the right password."""
    settings.LOGIN_FAILURE_LIMIT = 3
    django_user_model.objects.create_user(username="slachtoffer", password="geheim-123-abc")
    django_user_model.objects.create_user(
        username="beheerder", password="juist-wachtwoord-123", is_superuser=True, is_staff=True
    )
    for i in range(3):  # lock the first name from other addresses
        client.post(
            reverse("login"),
            {"username": "slachtoffer", "password": "fout"},
            REMOTE_ADDR=f"10.0.2.{i}",
        )
    for _ in range(3):  # guesses from one address at the locked name
        client.post(
            "/beheer/login/",
            {"username": "slachtoffer", "password": "nog-fouter"},
            REMOTE_ADDR="10.0.3.1",
        )
    blocked = client.post(
        "/beheer/login/",
        {"username": "beheerder", "password": "juist-wachtwoord-123"},
        REMOTE_ADDR="10.0.3.1",
    )
    assert "Te veel mislukte pogingen" in blocked.content.decode()
    assert "_auth_user_id" not in client.session
