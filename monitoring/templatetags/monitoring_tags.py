from decimal import Decimal

from django import template

from core.charts import fmt

register = template.Library()

SUFFIX = {"percentage": "%", "percent_change": "%", "per_1000": " per 1.000", "euro": " euro"}


@register.filter
def num(value) -> str:
    """A number the Dutch way: 12,5 and 1 234; empty for no value."""
    if value is None or value == "":
        return ""
    return fmt(Decimal(value))


@register.filter
def unit_suffix(kpi) -> str:
    return SUFFIX.get(kpi.unit, "")


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
