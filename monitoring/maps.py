"""Maps of a KPI's municipal figures, drawn with core.maps (which knows no KPI)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core import maps
from core.periods import Period

from . import trajectory
from .models import Kpi
from .selectors.kpis import period_key
from .units import unit_suffix, with_unit


@dataclass
class KpiMap:
    """A KPI's municipalities in one period: the value map, the verdict map and their table."""

    kpi: Kpi
    period: str
    rows: list[tuple] = field(default_factory=list)  # (municipality, value, verdict label)
    values: SafeString = mark_safe("")
    verdicts: SafeString = mark_safe("")


def _span(known: list[tuple], kpi: Kpi) -> str:
    """'van 14,3% in Borger-Odoorn tot 17,7% in Hoogeveen' over sorted (value, name) pairs."""
    if not known:
        return _("geen waarden")
    if len(known) == 1:
        return _("%(v)s in %(a)s") % {"v": with_unit(known[0][0], kpi.unit), "a": known[0][1]}
    return _("van %(lo)s in %(a)s tot %(hi)s in %(b)s") % {
        "lo": with_unit(known[0][0], kpi.unit),
        "a": known[0][1],
        "hi": with_unit(known[-1][0], kpi.unit),
        "b": known[-1][1],
    }


def latest_municipal_period(kpi: Kpi, index) -> str | None:
    """The latest period in which at least one municipality has a value of this KPI."""
    for period in reversed(index.periods(kpi)):
        if index.municipal.get((kpi.pk, period)) or (
            kpi.kind == Kpi.Kind.COMPUTED and index.municipal.get((kpi.numerator_id, period))
        ):
            return period
    return None


def kpi_map(
    kpi: Kpi,
    index,
    municipalities,
    *,
    period: str | None = None,
    highlight: str | None = None,
    width: int = 420,
    verdict_map: bool = True,
) -> KpiMap | None:
    """Both maps of `kpi` in `period` (default: its latest period with municipal figures), or
    None when no municipality has a value. The verdict judges each municipality on its own
    path to the plan's target (the plan sets no separate municipal targets)."""
    period = period or latest_municipal_period(kpi, index)
    if period is None:
        return None
    values = index.municipal_values(kpi, period, municipalities)
    if all(v is None for _m, v in values):
        return None
    year = Period.parse(period).year
    unit = unit_suffix(kpi.unit)
    until = Period.parse(period).end
    periods = [p for p in index.periods(kpi) if period_key(p).end <= until]
    verdicts, rows = {}, []
    for m, v in values:
        # The municipality's own path: from its first value (or the KPI's nulmeting) to the
        # plan's target, as in the report's annex (reporting.data.municipal_rows).
        series = [(p, x) for p in periods if (x := index.value(kpi, p, m.pk)) is not None]
        _milestone, light = trajectory.judge(kpi, v, year, trajectory.baseline_of(kpi, series))
        verdicts[m.cbs_code] = light
        rows.append((m, v, trajectory.VERDICTS[light]))
    by_code = {m.cbs_code: v for m, v in values}
    span = _span(sorted((v, m.name) for m, v in values if v is not None), kpi)
    result = KpiMap(kpi=kpi, period=period, rows=rows)
    result.values = mark_safe(
        maps.choropleth(
            by_code,
            title=_("%(k)s per gemeente, %(p)s; %(span)s.")
            % {"k": kpi.name, "p": period, "span": span},
            unit=unit,
            highlight=highlight,
            width=width,
        )
    )
    if verdict_map:
        result.verdicts = mark_safe(
            maps.choropleth(
                by_code,
                title=_(
                    "%(k)s per gemeente, %(p)s: op koers of niet op het eigen pad van de "
                    "gemeente; %(n)s van %(t)s op koers."
                )
                % {
                    "k": kpi.name,
                    "p": period,
                    "n": sum(1 for v in verdicts.values() if v == "green"),
                    "t": len(verdicts),
                },
                unit=unit,
                verdicts=verdicts,
                verdict_labels={k: str(v) for k, v in trajectory.VERDICTS.items()},
                highlight=highlight,
                width=width,
            )
        )
    return result


def wijk_map(kpi: Kpi, municipality, period: str, rows, *, width: int = 420) -> SafeString:
    """A map of `municipality`'s wijken with the values of `rows` (selectors.wijken.WijkRow,
    suppressed small counts as "minder dan 10"), or "" when the portal holds no wijk
    boundaries for that municipality (docs/maps.md)."""
    areas = maps.wijken(municipality.cbs_code)
    if not areas or not rows:
        return mark_safe("")
    values = {r.wijk.cbs_code: r.value for r in rows}
    notes = {r.wijk.cbs_code: str(_("minder dan 10")) for r in rows if r.suppressed}
    held = {a.code for a in areas}
    span = _span(sorted((v, r.wijk.name) for r in rows if (v := r.value) is not None), kpi)
    title = _("%(k)s per wijk, %(p)s; %(span)s; %(n)s van %(t)s wijken met een waarde.") % {
        "k": kpi.name,
        "p": period,
        "span": span,
        "n": sum(1 for r in rows if r.value is not None and r.wijk.cbs_code in held),
        "t": len(areas),
    }
    return mark_safe(
        maps.choropleth(
            values,
            title=title,
            unit=unit_suffix(kpi.unit),
            width=width,
            areas=areas,
            place=municipality.name,
            notes=notes,
            names={r.wijk.cbs_code: r.wijk.name for r in rows},
        )
    )
