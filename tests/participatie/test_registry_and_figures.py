"""Resident initiative registry, participation KPI and budget, recommendations, queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participatie import selectors, services
from participatie.models import (
    ParticipationBudget,
    ParticipationMoment,
    Recommendation,
    ResidentInitiative,
)
from regioplan.models import Municipality, OperationalGoal

pytestmark = pytest.mark.django_db


def test_plan_initiatives_are_in_the_registry(client, plan):
    html = client.get(reverse("participatie:registry")).content.decode()
    for name in ("GrollooZorgt", "DOS Hollandscheveld", "Assen Bloeit", "De Brug", "De Borgstee"):
        assert name in html
    grolloo = ResidentInitiative.objects.get(name="GrollooZorgt")
    assert grolloo.municipality.cbs_code == "GM1680" and grolloo.in_plan
    assert {"2.2.2.A", "2.2.3.B"} <= set(grolloo.goals.values_list("code", flat=True))


def test_proposal_is_reviewed_by_the_coordinator(client, client_as, coordinator, partner, plan):
    response = client.post(
        reverse("participatie:initiative_propose"),
        {
            "name": "Samen Eten Zuidwolde",
            "place": "Zuidwolde",
            "municipality": Municipality.objects.get(name="De Wolden").pk,
            "kind": "meeting_place",
            "description": "Samen eten voor ouderen.",
            "contact_name": "Gea",
            "contact_email": "gea@example.nl",
            "website": "",
        },
    )
    assert response.status_code == 302
    item = ResidentInitiative.objects.get(name="Samen Eten Zuidwolde")
    assert item.status == "proposed"
    assert (
        "Samen Eten Zuidwolde" not in client.get(reverse("participatie:registry")).content.decode()
    )
    assert (
        client.get(reverse("participatie:initiative_detail", args=[item.slug])).status_code == 404
    )
    assert (
        client_as(partner)
        .post(reverse("participatie:initiative_review", args=[item.pk]), {"besluit": "opnemen"})
        .status_code
        == 403
    )
    with pytest.raises(ValidationError, match="Geef een reden"):
        services.initiative_review(item=item, by=coordinator, approve=False, note="")
    client_as(coordinator).post(
        reverse("participatie:initiative_review", args=[item.pk]),
        {"besluit": "opnemen", "note": ""},
    )
    item.refresh_from_db()
    assert item.status == "approved"
    client.logout()
    html = client.get(reverse("participatie:initiative_detail", args=[item.slug])).content.decode()
    assert (
        "Samen Eten Zuidwolde" in html and "gea@example.nl" not in html
    )  # contact not public without consent


def test_proposal_honeypot(client, plan):
    # A complete, valid proposal: only the filled honeypot keeps it out.
    response = client.post(
        reverse("participatie:initiative_propose"),
        {
            "name": "Spam",
            "place": "Zuidwolde",
            "municipality": Municipality.objects.get(name="De Wolden").pk,
            "kind": "other",
            "description": "Koop nu.",
            "contact_name": "Bot",
            "contact_email": "bot@example.nl",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("participatie:thanks")
    assert not ResidentInitiative.objects.filter(name="Spam").exists()


def test_proposals_are_rate_limited(client, plan, settings):
    settings.PARTICIPATIE_RATE_LIMIT = 1
    fields = {
        "place": "Zuidwolde",
        "municipality": Municipality.objects.get(name="De Wolden").pk,
        "kind": "other",
        "description": "Samen eten.",
        "contact_name": "Gea",
        "contact_email": "gea@example.nl",
        "website": "",
    }
    assert (
        client.post(
            reverse("participatie:initiative_propose"), {"name": "Eerste", **fields}
        ).status_code
        == 302
    )
    response = client.post(reverse("participatie:initiative_propose"), {"name": "Tweede", **fields})
    assert response.status_code == 400 and "al vaak iets gestuurd" in response.content.decode()
    assert 'value="Tweede"' in response.content.decode()  # what the resident typed is kept
    assert not ResidentInitiative.objects.filter(name="Tweede").exists()


def test_review_with_too_long_note_says_why(client_as, coordinator, plan):
    item = services.initiative_propose(
        ip="10.9.9.9",
        name="Buurtmoestuin",
        place="Assen",
        kind="other",
        description="Samen tuinieren.",
        contact_name="Piet",
        contact_email="piet@example.nl",
    )
    response = client_as(coordinator).post(
        reverse("participatie:initiative_review", args=[item.pk]),
        {"besluit": "afwijzen", "note": "x" * 1001},
        follow=True,
    )
    assert (
        "1000" in response.content.decode()
    )  # Django's max-length message, not "toelichting is verplicht"
    item.refresh_from_db()
    assert item.status == "proposed"


def moment(goal_code, phase, cost="0", day=dt.date(2025, 5, 1)):
    return ParticipationMoment.objects.create(
        goal=OperationalGoal.objects.get(code=goal_code),
        phase=phase,
        form="meeting",
        date=day,
        participants=12,
        outcome="Ideeën opgehaald",
        cost=Decimal(cost),
    )


def test_involvement_kpi_per_phase(plan):
    moment("2.1.1.A", "develop")
    moment("2.1.1.A", "develop")
    moment("2.1.1.B", "develop")
    moment("2.1.1.B", "evaluate")
    shares = {s.phase: s for s in selectors.involvement_kpi(plan)}
    assert (shares["develop"].goals, shares["develop"].total) == (2, 86)
    assert shares["develop"].percent == Decimal("2.3") and shares["design"].goals == 0
    assert selectors.phases_for_goals([OperationalGoal.objects.get(code="2.1.1.B").pk]) == {
        OperationalGoal.objects.get(code="2.1.1.B").pk: ["develop", "evaluate"]
    }


def test_budget_reserved_against_spent(plan):
    ParticipationBudget.objects.create(year=2025, spuk_total=Decimal("1000000"))
    moment("2.1.1.A", "develop", cost="15000.50")
    moment("2.1.1.B", "design", cost="4999.50")
    moment("2.1.1.B", "design", cost="100", day=dt.date(2026, 1, 5))
    rows = {r.year: r for r in selectors.budget_rows()}
    assert rows[2025].reserved == Decimal("80000.00") and rows[2025].spent == Decimal("20000.00")
    assert rows[2025].remaining == Decimal("60000.00")
    assert rows[2026].reserved is None and rows[2026].spent == Decimal("100.00")


def test_moment_form_for_moderators_only(client_as, coordinator, partner, plan):
    assert client_as(partner).get(reverse("participatie:moment_create")).status_code == 403
    client = client_as(coordinator)
    response = client.post(
        reverse("participatie:moment_create"),
        {
            "goal": OperationalGoal.objects.get(code="2.2.1.A").pk,
            "phase": "design",
            "form": "panel",
            "date": "2025-06-01",
            "participants": "40",
            "outcome": "Burgerpanel over vitaal ouder worden",
            "cost": "1200",
        },
    )
    assert response.status_code == 302 and ParticipationMoment.objects.get().participants == 40
    html = client.get(reverse("regioplan:goal_detail", args=["2.2.1.A"])).content.decode()
    assert "Inwoners waren betrokken bij: vormgeven" in html
    bad = client.post(
        reverse("participatie:moment_create"),
        {
            "phase": "design",
            "form": "panel",
            "date": "2025-06-01",
            "participants": "4",
            "outcome": "x",
        },
    )
    assert bad.status_code == 200 and "Kies een doel of een initiatief" in bad.content.decode()


def test_recommendations_loaded_with_report_figures(plan):
    assert Recommendation.objects.count() == 10
    assert Recommendation.objects.get(number=7).title == "Focus op preventie in plaats van zorg"
    assert Recommendation.objects.get(number=6).reported_goal_count == 16
    assert Recommendation.objects.get(number=8).reported_lifestyle_count == 0
    assert Recommendation.objects.get(number=1).importance_votes is None  # lost in the extract


def test_coverage_counts_and_priority_chart_come_from_stored_links_and_votes(
    client, client_as, programme_team, partner, plan
):
    lifestyle_goal = OperationalGoal.objects.get(code="2.3.1.B")  # priority theme leefstijl
    other_goal = OperationalGoal.objects.get(code="2.5.1.A")
    assert (
        client_as(partner).get(reverse("participatie:recommendation_edit", args=[7])).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.recommendation_update(
            recommendation=Recommendation.objects.get(number=7), by=partner
        )
    client = client_as(programme_team)
    client.post(
        reverse("participatie:recommendation_edit", args=[7]),
        {
            "importance_votes": "6",
            "urgency_votes": "5",
            "goals": [lifestyle_goal.pk, other_goal.pk],
        },
    )
    rows = {r.rec.number: r for r in selectors.recommendation_rows()}
    assert (rows[7].goal_count, rows[7].lifestyle_count) == (2, 1)
    assert rows[1].goal_count == 0
    client.logout()
    html = client.get(reverse("participatie:recommendations")).content.decode()
    assert "7: 6, 5" in html  # the priority chart's text alternative lists the stored votes
    assert (
        "7. Focus op preventie in plaats v: 2" in html
    )  # coverage chart (labels cut at 30 characters)
    assert "aanbeveling 6 en 7 komen elk terug in 16 operationele doelen" in html


def test_public_participation_pages_have_flat_query_counts(client, plan):
    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = [
        reverse("participatie:overview"),
        reverse("participatie:registry"),
        reverse("participatie:recommendations"),
        reverse("regioplan:goal_detail", args=["2.3.1.B"]),
        reverse("regioplan:theme_detail", args=["2.3"]),
    ]
    before = {u: count(u) for u in urls}
    goals = list(OperationalGoal.objects.all()[:40])
    for i, goal in enumerate(goals):
        moment(goal.code, ["develop", "design", "evaluate"][i % 3])
        services.input_submit(
            ip=f"10.1.{i}.1", kind="suggestion", text=f"Idee {i}", goal=goal, may_publish=True
        )
    from participatie.models import Input

    Input.objects.update(moderation="published", public_text="Openbaar idee")
    for r in Recommendation.objects.all():
        r.goals.set(goals[:10])
    assert {u: count(u) for u in urls} == before


def test_moderation_queue_query_count_is_flat(client_as, coordinator, plan):
    client = client_as(coordinator)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("participatie:moderation")).status_code == 200
        return len(ctx.captured_queries)

    def add(n, offset):
        goals = list(OperationalGoal.objects.all()[:n])
        theme = goals[0].strategic_goal.theme
        municipality = Municipality.objects.first()
        for i, goal in enumerate(goals):
            k = offset + i
            services.input_submit(
                ip=f"10.2.{k}.1",
                kind="suggestion",
                text=f"Nieuw {k}",
                goal=goal,
                municipality=municipality,
            )
            services.input_submit(ip=f"10.3.{k}.1", kind="concern", text=f"Thema {k}", theme=theme)
            services.initiative_propose(
                ip=f"10.4.{k}.1",
                name=f"Initiatief {k}",
                place="Assen",
                kind="other",
                municipality=municipality,
                description="Samen.",
                contact_name="A",
                contact_email="a@example.nl",
            )
        from participatie.models import Input

        Input.objects.filter(text__startswith="Thema").update(
            moderation="published", public_text="Openbaar"
        )

    add(2, 0)
    small = count()
    add(30, 100)
    assert count() == small
