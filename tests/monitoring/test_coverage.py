"""Target coverage: every quantified target in a goal's text is a KPI target, or marked
"niet meetbaar gemaakt" with a reason, or open; goals without a year are listed."""

import pytest
from django.urls import reverse

from audit.models import ChangeRecord
from monitoring.models import UnmeasuredTarget
from monitoring.selectors.coverage import coverage, quantities_in
from regioplan.models import OperationalGoal

pytestmark = pytest.mark.django_db


def test_quantities_keep_their_comparison():
    assert [(t, str(v), c) for t, v, c in quantities_in("drinkt <5% zwaar, ≤ 38% en 80 %")] == [
        ("<5%", "5", "<"),
        ("≤38%", "38", "<="),
        ("80%", "80", ""),
    ]


def test_the_drinking_targets_of_2_3_1_b_are_kpi_targets(plan):
    data = coverage(plan)
    entry = next(e for e in data["goals"] if e.goal.code == "2.3.1.B")
    by_text = {}
    for q in entry.quantities:
        by_text.setdefault(q.text, []).append(q)
    assert by_text["<5%"][0].kpi is not None
    kpis = {q.kpi.code for q in entry.quantities if q.kpi}
    assert {"alcohol-jongeren", "roken-volwassenen", "beweegnorm-volwassenen"} <= kpis
    drinking = {
        "alcohol-jongeren",
        "alcohol-zwangeren",
        "overmatig-drinken-volwassenen",
        "zwaar-drinken-volwassenen",
    }
    assert drinking <= kpis, drinking - kpis
    assert not [q.text for q in entry.quantities if q.state == "open"]
    assert data["without_year"] == list(
        OperationalGoal.objects.filter(target_year__isnull=True)
        .exclude(status="archived")
        .order_by("code")
    )
    assert len(data["without_year"]) == 24  # 3 with "nog niet bepaald", 6 solution directions


def test_the_team_marks_an_open_target_as_not_measurable(client_as, programme_team, partner, plan):
    data = coverage(plan)
    entry, open_q = next((e, q) for e in data["goals"] for q in e.quantities if q.state == "open")
    url = reverse("monitoring:target_coverage")
    assert client_as(partner).get(url).status_code == 403
    client = client_as(programme_team)
    page = client.get(url).content.decode()
    assert "nog open" in page and "zonder doeljaar" in page
    refused = client.post(
        url, {"doel": entry.goal.code, "streefcijfer": open_q.text, "reden": " "}, follow=True
    )
    assert "Geef een reden" in refused.content.decode()
    assert not UnmeasuredTarget.objects.exists()
    client.post(
        url,
        {"doel": entry.goal.code, "streefcijfer": open_q.text, "reden": "Geen bron in Drenthe"},
    )
    mark = UnmeasuredTarget.objects.get(goal=entry.goal, quantity=open_q.text)
    assert ChangeRecord.objects.filter(object_id=mark.pk, action="create").exists()
    after = coverage(plan)
    q = next(
        q
        for e in after["goals"]
        if e.goal == entry.goal
        for q in e.quantities
        if q.text == open_q.text
    )
    assert q.state == "unmeasured" and after["counts"]["open"] == data["counts"]["open"] - 1
