"""What a quarter's report contains, in a fixed number of queries. Only approved data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from regioplan.models import (
    Agreement,
    GoalOrganisation,
    Municipality,
    OperationalGoal,
    Organisation,
    Plan,
)

from .. import trajectory
from ..charts import attach_line_charts
from ..maps import kpi_map, wijk_map
from ..models import Kpi, ProgressUpdate
from ..periods import Period, cutoff, deadline
from ..selectors.dashboard import (
    GAP,
    ROLLUP_STEP,
    STATUS_LABELS,
    GoalVoices,
    dashboard,
    latest_status_per_goal,
)
from ..selectors.duties import DutyBook, closed_duty_book, duty_book
from ..selectors.kpis import FigureIndex, kpi_rows, plan_kpis
from ..selectors.wijken import wijk_table
from .cutoff import after_cutoff, differences

# Sections that apps above monitoring add to the report (participatie's "what residents
# said"), registered in their AppConfig.ready(); the template shows them by key.
_SECTIONS: dict[str, Callable[..., object]] = {}


def register_section(key: str, build: Callable[..., object]) -> None:
    """Add (or replace) a report section: `build(plan, quarter, agreement=None)` returns its
    data (`agreement`: the code of the agreement a report is for, or None)."""
    _SECTIONS[key] = build


# The same for the municipality profile: `build(plan, quarter, municipality)`.
_PROFILE_SECTIONS: dict[str, Callable[[Plan, Period, Municipality], object]] = {}


def register_profile_section(
    key: str, build: Callable[[Plan, Period, Municipality], object]
) -> None:
    _PROFILE_SECTIONS[key] = build


def profile_data(plan: Plan, quarter: Period, municipality: Municipality) -> dict:
    """A municipality profile for the aldermen on the board: the municipality's KPIs against
    Drenthe and its own path, the organisations from the municipality that carry goals, and
    what apps above add (residents' initiatives). Closed book: figures up to the quarter."""
    prepared = municipal_index(quarter)
    rows = municipal_rows(quarter, [municipality], prepared=prepared)[municipality.pk]
    kpis, index = prepared
    everyone = list(Municipality.objects.order_by("name"))
    kpi_maps = [
        m
        for k in kpis
        if (m := kpi_map(k, index, everyone, highlight=municipality.cbs_code, width=340))
    ]
    wijken = []
    for k in kpis:
        period, table = wijk_table(
            k, municipality, until=quarter, as_of=cutoff(quarter)
        )  # public: small counts suppressed
        if table:
            wijken.append((k, period, table, wijk_map(k, municipality, period, table, width=340)))
    counts = defaultdict(int)
    for r in rows:
        counts[r.light or "none"] += 1
    return {
        "plan": plan,
        "quarter": quarter,
        "municipality": municipality,
        "m": municipality,
        "rows": rows,
        "kpi_maps": kpi_maps,
        "wijken": wijken,
        "counts": dict(counts),
        "carriers": municipality_organisations(municipality, quarter),
        "has_demo": any(r.is_demo for r in rows),
        **{key: build(plan, quarter, municipality) for key, build in _PROFILE_SECTIONS.items()},
    }


def municipality_organisations(municipality: Municipality, quarter: Period) -> list[tuple]:
    """The organisations of the municipality, each with the goals it leads or partners in
    `quarter` and those the plan names it for: [(organisation, [(goal, role label)])]."""
    q = str(quarter)
    organisations = list(Organisation.objects.public().filter(municipality=municipality))
    links = (
        GoalOrganisation.objects.filter(organisation__in=organisations, goal__isnull=False)
        .exclude(goal__status=OperationalGoal.Status.ARCHIVED)
        .filter(
            Q(role=GoalOrganisation.Role.POTENTIAL_INITIATOR)
            | Q(pk__in=GoalOrganisation.objects.reporting(q).values("pk"))
        )
        .select_related("goal")
        .order_by("goal__code", "role")
    )
    goals: dict = defaultdict(list)
    for link in links:
        goals[link.organisation_id].append((link.goal, link.get_role_display().lower()))
    return [(org, goals[org.pk]) for org in organisations]


@dataclass
class GoalSection:
    goal: OperationalGoal
    status: str
    narrative: ProgressUpdate | None
    leads: list  # organisations leading the goal in the quarter
    partners: list  # organisations partnering in it
    kpi_rows: list
    voices: GoalVoices | None = None  # every partner's update in this quarter
    previous_status: str = GAP

    @property
    def trend(self) -> str:
        """'↑' better than last quarter, '↓' worse, '→' the same status, '↔' another status on
        the same step (it is in the change table too), '' when either is missing."""
        now = ROLLUP_STEP.get(self.status)
        before = ROLLUP_STEP.get(self.previous_status)
        if now is None or before is None:
            return ""
        if now == before:
            return "→" if self.status == self.previous_status else "↔"
        return "↑" if now < before else "↓"


def _sections(
    plan: Plan,
    quarter: Period,
    duties: DutyBook,
    *,
    later_corrections: bool,
    agreement: str | None = None,
) -> list[GoalSection]:
    """One section per current goal: its status, voices, narrative, partners and KPI rows, as
    the quarter's book was closed (its cut-off), or as it is today (`later_corrections`)."""
    as_of = None if later_corrections else cutoff(quarter)
    goals = (
        OperationalGoal.objects.filter(plan=plan)
        .exclude(status=OperationalGoal.Status.ARCHIVED)
        .select_related("strategic_goal__theme")
        .order_by("code")
    )
    if agreement:
        goals = goals.filter(agreements__code=agreement)
    both = latest_status_per_goal([str(quarter), str(quarter.previous())], as_of=as_of)
    voices = {goal_id: v for (goal_id, p), v in both.items() if p == str(quarter)}
    before = {goal_id: v.progress for (goal_id, p), v in both.items() if p != str(quarter)}
    latest, book = _latest_narratives(quarter, as_of), duties
    rows = _kpi_rows_by_goal(quarter, later_corrections=later_corrections)
    return [
        GoalSection(
            g,
            voices[g.pk].progress if g.pk in voices else GAP,
            latest.get(g.pk),
            book.leads.get(g.pk, []),
            book.partners.get(g.pk, []),
            rows[g.pk],
            voices.get(g.pk),
            before.get(g.pk, GAP),
        )
        for g in goals
    ]


def report_data(
    plan: Plan,
    quarter: Period,
    *,
    later_corrections: bool = False,
    agreement: Agreement | None = None,
) -> dict:
    """Everything the report shows, in a fixed number of queries. Only approved data.

    By default the quarter's book as it was closed: what was approved or corrected after the
    cut-off is listed ('na de termijn') but changes no number, status or narrative, so every
    rebuild gives the same report. With `later_corrections` the report shows today's data and
    lists every difference from the closed book, with the value the closed book showed. With
    an `agreement` (IZA, GALA, ...) the same report for that agreement's goals only."""
    code = agreement.code if agreement else None
    duties = duty_book(
        quarter, as_of=None if later_corrections else cutoff(quarter), agreement=code
    )
    sections = _sections(plan, quarter, duties, later_corrections=later_corrections, agreement=code)
    has_demo = any(r.is_demo for s in sections for r in s.kpi_rows) or any(
        u.is_demo for s in sections if s.voices for u in s.voices.updates
    )
    return {
        "plan": plan,
        "quarter": quarter,
        "has_demo": has_demo,
        "later_corrections": later_corrections,
        "agreement": agreement,
        "summary": dashboard(plan, quarter, later_corrections=later_corrections, agreement=code),
        "briefing": _briefing(quarter, sections, duties),
        "duties": duties,
        "cutoff": deadline(quarter),
        "after_cutoff": after_cutoff(quarter),
        "differences": (
            differences(
                sections,
                _sections(plan, quarter, closed_duty_book(quarter), later_corrections=False),
            )
            if later_corrections
            else []
        ),
        **dict(
            zip(
                ("municipalities", "kpi_maps"),
                _annex(quarter, later_corrections=later_corrections),
                strict=True,
            )
        ),
        "themes": _by_theme(sections),
        "status_labels": STATUS_LABELS,
        **{key: build(plan, quarter, agreement=code) for key, build in _SECTIONS.items()},
    }


def _briefing(quarter: Period, sections: list[GoalSection], duties: DutyBook) -> dict:
    """What the board can act on: KPIs off their trajectory, the reports owed that are missing
    or came late (selectors.duties), and the questions partners put to the board."""
    seen, off_track = set(), []
    for section in sections:
        for row in section.kpi_rows:
            if row.light in ("amber", "red") and row.kpi.pk not in seen:
                seen.add(row.kpi.pk)
                off_track.append(row)
    off_track.sort(key=lambda r: (r.light != "red", r.kpi.name))
    questions = [
        (section.goal, u)
        for section in sections
        if section.voices
        for u in section.voices.updates
        if u.board_question.strip()
    ]
    return {
        "off_track": off_track,
        "missing": duties.missing,
        "late": duties.late,
        "deadline": duties.deadline,
        "questions": questions,
    }


@dataclass
class MunicipalRow:
    kpi: object
    period: str | None
    value: object
    drenthe: object
    milestone: object
    light: str
    is_demo: bool

    @property
    def verdict_label(self) -> str:
        return str(trajectory.VERDICTS[self.light])


def municipal_index(quarter: Period, *, later_corrections: bool = False) -> tuple:
    """The plan's municipal KPIs (by name) and their figures up to the quarter, as the book
    was closed unless `later_corrections`: (kpis, FigureIndex)."""
    kpis = sorted(
        (k for k in plan_kpis() if k.level == Kpi.Level.MUNICIPALITY),
        key=lambda k: k.name,
    )
    as_of = None if later_corrections else cutoff(quarter)
    return kpis, FigureIndex.for_kpis(kpis, until=quarter, as_of=as_of)


def municipal_rows(
    quarter: Period,
    municipalities,
    *,
    later_corrections: bool = False,
    prepared: tuple | None = None,
) -> dict[int, list[MunicipalRow]]:
    """Per municipality: each municipal KPI's latest value up to the quarter, the Drenthe
    value of the same period, and the verdict against the municipality's own path (from its
    own first value, or the KPI's baseline) to the KPI's targets. A fixed number of queries
    (none with `prepared`, the result of municipal_index)."""
    kpis, index = prepared or municipal_index(quarter, later_corrections=later_corrections)
    out: dict[int, list[MunicipalRow]] = {}
    for m in municipalities:
        rows = []
        for kpi in kpis:
            series = [
                (p, v) for p in index.periods(kpi) if (v := index.value(kpi, p, m.pk)) is not None
            ]
            if not series:
                rows.append(MunicipalRow(kpi, None, None, None, None, "", False))
                continue
            period, value = series[-1]
            milestone, light = trajectory.judge(
                kpi, value, Period.parse(period).year, trajectory.baseline_of(kpi, series)
            )
            flag = index.flags.get((kpi.pk, period, m.pk))
            rows.append(
                MunicipalRow(
                    kpi,
                    period,
                    value,
                    index.value(kpi, period),
                    milestone,
                    light,
                    bool(flag and flag.is_demo),
                )
            )
        out[m.pk] = rows
    return out


def _annex(quarter: Period, *, later_corrections: bool = False) -> tuple[list, list]:
    """The twelve municipalities' tables and, per municipal KPI, its maps of Drenthe."""
    municipalities = list(Municipality.objects.order_by("name"))
    prepared = municipal_index(quarter, later_corrections=later_corrections)
    rows = municipal_rows(quarter, municipalities, prepared=prepared)
    kpis, index = prepared
    kpi_maps = [m for k in kpis if (m := kpi_map(k, index, municipalities, width=340))]
    return [(m, rows[m.pk]) for m in municipalities], kpi_maps


def _latest_narratives(quarter: Period, as_of=None) -> dict[int, ProgressUpdate]:
    """The latest approved narrative per goal up to this quarter (the last one wins), approved
    before `as_of` when given."""
    latest: dict[int, ProgressUpdate] = {}
    updates = (
        ProgressUpdate.objects.approved_by(as_of) if as_of else ProgressUpdate.objects.public()
    ).filter(period__lte=str(quarter))
    for u in updates.select_related("organisation").order_by("period", "approved_at", "pk"):
        latest[u.goal_id] = u
    return latest


def _kpi_rows_by_goal(quarter: Period, *, later_corrections: bool = False) -> dict[int, list]:
    kpis = plan_kpis()
    rows_by_goal = defaultdict(list)
    # Nothing from after the quarter; as the book was closed, unless later corrections.
    rows = kpi_rows(kpis, until=quarter, later_corrections=later_corrections)
    for row in attach_line_charts(rows, width=420, height=190):
        for goal in row.kpi.goals.all():
            rows_by_goal[goal.pk].append(row)
    return rows_by_goal


def _by_theme(sections: list[GoalSection]) -> list[dict]:
    """Nest the goal sections as theme → strategic goal → goals, in code order."""
    themes: list[dict] = []
    for section in sections:
        sg = section.goal.strategic_goal
        if not themes or themes[-1]["theme"] != sg.theme:
            themes.append({"theme": sg.theme, "strategic_goals": []})
        sgs = themes[-1]["strategic_goals"]
        if not sgs or sgs[-1]["sg"] != sg:
            sgs.append({"sg": sg, "goals": []})
        sgs[-1]["goals"].append(section)
    return themes
