"""One rule decides which progress updates a user may read: pages and API agree, per role."""

import pytest
from django.urls import reverse

from monitoring import services
from monitoring.models import ProgressUpdate
from regioplan.models import GoalOrganisation, Organisation

pytestmark = pytest.mark.django_db

FIELDS = {"progress": "on_track", "done": "Gedaan.", "next_steps": "Verder."}


@pytest.fixture
def updates(ggd_goal, partner, partner_b, programme_team):
    """GGD: a draft, a submitted and an approved update; Cosis: a draft and an approved one."""
    GoalOrganisation.objects.create(
        goal=ggd_goal, organisation=Organisation.objects.get(name="Cosis"), role="partner"
    )

    def make(user, period, steps):
        update = services.update_start(
            goal=ggd_goal, organisation=user.organisation, period=period, by=user
        )
        update = services.update_save(update=update, by=user, fields=FIELDS)
        if "submit" in steps:
            update = services.update_submit(update=update, by=user)
        if "approve" in steps:
            update = services.update_approve(update=update, by=programme_team)
        return update

    return {
        "ggd_draft": make(partner, "2026Q3", []),
        "ggd_submitted": make(partner, "2026Q2", ["submit"]),
        "ggd_approved": make(partner, "2026Q1", ["submit", "approve"]),
        "cosis_draft": make(partner_b, "2026Q3", []),
        "cosis_approved": make(partner_b, "2026Q1", ["submit", "approve"]),
    }


EXPECTED = {
    "programme_team": {
        "ggd_draft",
        "ggd_submitted",
        "ggd_approved",
        "cosis_draft",
        "cosis_approved",
    },
    "partner": {"ggd_draft", "ggd_submitted", "ggd_approved", "cosis_approved"},
    "partner_b": {"cosis_draft", "ggd_approved", "cosis_approved"},
    "board": {"ggd_approved", "cosis_approved"},
    "coordinator": {"ggd_approved", "cosis_approved"},
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_pages_and_api_show_each_role_the_same_updates(request, role, updates, client):
    user = request.getfixturevalue(role)
    names = {u.pk: name for name, u in updates.items()}
    client.force_login(user)

    on_pages = {
        names[pk]
        for pk in names
        if client.get(reverse("monitoring:update_detail", args=[pk])).status_code == 200
    }
    body = client.get("/api/v1/voortgangsrapportages?page_size=100").json()
    in_api = {names[item["id"]] for item in body["resultaten"] if item["id"] in names}
    selected = {
        names[pk] for pk in ProgressUpdate.objects.visible_to(user).values_list("pk", flat=True)
    }

    assert on_pages == in_api == selected == EXPECTED[role]


def test_anonymous_visitors_read_only_approved_updates_and_pages_ask_them_to_log_in(
    updates, client
):
    body = client.get("/api/v1/voortgangsrapportages?page_size=100").json()
    ids = {item["id"] for item in body["resultaten"]}
    assert ids >= {updates["ggd_approved"].pk, updates["cosis_approved"].pk}
    assert not ids & {updates["ggd_draft"].pk, updates["cosis_draft"].pk}
    response = client.get(reverse("monitoring:update_detail", args=[updates["ggd_approved"].pk]))
    assert response.status_code == 302 and "/inloggen/" in response.url
