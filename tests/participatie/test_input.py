"""Residents leave input; moderators publish, hide and answer; the loop closes by e-mail."""

import datetime as dt
import logging
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import ChangeRecord
from monitoring import services as monitoring_services
from participatie import services
from participatie.models import Input, Notification
from regioplan.models import GoalOrganisation, OperationalGoal
from regioplan.services import goal_update

pytestmark = pytest.mark.django_db
URL = "/participatie/inbreng/"


def post_input(client, **extra):
    data = {
        "kind": "suggestion",
        "text": "Meer beweegmaatjes voor ouderen in Emmen.",
        "municipality": "",
        "name": "",
        "email": "",
        "website": "",
        **extra,
    }
    return client.post(URL + ("?doel=2.3.1.B" if "doel" not in extra else ""), data)


def test_anonymous_input_on_a_goal(client, plan):
    response = post_input(client)
    assert response.status_code == 302 and response.url == reverse("participatie:thanks")
    item = Input.objects.get()
    assert (
        item.goal.code == "2.3.1.B"
        and item.name == ""
        and item.email == ""
        and not item.may_publish
    )


def test_named_input_with_consent_for_news(client, plan):
    post_input(client, name="Anna", email="anna@example.nl", notify="on", may_publish="on")
    item = Input.objects.get()
    assert (item.name, item.email, item.notify, item.may_publish) == (
        "Anna",
        "anna@example.nl",
        True,
        True,
    )


def test_email_without_consent_is_not_kept(client, plan):
    post_input(client, email="anna@example.nl")
    assert Input.objects.get().email == ""


def test_validation_errors_are_linked_and_announced(client, plan):
    response = post_input(client, text="", notify="on")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html and 'href="#id_text"' in html
    assert 'aria-describedby="id_text_helptext id_text_error"' in html
    # The text field's own error, in the element its aria-describedby points at.
    assert re.search(r'id="id_text_error">[^<]*(verplicht|vereist)', html), html[:2000]
    assert not Input.objects.exists()


def test_form_warns_against_health_details_and_states_email_purpose(client, plan):
    html = client.get(URL + "?doel=2.3.1.B").content.decode()
    assert "geen gegevens over uw eigen gezondheid" in html
    assert "Alleen nodig als u berichten wilt krijgen" in html
    assert 'name="website"' in html and 'tabindex="-1"' in html  # the honeypot, out of tab order


def test_honeypot_drops_the_input_silently(client, plan):
    response = post_input(client, website="http://spam.example")
    assert response.status_code == 302 and not Input.objects.exists()


def test_rate_limit(client, plan, settings):
    settings.PARTICIPATIE_RATE_LIMIT = 2
    from django.core.cache import cache

    cache.clear()
    assert [post_input(client).status_code for _ in range(3)] == [302, 302, 400]
    assert Input.objects.count() == 2
    assert "al vaak iets gestuurd" in post_input(client).content.decode()


def test_no_personal_data_in_logs(client, plan, caplog):
    with caplog.at_level(logging.DEBUG):
        post_input(client, name="Anna Geheim", email="geheim@example.nl", notify="on")
        services.send_digests()
    assert "geheim@example.nl" not in caplog.text and "Anna Geheim" not in caplog.text


def make_input(**extra):
    fields = {
        "kind": "concern",
        "text": "Mijn zorg over vervoer. Mijn buurman Jan is ziek.",
        "may_publish": True,
        "goal": OperationalGoal.objects.get(code="2.3.1.B"),
        **extra,
    }
    return services.input_submit(ip="10.0.0.1", **fields)


def test_only_coordinator_and_programme_team_moderate(request, client, plan):
    item = make_input()
    for role, expected in [
        ("anonymous", 302),
        ("partner", 403),
        ("board", 403),
        ("coordinator", 200),
        ("programme_team", 200),
    ]:
        client.logout()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        assert client.get(reverse("participatie:moderation")).status_code == expected, role
        response = client.post(
            reverse("participatie:moderation_detail", args=[item.pk]),
            {"actie": "publiceren", "public_text": "x"},
        )
        assert response.status_code in ((302, 200) if expected == 200 else (expected,)), role
    for role in ("partner", "board"):
        with pytest.raises(PermissionDenied):
            services.input_hide(item=item, by=request.getfixturevalue(role), reason="spam")


def test_publish_with_redaction_and_answer_shows_on_the_goal_page(
    client, client_as, coordinator, plan
):
    item = make_input()
    moderator = client_as(coordinator)
    moderator.post(
        reverse("participatie:moderation_detail", args=[item.pk]),
        {"actie": "publiceren", "public_text": "Mijn zorg over vervoer."},
    )
    moderator.post(
        reverse("participatie:moderation_detail", args=[item.pk]),
        {
            "actie": "beantwoorden",
            "status": "considering",
            "answer": "We bekijken vervoer in 2026.",
        },
    )
    client.logout()
    html = client.get(reverse("regioplan:goal_detail", args=["2.3.1.B"])).content.decode()
    assert "Wat is er met uw inbreng gedaan" in html and "Mijn zorg over vervoer." in html
    assert "buurman Jan" not in html and "We bekijken vervoer in 2026." in html
    assert (
        "Mijn zorg over vervoer."
        in client.get(reverse("regioplan:theme_detail", args=["2.3"])).content.decode()
    )


def test_input_without_consent_cannot_be_published(coordinator, plan):
    item = make_input(may_publish=False)
    with pytest.raises(ValidationError, match="niet toegestemd in publicatie"):
        services.input_publish(item=item, by=coordinator, public_text="x")


def test_hide_needs_a_recorded_reason(coordinator, plan):
    item = make_input()
    with pytest.raises(ValidationError, match="Geef een reden"):
        services.input_hide(item=item, by=coordinator, reason="")
    services.input_hide(item=item, by=coordinator, reason="Bevat gezondheidsgegevens")
    item.refresh_from_db()
    assert item.moderation == "hidden" and item.hidden_reason == "Bevat gezondheidsgegevens"
    assert item.moderated_by == coordinator


def test_included_answer_links_the_goal_change(programme_team, plan):
    item = make_input()
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    goal_update(
        goal=goal, by=programme_team, expected_version=goal.version, title="Nieuwe titel na inbreng"
    )
    change = ChangeRecord.objects.filter(object_id=goal.pk, action="update").first()
    with pytest.raises(ValidationError, match="Kies de wijziging van het plan"):
        services.input_answer(item=item, by=programme_team, status="included", answer="Opgenomen.")
    services.input_answer(
        item=item, by=programme_team, status="included", answer="Opgenomen.", led_to=change
    )
    assert Input.objects.get(pk=item.pk).led_to == change


def test_digest_on_answer_and_on_approved_progress_with_one_click_unsubscribe(
    client, coordinator, partner, programme_team, plan, django_capture_on_commit_callbacks
):
    item = make_input(email="anna@example.nl", notify=True)
    make_input(email="anna@example.nl", notify=True, text="Tweede")
    services.input_answer(
        item=item, by=coordinator, status="answered", answer="Dank u, we doen het."
    )
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    GoalOrganisation.objects.create(goal=goal, organisation=partner.organisation, role="partner")
    update = monitoring_services.update_start(
        goal=goal, organisation=partner.organisation, period="2026Q3", by=partner
    )
    monitoring_services.update_save(
        update=update, by=partner, fields={"done": "Gedaan.", "progress": "on_track"}
    )
    update = monitoring_services.update_submit(update=update, by=partner)
    with django_capture_on_commit_callbacks(
        execute=True
    ):  # the hook runs once the approval commits
        monitoring_services.update_approve(update=update, by=programme_team)
    assert Notification.objects.filter(reason="progress").count() == 2
    assert services.send_digests(base_url="https://portaal.example") == 1  # one digest, not a flood
    message = mail.outbox[0]
    assert message.to == ["anna@example.nl"] and "Dank u, we doen het." in message.body
    assert "2.3.1.B: Op koers (2026Q3)" in message.body
    link = next(line for line in message.body.splitlines() if "/participatie/afmelden/" in line)
    assert services.send_digests() == 0  # nothing pending any more
    assert message.extra_headers["List-Unsubscribe"] == f"<{link.strip()}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = link.strip().replace("https://portaal.example", "")
    confirm = client.get(path)  # a link scanner opening the mail changes nothing
    assert confirm.status_code == 200 and 'method="post"' in confirm.content.decode()
    assert Input.objects.filter(email="anna@example.nl", notify=True).exists()
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert "afgemeld" in response.content.decode()
    assert not Input.objects.filter(email="anna@example.nl", notify=True).exists()
    services.input_answer(item=item, by=coordinator, status="answered", answer="Nog een keer.")
    assert services.send_digests() == 0


def test_retention_removes_personal_data_and_keeps_the_input(plan, settings):
    settings.PARTICIPATIE_RETENTION_DAYS = 30
    old = make_input(name="Anna", email="anna@example.nl", notify=True)
    Input.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    recent = make_input(name="Bob", email="bob@example.nl", notify=True)
    assert services.remove_expired_personal_data() == 1
    old.refresh_from_db(), recent.refresh_from_db()
    assert (
        (old.name, old.email, old.notify) == ("", "", False)
        and old.text
        and old.personal_data_removed_at
    )
    assert recent.email == "bob@example.nl"
    from participatie.tasks import remove_expired_personal_data

    assert remove_expired_personal_data.apply().get() == 0  # through Celery, nothing left to do


def test_export_and_delete_on_request(plan, admin_user, client):
    make_input(name="Anna", email="Anna@Example.nl", notify=True)
    data = services.export_personal_data("anna@example.nl")
    assert data["inbreng"][0]["naam"] == "Anna"
    client.force_login(admin_user)
    item = Input.objects.get()
    response = client.post(
        "/beheer/participatie/input/",
        {"action": "export_personal_data", "_selected_action": [item.pk]},
    )
    assert (
        response["Content-Type"].startswith("application/json")
        and "Anna" in response.content.decode()
    )
    client.post(
        "/beheer/participatie/input/",
        {"action": "delete_personal_data", "_selected_action": [item.pk]},
    )
    item.refresh_from_db()
    assert item.email == "" and item.name == "" and item.text


def test_privacy_page(client, plan):
    html = client.get("/privacy/").content.decode()
    for words in ("Waarvoor gebruiken we uw gegevens", "toestemming", "365 dagen", "Uw rechten"):
        assert words in html
