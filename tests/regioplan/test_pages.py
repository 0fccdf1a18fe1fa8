"""Every public page renders what a reader expects, without a login."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_overview_shows_dream_themes_and_counts(client, plan):
    response = client.get(reverse("regioplan:overview"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "In 2040 hebben kwetsbare groepen er 10 gezonde levensjaren bij gekregen" in html
    for theme in [
        "Netwerkaanpak",
        "Sterke sociale basis",
        "Gezonde leefomgeving",
        "Innovaties en transformaties",
        "Toekomstbestendige arbeidsmarkt",
        "Toegankelijke zorg",
    ]:
        assert theme in html
    assert "86 operationele doelen" in html
    assert "Samenwerken werkt" in html
    assert "15 operationele doelen" in html  # 2.1: 6 + 3 + 6
    assert "2.1.3</a> · 6 doelen" in html


def test_theme_page_lists_strategic_and_operational_goals(client, plan):
    html = client.get(reverse("regioplan:theme_detail", args=["2.6"])).content.decode()
    assert "Strategisch doel 2.6.3" in html and "2.6.3.G" in html and "Oplossingsrichting" in html


def test_strategic_goal_page(client, plan):
    html = client.get(reverse("regioplan:strategic_goal_detail", args=["2.2.2"])).content.decode()
    assert "In 2040 heeft iedere buurt" in html and "2.2.2.G" in html
    assert "Herstelgerichte zorg" in html  # programme contributing to 2.2.2


def test_goal_page_shows_text_year_initiatives_partners_themes_and_relations(client, plan):
    html = client.get(reverse("regioplan:goal_detail", args=["2.1.3.A"])).content.decode()
    assert "In 2030 is er een provincie-dekkend netwerk" in html
    assert "2030" in html
    assert "Transformatief plan Medisch generalistische Zorg" in html
    assert "Wilhelmina Ziekenhuis Assen" in html
    assert "Vitaal ouder worden" in html
    assert "2.1.2.B" in html
    assert "Deze doelen verwijzen naar dit doel" in html


def test_incomplete_goal_page_says_so(client, plan):
    html = client.get(reverse("regioplan:goal_detail", args=["2.1.3.E"])).content.decode()
    assert "Onvolledig in de bron" in html and "Training Familiezorg voor casemanagers" in html


def test_unknown_goal_is_404(client, plan):
    assert client.get(reverse("regioplan:goal_detail", args=["9.9.9.Z"])).status_code == 404


def test_goal_list_filters(client, plan):
    url = reverse("regioplan:goal_list")
    html = client.get(url, {"opgave": "2.5"}).content.decode()
    assert "10 doelen gevonden" in html
    html = client.get(url, {"doeljaar": "onbepaald"}).content.decode()
    assert "3 doelen gevonden" in html and "2.4.2.A" in html
    html = client.get(
        url, {"prioritair_thema": "mentale-gezondheid", "status": "active"}
    ).content.decode()
    assert "2.3.2.A" in html and "2.1.1.A" not in html
    html = client.get(url, {"organisatie": "cosis"}).content.decode()
    assert "2.2.3.C" in html and "2.1.1.A" not in html
    html = client.get(
        url, {"strategisch_doel": "2.6.3", "soort": "solution_direction"}
    ).content.decode()
    assert "7 doelen gevonden" in html


def test_goal_list_search(client, plan):
    html = client.get(reverse("regioplan:goal_list"), {"zoek": "dementie"}).content.decode()
    assert "2.1.3.C" in html and "2.1.3.D" in html and "2.5.1.A" not in html
    html = client.get(reverse("regioplan:goal_list"), {"zoek": "2.6.4"}).content.decode()
    assert "5 doelen gevonden" in html


def test_goal_list_bad_filter_shows_error_not_500(client, plan):
    response = client.get(reverse("regioplan:goal_list"), {"opgave": "9.9"})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_organisation_and_initiative_pages(client, plan):
    html = client.get(reverse("regioplan:organisation_detail", args=["cosis"])).content.decode()
    assert "Verstandelijk gehandicaptenzorg" in html and "2.2.3.C" in html
    html = client.get(
        reverse("regioplan:initiative_detail", args=["grolloozorgt"])
    ).content.decode()
    assert "GrollooZorgt" in html and "2.2.2.A" in html
    assert "GrollooZorgt" in client.get(reverse("regioplan:initiative_list")).content.decode()
    assert "Accare" in client.get(reverse("regioplan:organisation_list")).content.decode()


def test_priority_theme_and_programme_pages(client, plan):
    html = client.get(
        reverse("regioplan:priority_theme_detail", args=["leefstijl"])
    ).content.decode()
    assert "In 2040 leeft elke inwoner van Drenthe" in html and "Nick Cramer" in html
    html = client.get(reverse("regioplan:programme_list")).content.decode()
    assert "Hart voor Elkaar" in html and "Advance Care Planning" in html


def test_pages_are_dutch_and_have_landmarks(client, plan):
    html = client.get(reverse("regioplan:goal_list")).content.decode()
    assert '<html lang="nl"' in html
    assert "<main" in html and "<nav" in html and "<header" in html and "<footer" in html
    assert 'href="#inhoud"' in html
    assert '<label class="utrecht-form-label" for="id_zoek">' in html


def test_login_page_is_dutch(client, plan):
    html = client.get(reverse("login")).content.decode()
    assert "Inloggen" in html and "Gebruikersnaam" in html


def test_search_ignores_accents_and_ranks_by_relevance(client, plan):
    from django.db import connection

    from regioplan.filtersets import plain, search_goals
    from regioplan.models import OperationalGoal

    assert plain("Zorgcoördinatie voor cliënten") == "zorgcoordinatie voor clienten"
    goals = OperationalGoal.objects.all()
    with_accent = set(search_goals(goals, "coördinator").values_list("code", flat=True))
    without = set(search_goals(goals, "coordinator").values_list("code", flat=True))
    assert with_accent and with_accent == without
    html = client.get(reverse("regioplan:goal_list"), {"zoek": "clienten"}).content.decode()
    assert "doelen gevonden" in html or "doel gevonden" in html
    if connection.vendor == "postgresql":
        # Dutch stemming: "beweging" finds goals that say "bewegen" (both stem to "beweg").
        stemmed = set(search_goals(goals, "beweging").values_list("code", flat=True))
        literal = {g.code for g in goals if "beweging" in f"{g.title} {g.text}".lower()}
        assert stemmed > literal
        ranked = list(search_goals(goals, "dementie").values_list("code", flat=True))
        assert ranked[0] in {"2.1.3.C", "2.1.3.D"}  # the title says it: ranked first
