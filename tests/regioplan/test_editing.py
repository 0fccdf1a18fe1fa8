"""The programme team edits the plan in the browser; every change is recorded."""

import re

import pytest
from django.urls import reverse

from audit.models import ChangeRecord
from regioplan.forms import GoalForm
from regioplan.models import GoalOrganisation, Initiative, OperationalGoal, Organisation
from regioplan.services import goal_update

pytestmark = pytest.mark.django_db


def goal_post_data(goal, **overrides):
    """The edit form as the browser posts it, starting from the goal's current values."""
    data = {}
    for name, value in GoalForm.initial_for(goal).items():
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    data.update(overrides)
    return data


def test_programme_team_edits_goal_and_sees_it_in_history(client_as, programme_team, plan):
    goal = OperationalGoal.objects.get(code="2.2.1.B")
    client = client_as(programme_team)
    response = client.post(
        reverse("regioplan:goal_edit", args=[goal.code]),
        goal_post_data(goal, target_year=2026, reason="Besluit programmaraad"),
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.target_year == 2026
    record = ChangeRecord.objects.filter(object_id=goal.pk, action="update").first()
    assert record.user == programme_team
    assert record.changes == {"target_year": [2025, 2026]}
    assert record.reason == "Besluit programmaraad"
    html = client.get(reverse("regioplan:goal_detail", args=[goal.code])).content.decode()
    assert (
        "Besluit programmaraad" in html and "Doeljaar" in html and "2026" in html and "Pim" in html
    )


def test_validation_errors_show_next_to_field_and_keep_input(client_as, programme_team, plan):
    goal = OperationalGoal.objects.get(code="2.2.1.B")
    response = client_as(programme_team).post(
        reverse("regioplan:goal_edit", args=[goal.code]),
        goal_post_data(
            goal,
            code="2.3.1.Z",
            title="Mijn nieuwe titel",
            target_year=2027,
            target_year_undecided="on",
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "De code moet beginnen met 2.2.1" in html
    assert "niet allebei" in html
    assert 'value="Mijn nieuwe titel"' in html
    assert 'id="id_code_error"' in html and "aria-describedby" in html
    goal.refresh_from_db()
    assert goal.title != "Mijn nieuwe titel"


def test_duplicate_code_is_refused(client_as, programme_team, plan):
    goal = OperationalGoal.objects.get(code="2.2.1.B")
    response = client_as(programme_team).post(
        reverse("regioplan:goal_edit", args=[goal.code]), goal_post_data(goal, code="2.2.1. C")
    )
    assert "Er is al een doel met code 2.2.1.C" in response.content.decode()


def test_stale_save_gets_conflict_with_both_versions_and_nothing_lost(
    client_as, programme_team, other_programme_team, plan
):
    goal = OperationalGoal.objects.get(code="2.3.1.D")
    stale = goal_post_data(goal, title="Titel van de tweede bewerker")
    goal_update(
        goal=goal,
        by=other_programme_team,
        expected_version=goal.version,
        title="Titel van de eerste bewerker",
    )
    client = client_as(programme_team)
    response = client.post(reverse("regioplan:goal_edit", args=[goal.code]), stale)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft dit doel intussen gewijzigd" in html
    assert "Titel van de eerste bewerker" in html and "Titel van de tweede bewerker" in html
    assert "Pam" in html
    goal.refresh_from_db()
    assert goal.title == "Titel van de eerste bewerker"
    # Saving again on purpose (the form now carries the current version) keeps the second version.
    again = goal_post_data(goal, title="Titel van de tweede bewerker")
    assert client.post(reverse("regioplan:goal_edit", args=[goal.code]), again).status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Titel van de tweede bewerker"
    assert ChangeRecord.objects.filter(object_id=goal.pk, action="update").count() == 2


def test_create_goal(client_as, programme_team, plan):
    goal = OperationalGoal.objects.get(code="2.5.1.J")
    data = goal_post_data(
        goal,
        code="2.5.1. K",
        title="Nieuw doel",
        text="Nieuw doel. Met uitleg.",
        status="draft",
        target_year="",
        priority_themes=[],
        related_goals=[],
        initiatives=[],
    )
    data.pop("version")
    response = client_as(programme_team).post(reverse("regioplan:goal_create"), data)
    assert response.status_code == 302
    created = OperationalGoal.objects.get(code="2.5.1.K")
    assert created.status == "draft"
    assert ChangeRecord.objects.filter(object_id=created.pk, action="create").exists()


def test_archive_goal(client_as, programme_team, plan):
    client = client_as(programme_team)
    client.post(
        reverse("regioplan:goal_archive", args=["2.3.3.C"]), {"reason": "Samengevoegd met 2.3.3.B"}
    )
    goal = OperationalGoal.objects.get(code="2.3.3.C")
    assert goal.status == "archived"
    assert (
        ChangeRecord.objects.get(object_id=goal.pk, action="archive").reason
        == "Samengevoegd met 2.3.3.B"
    )


def test_link_and_unlink_potential_initiator(client_as, programme_team, plan):
    client = client_as(programme_team)
    org = Organisation.objects.get(name="Icare")
    # A trekker is invited and answers (regioplan.commitments); the edit page cannot make one.
    client.post(
        reverse("regioplan:goal_add_organisation", args=["2.3.3.A"]),
        {"organisation": org.pk, "role": "lead"},
    )
    assert not GoalOrganisation.objects.filter(organisation=org, role="lead").exists()
    client.post(
        reverse("regioplan:goal_add_organisation", args=["2.3.3.A"]),
        {"organisation": org.pk, "role": "potential_initiator"},
    )
    link = GoalOrganisation.objects.get(
        goal__code="2.3.3.A", organisation=org, role="potential_initiator"
    )
    goal = OperationalGoal.objects.get(code="2.3.3.A")
    assert ChangeRecord.objects.filter(object_id=goal.pk, changes__has_key="organisations").exists()
    client.post(reverse("regioplan:goal_remove_organisation", args=["2.3.3.A", link.pk]))
    assert not GoalOrganisation.objects.filter(pk=link.pk).exists()


def test_link_initiative(client_as, programme_team, plan):
    initiative = Initiative.objects.get(name="GrollooZorgt")
    client_as(programme_team).post(
        reverse("regioplan:goal_add_initiative", args=["2.3.3.A"]), {"initiative": initiative.pk}
    )
    assert initiative in OperationalGoal.objects.get(code="2.3.3.A").initiatives.all()


def test_create_edit_archive_organisation_and_initiative(client_as, programme_team, plan):
    client = client_as(programme_team)
    client.post(
        reverse("regioplan:organisation_create"),
        {"name": "Buurtzorg Drenthe", "sector": "VVT", "coalition": ""},
    )
    org = Organisation.objects.get(name="Buurtzorg Drenthe")
    client.post(
        reverse("regioplan:organisation_edit", args=[org.slug]),
        {
            "name": "Buurtzorg Drenthe",
            "sector": "Wijkverpleging",
            "coalition": "breed",
            "reason": "Correctie",
        },
    )
    org.refresh_from_db()
    assert org.sector == "Wijkverpleging"
    update = ChangeRecord.objects.get(
        object_id=org.pk, action="update", content_type__model="organisation"
    )
    assert update.changes["sector"] == ["VVT", "Wijkverpleging"]
    client.post(reverse("regioplan:organisation_archive", args=[org.slug]))
    org.refresh_from_db()
    assert org.archived
    client.post(
        reverse("regioplan:initiative_create"),
        {"name": "Samen Sterk Emmen", "description": "Buurtinitiatief"},
    )
    initiative = Initiative.objects.get(name="Samen Sterk Emmen")
    client.post(reverse("regioplan:initiative_archive", args=[initiative.slug]))
    initiative.refresh_from_db()
    assert initiative.archived


def test_organisation_form_error_keeps_input(client_as, programme_team, plan):
    response = client_as(programme_team).post(
        reverse("regioplan:organisation_create"), {"name": "Cosis", "sector": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "bestaat al" in html
    assert re.search(r'id="id_sector_error">[^<]*(verplicht|vereist)', html)
    assert 'value="Cosis"' in html  # what was typed is still there


def test_too_long_archive_reason_archives_nothing_and_says_why(client_as, programme_team, plan):
    client = client_as(programme_team)
    response = client.post(
        reverse("regioplan:goal_archive", args=["2.3.3.C"]), {"reason": "x" * 501}, follow=True
    )
    assert "te lang" in response.content.decode()
    assert OperationalGoal.objects.get(code="2.3.3.C").status == "active"


def test_saving_a_goal_without_changing_anything_records_nothing(client_as, programme_team, plan):
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    before = (goal.version, goal.updated_at, ChangeRecord.objects.count())
    data = goal_post_data(goal)
    # Browsers send text areas with CRLF line endings.
    data = {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in data.items()}
    response = client_as(programme_team).post(
        reverse("regioplan:goal_edit", args=[goal.code]), data
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.version, goal.updated_at, ChangeRecord.objects.count()) == before


def test_searching_for_a_goal_code_goes_straight_to_that_goal(client, plan):
    for query in ("2.3.1.B", "2.3.1. b", " 2.3.1.B "):
        response = client.get(reverse("regioplan:goal_list"), {"zoek": query})
        assert response.status_code == 302, query
        assert response.url == reverse("regioplan:goal_detail", args=["2.3.1.B"])
    api = client.get("/api/v1/operationele-doelen", {"zoek": "2.3.1.B"}).json()
    assert [g["code"] for g in api["resultaten"]] == ["2.3.1.B"]
    words = client.get(reverse("regioplan:goal_list"), {"zoek": "bewegen"})
    assert words.status_code == 200
