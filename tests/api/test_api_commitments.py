"""`/toezeggingen` (API 1.3): commitments with their quarters, visible as the pages show them."""

import datetime as dt

import pytest
from django.utils import timezone

from regioplan import commitments
from regioplan.models import GoalOrganisation, OperationalGoal, Organisation, Theme

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def book(plan, programme_team, partner):
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    ggd, cosis = partner.organisation, Organisation.objects.get(name="Cosis")
    lead = GoalOrganisation.objects.create(
        goal=goal, organisation=ggd, role="lead", start_quarter="2025Q1"
    )
    ended = GoalOrganisation.objects.create(
        goal=goal, organisation=cosis, role="partner", start_quarter="2025Q1", end_quarter="2025Q3"
    )
    invited, _ = commitments.commitment_invite(
        goals=[OperationalGoal.objects.get(code="2.3.1.A")],
        organisation=ggd,
        role="partner",
        by=programme_team,
    )
    monitoring = commitments.monitoring_partner_set(
        theme=Theme.objects.get(code="2.3"), organisation=ggd, by=programme_team
    )
    return {"lead": lead, "ended": ended, "invited": invited[0], "monitoring": monitoring}


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["resultaten"]}


def test_everyone_reads_commitments_in_force_or_ended_in_dutch(client, book):
    body = client.get(f"{API}/toezeggingen").json()
    rows = {row["id"]: row for row in body["resultaten"]}
    assert set(rows) == {book["lead"].pk, book["ended"].pk, book["monitoring"].pk}
    lead = rows[book["lead"].pk]
    assert (lead["rol"], lead["stand"], lead["doel"], lead["vanaf_kwartaal"]) == (
        "trekker",
        "toegezegd",
        "2.3.1.B",
        "2025Q1",
    )
    monitoring = rows[book["monitoring"].pk]
    assert (monitoring["rol"], monitoring["regio_opgave"], monitoring["doel"]) == (
        "monitoringpartner",
        "2.3",
        None,
    )
    theme = client.get(f"{API}/regio-opgaven/2.3").json()
    assert theme["monitoringpartner"] == "ggd-drenthe"


def test_invitations_are_for_the_team_and_the_organisation_only(
    client, client_as, book, programme_team, partner, partner_b
):
    invited = book["invited"].pk
    assert invited not in _ids(client.get(f"{API}/toezeggingen"))
    assert invited in _ids(client_as(partner).get(f"{API}/toezeggingen"))
    assert invited not in _ids(client_as(partner_b).get(f"{API}/toezeggingen"))
    assert invited in _ids(client_as(programme_team).get(f"{API}/toezeggingen"))
    client.logout()
    goal = client.get(f"{API}/operationele-doelen/2.3.1.A", {"uitbreiden": "organisaties"}).json()
    assert all(row["rol"] == "potentiele_initiatiefnemer" for row in goal["organisaties"])
    listed = client.get(
        f"{API}/operationele-doelen", {"uitbreiden": "organisaties", "page_size": 200}
    ).json()["resultaten"]
    goal = next(row for row in listed if row["code"] == "2.3.1.A")
    assert all(row["rol"] == "potentiele_initiatiefnemer" for row in goal["organisaties"])


def test_filters_by_quarter_role_and_change(client, book):
    assert _ids(client.get(f"{API}/toezeggingen", {"kwartaal": "2025Q2"})) == {
        book["lead"].pk,
        book["ended"].pk,
    }
    assert book["ended"].pk not in _ids(client.get(f"{API}/toezeggingen", {"kwartaal": "2025Q4"}))
    assert _ids(client.get(f"{API}/toezeggingen", {"rol": "trekker"})) == {book["lead"].pk}
    bad = client.get(f"{API}/toezeggingen", {"kwartaal": "2025-4"})
    assert bad.status_code == 400 and "kwartaal" in bad.json()["invalid-params"][0]["name"]
    later = timezone.now() + dt.timedelta(seconds=1)
    GoalOrganisation.objects.filter(pk=book["lead"].pk).update(updated_at=later)
    since = later.isoformat().replace("+00:00", "Z")
    assert _ids(client.get(f"{API}/toezeggingen", {"gewijzigd_sinds": since})) == {book["lead"].pk}
