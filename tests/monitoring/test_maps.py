"""Maps of Drenthe: real boundaries, one named shape per municipality, readable without colour,
and on the KPI page, the dashboard and in the report."""

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
