"""A KPI's unit beside a number, the one way pages, tables, maps and the PDF write it:
'10,2%', '4,1 per 1.000', '1 250 euro', '37' (a count)."""

from decimal import Decimal

from core.charts import fmt

SUFFIX = {"percentage": "%", "percent_change": "%", "per_1000": " per 1.000", "euro": " euro"}


def unit_suffix(unit: str) -> str:
    """The text after a number of this unit ('%', ' per 1.000', ' euro' or '')."""
    return SUFFIX.get(unit, "")


def with_unit(value: Decimal | float | None, unit: str) -> str:
    """The value with its unit; '–' when there is none."""
    if value is None or value == "":
        return "–"
    return f"{fmt(Decimal(str(value)))}{unit_suffix(unit)}"
