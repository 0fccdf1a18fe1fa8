"""Taking a goal on in the portal: invitations, offers, answers, endings (issue 21, point 2)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import ChangeRecord
from core.periods import first_open_quarter
from regioplan import commitments
from regioplan.models import GoalOrganisation, OperationalGoal, Organisation, Theme

pytestmark = pytest.mark.django_db
Status, Role = GoalOrganisation.Status, GoalOrganisation.Role


@pytest.fixture
def goals(plan):
    return list(OperationalGoal.objects.filter(code__in=["2.3.1.A", "2.3.1.B"]).order_by("code"))


def test_an_invitation_to_many_goals_is_answered_by_the_organisation(
    client_as, programme_team, partner, partner_b, goals, django_capture_on_commit_callbacks
):
    ggd = partner.organisation
    partner.email, partner_b.email = "a@ggd.example", "b@cosis.example"
    partner.save(), partner_b.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(programme_team).post(
            reverse("regioplan:commitment_invite"),
            {"organisation": ggd.pk, "role": "lead", "goals": [g.pk for g in goals]},
        )
    assert response.status_code == 302
    invited = GoalOrganisation.objects.filter(organisation=ggd, status=Status.INVITED)
    assert sorted(link.goal.code for link in invited) == ["2.3.1.A", "2.3.1.B"]
    assert all(link.start_quarter == str(first_open_quarter()) for link in invited)
    # The organisation's people hear of it; one e-mail per person for the whole batch.
    assert [m.to for m in mail.outbox] == [[partner.email]]
    assert "2.3.1.A" in mail.outbox[0].body and "2.3.1.B" in mail.outbox[0].body

    # Another organisation cannot see or answer it.
    link_a, link_b = invited.order_by("goal__code")
    client = client_as(partner_b)
    answer = reverse("regioplan:commitment_answer", args=[link_a.pk])
    assert client.post(answer, {"answer": "ja"}).status_code == 404
    # Declining needs a reason; the invitation stays open without one.
    client = client_as(partner)
    client.post(reverse("regioplan:commitment_answer", args=[link_b.pk]), {"answer": "nee"})
    assert GoalOrganisation.objects.get(pk=link_b.pk).status == Status.INVITED
    client.post(answer, {"answer": "ja"})
    client.post(
        reverse("regioplan:commitment_answer", args=[link_b.pk]),
        {"answer": "nee", "reason": "Geen capaciteit dit jaar"},
    )
    link_a.refresh_from_db(), link_b.refresh_from_db()
    assert (link_a.status, link_b.status) == (Status.ACCEPTED, Status.DECLINED)
    assert link_b.reason == "Geen capaciteit dit jaar" and link_b.decided_by == partner
    # Every step is in the audit trail.
    actions = ChangeRecord.objects.filter(object_id__in=[link_a.pk, link_b.pk]).values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["approve", "create", "create", "return"]
    # The goal page shows the trekker to everyone (and, anonymous, nothing pending).
    client.logout()
    page = client.get(goals[0].get_absolute_url()).content.decode()
    assert "Trekker:" in page and ggd.name in page
    monitoring = client.get(reverse("monitoring:goal_monitoring", args=[goals[0].code]))
    assert f"Trekker: {ggd.name}" in monitoring.content.decode()
    other = client.get(reverse("monitoring:goal_monitoring", args=[goals[1].code]))
    assert "Trekker: nog niet bekend" in other.content.decode()
    assert "Geen capaciteit" not in client.get(goals[1].get_absolute_url()).content.decode()


def test_a_named_organisation_offers_itself_and_the_programme_team_confirms(
    client_as, programme_team, partner, django_capture_on_commit_callbacks
):
    goal = OperationalGoal.objects.get(code="2.1.3.A")
    organisation = goal.organisation_links.first().organisation
    partner.organisation = organisation
    partner.save()
    with django_capture_on_commit_callbacks(execute=True):
        client_as(partner).post(
            reverse("regioplan:commitment_offer", args=[goal.code]),
            {"role": "lead", "note": "Wij willen dit trekken"},
        )
    offer = GoalOrganisation.objects.get(goal=goal, status=Status.OFFERED)
    assert offer.organisation == organisation and offer.role == Role.LEAD
    # The organisation cannot confirm its own offer.
    with pytest.raises(PermissionDenied):
        commitments.commitment_answer(link=offer, by=partner, accept=True)
    client_as(programme_team).post(
        reverse("regioplan:commitment_answer", args=[offer.pk]), {"answer": "ja"}
    )
    offer.refresh_from_db()
    assert offer.status == Status.ACCEPTED and offer.decided_by == programme_team


def test_an_organisation_the_plan_does_not_name_cannot_offer_itself(partner):
    goal = OperationalGoal.objects.get(code="2.1.3.A")
    assert not goal.organisation_links.filter(organisation=partner.organisation).exists()
    with pytest.raises(PermissionDenied):
        commitments.commitment_offer(goal=goal, role="lead", by=partner)


def test_a_goal_has_one_trekker_at_a_time(programme_team, partner, partner_b, goals):
    goal = goals[0]
    made, _ = commitments.commitment_invite(
        goals=[goal], organisation=partner.organisation, role="lead", by=programme_team
    )
    second, _ = commitments.commitment_invite(
        goals=[goal], organisation=partner_b.organisation, role="lead", by=programme_team
    )
    commitments.commitment_answer(link=made[0], by=partner, accept=True)
    # The second invitation was sent before the first was accepted: accepting it now fails.
    with pytest.raises(ValidationError, match="al een trekker"):
        commitments.commitment_answer(link=second[0], by=partner_b, accept=True)
    # And a new invitation for the led goal is skipped with the reason.
    made, skipped = commitments.commitment_invite(
        goals=[goal],
        organisation=Organisation.objects.get(name="Zorgbelang Drenthe"),
        role="lead",
        by=programme_team,
    )
    assert made == [] and "al een trekker" in skipped[0][1]


def test_ending_keeps_the_history_and_closed_quarters_are_not_rewritten(
    programme_team, partner, goals
):
    link = GoalOrganisation.objects.create(
        goal=goals[0], organisation=partner.organisation, role="partner", start_quarter="2025Q1"
    )
    closed = str(first_open_quarter().previous())
    with pytest.raises(ValidationError, match="gesloten"):
        commitments.commitment_end(link=link, by=programme_team, end_quarter=closed, reason="x")
    with pytest.raises(ValidationError):
        commitments.commitment_end(link=link, by=programme_team, end_quarter="", reason=" ")
    commitments.commitment_end(link=link, by=partner, end_quarter="", reason="Project gestopt")
    link.refresh_from_db()
    assert link.end_quarter == str(first_open_quarter())
    # Ended, not deleted: the duty of every quarter it held stays known.
    assert GoalOrganisation.objects.reporting(closed).filter(pk=link.pk).exists()
    assert not GoalOrganisation.objects.reporting("2099Q1").filter(pk=link.pk).exists()
    # The organisation can be invited again; the old row stays beside the new one.
    made, _ = commitments.commitment_invite(
        goals=[goals[0]], organisation=partner.organisation, role="partner", by=programme_team
    )
    assert made and GoalOrganisation.objects.filter(goal=goals[0], role="partner").count() == 2


def test_a_start_in_a_closed_quarter_is_refused(programme_team, partner, goals):
    with pytest.raises(ValidationError, match="gesloten"):
        commitments.commitment_invite(
            goals=goals,
            organisation=partner.organisation,
            role="partner",
            by=programme_team,
            start_quarter=str(first_open_quarter().previous()),
        )


def test_the_monitoring_partner_of_a_theme_is_appointed_and_replaced(programme_team):
    theme = Theme.objects.get(code="2.3")
    ggd = Organisation.objects.get(name="GGD Drenthe")
    first = commitments.monitoring_partner_set(theme=theme, organisation=ggd, by=programme_team)
    nxt = str(first_open_quarter().next())
    other = Organisation.objects.get(name="Zorgbelang Drenthe")
    second = commitments.monitoring_partner_set(
        theme=theme, organisation=other, by=programme_team, start_quarter=nxt
    )
    first.refresh_from_db()
    assert first.end_quarter == str(first_open_quarter()) and second.start_quarter == nxt
    assert [x.organisation for x in GoalOrganisation.objects.in_force(nxt).filter(theme=theme)] == [
        other
    ]


def test_a_partner_sees_only_its_own_pending_commitments(
    client_as, programme_team, partner, partner_b, goals
):
    commitments.commitment_invite(
        goals=goals,
        organisation=partner.organisation,
        role="partner",
        by=programme_team,
        note="Vertrouwelijke toelichting",
    )
    mine = client_as(partner).get(reverse("regioplan:commitment_overview")).content.decode()
    assert "Vertrouwelijke toelichting" in mine
    theirs = client_as(partner_b).get(reverse("regioplan:commitment_overview")).content.decode()
    assert "Vertrouwelijke toelichting" not in theirs
    page = client_as(partner_b).get(goals[0].get_absolute_url()).content.decode()
    assert "Vertrouwelijke toelichting" not in page


def test_a_commitment_cannot_end_before_it_started(programme_team, partner, goals):
    later = str(first_open_quarter().next().next())
    link = GoalOrganisation.objects.create(
        goal=goals[0], organisation=partner.organisation, role="partner", start_quarter=later
    )
    with pytest.raises(ValidationError, match="vóór het begin"):
        commitments.commitment_end(
            link=link, by=programme_team, end_quarter=str(first_open_quarter()), reason="x"
        )
