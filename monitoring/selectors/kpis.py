"""Reads of KPI values: the figure index (raw, Drenthe totals, computed), KPI rows and series.

Every function gathers its data in a fixed number of queries and computes in Python, so
pages stay flat however many figures there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from audit.models import ChangeRecord
from regioplan.models import (
    Municipality,
    OperationalGoal,
)

from .. import trajectory
from ..models import Figure, Kpi, KpiTarget
from ..periods import Period, cutoff


@lru_cache(maxsize=4096)
def period_key(period: str) -> Period:
    """A period id's sort key (parsed once per process: ids repeat across KPIs and pages)."""
    return Period.parse(period)


class IndexedFigure:
    """What the index keeps of a figure (a row, not a model instance)."""

    __slots__ = ("pk", "kpi_id", "period", "municipality_id", "value", "is_demo")

    def __init__(self, pk, kpi_id, period, municipality_id, value, is_demo):
        self.pk, self.kpi_id, self.period = pk, kpi_id, period
        self.municipality_id, self.value, self.is_demo = municipality_id, value, is_demo


class FigureIndex:
    """Approved figures of some KPIs, with Drenthe totals and computed indicators derived."""

    def __init__(self, kpis: list[Kpi], figures):
        self.kpis = {k.pk: k for k in kpis}
        self.raw: dict[tuple[int, str, int | None], Decimal] = {}
        self.flags: dict[tuple[int, str, int | None], Figure] = {}
        self.demo_kpis: set[int] = set()  # KPIs with at least one demo figure
        # Municipal values per (KPI, period) and periods per KPI, so that a Drenthe total or a
        # KPI's periods cost the rows of that KPI, not a scan of every figure (100x data).
        self.municipal: dict[tuple[int, str], dict[int, Decimal]] = {}
        self.kpi_periods: dict[int, set[str]] = {}
        self._periods: dict[int, list[str]] = {}  # periods(), sorted once per KPI
        for f in figures:
            if f.is_demo:
                self.demo_kpis.add(f.kpi_id)
            key = (f.kpi_id, f.period, f.municipality_id)
            self.raw[key] = f.value
            self.flags[key] = f
            self.kpi_periods.setdefault(f.kpi_id, set()).add(f.period)
            if f.municipality_id is not None:
                self.municipal.setdefault((f.kpi_id, f.period), {})[f.municipality_id] = f.value

    @classmethod
    def for_kpis(
        cls, kpis: list[Kpi], *, until: Period | None = None, as_of: dt.datetime | None = None
    ) -> FigureIndex:
        """Load the figures of these KPIs and everything they are computed or weighted from.

        With `until` (a quarter), only figures whose period has ended by the end of that
        quarter; with `as_of` (the quarter's cut-off), the figures as they stood then: approved
        before it, with the value they had before any later correction. A quarter's report is
        a closed book, whatever was approved or corrected later. Two queries more, at most.
        """
        wanted = {k.pk for k in kpis}
        for k in kpis:
            wanted |= {pk for pk in (k.numerator_id, k.denominator_id, k.weight_id) if pk}
        extra = list(Kpi.objects.filter(pk__in=wanted - {k.pk for k in kpis}))
        rows = (
            (Figure.objects.public().approved_by(as_of) if as_of else Figure.objects.public())
            .filter(kpi_id__in=wanted)
            .values_list(*IndexedFigure.__slots__)
        )
        # Tuples, not model instances: at 100x data a dashboard loads tens of thousands.
        figures = [IndexedFigure(*row) for row in rows]
        limit = until.end if until is not None else None
        ends: dict[str, bool] = {}  # whether a period has ended: decided once per period

        def ended(f) -> bool:
            done = ends.get(f.period)
            if done is None:
                done = ends[f.period] = period_key(f.period).end <= limit
            return done

        if until is not None:
            figures = [f for f in figures if ended(f)]
        if as_of is not None:
            figures = [*figures, *deleted_since(as_of, wanted)]
            if until is not None:
                figures = [f for f in figures if ended(f)]
            before = values_before(as_of)
            for f in figures:
                if f.pk in before:
                    f.value = before[f.pk]
        return cls([*kpis, *extra], figures)

    def periods(self, kpi: Kpi) -> list[str]:
        """The KPI's periods in order (sorted once per KPI: pages ask again and again)."""
        if kpi.pk not in self._periods:
            ids = {kpi.pk, kpi.numerator_id, kpi.denominator_id} - {None}
            found = set().union(*(self.kpi_periods.get(k, ()) for k in ids))
            self._periods[kpi.pk] = sorted(found, key=period_key)
        return list(self._periods[kpi.pk])

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
        municipal = self.municipal.get((kpi.pk, period), {})
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


def deleted_since(moment: dt.datetime, kpi_ids: set[int] | None = None) -> list[Figure]:
    """Figures (of these KPIs, else all) that were public at `moment` and deleted since
    (through the admin, which records every field), rebuilt from their deletion records."""
    records = ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(Figure),
        action=ChangeRecord.Action.DELETE,
        created_at__gte=moment,
        changes__has_key="kpi",
    ).values_list("object_id", "changes")
    found = []
    for object_id, changes in records:
        was = {name: pair[0] for name, pair in changes.items() if isinstance(pair, list)}
        approved = parse_datetime(str(was.get("approved_at") or was.get("entered_at") or ""))
        if (
            (kpi_ids is not None and was.get("kpi") not in kpi_ids)
            or was.get("neighbourhood") is not None  # a wijk figure: never in these numbers
            or was.get("status") != Figure.Status.APPROVED
            or approved is None
            or approved >= moment
        ):
            continue
        found.append(
            Figure(
                pk=object_id,
                kpi_id=was["kpi"],
                period=was["period"],
                municipality_id=was.get("municipality"),
                value=Decimal(str(was["value"])),
                origin=was.get("origin", ""),
                source_note=was.get("source_note", ""),
                is_outlier=bool(was.get("is_outlier")),
                is_demo=bool(was.get("is_demo")),
                status=Figure.Status.APPROVED,
            )
        )
    return found


def values_before(moment: dt.datetime) -> dict[int, Decimal]:
    """Figure id -> the value it had at `moment`, for figures corrected since (one query).

    A correction is a change record with the old and the new value; the earliest one after
    the moment holds the value the figure had then."""
    records = (
        ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(Figure),
            action=ChangeRecord.Action.UPDATE,
            created_at__gte=moment,
            changes__has_key="value",
        )
        .order_by("-created_at", "-pk")
        .values_list("object_id", "changes")
    )
    found: dict[int, Decimal] = {}
    for object_id, changes in records:  # newest first: the earliest one is written last
        old = changes["value"][0]
        if old is not None:
            found[object_id] = Decimal(str(old))
    return found


def target_for(kpi: Kpi, year: int) -> KpiTarget | None:
    """The target of the year, or else the nearest later one."""
    targets = sorted(kpi.targets.all(), key=lambda t: t.year)
    for t in targets:
        if t.year >= year:
            return t
    return targets[-1] if targets else None


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
    kpis: list[Kpi],
    index: FigureIndex | None = None,
    *,
    until: Period | None = None,
    later_corrections: bool = False,
) -> list[KpiRow]:
    """Baseline, target, latest actual and trend for each KPI (Drenthe level). With `until` (a
    quarter): figures up to its end, as they stood at its cut-off, unless `later_corrections`
    asks for today's values."""
    as_of = cutoff(until) if until is not None and not later_corrections else None
    index = index or FigureIndex.for_kpis(kpis, until=until, as_of=as_of)
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
    """The plan's public KPIs that are linked to a goal, without a DISTINCT over the wide
    join: the goal link is a semi-join (`pk IN (...)`)."""
    linked = Kpi.goals.through.objects.values("kpi_id")
    return list(kpis_queryset(Kpi.objects.public()).filter(pk__in=linked).order_by("code"))


def kpis_queryset(kpis: QuerySet[Kpi] | None = None) -> QuerySet[Kpi]:
    """KPIs (the given ones, else all) with what tables and pages show of them."""
    return (
        (Kpi.objects.all() if kpis is None else kpis)
        .select_related("owner", "numerator", "denominator", "weight")
        .prefetch_related(
            "targets",
            Prefetch(
                "goals", queryset=OperationalGoal.objects.only("code", "title", "strategic_goal_id")
            ),
        )
    )


def kpi_detail(code: str, *, user) -> Kpi:
    """Return one KPI `user` may read; 404 otherwise."""
    kpi = kpis_queryset(Kpi.objects.visible_to(user)).filter(code=code).first()
    if kpi is None:
        raise Http404
    return kpi


@dataclass
class SeriesPoint:
    period: str
    municipality: Municipality | None
    value: Decimal | None
    milestone: trajectory.Milestone | None
    light: str
    wijk: object = None  # a Neighbourhood for a wijk's point
    suppressed: bool = False  # a small count in a wijk, not public (value None)


def kpi_series(
    kpi: Kpi,
    *,
    municipality: Municipality | None = None,
    level: str = "alle",
    since: Period | None = None,
    until: Period | None = None,
    public: bool = True,
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
    if level == "wijken":
        return drenthe_base, _wijk_series(kpi, municipality, since, until, public=public)
    points = []
    milestones: dict = {}  # (year, baseline) -> milestone: the same for many points
    for place in places:
        pk = getattr(place, "pk", None)
        full = [(p, v) for p in index.periods(kpi) if (v := index.value(kpi, p, pk)) is not None]
        base = drenthe_base if place is None else trajectory.baseline_of(kpi, full)
        values = dict(full)
        for period in periods:
            if (value := values.get(period)) is None:
                continue
            year = period_key(period).year
            if (year, base) not in milestones:
                milestones[(year, base)] = trajectory.milestone_for(kpi, year, base)
            milestone = milestones[(year, base)]
            points.append(
                SeriesPoint(
                    period, place, value, milestone, trajectory.verdict(kpi, value, milestone)
                )
            )
    return drenthe_base, points


def _wijk_series(kpi, municipality, since, until, *, public: bool) -> list[SeriesPoint]:
    """The wijken's points of a KPI (of one municipality, or all): each wijk judged on its own
    path; small counts without their value for the public. One query."""
    figures = Figure.all_levels.public() if public else Figure.all_levels.visible_to_team()
    figures = figures.filter(kpi=kpi, neighbourhood__isnull=False)
    if municipality is not None:
        figures = figures.filter(municipality=municipality)
    by_wijk: dict = {}
    for f in figures.select_related("neighbourhood", "municipality", "kpi"):
        by_wijk.setdefault(f.neighbourhood_id, []).append(f)
    points = []
    for rows in sorted(by_wijk.values(), key=lambda r: r[0].neighbourhood.cbs_code):
        rows.sort(key=lambda f: Period.parse(f.period))
        base = trajectory.baseline_of(kpi, [(f.period, f.value) for f in rows])
        for f in rows:
            p = Period.parse(f.period)
            if (since is not None and p.start < since.start) or (
                until is not None and p.end > until.end
            ):
                continue
            hidden = public and f.suppressed
            milestone, light = trajectory.judge(kpi, None if hidden else f.value, p.year, base)
            points.append(
                SeriesPoint(
                    f.period,
                    f.municipality,
                    None if hidden else f.value,
                    milestone,
                    light,
                    wijk=f.neighbourhood,
                    suppressed=hidden,
                )
            )
    return points
