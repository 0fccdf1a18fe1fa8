"""Only the programme team (and admins) may change the plan: role x write page -> status."""

import pytest
from django.urls import reverse

from regioplan.models import GoalOrganisation, OperationalGoal

pytestmark = pytest.mark.django_db


def write_requests():
    link = GoalOrganisation.objects.filter(goal__code="2.1.3.A").first()
    return [
        ("get", reverse("regioplan:goal_create")),
        ("post", reverse("regioplan:goal_create")),
        ("get", reverse("regioplan:goal_edit", args=["2.1.1.A"])),
        ("post", reverse("regioplan:goal_edit", args=["2.1.1.A"])),
        ("post", reverse("regioplan:goal_archive", args=["2.1.1.A"])),
        ("post", reverse("regioplan:goal_add_organisation", args=["2.1.1.A"])),
        ("post", reverse("regioplan:goal_remove_organisation", args=["2.1.3.A", link.pk])),
        ("post", reverse("regioplan:goal_add_initiative", args=["2.1.1.A"])),
        ("get", reverse("regioplan:organisation_create")),
        ("post", reverse("regioplan:organisation_create")),
        ("get", reverse("regioplan:organisation_edit", args=["cosis"])),
        ("post", reverse("regioplan:organisation_edit", args=["cosis"])),
        ("post", reverse("regioplan:organisation_archive", args=["cosis"])),
        ("get", reverse("regioplan:initiative_create")),
        ("post", reverse("regioplan:initiative_create")),
        ("get", reverse("regioplan:initiative_edit", args=["grolloozorgt"])),
        ("post", reverse("regioplan:initiative_edit", args=["grolloozorgt"])),
        ("post", reverse("regioplan:initiative_archive", args=["grolloozorgt"])),
    ]


def test_anonymous_users_are_sent_to_login_and_change_nothing(client, plan):
    for method, url in write_requests():
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), (
            method,
            url,
        )
    assert OperationalGoal.objects.get(code="2.1.1.A").status == "active"


@pytest.mark.parametrize("role", ["partner", "board"])
def test_partners_and_board_cannot_edit_the_plan(request, client_as, plan, role):
    client = client_as(request.getfixturevalue(role))
    for method, url in write_requests():
        assert getattr(client, method)(url).status_code == 403, (role, method, url)
    assert OperationalGoal.objects.get(code="2.1.1.A").status == "active"
    assert GoalOrganisation.objects.filter(goal__code="2.1.3.A").count() == 9


@pytest.mark.parametrize("role", ["programme_team", "admin_user"])
def test_programme_team_and_admin_may_open_the_editor(request, client_as, plan, role):
    client = client_as(request.getfixturevalue(role))
    for method, url in write_requests():
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_edit_links_only_for_editors(client, client_as, partner, programme_team, plan):
    url = reverse("regioplan:goal_detail", args=["2.1.1.A"])
    assert "Doel bewerken" not in client.get(url).content.decode()
    assert "Doel bewerken" not in client_as(partner).get(url).content.decode()
    assert "Doel bewerken" in client_as(programme_team).get(url).content.decode()


def test_partner_cannot_use_django_admin(client_as, partner, plan):
    response = client_as(partner).get("/beheer/regioplan/operationalgoal/")
    assert response.status_code == 302 and "/beheer/login/" in response.url


def test_superuser_admin_covers_every_model(client_as, admin_user, plan):
    from django.contrib import admin

    client = client_as(admin_user)
    registered = [m._meta for m in admin.site._registry]
    assert len(registered) >= 25  # every app's models, not a hand-kept list
    for opts in registered:
        url = f"/beheer/{opts.app_label}/{opts.model_name}/"
        assert client.get(url).status_code == 200, url
        add = client.get(url + "add/")
        assert add.status_code in (200, 403), url  # read-only admins refuse adding
