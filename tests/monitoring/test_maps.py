"""Maps of Drenthe: real boundaries, one named shape per municipality, readable without colour,
and on the KPI page, the dashboard and in the report."""

import dataclasses
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core import maps
from core.charts import fmt
from monitoring.services.demo import seed_demo

TODAY = __import__("datetime").date(2026, 11, 15)
CODES = {
    "GM0106", "GM0109", "GM0114", "GM0118", "GM0119", "GM1680",
    "GM1681", "GM1690", "GM1699", "GM1701", "GM1730", "GM1731",
}  # fmt: skip


def test_the_map_holds_drenthes_twelve_municipalities_with_their_real_area():
    data = maps.boundaries()
    assert {a.code for a in data["areas"]} == CODES
    assert "CBS" in data["source"] and "CC BY" in data["licence"]
    areas = {a.name: sum(abs(maps._signed_area(r)) for r in a.rings) / 1e6 for a in data["areas"]}
    # CBS: Emmen 346 km², Assen 83 km², Meppel 58 km²; generalised boundaries stay close.
    assert areas["Emmen"] == pytest.approx(346, rel=0.05)
    assert areas["Assen"] == pytest.approx(83, rel=0.06)
    assert areas["Meppel"] == pytest.approx(58, rel=0.06)
    assert sum(areas.values()) == pytest.approx(2680, rel=0.03)  # the province's land area


def test_each_municipality_is_a_named_shape_and_the_map_says_it_is_a_map():
    values = {code: Decimal(i) for i, code in enumerate(sorted(CODES))}
    values["GM0119"] = None
    svg = maps.choropleth(values, title="Roken, 2025", unit="%")
    assert re.search(r'<svg [^>]*aria-label="Kaart van Drenthe: Roken, 2025"', svg)
    assert svg.index("<title>Kaart van Drenthe: Roken, 2025</title>") < svg.index("<path")
    shapes = re.findall(r'<path d="[^"]+"[^>]*role="img" aria-label="([^"]+)"', svg)
    assert len(shapes) == 12
    assert "Meppel: geen waarde" in shapes and "Assen: 0%" in shapes
    # Classes: a sequential palette, a legend with their ranges, a pattern for no value.
    assert svg.count('fill="#2171b5"') >= 1 and "0% – 2,8%" in svg and "8,2% – 11%" in svg
    assert 'fill="url(#gm-none-' in svg and ">geen waarde</text>" in svg
    # Every value is printed on the map as well (readable without colour).
    assert svg.count('aria-hidden="true">') >= 12


def test_verdicts_differ_by_pattern_not_only_by_colour():
    verdicts = {"GM0106": "green", "GM0114": "amber", "GM0109": "red"}
    labels = {"green": "op koers", "amber": "net niet", "red": "niet op koers", "": "geen"}
    svg = maps.choropleth(
        dict.fromkeys(CODES, Decimal(1)),
        title="t",
        verdicts=verdicts,
        verdict_labels=labels,
        highlight="GM0106",
    )
    fills = dict(
        re.findall(r'fill="([^"]+)"[^>]*data-code="(GM\d+)"', svg)[i][::-1] for i in range(12)
    )
    assert fills["GM0114"].startswith("url(#gm-dots-") and fills["GM0109"].startswith(
        "url(#gm-hatch-"
    )
    assert fills["GM0106"] == "#1b7837" and fills["GM1680"].startswith("url(#gm-none-")
    assert "Assen: 1 (op koers)" in svg and "Emmen: 1 (net niet)" in svg
    assert 'stroke-width="2.5"' in svg  # the highlighted municipality


def test_two_maps_on_one_page_do_not_share_pattern_ids():
    a = maps.choropleth({"GM0106": None}, title="a")
    b = maps.choropleth({"GM0106": None}, title="b")
    ids_a = set(re.findall(r'<pattern id="([^"]+)"', a))
    assert ids_a and not ids_a & set(re.findall(r'<pattern id="([^"]+)"', b))


@pytest.mark.django_db
def test_kpi_page_and_dashboard_show_maps_with_a_table(client, plan):
    seed_demo(scale=1, today=TODAY)
    html = client.get(
        reverse("monitoring:kpi_detail", args=["overgewicht-volwassenen"])
    ).content.decode()
    assert html.count('aria-label="Kaart van Drenthe: Volwassenen met overgewicht') == 2
    table = html[html.index('id="gemeenten"') :]
    assert table.count('<th scope="row">') == 12 and "%</td>" in table  # values with unit
    dashboard = client.get(reverse("monitoring:dashboard") + "?kwartaal=2026Q3").content.decode()
    assert dashboard.count('aria-label="Kaart van Drenthe: ') >= 5
    assert dashboard.index('id="beeld"') < dashboard.index('id="status"')  # pictures first
    assert dashboard.count("gm-theme-picture") == 6


@pytest.mark.django_db
def test_the_maps_judge_like_the_annex_and_count_the_closed_book(client, plan, programme_team):
    """The verdict map agrees with the report's municipal annex (each municipality on its own
    path), and a correction after the quarter's cut-off changes neither the dashboard's map nor
    the annex of that quarter."""
    from monitoring.models import Figure
    from monitoring.periods import Period
    from monitoring.reporting.data import municipal_index, municipal_rows, report_data
    from monitoring.services import figure_correct
    from regioplan.models import Municipality

    seed_demo(scale=1, today=TODAY)
    quarter = Period(2026, 3)
    data = report_data(plan, quarter)
    everyone = list(Municipality.objects.order_by("name"))
    rows = municipal_rows(quarter, everyone, prepared=municipal_index(quarter))
    for km in data["kpi_maps"]:
        annex = {m.pk: r for m in everyone for r in rows[m.pk] if r.kpi == km.kpi}
        for m, value, verdict in km.rows:
            if annex[m.pk].period == km.period:
                assert (value, verdict) == (annex[m.pk].value, annex[m.pk].verdict_label), m
    overweight = next(km for km in data["kpi_maps"] if km.kpi.code == "overgewicht-volwassenen")
    assen = next(v for m, v, _l in overweight.rows if m.name == "Assen")
    figure = Figure.objects.get(
        kpi__code="overgewicht-volwassenen", period=overweight.period, municipality__name="Assen"
    )
    figure_correct(figure=figure, value="77.7", reason="Herziene GGD-monitor", by=programme_team)
    after = report_data(plan, quarter)
    again = next(km for km in after["kpi_maps"] if km.kpi.code == "overgewicht-volwassenen")
    assert next(v for m, v, _l in again.rows if m.name == "Assen") == assen
    dashboard = client.get(reverse("monitoring:dashboard") + "?kwartaal=2026Q3").content.decode()
    assert "Assen: 77,7%" not in dashboard and f"Assen: {fmt(assen)}%" in dashboard


def test_years_and_quarters_of_one_kpi_sort_together():
    """A KPI may hold yearly and quarterly figures (a changed frequency, a decade of history):
    sorting its periods must not fail, and follows the ids' text order."""
    from core.periods import Period

    ids = ["2026", "2025Q3", "2025", "2025Q1", "2026Q2"]
    assert [str(p) for p in sorted(map(Period.parse, ids))] == sorted(ids)
    assert Period(2025) < Period(2025, 1) < Period(2025, 4) < Period(2026)


# Wijken -----------------------------------------------------------------------------------


def _area_km2(area) -> float:
    """Outer rings minus holes (a hole runs the other way round, so its area counts negative)."""
    return abs(sum(maps._signed_area(r) for r in area.rings)) / 1e6


def test_the_wijk_maps_hold_real_wijken_that_fill_their_municipality():
    data = maps.wijk_boundaries()
    assert "CBS" in data["source"] and "CC BY" in data["licence"]
    municipal = {a.code: a for a in maps.municipalities()}
    for code in CODES:  # every Drentse municipality, its wijken cover it
        wijken = maps.wijken(code)
        assert wijken and all(a.code.startswith("WK" + code[2:]) for a in wijken)
        total = sum(_area_km2(a) for a in wijken)
        assert total == pytest.approx(_area_km2(municipal[code]), rel=0.03), code
    assert len(data["areas"]) == 189
    assert {a.name for a in maps.wijken("GM0106")} >= {"Centrum", "Lariks", "Kloosterveen"}
    assert len(maps.wijken("GM0106")) == 10 and len(maps.wijken("GM1730")) == 16
    assert maps.wijken("GM0014") == ()  # not a Drentse municipality
    # Norg (WK169904) holds an enclave of its neighbour: drawn as a hole, not painted over.
    svg = maps.choropleth({}, title="t", areas=maps.wijken("GM1699"), place="Noordenveld")
    norg = re.search(r'<path d="([^"]+)" fill="[^"]+" fill-rule="evenodd"[^>]*WK169904', svg)
    assert norg and norg.group(1).count("M") == 2


def _wijk_page(client, code):
    html = client.get(
        reverse("monitoring:kpi_detail", args=["inwoners"]), {"gemeente": code}
    ).content.decode()
    return html[html.index('id="wijken"') :]


def test_a_municipality_kpi_page_shows_its_wijken_on_a_map(client, plan, programme_team):
    from monitoring import services
    from monitoring.models import Kpi
    from regioplan.models import Municipality, Neighbourhood

    kpi = Kpi.objects.get(code="inwoners")
    assen, tynaarlo = (Municipality.objects.get(cbs_code=c) for c in ("GM0106", "GM1730"))
    for code, name, value, m in [
        ("WK010601", "Lariks", "7", assen),  # a small count: suppressed in public
        ("WK010608", "Kloosterveen", "12500", assen),
        ("WK173009", "Vries", "4000", tynaarlo),
    ]:
        wijk = Neighbourhood.objects.create(cbs_code=code, name=name, municipality=m)
        services.figure_create(
            kpi=kpi, period="2024", municipality=None, neighbourhood=wijk, value=value,
            by=programme_team,
        )  # fmt: skip
    part = _wijk_page(client, "GM0106")
    svg = part[part.index("<svg") : part.index("</svg>")]
    title = re.search(r'<svg [^>]*aria-label="([^"]+)"', svg).group(1)
    assert title == (
        f"Kaart van Assen: Aantal inwoners per wijk, 2024; {fmt(12500)} in Kloosterveen; "
        "1 van 10 wijken met een waarde."
    )
    shapes = re.findall(r'role="img" aria-label="([^"]+)" data-code="(WK\d+)"', svg)
    assert len(shapes) == 10  # every wijk of Assen is a shape of its own
    named = {code: label for label, code in shapes}
    assert named["WK010608"] == f"Kloosterveen: {fmt(12500)}"
    assert named["WK010601"] == "Lariks: minder dan 10"  # not the number, not "geen waarde"
    assert named["WK010600"] == "Centrum: geen waarde"
    assert ">7<" not in svg and "1 van 10 wijken met een waarde" in svg
    # Tynaarlo: its 16 wijken on the map, Vries with its value.
    other = _wijk_page(client, "GM1730")
    assert "Kaart van Tynaarlo:" in other and other.count('role="img" aria-label=') == 16
    assert f'aria-label="Vries: {fmt(4000)}"' in other  # the name the portal holds, as in the table


def test_wijken_without_boundaries_get_the_table_and_a_word_why(client, plan, programme_team,
                                                                monkeypatch):  # fmt: skip
    from monitoring import services
    from monitoring.models import Kpi
    from regioplan.models import Municipality, Neighbourhood

    monkeypatch.setattr(maps, "wijken", lambda code: ())  # a division the portal lacks
    tynaarlo = Municipality.objects.get(cbs_code="GM1730")
    wijk = Neighbourhood.objects.create(cbs_code="WK173009", name="Vries", municipality=tynaarlo)
    services.figure_create(
        kpi=Kpi.objects.get(code="inwoners"), period="2024", municipality=None,
        neighbourhood=wijk, value="4000", by=programme_team,
    )  # fmt: skip
    other = _wijk_page(client, "GM1730")
    assert "<svg" not in other.split("</section>")[0] and "Vries</th>" in other
    assert "De wijkgrenzen van Tynaarlo staan nog niet in het portaal" in other


def test_printed_values_sit_inside_their_own_wijk_and_never_overlap():
    """Emmen's 27 wijken, many small: each printed value lies inside its own wijk (a rural wijk
    around a town has its centroid outside itself) and no two values overlap."""
    areas = maps.wijken("GM0114")
    values = {a.code: Decimal("55.5") for a in areas}
    svg = maps.choropleth(values, title="t", unit="%", areas=areas, place="Emmen")
    texts = re.findall(
        r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="middle" font-size="11"[^>]*>([^<]+)<', svg
    )
    assert 10 <= len(texts) < len(areas)  # the smallest wijken print no value
    # Each value sits on a light chip, not a stroked halo: WeasyPrint ignores paint-order, so a
    # white stroke would be drawn over the digits and the PDF's values would be unreadable.
    assert "paint-order" not in svg and svg.count('fill-opacity="0.85"') == len(texts)
    boxes = [(float(x) - len(t) * 3.25, float(y) - 12, float(x) + len(t) * 3.25, float(y) + 2)
             for x, y, t in texts]  # fmt: skip
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    for area in areas:  # the stored label points, and the search that made them
        ring = max(area.rings, key=lambda r: abs(maps._signed_area(r)))
        for a in (area, dataclasses.replace(area, label=None)):
            x, y, room = maps.label_point(a)
            assert maps._inside(x, y, ring) and room > 0
