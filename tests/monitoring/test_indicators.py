"""Drenthe totals from municipal figures, computed indicators and traffic lights."""

from decimal import Decimal

import pytest

from monitoring.models import Figure, Kpi, KpiTarget
from monitoring.selectors.kpis import FigureIndex, kpi_rows
from monitoring.trajectory import judge
from regioplan.models import Municipality

pytestmark = pytest.mark.django_db


def add(kpi, period, value, cbs=None):
    m = Municipality.objects.get(cbs_code=cbs) if cbs else None
    return Figure.objects.create(kpi=kpi, period=period, municipality=m, value=Decimal(value))


def test_sum_over_municipalities(plan):
    inwoners = Kpi.objects.get(code="inwoners")
    add(inwoners, "2025", "1000", "GM0106")
    add(inwoners, "2025", "3000", "GM0114")
    assert FigureIndex.for_kpis([inwoners]).value(inwoners, "2025") == Decimal("4000")


def test_weighted_average_for_rates(plan):
    inwoners = Kpi.objects.get(code="inwoners")
    overweight = Kpi.objects.get(code="overgewicht-volwassenen")
    add(inwoners, "2025", "1000", "GM0106")
    add(inwoners, "2025", "3000", "GM0114")
    add(overweight, "2025", "40", "GM0106")
    add(overweight, "2025", "60", "GM0114")
    # (40 x 1000 + 60 x 3000) / 4000 = 55, not the plain mean 50
    assert FigureIndex.for_kpis([overweight]).value(overweight, "2025") == Decimal("55")


def test_a_drenthe_figure_wins_over_aggregation(plan):
    inwoners = Kpi.objects.get(code="inwoners")
    add(inwoners, "2025", "1000", "GM0106")
    add(inwoners, "2025", "500000")
    assert FigureIndex.for_kpis([inwoners]).value(inwoners, "2025") == Decimal("500000")


def test_no_total_when_the_kpi_says_not_to_aggregate(plan):
    k = Kpi.objects.create(
        code="wachttijd", name="Wachttijd", unit=Kpi.Unit.COUNT, level=Kpi.Level.MUNICIPALITY
    )
    add(k, "2025", "10", "GM0106")
    assert FigureIndex.for_kpis([k]).value(k, "2025") is None


def test_computed_indicator_is_numerator_over_denominator_times_factor(plan):
    num = Kpi.objects.create(
        code="valopnames",
        name="Valopnames",
        unit=Kpi.Unit.COUNT,
        level=Kpi.Level.MUNICIPALITY,
        aggregation=Kpi.Aggregation.SUM,
    )
    den = Kpi.objects.get(code="inwoners")
    rate = Kpi.objects.create(
        code="valopnames-per-1000",
        name="Valopnames per 1.000",
        unit=Kpi.Unit.PER_1000,
        kind=Kpi.Kind.COMPUTED,
        numerator=num,
        denominator=den,
        factor=Decimal(1000),
        level=Kpi.Level.MUNICIPALITY,
    )
    add(num, "2025", "30", "GM0106")
    add(den, "2025", "60000", "GM0106")
    add(num, "2025", "10", "GM0114")
    add(den, "2025", "40000", "GM0114")
    index = FigureIndex.for_kpis([rate])
    assert index.value(rate, "2025", Municipality.objects.get(cbs_code="GM0106").pk) == Decimal(
        "0.5"
    )
    assert index.value(rate, "2025") == Decimal("0.4")  # 40 / 100000 x 1000 from the Drenthe sums
    assert index.periods(rate) == ["2025"]


def traffic_light(kpi, value, year, baseline=None) -> str:
    return judge(kpi, value, year, baseline)[1]


def test_traffic_light_by_direction(plan):
    from monitoring.trajectory import Baseline

    lower = Kpi.objects.get(code="overgewicht-volwassenen")  # <= 38 in 2040, amber margin 3
    assert traffic_light(lower, Decimal("37"), 2040) == "green"
    assert traffic_light(lower, Decimal("40"), 2040) == "amber"
    assert traffic_light(lower, Decimal("45"), 2040) == "red"
    # Before 2040 only a path from a baseline gives a verdict: none without one.
    assert traffic_light(lower, Decimal("37"), 2030) == ""
    start = Baseline(2020, Decimal("48"), measured=True)  # the path: 48 -> 38 over 20 years
    assert traffic_light(lower, Decimal("43"), 2030, start) == "green"  # milestone 43
    assert traffic_light(lower, Decimal("45.5"), 2030, start) == "amber"
    assert traffic_light(lower, Decimal("46.5"), 2030, start) == "red"
    higher = Kpi.objects.get(code="acp-ouderen")  # >= 80 in 2025, margin 10% = 8
    assert traffic_light(higher, Decimal("75"), 2025) == "amber"
    band = Kpi.objects.create(
        code="band", name="Band", unit=Kpi.Unit.PERCENTAGE, direction=Kpi.Direction.BAND
    )
    KpiTarget.objects.create(kpi=band, year=2025, value=Decimal(10), upper_value=Decimal(20))
    assert traffic_light(band, Decimal("15"), 2025) == "green"
    assert traffic_light(band, Decimal("21"), 2025) == "amber"
    assert traffic_light(band, None, 2025) == ""


def test_strict_targets_from_the_plan_stay_strict(plan):
    smoking = Kpi.objects.get(code="roken-volwassenen")  # "< 5%" in 2040
    exercise = Kpi.objects.get(code="beweegnorm-volwassenen")  # ">46%"
    assert [t.comparator for t in smoking.targets.all()] == ["<"]
    assert [t.comparator for t in exercise.targets.all()] == [">"]
    assert traffic_light(smoking, Decimal("4.9"), 2040) == "green"
    assert traffic_light(smoking, Decimal("5"), 2040) == "amber"  # 5 is not below 5
    assert traffic_light(exercise, Decimal("46"), 2040) == "amber"
    assert traffic_light(exercise, Decimal("46.1"), 2040) == "green"
    overweight = Kpi.objects.get(code="overgewicht-volwassenen")  # "≤ 38%"
    assert [t.comparator for t in overweight.targets.all()] == ["<="]
    assert traffic_light(overweight, Decimal("38"), 2040) == "green"


def test_milestones_lie_on_a_line_and_explicit_targets_win(plan):
    from monitoring.trajectory import Baseline, milestone_for

    kpi = Kpi.objects.create(
        code="pad",
        name="Pad",
        unit=Kpi.Unit.PERCENTAGE,
        direction=Kpi.Direction.HIGHER,
        baseline_value=Decimal("20"),
        baseline_year=2022,
    )
    KpiTarget.objects.create(kpi=kpi, year=2027, value=Decimal("30"))
    KpiTarget.objects.create(kpi=kpi, year=2032, value=Decimal("50"))
    base = Baseline(2022, Decimal("20"), measured=False)
    assert milestone_for(kpi, 2024, base).value == Decimal("24.00")
    assert milestone_for(kpi, 2027, base).explicit and milestone_for(kpi, 2027, base).value == 30
    assert milestone_for(kpi, 2030, base).value == Decimal("42.00")  # from 2027's target on
    assert milestone_for(kpi, 2035, base).value == 50  # after the horizon the last one holds
    assert milestone_for(kpi, 2021, base) is None


def test_kpi_row_has_latest_previous_and_trend(plan):
    k = Kpi.objects.get(code="roken-volwassenen")
    add(k, "2024", "14")
    add(k, "2025", "12")
    row = kpi_rows([Kpi.objects.prefetch_related("targets").get(pk=k.pk)])[0]
    assert (row.latest_period, row.latest, row.previous, row.trend) == (
        "2025",
        Decimal("12"),
        Decimal("14"),
        "beter",
    )


def test_plan_kpis_are_loaded_with_their_goals(plan):
    k = Kpi.objects.get(code="hybride-zorg-aanbod")
    assert [g.code for g in k.goals.all()] == ["2.4.1.B"]
    assert k.targets.get(year=2024).value == 70
    assert "70% van de gevallen" in k.plan_quote
    codes = set(Kpi.objects.values_list("code", flat=True))
    assert {
        "beweegnorm-volwassenen",
        "overgewicht-volwassenen",
        "acp-ouderen",
        "valopnames-afname",
        "hybride-zorg-aanbod",
        "hulpvragen-gemeenschap",
        "acute-zorg-buiten-seh",
        "instroom-huisarts-wijkverpleging",
    } <= codes


def test_a_cbs_kpi_without_its_measure_key_says_so_on_its_page(client, plan):
    from django.urls import reverse

    kpi = Kpi.objects.get(code="overgewicht-volwassenen")  # CBS 85012NED, key not yet known
    assert kpi.source == "cbs" and kpi.source_table and not kpi.source_measure
    page = client.get(reverse("monitoring:kpi_detail", args=[kpi.code])).content.decode()
    assert "De CBS-sleutel ontbreekt nog." in page and "85012NED" in page
    kpi.source_measure = "Overgewicht_4"
    kpi.save()
    page = client.get(reverse("monitoring:kpi_detail", args=[kpi.code])).content.decode()
    assert "De CBS-sleutel ontbreekt nog." not in page and "meetwaarde Overgewicht_4" in page
