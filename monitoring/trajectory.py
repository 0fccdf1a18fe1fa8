"""A KPI's path to its target: baseline, milestones per year and the verdict on a value.

"Op koers" is judged against the milestone of the value's own year, not against a target
that lies years ahead:

- Explicit targets are milestones for their year (the plan's "in 2027 25%").
- Between two of them, or between the baseline and the first target, the milestone lies on
  a straight line. After the last target year, the last target holds.
- The baseline is the KPI's recorded nulmeting; without one, the first measured value (so
  the path starts where the monitoring started). Before any path exists there is no verdict.
- The comparison comes from the plan (`<5%`, `>46%`, `≤ 38%`): strict comparisons stay
  strict. A value on the wrong side of the milestone but within the KPI's amber margin
  (or 10% of the milestone) is amber; further away, red.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .models import Kpi, KpiTarget

DEFAULT = {
    Kpi.Direction.HIGHER: KpiTarget.Comparator.GE,
    Kpi.Direction.LOWER: KpiTarget.Comparator.LE,
    Kpi.Direction.BAND: KpiTarget.Comparator.RANGE,
}
SYMBOL = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "range": ""}
VERDICTS = {
    "green": _("op koers"),
    "amber": _("net niet op koers"),
    "red": _("niet op koers"),
    "": _("nog geen oordeel"),
}
TWO = Decimal("0.01")


@dataclass(frozen=True)
class Baseline:
    year: int
    value: Decimal
    measured: bool  # True: the first measured value stands in for a missing nulmeting


@dataclass(frozen=True)
class Milestone:
    year: int
    value: Decimal
    upper: Decimal | None
    comparator: str
    explicit: bool  # a target the plan states for this year, not a point on the line

    @property
    def symbol(self) -> str:
        return SYMBOL.get(self.comparator, "")

    @property
    def compare(self) -> str:
        return self.comparator


def comparator_of(kpi: Kpi, target: KpiTarget) -> str:
    return target.comparator or DEFAULT.get(kpi.direction, KpiTarget.Comparator.GE)


def baseline_of(kpi: Kpi, series: list[tuple[str, Decimal]] = ()) -> Baseline | None:
    """The recorded nulmeting, else the first value of `series` ((period, value), in order)."""
    if kpi.baseline_value is not None and kpi.baseline_year:
        return Baseline(kpi.baseline_year, kpi.baseline_value, measured=False)
    if series:
        period, value = series[0]
        return Baseline(int(str(period)[:4]), value, measured=True)
    return None


def _targets(kpi: Kpi) -> list[KpiTarget]:
    return sorted(kpi.targets.all(), key=lambda t: t.year)  # prefetched by callers


def milestone_for(kpi: Kpi, year: int, baseline: Baseline | None) -> Milestone | None:
    targets = _targets(kpi)
    if not targets:
        return None
    later = [t for t in targets if t.year >= year]
    if not later:  # past the horizon: the last target holds
        t = targets[-1]
        return Milestone(t.year, t.value, t.upper_value, comparator_of(kpi, t), explicit=True)
    goal = later[0]
    if goal.year == year:
        return Milestone(
            year, goal.value, goal.upper_value, comparator_of(kpi, goal), explicit=True
        )
    earlier = [t for t in targets if t.year < year]
    if earlier:
        start_year, start, start_upper = (
            earlier[-1].year,
            earlier[-1].value,
            earlier[-1].upper_value,
        )
    elif baseline is not None and baseline.year < year:
        start_year, start, start_upper = baseline.year, baseline.value, None
    else:
        return None  # no path yet: this is where the measuring starts
    share = Decimal(year - start_year) / Decimal(goal.year - start_year)
    value = (start + (goal.value - start) * share).quantize(TWO)
    upper = None
    if goal.upper_value is not None:
        begin = start_upper if start_upper is not None else start
        upper = (begin + (goal.upper_value - begin) * share).quantize(TWO)
    return Milestone(year, value, upper, comparator_of(kpi, goal), explicit=False)


def verdict(kpi: Kpi, value: Decimal | None, milestone: Milestone | None) -> str:
    """'green', 'amber', 'red', or '' (no value or no milestone)."""
    if value is None or milestone is None:
        return ""
    m, compare = milestone.value, milestone.comparator
    if compare == KpiTarget.Comparator.RANGE:
        upper = milestone.upper if milestone.upper is not None else m
        gap = max(m - value, value - upper, Decimal(0))
        met = gap == 0
    elif compare in (KpiTarget.Comparator.GE, KpiTarget.Comparator.GT):
        gap = m - value
        met = value > m if compare == KpiTarget.Comparator.GT else value >= m
    else:
        gap = value - m
        met = value < m if compare == KpiTarget.Comparator.LT else value <= m
    if met:
        return "green"
    margin = kpi.amber_margin if kpi.amber_margin is not None else abs(m) * Decimal("0.1")
    return "amber" if gap <= margin else "red"


def judge(
    kpi: Kpi, value: Decimal | None, year: int, baseline: Baseline | None
) -> tuple[Milestone | None, str]:
    milestone = milestone_for(kpi, year, baseline)
    return milestone, verdict(kpi, value, milestone)
