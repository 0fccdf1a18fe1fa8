"""Two-step sign-in: required for the roles that edit or administer, optional for others."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def code_for(device) -> str:
    return (
        f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    )


def sign_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": "pw"})


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def test_the_programme_team_must_set_it_up_before_anything_else(client, programme_team, required):
    sign_in(client, "pt")
    response = client.get(reverse("regioplan:goal_create"))
    assert response.status_code == 302 and response.url.startswith(reverse("two_factor_setup"))
    api = client.post("/api/v1/meetwaarden", {"kpi": "inwoners"}, content_type="application/json")
    assert api.status_code in (401, 403)  # the unverified session is anonymous to the API

    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=programme_team, confirmed=False)
    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert wrong.status_code == 400
    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes a wrong guess wait a second, doubling each time
    done = client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    codes = list(done.context["codes"])
    assert len(codes) == 10
    assert client.get(reverse("regioplan:goal_create")).status_code == 200

    client.post(reverse("logout"))
    sign_in(client, "pt")
    asked = client.get(reverse("regioplan:goal_create"))
    assert asked.url.startswith(reverse("two_factor_verify"))
    recovered = client.post(
        reverse("two_factor_verify"), {"code": codes[0], "next": reverse("regioplan:goal_create")}
    )
    assert recovered.status_code == 302 and recovered.url == reverse("regioplan:goal_create")

    client.post(reverse("logout"))
    sign_in(client, "pt")
    reused = client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert reused.status_code == 400  # a recovery code works once


def test_partners_are_not_asked_but_may_switch_it_on(client, partner, required):
    sign_in(client, "partner-a")
    assert client.get(reverse("monitoring:my_goals")).status_code == 200


def test_whoever_set_it_up_is_always_asked_even_where_it_is_not_required(client, partner, settings):
    settings.TWO_FACTOR_REQUIRED = False
    TOTPDevice.objects.create(user=partner, name="app", confirmed=True)
    sign_in(client, "partner-a")
    response = client.get(reverse("monitoring:my_goals"))
    assert response.status_code == 302 and response.url.startswith(reverse("two_factor_verify"))


def test_the_code_page_refuses_an_outside_next_address(client, programme_team, required):
    device = TOTPDevice.objects.create(user=programme_team, name="app", confirmed=True)
    sign_in(client, "pt")
    response = client.post(
        reverse("two_factor_verify"), {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response.url == "/"


def test_the_django_admin_is_behind_the_second_step_too(client, admin_user, required):
    client.post("/beheer/login/", {"username": "admin", "password": "pw"})
    response = client.get("/beheer/")
    assert response.status_code == 302 and response.url.startswith(reverse("two_factor_setup"))


def _linked(client, user, username):
    """Sign in and link an app; return the confirmed device (the session is verified)."""
    sign_in(client, username)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_a_session_alone_cannot_replace_the_app_or_the_recovery_codes(
    client, programme_team, required
):
    """ASVS 3.7.1: re-enrolment asks for the password or a current code first."""
    from django_otp.plugins.otp_static.models import StaticToken

    old = _linked(client, programme_team, "pt")
    codes_before = set(StaticToken.objects.values_list("token", flat=True))
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200 and 'name="current"' in page.content.decode()
    new = TOTPDevice.objects.get(user=programme_team, confirmed=False)
    refused = client.post(reverse("two_factor_setup"), {"code": code_for(new), "current": "raden"})
    assert refused.status_code == 400 and "niet uw wachtwoord" in refused.content.decode()
    missing = client.post(reverse("two_factor_setup"), {"code": code_for(new)})
    assert missing.status_code == 400
    assert TOTPDevice.objects.filter(pk=old.pk, confirmed=True).exists()
    assert set(StaticToken.objects.values_list("token", flat=True)) == codes_before
    done = client.post(reverse("two_factor_setup"), {"code": code_for(new), "current": "pw"})
    assert done.status_code == 200 and len(done.context["codes"]) == 10
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_guessing_the_password_on_the_setup_page_is_limited(
    client, programme_team, required, settings
):
    settings.LOGIN_FAILURE_LIMIT = 3
    _linked(client, programme_team, "pt")
    client.get(reverse("two_factor_setup"))
    new = TOTPDevice.objects.get(user=programme_team, confirmed=False)
    for _ in range(3):
        client.post(reverse("two_factor_setup"), {"code": code_for(new), "current": "fout"})
    locked = client.post(reverse("two_factor_setup"), {"code": code_for(new), "current": "pw"})
    assert locked.status_code == 400  # even the right password, once the limit is reached
