"""Partners hear about the review of their updates (e-mail and a note on 'mijn doelen');
the programme team gets one daily digest of updates waiting for review."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from monitoring import services
from monitoring.services.notifications import send_review_digest

pytestmark = pytest.mark.django_db


def _submitted(partner, goal, period="2026Q3"):
    update = services.update_start(
        goal=goal, organisation=partner.organisation, period=period, by=partner
    )
    update = services.update_save(
        update=update, by=partner, fields={"progress": "on_track", "done": "Gedaan."}
    )
    return services.update_submit(update=update, by=partner)


@pytest.fixture
def mailed_partner(partner):
    partner.email = "partner@ggd.example"
    partner.save()
    return partner


def test_a_returned_update_mails_the_reason_and_shows_a_note(
    client_as, mailed_partner, programme_team, ggd_goal, django_capture_on_commit_callbacks
):
    update = _submitted(mailed_partner, ggd_goal)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_return(update=update, by=programme_team, reason="Noem de aantallen.")
    [message] = mail.outbox
    assert message.to == ["partner@ggd.example"]
    assert message.subject.startswith("Teruggestuurd: uw rapportage over 2.3.1.B")
    assert "Noem de aantallen." in message.body and f"/rapportages/{update.pk}/" in message.body
    page = client_as(mailed_partner).get(reverse("monitoring:my_goals")).content.decode()
    assert "Teruggestuurd: 2.3.1.B, 2026Q3." in page and "Noem de aantallen." in page


def test_an_approved_update_mails_the_partner(
    mailed_partner, programme_team, ggd_goal, django_capture_on_commit_callbacks
):
    update = _submitted(mailed_partner, ggd_goal)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_approve(update=update, by=programme_team)
    assert [m.subject for m in mail.outbox if m.to == ["partner@ggd.example"]] == [
        "Goedgekeurd: uw rapportage over 2.3.1.B, 2026Q3"
    ]


def test_the_team_gets_one_digest_a_day_of_updates_waiting(partner, programme_team, ggd_goal):
    programme_team.email = "team@gezondemarke.example"
    programme_team.save()
    today = dt.date(2026, 11, 24)
    assert send_review_digest(today) == 0  # nothing waits: no mail
    _submitted(partner, ggd_goal)
    mail.outbox.clear()
    assert send_review_digest(today) == 1
    assert send_review_digest(today) == 0  # once a day
    [message] = mail.outbox
    assert "2.3.1.B, 2026Q3, GGD Drenthe" in message.body
    assert send_review_digest(today + dt.timedelta(days=1)) == 1
