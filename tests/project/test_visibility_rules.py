"""One visibility rule per public model (`Model.objects.public()` / `published()` /
`visible_to(user)`), and every place that publishes a list follows it: the page, the API,
the sitemap and the open-data download list the same rows for each role, and a pending,
hidden, archived or demo row appears nowhere it should not.

Each row below carries a marker in a text the page, the API and the sitemap show, so a row
that leaks is found by name wherever it leaks.
"""

import pytest
from django.urls import reverse

from monitoring.models import Figure, Kpi
from participatie.models import Input, ResidentInitiative
from regioplan.models import Organisation

pytestmark = pytest.mark.django_db


def _text(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.fixture
def readers(client, django_user_model, programme_team):
    """(role, client) for an anonymous reader and the programme team."""
    from django.test import Client

    team = Client()
    team.force_login(programme_team)
    return [("anoniem", client), ("programmateam", team)]


def test_figures_waiting_for_review_or_of_hidden_kpis_are_nowhere_public(readers):
    kpi = Kpi.objects.public().get(code="inwoners")
    archived = Kpi.objects.create(code="oud-kpi", name="Oude KPI", unit="count", archived=True)
    demo = Kpi.objects.create(code="demo-kpi", name="Demo KPI", unit="count", is_demo=True)
    rows = {
        "approved": Figure.objects.create(kpi=kpi, period="2019", value=1, source_note="bron-ok"),
        "pending": Figure.objects.create(
            kpi=kpi, period="2018", value=2, source_note="bron-wacht", status="pending"
        ),
        "archived": Figure.objects.create(
            kpi=archived, period="2019", value=3, source_note="bron-oud"
        ),
        "demo": Figure.objects.create(kpi=demo, period="2019", value=4, source_note="bron-demo"),
    }
    expected = {"anoniem": {"approved"}, "programmateam": {"approved", "archived", "demo"}}
    for role, client in readers:
        for name, figure in rows.items():
            code, marker = figure.kpi.code, figure.source_note
            texts = {
                "page": _text(client, reverse("monitoring:figure_list"), kpi=code),
                "api": _text(client, "/api/v1/meetwaarden", kpi=code, page_size=1000),
                "csv": _text(client, "/api/v1/meetwaarden", kpi=code, formaat="csv"),
            }
            shown = {where for where, text in texts.items() if marker in text}
            wanted = set(texts) if name in expected[role] else set()
            assert shown == wanted, (role, name, shown)
    public = set(Figure.objects.public().values_list("source_note", flat=True))
    assert "bron-ok" in public and not {"bron-wacht", "bron-oud", "bron-demo"} & public


def test_archived_and_demo_kpis_are_in_no_public_list(readers, client):
    Kpi.objects.create(code="oud-kpi", name="Oude-KPI-marker", unit="count", archived=True)
    Kpi.objects.create(code="demo-kpi", name="Demo-KPI-marker", unit="count", is_demo=True)
    sitemap = _text(client, "/sitemap.xml")
    assert "/kpis/inwoners/" in sitemap
    assert "oud-kpi" not in sitemap and "demo-kpi" not in sitemap
    for role, reader in readers:
        page = _text(reader, reverse("monitoring:kpi_list"))
        api = _text(reader, "/api/v1/kpis", page_size=1000)
        for marker in ("Oude-KPI-marker", "Demo-KPI-marker"):
            assert marker not in page and marker not in api, (role, marker)
    # One by one, the programme team still finds an archived KPI; the public does not.
    team = dict(readers)["programmateam"]
    assert team.get(reverse("monitoring:kpi_detail", args=["oud-kpi"])).status_code == 200
    assert client.get(reverse("monitoring:kpi_detail", args=["oud-kpi"])).status_code == 404
    assert client.get("/api/v1/kpis/oud-kpi").status_code == 404


def test_only_published_input_with_consent_is_public(client):
    def make(marker, **fields):
        return Input.objects.create(kind="suggestion", text=marker, public_text=marker, **fields)

    make("Inbreng-gepubliceerd", moderation="published", may_publish=True)
    make("Inbreng-zonder-toestemming", moderation="published", may_publish=False)
    make("Inbreng-nieuw", moderation="new", may_publish=True)
    make("Inbreng-verborgen", moderation="hidden", may_publish=True)
    page = _text(client, reverse("participatie:overview"))
    api = _text(client, "/api/v1/inwonersinbreng", page_size=1000)
    for text in (page, api):
        assert "Inbreng-gepubliceerd" in text
        for hidden in ("Inbreng-zonder-toestemming", "Inbreng-nieuw", "Inbreng-verborgen"):
            assert hidden not in text
    assert list(Input.objects.published().values_list("text", flat=True)) == [
        "Inbreng-gepubliceerd"
    ]


def test_only_approved_resident_initiatives_are_in_the_registry_everywhere(client):
    for name, status in (
        ("Register-goedgekeurd", "approved"),
        ("Register-aangemeld", "proposed"),
        ("Register-afgewezen", "rejected"),
    ):
        ResidentInitiative.objects.create(name=name, slug=name.lower(), status=status)
    page = _text(client, reverse("participatie:registry"))
    api = _text(client, "/api/v1/bewonersinitiatieven", page_size=1000)
    sitemap = _text(client, "/sitemap.xml")
    for text in (page, api, sitemap):
        assert "register-goedgekeurd" in text.lower()
        assert "register-aangemeld" not in text.lower()
        assert "register-afgewezen" not in text.lower()
    assert (
        client.get(
            reverse("participatie:initiative_detail", args=["register-aangemeld"])
        ).status_code
        == 404
    )


def test_demo_organisations_are_in_no_public_list(client):
    Organisation.objects.create(
        name="Demo-org-marker", slug="demo-org-marker", sector="Demo", is_demo=True
    )
    for text in (
        _text(client, reverse("regioplan:organisation_list")),
        _text(client, "/api/v1/organisaties", page_size=1000),
        _text(client, "/sitemap.xml"),
    ):
        assert "demo-org-marker" not in text.lower()


def test_an_archived_kpi_says_so_where_the_programme_team_still_finds_it(readers):
    Kpi.objects.create(code="oud-kpi", name="Oude KPI", unit="count", archived=True)
    team = dict(readers)["programmateam"]
    assert team.get("/api/v1/kpis/oud-kpi").json()["gearchiveerd"] is True
    assert team.get("/api/v1/kpis/inwoners").json()["gearchiveerd"] is False


def test_the_programme_teams_cached_figure_list_is_never_served_to_the_public(
    client, programme_team, page_cache
):
    """The API caches lists; what the team may see must not land in the public copy."""
    from django.test import Client

    archived = Kpi.objects.create(code="oud-kpi", name="Oude KPI", unit="count", archived=True)
    Figure.objects.create(kpi=archived, period="2019", value=3, source_note="bron-oud")
    team = Client()
    team.force_login(programme_team)
    url = "/api/v1/meetwaarden?page_size=1000&sorteer=kpi"
    assert "bron-oud" in _text(team, url)
    assert "bron-oud" not in _text(client, url)
