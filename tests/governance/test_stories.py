"""Stories of change (issue 22, points 1 and 2): told, moderated, shortlisted, selected by the
board with the reason, fed back to the teller; a resident's story shows no personal data."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from governance import services
from governance.models import Story
from monitoring.periods import Period, cutoff
from monitoring.reporting.data import report_data
from regioplan.models import OperationalGoal

pytestmark = pytest.mark.django_db
TEXT = {
    "title": "Samen wandelen",
    "what_changed": "Ouderen wandelen nu samen.",
    "for_whom": "Ouderen in Emmen.",
    "why_it_matters": "Minder eenzaam.",
}


@pytest.fixture
def goal(plan):
    return OperationalGoal.objects.get(code="2.3.1.B")


def _published(story, by):
    return services.story_moderate(story=story, by=by, publish=True)


def test_a_partners_story_waits_for_moderation_then_is_public(
    client, partner, programme_team, goal
):
    story = services.story_tell(by=partner, goal=goal, domain="health", fields=TEXT)
    assert story.organisation == partner.organisation and story.teller == "partner"
    assert client.get(reverse("governance:story_detail", args=[story.pk])).status_code == 404
    assert client.get("/api/v1/verhalen").json()["aantal"] == 0
    with pytest.raises(ValidationError):
        services.story_moderate(story=story, by=programme_team, publish=False, note=" ")
    _published(story, programme_team)
    page = client.get(reverse("governance:story_detail", args=[story.pk]))
    assert page.status_code == 200 and "Samen wandelen" in page.content.decode()
    assert client.get("/api/v1/verhalen").json()["resultaten"][0]["organisatie"] == "ggd-drenthe"


def test_a_residents_story_never_shows_the_residents_name_or_address(
    client, coordinator, board, programme_team, goal, django_capture_on_commit_callbacks
):
    response = client.post(
        reverse("governance:story_tell_resident"),
        {
            "goal": goal.pk,
            "domain": "own_direction",
            **TEXT,
            "name": "Jantje Geheimnaam",
            "email": "jantje@voorbeeld.example",
            "consent": "on",
        },
    )
    assert response.status_code == 200 and "intrekken" in response.content.decode()
    story = Story.objects.get()
    assert story.teller == "resident" and story.name == "Jantje Geheimnaam"
    services.story_moderate(story=story, by=coordinator, publish=True)
    services.story_shortlist(story=story, by=programme_team)
    with django_capture_on_commit_callbacks(execute=True):
        services.story_select(story=story, by=board, reason="Raakt de kern.")
    # The resident hears of the selection, by the address only the moderators see.
    assert mail.outbox[-1].to == ["jantje@voorbeeld.example"]
    assert "Raakt de kern." in mail.outbox[-1].body
    pages = [
        client.get(reverse("governance:story_list")),
        client.get(reverse("governance:story_detail", args=[story.pk])),
        client.get(goal.get_absolute_url()),
        client.get("/api/v1/verhalen"),
    ]
    for page in pages:
        html = page.content.decode()
        assert "Geheimnaam" not in html and "jantje@" not in html
    assert "een inwoner" in pages[1].content.decode()
    assert pages[3].json()["resultaten"][0]["organisatie"] is None


def test_a_resident_withdraws_and_everything_is_erased(client, goal):
    story = services.story_tell_resident(
        goal=goal, domain="health", fields=TEXT, name="Anna", email="a@b.example", consent=True
    )
    assert client.post(reverse("governance:story_withdraw", args=[story.token])).status_code == 200
    assert not Story.objects.exists()
    assert client.get(reverse("governance:story_withdraw", args=[story.token])).status_code == 404


def test_no_consent_no_story(goal):
    with pytest.raises(ValidationError):
        services.story_tell_resident(
            goal=goal, domain="health", fields=TEXT, name="", email="", consent=False
        )
    assert not Story.objects.exists()


def test_the_board_selects_from_the_shortlist_with_a_reason_and_the_teller_hears_why(
    client_as, partner, programme_team, board, goal, django_capture_on_commit_callbacks
):
    partner.email = "petra@ggd.example"
    partner.save()
    story = _published(
        services.story_tell(by=partner, goal=goal, domain="health", fields=TEXT), programme_team
    )
    with pytest.raises(ValidationError, match="shortlist"):
        services.story_select(story=story, by=board, reason="Mooi.")
    services.story_shortlist(story=story, by=programme_team)
    with pytest.raises(ValidationError):
        services.story_select(story=story, by=board, reason="  ")
    with pytest.raises(PermissionDenied):
        services.story_select(story=story, by=partner, reason="Zelf gekozen")
    with django_capture_on_commit_callbacks(execute=True):
        client_as(board).post(
            reverse("governance:story_select", args=[story.pk]),
            {"reason": "Het toont samenwerking tussen huisarts en wijk."},
        )
    story.refresh_from_db()
    assert story.is_selected and story.selected_by == board
    assert [m.to for m in mail.outbox] == [["petra@ggd.example"]]
    assert "Het toont samenwerking" in mail.outbox[0].body
    page = client_as(partner).get(goal.get_absolute_url()).content.decode()
    assert "Gekozen door de programmaraad" in page and "Het toont samenwerking" in page
    api = client_as(partner).get("/api/v1/verhalen", {"geselecteerd": "true"}).json()
    assert api["resultaten"][0]["reden_selectie"].startswith("Het toont samenwerking")


def test_the_report_shows_stories_selected_before_its_cut_off_beside_the_goal(
    plan, partner, programme_team, board, goal
):
    quarter = Period(2026, 3)
    stories = []
    for n in range(2):
        story = _published(
            services.story_tell(
                by=partner, goal=goal, domain="health", fields={**TEXT, "title": f"Verhaal {n}"}
            ),
            programme_team,
        )
        services.story_shortlist(story=story, by=programme_team)
        services.story_select(story=story, by=board, reason=f"Reden {n}")
        stories.append(story)
    # One selected before the quarter's cut-off (and after the previous), one after it.
    Story.objects.filter(pk=stories[0].pk).update(
        selected_at=cutoff(quarter) - dt.timedelta(days=1),
        published_at=cutoff(quarter) - dt.timedelta(days=2),
    )
    Story.objects.filter(pk=stories[1].pk).update(
        selected_at=cutoff(quarter) + dt.timedelta(seconds=1),
        published_at=cutoff(quarter) - dt.timedelta(days=2),
    )
    data = report_data(plan, quarter)["governance"]
    assert [s.title for s in data["stories"]] == ["Verhaal 0"]
    assert [s.title for s in data["stories_by_goal"][goal.pk]] == ["Verhaal 0"]
