"""Reporting duties: per quarter, who owes an update on which goal, and what came in when.

Every trekker and partner whose commitment holds in a quarter owes one progress update per
goal for it (regioplan GoalOrganisation.objects.reporting). A duty is
- on time: first submitted on or before the quarter's deadline;
- late: first submitted after the deadline but before the cut-off (still in the book);
- missing: nothing submitted before the cut-off.
Counted as the book was closed (`as_of`, the cut-off) everything is fixed at the cut-off,
so every rebuild of a quarter's report gives the same three numbers. Without `as_of` (the
running quarter, or a report with later corrections) what came in since counts too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Min, Q
from django.utils import timezone

from regioplan.models import GoalOrganisation, OperationalGoal, Organisation
from regioplan.selectors import goals_without_lead

from ..models import ProgressUpdate
from ..periods import Period, cutoff, deadline

ON_TIME, LATE, MISSING = "on_time", "late", "missing"


@dataclass
class Duty:
    goal: OperationalGoal
    organisation: Organisation
    role: str
    submitted_at: dt.datetime | None
    state: str

    @property
    def role_label(self) -> str:
        return str(GoalOrganisation.Role(self.role).label).lower()


@dataclass
class DutyBook:
    quarter: Period
    deadline: dt.date
    duties: list[Duty]
    without_lead: list[OperationalGoal]
    leads: dict[int, list[Organisation]] = field(default_factory=dict)
    partners: dict[int, list[Organisation]] = field(default_factory=dict)

    def _in(self, state: str) -> list[Duty]:
        return [d for d in self.duties if d.state == state]

    @property
    def on_time(self) -> list[Duty]:
        return self._in(ON_TIME)

    @property
    def late(self) -> list[Duty]:
        return self._in(LATE)

    @property
    def missing(self) -> list[Duty]:
        return self._in(MISSING)

    @property
    def received(self) -> list[Duty]:
        return [d for d in self.duties if d.state != MISSING]


def first_submissions(quarter: Period) -> dict[tuple[int, int], dt.datetime]:
    """(goal, organisation) -> the first time an update for the quarter was submitted, from
    the updates' transitions (a returned and resubmitted update keeps its first time)."""
    rows = (
        ProgressUpdate.objects.filter(period=str(quarter))
        .values("goal_id", "organisation_id")
        .annotate(
            by_transition=Min("transitions__at", filter=Q(transitions__to_status="submitted")),
            by_field=Min("submitted_at"),
        )
    )
    out = {}
    for row in rows:
        times = [t for t in (row["by_transition"], row["by_field"]) if t is not None]
        if times:
            out[(row["goal_id"], row["organisation_id"])] = min(times)
    return out


def duty_book(
    quarter: Period, *, as_of: dt.datetime | None = None, agreement: str | None = None
) -> DutyBook:
    """The duties of `quarter` and their state, counted up to `as_of` (see the module); for
    the goals of one agreement when given."""
    q = str(quarter)
    goals = OperationalGoal.objects.exclude(status=OperationalGoal.Status.ARCHIVED)
    if agreement:
        goals = goals.filter(agreements__code=agreement)
    commitments = (
        GoalOrganisation.objects.reporting(q)
        .filter(goal__in=goals)
        .select_related("goal", "organisation")
        .order_by("goal__code", "role", "organisation__name")
    )
    first = first_submissions(quarter)
    due_end = timezone.make_aware(dt.datetime.combine(deadline(quarter), dt.time.max))
    duties, leads, partners = [], {}, {}
    for link in commitments:
        when = first.get((link.goal_id, link.organisation_id))
        if when is not None and as_of is not None and when >= as_of:
            when = None  # came in after the book closed: missing in this quarter's report
        state = MISSING if when is None else (ON_TIME if when <= due_end else LATE)
        duties.append(Duty(link.goal, link.organisation, link.role, when, state))
        target = leads if link.role == GoalOrganisation.Role.LEAD else partners
        target.setdefault(link.goal_id, []).append(link.organisation)
    without_lead = goals_without_lead(q, goals)
    return DutyBook(quarter, deadline(quarter), duties, without_lead, leads, partners)


def closed_duty_book(quarter: Period) -> DutyBook:
    """The duties as the quarter's book was closed (its cut-off)."""
    return duty_book(quarter, as_of=cutoff(quarter))
