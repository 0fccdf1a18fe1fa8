"""Periods, unit-aware validation, duplicates and outliers of figures."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from monitoring.models import Figure, Kpi
from monitoring.periods import Period
from monitoring.services import figure_create, parse_decimal
from regioplan.models import Municipality

pytestmark = pytest.mark.django_db


def test_periods_parse_and_step():
    assert str(Period.parse("2025q3")) == "2025Q3"
    assert Period.parse("2025").quarter is None
    assert Period.parse("2025Q1").previous() == Period(2024, 4)
    assert Period(2025, 4).next() == Period(2026, 1)
    assert Period(2025, 2).end == dt.date(2025, 6, 30)
    assert Period.quarter_of(dt.date(2026, 11, 23)) == Period(2026, 4)
    for bad in ["25", "2025Q5", "Q3 2025", "2025-07"]:
        with pytest.raises(ValidationError, match="geen geldige periode"):
            Period.parse(bad)


def test_dutch_decimal_notation_is_accepted():
    assert parse_decimal("12,5") == Decimal("12.5")
    assert parse_decimal("1.234,5") == Decimal("1234.5")
    with pytest.raises(ValidationError, match="geen getal"):
        parse_decimal("veel")


def kpi(code):
    return Kpi.objects.get(code=code)


def test_percentage_stays_within_0_and_100(plan, programme_team):
    with pytest.raises(ValidationError) as exc:
        figure_create(
            kpi=kpi("acp-ouderen"), period="2025", municipality=None, value="104", by=programme_team
        )
    assert "buiten het geldige bereik" in exc.value.messages[0]
    assert not Figure.objects.exists()


def test_period_outside_plan_horizon_is_refused(plan, programme_team):
    with pytest.raises(ValidationError) as exc:
        figure_create(
            kpi=kpi("acp-ouderen"), period="2041", municipality=None, value="50", by=programme_team
        )
    assert "looptijd van het plan (2020–2040)" in exc.value.messages[0]


def test_quarter_for_yearly_kpi_is_refused(plan, programme_team):
    with pytest.raises(ValidationError) as exc:
        figure_create(
            kpi=kpi("acp-ouderen"),
            period="2025Q2",
            municipality=None,
            value="50",
            by=programme_team,
        )
    assert "per jaar gemeten" in exc.value.messages[0]


def test_municipal_value_for_drenthe_level_kpi_is_refused(plan, programme_team):
    assen = Municipality.objects.get(cbs_code="GM0106")
    with pytest.raises(ValidationError) as exc:
        figure_create(
            kpi=kpi("roken-jongeren"),
            period="2025",
            municipality=assen,
            value="3",
            by=programme_team,
        )
    assert "alleen voor heel Drenthe" in exc.value.messages[0]


def test_duplicate_figure_gets_clear_error_and_keeps_the_first(plan, programme_team):
    figure_create(
        kpi=kpi("acp-ouderen"), period="2025", municipality=None, value="50", by=programme_team
    )
    with pytest.raises(ValidationError) as exc:
        figure_create(
            kpi=kpi("acp-ouderen"), period="2025", municipality=None, value="60", by=programme_team
        )
    assert "Er is al een waarde" in exc.value.messages[0]
    assert Figure.objects.get().value == Decimal("50")


def test_yes_no_kpi_takes_only_0_or_1(plan, programme_team):
    yes_no = Kpi.objects.create(
        code="beleid-vastgesteld", name="Beleid vastgesteld", unit=Kpi.Unit.YES_NO
    )
    with pytest.raises(ValidationError, match=r"1 \(ja\) of 0 \(nee\)"):
        figure_create(kpi=yes_no, period="2025", municipality=None, value="2", by=programme_team)
    assert (
        figure_create(
            kpi=yes_no, period="2025", municipality=None, value="1", by=programme_team
        ).value
        == 1
    )


def test_far_outlier_is_flagged_not_rejected(plan, programme_team):
    k = kpi("acp-ouderen")
    for year, value in [(2021, "40"), (2022, "42"), (2023, "41"), (2024, "43")]:
        assert not figure_create(
            kpi=k, period=str(year), municipality=None, value=value, by=programme_team
        ).is_outlier
    outlier = figure_create(kpi=k, period="2025", municipality=None, value="95", by=programme_team)
    assert outlier.is_outlier and outlier.pk
    assert not figure_create(
        kpi=k, period="2026", municipality=None, value="44", by=programme_team
    ).is_outlier
