from decimal import Decimal

from django import template

from core.charts import fmt
from monitoring import units

register = template.Library()


@register.filter
def num(value) -> str:
    """A number the Dutch way: 12,5 and 1 234; empty for no value."""
    if value is None or value == "":
        return ""
    return fmt(Decimal(value))


@register.filter
def unit_suffix(kpi) -> str:
    return units.unit_suffix(kpi.unit)


@register.filter
def with_unit(value, kpi) -> str:
    """A value with its KPI's unit: '10,2%', '4,1 per 1.000'; '–' for no value."""
    return units.with_unit(value, kpi.unit)


@register.filter
def narrative(update) -> list[tuple[str, str]]:
    """The narrative fields of an update as (label, text) pairs, in reading order."""
    names = ("done", "next_steps", "obstacles", "resident_involvement", "board_question")
    return [
        (update._meta.get_field(n).verbose_name.capitalize(), getattr(update, n)) for n in names
    ]


@register.filter
def status_label(status: str) -> str:
    from monitoring.models import ProgressUpdate

    return dict(ProgressUpdate.Status.choices).get(status, status)
