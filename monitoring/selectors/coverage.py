"""Target coverage: is every quantified target in the plan's text followed?

A goal's text with a year (its target year, or "in 2030") and percentages ("< 5%", "80%")
holds quantified targets. Each is either a KPI target of that goal (linked), or marked "niet
meetbaar gemaakt" by the programme team with a reason, or still open. Goals without a year
are listed as such:
those without a target year (some mention a year in their text all the same).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from regioplan.models import OperationalGoal, Plan

from ..models import Kpi, UnmeasuredTarget

QUANTITY = re.compile(r"(?:(<=|>=|[<>≤≥])\s*)?(\d+(?:[.,]\d+)?)\s*%")
YEAR = re.compile(r"\b(20[2-5]\d)\b")
SYMBOLS = {"<": "<", ">": ">", "≤": "<=", "≥": ">=", "<=": "<=", ">=": ">="}


@dataclass
class Quantity:
    text: str  # as written, e.g. "<5%"
    value: Decimal
    comparator: str  # "" when the text gives none
    kpi: Kpi | None = None
    unmeasured: UnmeasuredTarget | None = None

    @property
    def state(self) -> str:
        return "kpi" if self.kpi else "unmeasured" if self.unmeasured else "open"


@dataclass
class GoalCoverage:
    goal: OperationalGoal
    years: list[int]
    quantities: list[Quantity] = field(default_factory=list)


def quantities_in(text: str) -> list[tuple[str, Decimal, str]]:
    """The percentages in a text, each with the comparison written before it."""
    found = []
    for match in QUANTITY.finditer(text):
        value = Decimal(match.group(2).replace(",", "."))
        found.append(
            (re.sub(r"\s+", "", match.group(0)), value, SYMBOLS.get(match.group(1) or "", ""))
        )
    return found


def _matches(kpi: Kpi, value: Decimal, comparator: str) -> bool:
    for target in kpi.targets.all():
        if target.value == value and (not comparator or target.compare == comparator):
            return True
    return False


def coverage(plan: Plan) -> dict:
    goals = list(
        OperationalGoal.objects.filter(plan=plan)
        .exclude(status=OperationalGoal.Status.ARCHIVED)
        .prefetch_related("kpis__targets", "unmeasured_targets")
        .order_by("code")
    )
    with_targets, without_year = [], []
    for goal in goals:
        text = " ".join([goal.title, goal.text, *goal.bullets])
        years = sorted({int(y) for y in YEAR.findall(text)} | ({goal.target_year} - {None}))
        if goal.target_year is None:
            without_year.append(goal)  # no target year (a year may still be in the text)
        if not years:
            continue
        found = quantities_in(text)
        if not found:
            continue
        marks = {m.quantity: m for m in goal.unmeasured_targets.all()}
        entry = GoalCoverage(goal, years)
        kpis = [k for k in goal.kpis.all() if not k.archived]
        used: set[int] = set()
        times: dict[str, int] = {}
        for written, value, comparator in found:
            # The same figure can stand for several targets ("<5%" smoking, "<5%" drinking):
            # each occurrence is its own target, numbered when the text repeats it.
            times[written] = times.get(written, 0) + 1
            label = written if times[written] == 1 else f"{written} ({times[written]})"
            q = Quantity(label, value, comparator)
            q.kpi = next(
                (k for k in kpis if k.pk not in used and _matches(k, value, comparator)), None
            )
            if q.kpi:
                used.add(q.kpi.pk)
            else:
                q.unmeasured = marks.get(label)
            entry.quantities.append(q)
        with_targets.append(entry)
    counts = {"kpi": 0, "unmeasured": 0, "open": 0}
    for entry in with_targets:
        for q in entry.quantities:
            counts[q.state] += 1
    return {"goals": with_targets, "without_year": without_year, "counts": counts}
