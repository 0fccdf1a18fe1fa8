"""Organisation accounts: an organisation administrator invites colleagues and deactivates
leavers; invitations are single-use, expire, are throttled and say nothing about whether an
address has an account (issue 21, point 3)."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import members, roles
from accounts.models import Invitation
from regioplan.models import Organisation
from tests.conftest import _user

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def org_admin(django_user_model):
    return _user(
        django_user_model,
        "beheer-ggd",
        roles.PARTNER,
        Organisation.objects.get(name="GGD Drenthe"),
        is_organisation_admin=True,
        email="beheer@ggd.example",
    )


def _link(message) -> str:
    return re.search(r"https?://\S+/account/uitnodiging/\S+/", message.body).group(0)


def test_an_organisation_admin_invites_a_colleague_who_then_reports(
    client_as, client, org_admin, django_capture_on_commit_callbacks
):
    page = client_as(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = page.post(
            reverse("accounts:members"), {"email": "Nieuw@GGD.example", "role": roles.PARTNER}
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["nieuw@ggd.example"]]
    link = _link(mail.outbox[0])
    path = link.split("localhost:8000")[-1] if "localhost" in link else "/" + link.split("/", 3)[3]
    page.logout()
    form = {"first_name": "Nina", "last_name": "Nieuw", "password1": "x", "password2": "x"}
    weak = client.post(path, form)
    assert weak.status_code == 400 and not User.objects.filter(email="nieuw@ggd.example").exists()
    strong = "Drentse-hei-2040!"
    made = client.post(path, {**form, "password1": strong, "password2": strong})
    assert made.status_code == 302
    user = User.objects.get(username="nieuw@ggd.example")
    assert user.organisation == org_admin.organisation and user.is_partner
    assert not user.is_organisation_admin
    # The link works once.
    assert client.get(path).status_code == 404
    # The new colleague signs in and reports for the organisation.
    assert client.login(username="nieuw@ggd.example", password=strong)
    assert client.get(reverse("monitoring:my_goals")).status_code == 200


def test_an_expired_invitation_does_not_work(client, org_admin):
    members.member_invite(by=org_admin, organisation=org_admin.organisation, email="a@b.example")
    invitation = Invitation.objects.get()
    key = "known-key"
    Invitation.objects.filter(pk=invitation.pk).update(
        key_hash=members._hash(key), expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert client.get(reverse("accounts:invitation_accept", args=[key])).status_code == 404
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() + dt.timedelta(days=1)
    )
    assert client.get(reverse("accounts:invitation_accept", args=[key])).status_code == 200


def test_known_and_unknown_addresses_get_the_same_answer(
    client_as, org_admin, partner_b, django_capture_on_commit_callbacks
):
    partner_b.email = "bekend@cosis.example"
    partner_b.save()
    page = client_as(org_admin)
    answers = []
    for email in ("bekend@cosis.example", "onbekend@ggd.example"):
        with django_capture_on_commit_callbacks(execute=True):
            response = page.post(
                reverse("accounts:members"), {"email": email, "role": roles.PARTNER}, follow=True
            )
        html = response.content.decode()
        answers.append(
            re.search(r'role="status".*?</div>', html, re.S).group(0).replace(email, "X")
        )
        assert email in html.split("Openstaande uitnodigingen")[1]  # listed either way
    assert answers[0] == answers[1]
    # The known address gets a note to sign in, not a link; no account is made twice.
    assert "al een account" in mail.outbox[0].body and "/uitnodiging/" not in mail.outbox[0].body
    assert "/uitnodiging/" in mail.outbox[1].body


def test_invitations_are_throttled_per_inviter(org_admin, settings):
    settings.INVITATION_LIMIT = 2
    for n in range(2):
        members.member_invite(
            by=org_admin, organisation=org_admin.organisation, email=f"p{n}@x.example"
        )
    with pytest.raises(Exception, match="te veel uitnodigingen"):
        members.member_invite(
            by=org_admin, organisation=org_admin.organisation, email="p9@x.example"
        )
    assert Invitation.objects.count() == 2


def test_another_organisations_people_stay_hidden(client_as, org_admin, partner_b, partner):
    client = client_as(org_admin)
    own = client.get(reverse("accounts:members")).content.decode()
    assert partner.username in own or partner.get_full_name() in own
    assert partner_b.username not in own
    cosis = partner_b.organisation
    assert (
        client.get(reverse("accounts:organisation_members", args=[cosis.slug])).status_code == 404
    )
    assert (
        client.get(reverse("accounts:organisation_members", args=["bestaat-niet"])).status_code
        == 404
    )
    assert (
        client.post(reverse("accounts:member_deactivate", args=[partner_b.pk])).status_code == 404
    )
    partner_b.refresh_from_db()
    assert partner_b.is_active
    # A partner without the admin right manages nobody, not even its own organisation.
    assert client_as(partner).get(reverse("accounts:members")).status_code == 404


def test_a_leaver_is_deactivated_and_its_tokens_stop(client_as, org_admin, partner):
    from accounts.services import token_create, token_user

    _token, key = token_create(user=partner, name="koppeling")
    client_as(org_admin).post(reverse("accounts:member_deactivate", args=[partner.pk]))
    partner.refresh_from_db()
    assert not partner.is_active
    assert token_user(key) == (None, None)
    # The token itself is revoked too (should the account ever be switched on again).
    assert partner.api_tokens.get().revoked_at is not None
    # One cannot switch oneself off.
    client_as(org_admin).post(reverse("accounts:member_deactivate", args=[org_admin.pk]))
    org_admin.refresh_from_db()
    assert org_admin.is_active


def test_the_programme_team_manages_any_organisation_and_only_admins_invite_staff(
    client_as, programme_team, admin_user, partner_b
):
    cosis = partner_b.organisation
    url = reverse("accounts:organisation_members", args=[cosis.slug])
    assert client_as(programme_team).get(url).status_code == 200
    refused = client_as(programme_team).post(
        url, {"email": "x@y.example", "role": roles.PROGRAMME_TEAM}
    )
    assert refused.status_code == 400 and not Invitation.objects.exists()
    # The service refuses it too, whatever form asks.
    with pytest.raises(ValidationError, match="beheerder"):
        members.member_invite(
            by=programme_team, organisation=cosis, email="x@y.example", role=roles.PROGRAMME_TEAM
        )
    staff = client_as(admin_user).post(
        reverse("accounts:staff_members"), {"email": "raad@drenthe.example", "role": roles.BOARD}
    )
    assert staff.status_code == 302
    assert Invitation.objects.get().roles == [roles.BOARD]


def test_an_organisation_admin_needs_two_step_sign_in(org_admin, partner):
    from accounts.twofactor import requires_two_factor

    assert requires_two_factor(org_admin) and not requires_two_factor(partner)
