"""Participation in the API: read-only, public, and without personal data."""

import datetime as dt

import pytest

from participatie import services
from participatie.models import Input, ParticipationMoment
from regioplan.models import OperationalGoal, Organisation

from .base import API, ApiResourceTests

pytestmark = pytest.mark.django_db


def _inputs(n, moderator, *, published=True):
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    items = []
    for i in range(n):
        item = Input.objects.create(
            kind=Input.Kind.SUGGESTION,
            text=f"Idee {i} van Jan Jansen, jan@example.org",
            goal=goal,
            may_publish=True,
            name="Jan Jansen",
            email="jan@example.org",
            notify=True,
        )
        if published:
            services.input_publish(
                item=item, by=moderator, public_text=f"Idee {i}: meer beweegaanbod"
            )
        items.append(item)
    return items


def _moments(n, moderator):
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    organisation = Organisation.objects.get(name="GGD Drenthe")
    return [
        services.moment_create(
            by=moderator,
            organisations=[organisation],
            goal=goal,
            phase=ParticipationMoment.Phase.DESIGN,
            form=ParticipationMoment.Form.PANEL,
            date=dt.date(2025, 1, 1) + dt.timedelta(days=i),
            participants=10 + i,
            outcome=f"Uitkomst {i}",
        )
        for i in range(n)
    ]


@pytest.fixture
def moderator(coordinator):
    return coordinator


class TestInputs(ApiResourceTests):
    resource, detail_field, ordering = "inwonersinbreng", "id", "ingediend_op"
    filter_params = {"soort": "concern"}
    filter_count = 0

    @pytest.fixture(autouse=True)
    def _data(self, moderator, plan):
        self.moderator = moderator
        self.detail_key = str(_inputs(2, moderator)[0].pk)

    def grow(self):
        _inputs(120, self.moderator)


class TestResidentInitiatives(ApiResourceTests):
    resource, detail_key, detail_field, min_count, ordering = (
        "bewonersinitiatieven",
        "assen-bloeit",
        "sleutel",
        5,
        "naam",
    )
    filter_params = {"zoek": "assen"}

    def grow(self):
        from participatie.models import ResidentInitiative

        ResidentInitiative.objects.bulk_create(
            ResidentInitiative(
                name=f"Initiatief {i}",
                slug=f"initiatief-{i}",
                status=ResidentInitiative.Status.APPROVED,
            )
            for i in range(120)
        )


class TestMoments(ApiResourceTests):
    resource, detail_field, ordering = "participatiemomenten", "id", "datum"
    filter_params, filter_count = {"fase": "evaluate"}, 0

    @pytest.fixture(autouse=True)
    def _data(self, moderator, plan):
        self.moderator = moderator
        self.detail_key = str(_moments(2, moderator)[0].pk)

    def grow(self):
        _moments(120, self.moderator)


class TestRecommendations(ApiResourceTests):
    resource, detail_key, detail_field, min_count, ordering = (
        "aanbevelingen",
        "3",
        "nummer",
        10,
        "nummer",
    )
    filter_params = {"zoek": "school"}

    def grow(self):
        from participatie.models import Recommendation

        from .base import clone

        clone(Recommendation, 110, number=lambda i: 100 + i)


def test_only_published_input_without_personal_data(client, moderator, plan):
    published = _inputs(1, moderator)[0]
    hidden = _inputs(1, moderator, published=False)[0]
    body = client.get(f"{API}/inwonersinbreng").json()
    assert [r["id"] for r in body["resultaten"]] == [published.pk]
    row = body["resultaten"][0]
    assert row["tekst"] == "Idee 0: meer beweegaanbod" and row["operationeel_doel"] == "2.3.1.B"
    flat = str(body)
    assert "Jan" not in flat and "@" not in flat
    assert client.get(f"{API}/inwonersinbreng/{hidden.pk}").status_code == 404
    services.input_answer(item=published, by=moderator, status="answered", answer="Dank u!")
    answered = client.get(f"{API}/inwonersinbreng/{published.pk}").json()
    assert answered["antwoord"] == "Dank u!" and answered["status_antwoord"] == "beantwoord"
    since = client.get(
        f"{API}/inwonersinbreng", {"gewijzigd_sinds": answered["gewijzigd_op"]}
    ).json()
    assert since["aantal"] == 1


def test_recommendations_carry_their_votes(client, programme_team, plan):
    from participatie.models import Recommendation

    services.recommendation_update(
        recommendation=Recommendation.objects.get(number=3),
        by=programme_team,
        importance_votes=14,
        urgency_votes=9,
        goals=[OperationalGoal.objects.get(code="2.3.1.B")],
    )
    rows = {r["nummer"]: r for r in client.get(f"{API}/aanbevelingen").json()["resultaten"]}
    assert len(rows) == 10
    assert (rows[3]["stemmen_belang"], rows[3]["stemmen_urgentie"]) == (14, 9)
    assert rows[3]["operationele_doelen"] == ["2.3.1.B"]
