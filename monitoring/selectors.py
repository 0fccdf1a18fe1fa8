"""Reads for monitoring: KPI values (raw, aggregated, computed), dashboards and worklists.

Every function here gathers its data in a fixed number of queries and computes in Python,
so pages stay flat however many figures and updates there are.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_review, is_reporting_partner
from regioplan.models import (
    GoalOrganisation,
    Municipality,
    OperationalGoal,
    Plan,
    StrategicGoal,
    Theme,
)

from . import trajectory
from .models import Figure, Kpi, KpiTarget, ProgressUpdate, UpdateFigure, UpdateTransition
from .periods import Period

APPROVED = ProgressUpdate.Status.APPROVED
GAP = "gap"


# --- KPI values ----------------------------------------------------------------------------


class FigureIndex:
    """Approved figures of some KPIs, with Drenthe totals and computed indicators derived."""

    def __init__(self, kpis: list[Kpi], figures):
        self.kpis = {k.pk: k for k in kpis}
        self.raw: dict[tuple[int, str, int | None], Decimal] = {}
        self.flags: dict[tuple[int, str, int | None], Figure] = {}
        self.demo_kpis: set[int] = set()  # KPIs with at least one demo figure
        for f in figures:
            if f.is_demo:
                self.demo_kpis.add(f.kpi_id)
            key = (f.kpi_id, f.period, f.municipality_id)
            self.raw[key] = f.value
            self.flags[key] = f

    @classmethod
    def for_kpis(cls, kpis: list[Kpi], *, until: Period | None = None) -> FigureIndex:
        """Load the figures of these KPIs and everything they are computed or weighted from.

        With `until` (a quarter), only figures whose period has ended by the end of that
        quarter: a quarter's report and dashboard are a closed book, whatever came later.
        """
        wanted = {k.pk for k in kpis}
        for k in kpis:
            wanted |= {pk for pk in (k.numerator_id, k.denominator_id, k.weight_id) if pk}
        extra = list(Kpi.objects.filter(pk__in=wanted - {k.pk for k in kpis}))
        figures = Figure.objects.filter(kpi_id__in=wanted, status=Figure.Status.APPROVED).only(
            "kpi_id",
            "period",
            "municipality_id",
            "value",
            "is_outlier",
            "source_note",
            "origin",
            "is_demo",
        )
        if until is not None:
            figures = [f for f in figures if Period.parse(f.period).end <= until.end]
        return cls([*kpis, *extra], figures)

    def periods(self, kpi: Kpi) -> list[str]:
        ids = {kpi.pk, kpi.numerator_id, kpi.denominator_id} - {None}
        found = {p for (k, p, _m) in self.raw if k in ids}
        return sorted(found, key=lambda p: Period.parse(p))

    def value(
        self, kpi: Kpi, period: str, municipality_id: int | None = None, _depth: int = 0
    ) -> Decimal | None:
        if _depth > 5:
            return None
        if kpi.kind == Kpi.Kind.COMPUTED and kpi.numerator_id and kpi.denominator_id:
            num = self.value(self.kpis[kpi.numerator_id], period, municipality_id, _depth + 1)
            den = self.value(self.kpis[kpi.denominator_id], period, municipality_id, _depth + 1)
            if num is None or not den:
                return None
            return num / den * kpi.factor
        direct = self.raw.get((kpi.pk, period, municipality_id))
        if direct is not None or municipality_id is not None:
            return direct
        return self.drenthe_total(kpi, period)

    def drenthe_total(self, kpi: Kpi, period: str) -> Decimal | None:
        """Drenthe from municipal figures, when the KPI allows: a sum or a weighted average."""
        municipal = {
            m: v
            for (k, p, m), v in self.raw.items()
            if k == kpi.pk and p == period and m is not None
        }
        if not municipal or kpi.aggregation == Kpi.Aggregation.NONE:
            return None
        if kpi.aggregation == Kpi.Aggregation.SUM:
            return sum(municipal.values(), Decimal(0))
        if not kpi.weight_id:
            return None
        weights = {m: self.raw.get((kpi.weight_id, period, m)) for m in municipal}
        pairs = [(v, weights[m]) for m, v in municipal.items() if weights[m]]
        total_weight = sum((w for _v, w in pairs), Decimal(0))
        if not total_weight:
            return None
        return sum((v * w for v, w in pairs), Decimal(0)) / total_weight

    def municipal_values(
        self, kpi: Kpi, period: str, municipalities
    ) -> list[tuple[Municipality, Decimal | None]]:
        return [(m, self.value(kpi, period, m.pk)) for m in municipalities]


def target_for(kpi: Kpi, year: int) -> KpiTarget | None:
    """The target of the year, or else the nearest later one."""
    targets = sorted(kpi.targets.all(), key=lambda t: t.year)
    for t in targets:
        if t.year >= year:
            return t
    return targets[-1] if targets else None


def traffic_light(kpi: Kpi, value: Decimal | None, year: int, baseline=None) -> str:
    """Return 'green', 'amber', 'red' or '': `value` against the milestone of `year`
    (monitoring.trajectory)."""
    return trajectory.judge(kpi, value, year, baseline)[1]


@dataclass
class KpiRow:
    kpi: Kpi
    latest_period: str | None = None
    latest: Decimal | None = None
    previous: Decimal | None = None
    target: KpiTarget | None = None
    light: str = ""
    baseline: trajectory.Baseline | None = None
    milestone: trajectory.Milestone | None = None
    series: list[tuple[str, Decimal]] = field(default_factory=list)
    is_demo: bool = False  # shown figures include demo data ("voorbeeldgegevens")

    @property
    def verdict_label(self) -> str:
        return str(trajectory.VERDICTS[self.light])

    @property
    def trend(self) -> str:
        """'beter', 'slechter' or 'gelijk' than the previous value, given the KPI's direction."""
        if self.latest is None or self.previous is None:
            return ""
        if self.latest == self.previous:
            return _("gelijk")
        better = (self.latest > self.previous) == (self.kpi.direction != Kpi.Direction.LOWER)
        return _("beter") if better else _("slechter")


def kpi_rows(
    kpis: list[Kpi], index: FigureIndex | None = None, *, until: Period | None = None
) -> list[KpiRow]:
    """Baseline, target, latest actual and trend for each KPI (Drenthe level), with figures up
    to the end of `until` when given."""
    index = index or FigureIndex.for_kpis(kpis, until=until)
    rows = []
    for kpi in kpis:
        series = [(p, v) for p in index.periods(kpi) if (v := index.value(kpi, p)) is not None]
        row = KpiRow(kpi=kpi, series=series, baseline=trajectory.baseline_of(kpi, series))
        row.is_demo = bool({kpi.pk, kpi.numerator_id, kpi.denominator_id} & index.demo_kpis)
        if series:
            row.latest_period, row.latest = series[-1]
            row.previous = series[-2][1] if len(series) > 1 else None
            year = Period.parse(row.latest_period).year
            row.target = target_for(kpi, year)
            row.milestone, row.light = trajectory.judge(kpi, row.latest, year, row.baseline)
        else:
            row.target = target_for(kpi, dt.date.today().year)
        rows.append(row)
    return rows


def plan_kpis() -> list[Kpi]:
    """The plan's KPIs (linked to a goal, not demo), without a DISTINCT over the wide join:
    the goal link is a semi-join (`pk IN (...)`)."""
    linked = Kpi.goals.through.objects.values("kpi_id")
    return list(
        kpis_queryset().filter(pk__in=linked, is_demo=False, archived=False).order_by("code")
    )


def kpis_queryset():
    return Kpi.objects.select_related(
        "owner", "numerator", "denominator", "weight"
    ).prefetch_related(
        "targets",
        Prefetch(
            "goals", queryset=OperationalGoal.objects.only("code", "title", "strategic_goal_id")
        ),
    )


def kpi_detail(code: str) -> Kpi:
    kpi = kpis_queryset().filter(code=code).first()
    if kpi is None:
        raise Http404
    return kpi


# --- Quarters and the reporting cycle ------------------------------------------------------------


def current_quarter(today: dt.date | None = None) -> Period:
    return Period.quarter_of(today or dt.date.today())


def deadline(quarter: Period) -> dt.date:
    return quarter.end + dt.timedelta(days=settings.MONITORING_DEADLINE_DAYS)


def last_closed_quarter(today: dt.date | None = None) -> Period:
    """The newest quarter whose reporting deadline has passed: its updates are all in."""
    today = today or dt.date.today()
    quarter = current_quarter(today).previous()
    while deadline(quarter) >= today:
        quarter = quarter.previous()
    return quarter


def closed_quarters(plan: Plan, today: dt.date | None = None) -> list[Period]:
    """Every closed quarter since the plan started, newest first (the board's choice list)."""
    quarters, quarter = [], last_closed_quarter(today)
    while quarter.year >= plan.start_year:
        quarters.append(quarter)
        quarter = quarter.previous()
    return quarters


def reporting_quarter(today: dt.date | None = None) -> Period:
    """The quarter partners report on now: the last one whose deadline has not yet passed."""
    today = today or dt.date.today()
    previous = current_quarter(today).previous()
    return previous if today <= deadline(previous) else current_quarter(today)


# --- Dashboards ------------------------------------------------------------------------------


# The roll-up rule (also in the report's "Verantwoording" and the dashboard's help text):
# per goal and quarter, each partner's latest approved update counts; the worst status wins,
# and the goal is "verdeeld" when partners are two steps or more apart.
# Steps from best to worst; "nog niet gestart" and "aandacht nodig" share a step.
ROLLUP_STEP = {"completed": 0, "on_track": 1, "not_started": 2, "attention": 2, "behind": 3}


@dataclass
class GoalVoices:
    """Every partner's latest approved update on one goal in one quarter, and their roll-up."""

    updates: list[ProgressUpdate]

    @property
    def progress(self) -> str:
        # The worst step wins; on a shared step "aandacht nodig" says more than "nog niet".
        return max(
            (u.progress for u in self.updates),
            key=lambda p: (ROLLUP_STEP[p], p == "attention"),
        )

    @property
    def divided(self) -> bool:
        steps = [ROLLUP_STEP[u.progress] for u in self.updates]
        return max(steps) - min(steps) >= 2

    def get_progress_display(self) -> str:
        return ProgressUpdate.Progress(self.progress).label


@dataclass(frozen=True)
class UpdateStatus:
    """What a status needs of an update (the dashboard's light read; no model instance)."""

    goal_id: int
    period: str
    organisation_id: int
    progress: str
    is_demo: bool


def latest_status_per_goal(
    periods: list[str], *, approved_only: bool = True, status_only: bool = False
) -> dict[tuple[int, str], GoalVoices]:
    """Per (goal, quarter): every organisation's latest approved update, rolled up.

    `status_only` reads only the columns a status needs, as plain rows (no narrative texts,
    no model instances): the dashboard's way, several times faster at 10x data."""
    qs = (public_updates() if approved_only else ProgressUpdate.objects).filter(period__in=periods)
    per_org: dict[tuple[int, str, int], Any] = {}
    if status_only:
        rows = qs.order_by("approved_at", "pk").values_list(
            "goal_id", "period", "organisation_id", "progress", "is_demo", "organisation__name"
        )
        names = {}
        for goal_id, period, org_id, progress, is_demo, name in rows:
            if progress in ROLLUP_STEP:
                per_org[(goal_id, period, org_id)] = UpdateStatus(
                    goal_id, period, org_id, progress, is_demo
                )
                names[org_id] = name
        order = sorted(per_org.items(), key=lambda item: names[item[0][2]])
    else:
        for u in qs.select_related("organisation").order_by("approved_at", "pk"):
            if u.progress in ROLLUP_STEP:
                per_org[(u.goal_id, u.period, u.organisation_id)] = u  # a later revision replaces
        order = sorted(per_org.items(), key=lambda item: item[1].organisation.name)
    grouped: dict[tuple[int, str], list] = defaultdict(list)
    for (goal_id, period, _org), update in order:
        grouped[(goal_id, period)].append(update)
    return {key: GoalVoices(updates) for key, updates in grouped.items()}


@dataclass
class GoalState:
    goal: OperationalGoal
    update: ProgressUpdate | None
    previous: ProgressUpdate | None

    @property
    def status(self) -> str:
        return self.update.progress if self.update else GAP

    @property
    def changed(self) -> bool:
        prev = self.previous.progress if self.previous else GAP
        return prev != self.status


def dashboard(plan: Plan, quarter: Period) -> dict:
    """Goals per status per theme and strategic goal, changes since last quarter, reporting gaps."""
    # One query for only what the counts, lists and links need (not the goals' texts); the
    # 6 themes and 17 strategic goals are built once and shared instead of a copy per goal.
    rows = (
        OperationalGoal.objects.filter(plan=plan)
        .exclude(status=OperationalGoal.Status.ARCHIVED)
        .order_by("code")
        .values_list(
            "id",
            "code",
            "title",
            "strategic_goal_id",
            "strategic_goal__code",
            "strategic_goal__theme_id",
            "strategic_goal__theme__code",
            "strategic_goal__theme__name",
        )
    )
    themes: dict[int, Theme] = {}
    strategic: dict[int, StrategicGoal] = {}
    goals = []
    for pk, code, title, sg_id, sg_code, theme_id, theme_code, theme_name in rows:
        if theme_id not in themes:
            themes[theme_id] = Theme(id=theme_id, code=theme_code, name=theme_name, plan=plan)
        if sg_id not in strategic:
            strategic[sg_id] = StrategicGoal(
                id=sg_id, code=sg_code, theme=themes[theme_id], plan=plan
            )
        goals.append(
            OperationalGoal(id=pk, code=code, title=title, strategic_goal=strategic[sg_id])
        )
    updates = latest_status_per_goal([str(quarter), str(quarter.previous())], status_only=True)
    states = [
        GoalState(
            g, updates.get((g.pk, str(quarter))), updates.get((g.pk, str(quarter.previous())))
        )
        for g in goals
    ]
    statuses = [*ProgressUpdate.Progress.values, GAP]
    by_theme: dict[Theme, Counter] = defaultdict(Counter)
    by_sg: dict[StrategicGoal, Counter] = defaultdict(Counter)
    for s in states:
        by_theme[s.goal.strategic_goal.theme][s.status] += 1
        by_sg[s.goal.strategic_goal][s.status] += 1
    totals = Counter(s.status for s in states)
    return {
        "quarter": quarter,
        "statuses": statuses,
        "themes": [
            (t, [c[s] for s in statuses], sum(c.values()))
            for t, c in sorted(by_theme.items(), key=lambda i: i[0].code)
        ],
        "strategic_goals": [
            (sg, [c[s] for s in statuses], sum(c.values()))
            for sg, c in sorted(by_sg.items(), key=lambda i: i[0].code)
        ],
        "totals": [totals[s] for s in statuses],
        "changes": [s for s in states if s.changed and (s.update or s.previous)],
        "gaps": [s.goal for s in states if s.update is None],
        "has_demo_updates": any(u.is_demo for s in states if s.update for u in s.update.updates),
        "goal_count": len(goals),
    }


def goal_monitoring(plan: Plan, code: str) -> dict:
    """One goal: its latest approved narrative next to its KPIs."""
    goal = (
        OperationalGoal.objects.filter(plan=plan, code=code)
        .select_related("strategic_goal__theme")
        .prefetch_related(Prefetch("kpis", queryset=kpis_queryset()))
        .first()
    )
    if goal is None:
        raise Http404
    latest = (
        ProgressUpdate.objects.filter(goal=goal, status=APPROVED)
        .select_related("organisation", "approved_by")
        .order_by("-period", "-approved_at")
        .first()
    )
    kpis = list(goal.kpis.all())
    return {"goal": goal, "latest": latest, "kpi_rows": kpi_rows(kpis)}


# --- Partners' worklist ---------------------------------------------------------------------------


def partner_goals(organisation) -> list[OperationalGoal]:
    return list(
        OperationalGoal.objects.filter(organisation_links__organisation=organisation)
        .exclude(status=OperationalGoal.Status.ARCHIVED)
        .select_related("strategic_goal__theme")
        .distinct()
        .order_by("code")
    )


def my_goals(organisation, today: dt.date | None = None) -> dict:
    """The partner's goals with, for the reporting quarter, the state of its update."""
    quarter = reporting_quarter(today)
    goals = partner_goals(organisation)
    updates: dict[int, ProgressUpdate] = {}
    for u in ProgressUpdate.objects.filter(organisation=organisation, period=str(quarter)).order_by(
        "revision"
    ):
        updates[u.goal_id] = u
    rows = [(g, updates.get(g.pk)) for g in goals]
    return {
        "quarter": quarter,
        "deadline": deadline(quarter),
        "rows": rows,
        "due": [
            g
            for g, u in rows
            if u is None
            or u.status in (ProgressUpdate.Status.DRAFT, ProgressUpdate.Status.RETURNED)
        ],
        "recent": ProgressUpdate.objects.filter(organisation=organisation)
        .select_related("goal")
        .order_by("-updated_at")[:20],
        # Reviews of the last 30 days: a note per returned (with the reason) or approved update.
        "reviewed": ProgressUpdate.objects.filter(
            organisation=organisation,
            status__in=[ProgressUpdate.Status.RETURNED, ProgressUpdate.Status.APPROVED],
            updated_at__gte=timezone.now() - dt.timedelta(days=30),
        )
        .select_related("goal")
        .order_by("-updated_at")[:10],
    }


def review_queue():
    return (
        ProgressUpdate.objects.filter(status=ProgressUpdate.Status.SUBMITTED)
        .select_related("goal", "organisation", "created_by")
        .order_by("submitted_at")
    )


def public_updates() -> QuerySet[ProgressUpdate]:
    """Return the updates anyone may read: the approved ones (goal pages, dashboard, report)."""
    return ProgressUpdate.objects.filter(status=APPROVED)


def updates_visible_to(user) -> QuerySet[ProgressUpdate]:
    """Return the progress updates `user` may read: the one rule for pages, API and exports.

    Approved updates are public (their narratives are on the goal pages and in the report).
    A partner also sees its own organisation's drafts, submissions and returned updates; the
    programme team sees every update.
    """
    if can_review(user):
        return ProgressUpdate.objects.all()
    if is_reporting_partner(user):
        own = Q(organisation_id=user.organisation_id)
        return ProgressUpdate.objects.filter(Q(status=APPROVED) | own)
    return public_updates()


def update_detail(pk: int, *, user) -> ProgressUpdate:
    """Return one update with what its page shows; 404 when `user` may not read it."""
    update = (
        updates_visible_to(user)
        .filter(pk=pk)
        .select_related(
            "goal__strategic_goal__theme", "organisation", "created_by", "approved_by", "previous"
        )
        .prefetch_related(
            Prefetch(
                "figures", queryset=UpdateFigure.objects.select_related("kpi", "municipality")
            ),
            "evidence",
            Prefetch("transitions", queryset=UpdateTransition.objects.select_related("by")),
        )
        .first()
    )
    if update is None:
        raise Http404
    return update


def due_partners(quarter: Period):
    """(goal, organisation) pairs that owe an update for the quarter and have not submitted one."""
    done = set(
        ProgressUpdate.objects.filter(period=str(quarter))
        .filter(Q(status=ProgressUpdate.Status.SUBMITTED) | Q(status=APPROVED))
        .values_list("goal_id", "organisation_id")
    )
    links = GoalOrganisation.objects.exclude(
        goal__status=OperationalGoal.Status.ARCHIVED
    ).select_related("goal", "organisation")
    return [
        (link.goal, link.organisation)
        for link in links
        if (link.goal_id, link.organisation_id) not in done
    ]


def figures_queryset():
    return Figure.objects.select_related("kpi", "municipality", "entered_by").order_by(
        "kpi__code", "-period", "municipality__name"
    )


@dataclass
class SeriesPoint:
    period: str
    municipality: Municipality | None
    value: Decimal
    milestone: trajectory.Milestone | None
    light: str


def kpi_series(
    kpi: Kpi,
    *,
    municipality: Municipality | None = None,
    level: str = "alle",
    since: Period | None = None,
    until: Period | None = None,
) -> tuple[trajectory.Baseline | None, list[SeriesPoint]]:
    """A KPI's values over periods (Drenthe and per municipality), each with the milestone of
    its year and the verdict. Each place's path starts at the KPI's baseline, or else at that
    place's own first value. Queries: a fixed number, whatever the number of values."""
    index = FigureIndex.for_kpis([kpi])
    periods = [
        p
        for p in index.periods(kpi)
        if (since is None or Period.parse(p).start >= since.start)
        and (until is None or Period.parse(p).end <= until.end)
    ]
    places: list[Municipality | None] = []
    if level in ("alle", "drenthe") and municipality is None:
        places.append(None)
    if level in ("alle", "gemeenten") and kpi.level == Kpi.Level.MUNICIPALITY:
        found = Municipality.objects.order_by("name")
        places.extend([municipality] if municipality is not None else found)
    drenthe_series = [(p, v) for p in index.periods(kpi) if (v := index.value(kpi, p)) is not None]
    drenthe_base = trajectory.baseline_of(kpi, drenthe_series)
    points = []
    for place in places:
        pk = getattr(place, "pk", None)
        full = [(p, v) for p in index.periods(kpi) if (v := index.value(kpi, p, pk)) is not None]
        base = drenthe_base if place is None else trajectory.baseline_of(kpi, full)
        values = dict(full)
        for period in periods:
            if (value := values.get(period)) is None:
                continue
            milestone, light = trajectory.judge(kpi, value, Period.parse(period).year, base)
            points.append(SeriesPoint(period, place, value, milestone, light))
    return drenthe_base, points


def figures_waiting(limit: int = 500) -> dict:
    """Figures 'te beoordelen', each with the approved value of the period before, in a
    fixed number of queries."""
    waiting = list(
        Figure.objects.filter(status=Figure.Status.PENDING)
        .select_related("kpi", "municipality")
        .order_by("kpi__code", "municipality__name", "period")[:limit]
    )
    approved: dict[tuple, list[tuple[str, Decimal]]] = defaultdict(list)
    for kpi_id, municipality_id, period, value in (
        Figure.objects.filter(status=Figure.Status.APPROVED, kpi_id__in={f.kpi_id for f in waiting})
        .order_by("period")
        .values_list("kpi_id", "municipality_id", "period", "value")
    ):
        approved[(kpi_id, municipality_id)].append((period, value))
    rows = []
    for f in waiting:
        earlier = [v for p, v in approved[(f.kpi_id, f.municipality_id)] if p < f.period]
        rows.append((f, earlier[-1] if earlier else None))
    return {
        "rows": rows,
        "total": Figure.objects.filter(status=Figure.Status.PENDING).count(),
        "outliers": sum(1 for f, _p in rows if f.is_outlier),
    }
