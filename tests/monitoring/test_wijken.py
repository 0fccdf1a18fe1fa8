"""Figures per wijk (CBS WKxxxxxx): imported and fetched like municipal ones, never counted in a
municipal or Drenthe number, filtered by level and area in the API, small counts kept from the
public."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from monitoring import services
from monitoring.models import Figure, Kpi
from monitoring.selectors.kpis import FigureIndex
from monitoring.services.imports import import_rows
from monitoring.sources import cbs, files
from regioplan.models import Municipality, Neighbourhood

pytestmark = pytest.mark.django_db
API = "/api/v1"
FIXTURE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "cbs" / "85012NED_overgewicht_wijken.json"
)


def _wijk(code="WK010601", name="Assen wijk 01"):
    assen = Municipality.objects.get(cbs_code="GM" + code[2:6])
    return Neighbourhood.objects.get_or_create(
        cbs_code=code, defaults={"name": name, "municipality": assen}
    )[0]


def test_an_import_registers_wijken_and_refuses_what_is_not_drenthe(plan, programme_team):
    csv = (
        "kpi;periode;gemeente;waarde;bron;gebiedsnaam\n"
        "overgewicht-volwassenen;2024;WK010601;48,5;GGD;Assen-Oost\n"
        "overgewicht-volwassenen;2024;WK036301;50;GGD;Amsterdam Centrum\n"
        "overgewicht-volwassenen;2024;WK0106;50;GGD;\n"
    )
    table = files.read_table("wijken.csv", csv.encode())
    dry = files.check_rows(table)
    assert not Neighbourhood.objects.exists()  # a dry run writes nothing
    errors = {r.number: " ".join(r.errors) for r in dry.invalid}
    assert "ligt niet in een Drentse gemeente" in errors[3]
    assert "geen Drentse gemeente" in errors[4]  # WK0106 is not a wijk code
    result = import_rows(table, by=programme_team, valid_only=True)
    assert result.saved >= 1
    wijk = Neighbourhood.objects.get(cbs_code="WK010601")
    assert wijk.name == "Assen-Oost" and wijk.municipality.cbs_code == "GM0106"
    figure = Figure.all_levels.get(neighbourhood=wijk)
    assert figure.status == "pending" and figure.municipality == wijk.municipality
    assert figure.level == "wijk"
    again = files.check_rows(table)  # the same wijk figure twice is refused
    assert any("Er is al een waarde" in " ".join(r.errors) for r in again.invalid)


def test_wijk_figures_never_enter_municipal_or_drenthe_numbers(plan, programme_team):
    kpi = Kpi.objects.get(code="inwoners")
    assen = Municipality.objects.get(cbs_code="GM0106")
    services.figure_create(
        kpi=kpi, period="2024", municipality=assen, value="68000", by=programme_team
    )
    for n in range(3):
        services.figure_create(
            kpi=kpi,
            period="2024",
            municipality=None,
            neighbourhood=_wijk(f"WK01060{n}", f"Wijk {n}"),
            value="5000",
            by=programme_team,
        )
    assert Figure.objects.filter(kpi=kpi).count() == 1  # the default manager: no wijken
    assert Figure.all_levels.filter(kpi=kpi).count() == 4
    index = FigureIndex.for_kpis([kpi])
    assert index.value(kpi, "2024", assen.pk) == Decimal("68000")
    assert index.value(kpi, "2024") == Decimal("68000")  # a sum over municipalities only
    wijk_figure = Figure.all_levels.filter(neighbourhood__isnull=False).first()
    changed, ok = services.figure_correct(
        figure=wijk_figure, value="5100", reason="herzien", by=programme_team
    )
    assert ok and changed.value == Decimal("5100")


@pytest.fixture
def wijk_figures(plan, programme_team):
    count = Kpi.objects.get(code="inwoners")
    share = Kpi.objects.get(code="overgewicht-volwassenen")
    assen = Municipality.objects.get(cbs_code="GM0106")
    services.figure_create(
        kpi=share, period="2024", municipality=assen, value="48", by=programme_team
    )
    small, large = _wijk("WK010601", "Klein"), _wijk("WK010602", "Groot")
    for kpi, wijk, value in [
        (count, small, "7"),
        (count, large, "5200"),
        (share, small, "44.5"),
        (share, large, "51"),
    ]:
        services.figure_create(
            kpi=kpi,
            period="2024",
            municipality=None,
            neighbourhood=wijk,
            value=value,
            by=programme_team,
        )


def test_the_api_filters_by_level_and_area(client, wijk_figures):
    default = client.get(f"{API}/meetwaarden", {"periode_van": "2024"}).json()["resultaten"]
    assert default and {r["niveau"] for r in default} <= {"drenthe", "gemeente"}
    wijken = client.get(f"{API}/meetwaarden", {"niveau": "wijk"}).json()["resultaten"]
    assert len(wijken) == 4 and {r["niveau"] for r in wijken} == {"wijk"}
    one = client.get(f"{API}/meetwaarden", {"gebied": "WK010602"}).json()["resultaten"]
    assert {r["gebied"] for r in one} == {"WK010602"} and one[0]["gebiedsnaam"] == "Groot"
    assert one[0]["gemeente"] == "GM0106"
    municipal = client.get(f"{API}/meetwaarden", {"gebied": "gm0106"}).json()["resultaten"]
    assert [r["niveau"] for r in municipal] == ["gemeente"]
    everything = client.get(f"{API}/meetwaarden", {"niveau": "alle"}).json()["aantal"]
    assert everything == len(default) + 4
    bad = client.get(f"{API}/meetwaarden", {"gebied": "Assen"})
    assert bad.status_code == 400 and bad.json()["invalid-params"][0]["name"] == "gebied"
    schema = client.get(f"{API}/openapi.json").content.decode()
    assert "niveau" in schema and "gebied" in schema and "WK010601" in schema


def test_small_counts_per_wijk_are_kept_from_the_public(client, programme_team, wijk_figures):
    public = client.get(f"{API}/meetwaarden", {"niveau": "wijk", "kpi": "inwoners"}).json()
    rows = {r["gebied"]: r for r in public["resultaten"]}
    assert rows["WK010601"]["waarde"] is None and rows["WK010601"]["onderdrukt"] is True
    assert rows["WK010602"]["waarde"] == "5200.0000" and rows["WK010602"]["onderdrukt"] is False
    text = client.get(
        f"{API}/meetwaarden", {"niveau": "wijk", "kpi": "inwoners", "formaat": "csv"}
    ).content.decode("utf-8-sig")
    assert ";7,0000;" not in text and "WK010601" in text and ";True;" in text
    lines = client.get(
        f"{API}/meetwaarden", {"niveau": "wijk", "kpi": "inwoners", "formaat": "ndjson"}
    ).content.decode()
    records = [json.loads(line) for line in lines.splitlines()]
    assert {r["gebied"]: r["waarde"] for r in records}["WK010601"] is None
    page = client.get(
        reverse("monitoring:kpi_detail", args=["inwoners"]), {"gemeente": "GM0106"}
    ).content.decode()
    assert "Klein</th><td>WK010601</td><td>minder dan 10</td>" in page and "5 200" in page
    client.force_login(programme_team)  # the programme team sees every value
    inside = client.get(f"{API}/meetwaarden", {"gebied": "WK010601", "kpi": "inwoners"}).json()
    assert inside["resultaten"][0]["waarde"] == "7.0000"


def test_a_municipality_kpi_page_shows_its_wijken(client, wijk_figures):
    html = client.get(
        reverse("monitoring:kpi_detail", args=["overgewicht-volwassenen"]), {"gemeente": "GM0106"}
    ).content.decode()
    part = html[html.index('id="wijken"') :]
    assert "De wijken van Assen" in part and "Klein</th><td>WK010601</td><td>44,5%" in part


def test_cbs_fetches_wijken_at_the_wijk_level(plan, programme_team):
    kpi = Kpi.objects.get(code="overgewicht-volwassenen")
    urls = []

    def recorded(url):
        urls.append(url)
        return json.loads(FIXTURE.read_text())

    result = cbs.import_cbs(
        kpi=kpi,
        table="85012NED",
        measure="Overgewicht_4",
        first_year=2020,
        last_year=2024,
        by=programme_team,
        fetch=recorded,
        level="wijk",
    )
    assert "startswith(RegioS,'WK0106')" in urllib_unquote(urls[0])
    # Assen's two wijken and Emmen's one; not Amsterdam's wijk, not the municipality itself.
    assert result.created == 3
    codes = set(Figure.all_levels.filter(kpi=kpi).values_list("neighbourhood__cbs_code", flat=True))
    assert codes == {"WK010601", "WK010602", "WK011401"}
    assert Neighbourhood.objects.get(cbs_code="WK011401").municipality.name == "Emmen"


def urllib_unquote(url: str) -> str:
    import urllib.parse

    return urllib.parse.unquote(url)


def test_the_aldermans_profile_shows_the_map_and_the_wijken(plan):
    import datetime as dt

    from monitoring.periods import Period
    from monitoring.reporting.data import profile_data
    from monitoring.services.demo import seed_demo

    assen = Municipality.objects.get(cbs_code="GM0106")
    # A wijk an older demo registered under a made-up name gets CBS's name.
    Neighbourhood.objects.create(
        cbs_code="WK010601", name="Assen wijk 01 (demo)", municipality=assen
    )
    seed_demo(scale=1, today=dt.date(2026, 11, 15))
    data = profile_data(plan, Period(2026, 3), assen)
    assert data["kpi_maps"] and all('stroke-width="2.5"' in m.values for m in data["kpi_maps"])
    names = {r.wijk.name for _kpi, _period, rows, _map in data["wijken"] for r in rows}
    assert "Lariks" in names and "Kloosterveen" in names and not any("Emmen" in n for n in names)
    periods = {period for _kpi, period, _rows, _map in data["wijken"]}
    # Assen's wijken are on a map of their own in the profile, one shape per wijk.
    assert all(m.startswith("<svg") and "Kaart van Assen:" in m for *_rest, m in data["wijken"])
    assert all(m.count('role="img"') == 10 for *_rest, m in data["wijken"])
    # Every map in the profile is titled with its KPI where a reader sees it, not only in the
    # SVG's accessible name.
    from django.template.loader import render_to_string

    html = render_to_string("monitoring/report/profile.html", {**data, "generated": None})
    for km in data["kpi_maps"]:
        at = html.index(str(km.values))
        assert f"<strong>{km.kpi.name}</strong>" in html[at - 300 : at]
    for kpi, _period, _rows, svg in data["wijken"]:
        at = html.index(str(svg))
        assert f"<strong>{kpi.name}</strong> per wijk" in html[at - 300 : at]
    assert periods and all(Period.parse(p).end <= Period(2026, 3).end for p in periods)


def test_the_series_endpoint_returns_wijk_series(client, programme_team, wijk_figures):
    url = f"{API}/kpis/inwoners/reeks"
    body = client.get(url, {"niveau": "wijken", "gemeente": "GM0106"}).json()
    points = {p["wijk"]: p for p in body["reeks"]}
    assert set(points) == {"WK010601", "WK010602"} and points["WK010602"]["wijk_naam"] == "Groot"
    assert points["WK010601"]["waarde"] is None and points["WK010601"]["onderdrukt"] is True
    assert (
        points["WK010602"]["waarde"] == "5200.0000" and points["WK010602"]["gemeente"] == "GM0106"
    )
    # Without niveau: Drenthe and the municipalities, as before.
    old = client.get(f"{API}/kpis/overgewicht-volwassenen/reeks").json()["reeks"]
    assert old and all(p["wijk"] is None for p in old)
    assert client.get(url, {"niveau": "wijken"}).status_code == 400  # which municipality?
    client.force_login(programme_team)
    inside = client.get(url, {"niveau": "wijken", "gemeente": "GM0106"}).json()["reeks"]
    assert {p["wijk"]: p["waarde"] for p in inside}["WK010601"] == "7.0000"


def test_the_fast_series_writes_what_the_serializer_writes(wijk_figures):
    """/reeks builds its points without a serializer per point; same fields, same text."""
    from monitoring.api.serializers.kpis import SeriesPointSerializer, series_points
    from monitoring.selectors.kpis import kpi_series

    for kpi, options in [
        ("overgewicht-volwassenen", {}),
        (
            "inwoners",
            {"level": "wijken", "municipality": Municipality.objects.get(cbs_code="GM0106")},
        ),
    ]:
        _base, points = kpi_series(Kpi.objects.get(code=kpi), **options)
        assert points
        slow = [dict(p) for p in SeriesPointSerializer(points, many=True).data]
        assert series_points(points) == json.loads(json.dumps(slow)), kpi


def test_a_cached_series_is_never_served_after_a_write(
    client, programme_team, wijk_figures, page_cache, django_capture_on_commit_callbacks
):
    url = f"{API}/kpis/overgewicht-volwassenen/reeks"
    first = {p["gemeente"]: p["waarde"] for p in client.get(url).json()["reeks"]}
    assert first["GM0106"] == "48.0000"
    assert client.get(url).json()["reeks"] == client.get(url).json()["reeks"]
    assert any(":reeks:all:" in str(k) for k in _keys(page_cache))  # served from the cache
    figure = Figure.objects.get(
        kpi__code="overgewicht-volwassenen", municipality__cbs_code="GM0106"
    )
    with django_capture_on_commit_callbacks(execute=True):  # the write commits: a new generation
        services.figure_correct(figure=figure, value="47", reason="herzien", by=programme_team)
    again = {p["gemeente"]: p["waarde"] for p in client.get(url).json()["reeks"]}
    assert again["GM0106"] == "47.0000"


def _keys(cache):
    if hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):
        return list(cache._cache.get_client().scan_iter("*reeks*"))
    return list(cache._cache.keys())


def test_a_page_of_figures_writes_what_the_serializer_writes(rf, programme_team, wijk_figures):
    """Lists of figures skip the per-field serializer; every key, order and text the same,
    for the public (small counts suppressed) and for the programme team."""
    from django.contrib.auth.models import AnonymousUser

    from monitoring.api.serializers.figures import FigureSerializer

    figures = list(Figure.all_levels.select_related("kpi", "municipality", "neighbourhood"))
    assert any(f.suppressed for f in figures) and len({f.level for f in figures}) >= 2
    for user in (AnonymousUser(), programme_team):
        request = rf.get("/")
        request.user = user
        fast = FigureSerializer(figures, many=True, context={"request": request}).data
        slow = [FigureSerializer(f, context={"request": request}).data for f in figures]
        assert json.loads(json.dumps(fast)) == json.loads(json.dumps(slow)), user
        assert [list(r) for r in fast] == [list(r) for r in slow]  # the same key order


def test_the_programme_team_posts_a_wijk_figure_through_the_api(
    client_as, programme_team, partner, plan
):
    api = client_as(programme_team)
    url = f"{API}/meetwaarden"
    body = {"kpi": "overgewicht-volwassenen", "periode": "2024", "waarde": "44.5"}
    created = api.post(url, {**body, "gebied": "wk010601"}, content_type="application/json")
    assert created.status_code == 201, created.content
    figure = created.json()
    assert (figure["niveau"], figure["gebied"], figure["gemeente"]) == (
        "wijk",
        "WK010601",
        "GM0106",
    )
    # A wijk the register did not hold yet is registered under CBS's name.
    assert figure["gebiedsnaam"] == "Lariks" == Neighbourhood.objects.get(cbs_code="WK010601").name
    assert not Figure.objects.filter(kpi__code=body["kpi"], period="2024").exists()  # no total
    again = api.post(url, {**body, "gebied": "WK010601"}, content_type="application/json")
    assert again.status_code == 409
    for gebied, gemeente in [("WK010601", "GM0114"), ("PV22", "GM0106"), ("GM0114", "GM0106")]:
        clash = api.post(
            url, {**body, "gebied": gebied, "gemeente": gemeente}, content_type="application/json"
        )
        assert clash.status_code == 400, (gebied, gemeente)
        assert clash.json()["invalid-params"][0]["name"] == "gebied"
    for bad in ["Assen", "WK0106", "WK999901", "GM9999", ""]:
        refused = api.post(url, {**body, "gebied": bad}, content_type="application/json")
        assert refused.status_code == 400, bad
        assert refused.json()["invalid-params"][0]["name"] == "gebied"
    municipal = api.post(url, {**body, "gebied": "GM0114"}, content_type="application/json")
    assert municipal.status_code == 201 and municipal.json()["niveau"] == "gemeente"
    # Partners report for Drenthe or a municipality in their own update, not per wijk.
    from monitoring.services import update_start

    goal = partner.organisation.goal_links.select_related("goal").first().goal
    Kpi.objects.get(code=body["kpi"]).goals.add(goal)
    update = update_start(goal=goal, organisation=partner.organisation, period="2026Q3", by=partner)
    mine = client_as(partner).post(
        url,
        {**body, "gebied": "WK010602", "voortgangsrapportage": update.pk},
        content_type="application/json",
    )
    assert mine.status_code == 400 and mine.json()["invalid-params"][0]["name"] == "gebied"
    assert not Neighbourhood.objects.filter(cbs_code="WK010602").exists()
