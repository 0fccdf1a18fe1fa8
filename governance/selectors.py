"""Reads of the governance app: stories per quarter, the pulse in aggregate, the decisions
and their actions, and what we learned."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, Prefetch

from core.periods import Period, cutoff
from monitoring.models import ProgressUpdate
from monitoring.selectors.duties import closed_duty_book
from regioplan.models import Theme

from .models import Action, ActionUpdate, Decision, Lesson, PulseResponse, Story
from .services.pulse import NAMES


def selected_stories(quarter: str | None = None, *, goal=None):
    """Published stories the board selected, with the reason; newest quarter first."""
    stories = Story.objects.published().filter(selected_at__isnull=False)
    if quarter:
        stories = stories.filter(quarter=quarter)
    if goal is not None:
        stories = stories.filter(goal=goal)
    return stories.select_related("goal__strategic_goal__theme", "organisation")


def shortlist(quarter: str):
    """Per regio-opgave, the published stories of the quarter, shortlisted ones first."""
    stories = (
        Story.objects.published()
        .filter(quarter=quarter)
        .select_related("goal__strategic_goal__theme", "organisation")
        .order_by("goal__strategic_goal__theme__code", "-shortlisted_at", "pk")
    )
    by_theme: dict = defaultdict(list)
    for story in stories:
        by_theme[story.goal.strategic_goal.theme].append(story)
    return sorted(by_theme.items(), key=lambda pair: pair[0].code)


def story_counts(quarter: str | None = None) -> dict:
    """Published stories counted per domain and per regio-opgave (selected ones apart)."""
    stories = Story.objects.published()
    if quarter:
        stories = stories.filter(quarter=quarter)
    per_domain = Counter()
    per_theme = Counter()
    selected = Counter()
    for domain, theme, chosen in stories.values_list(
        "domain", "goal__strategic_goal__theme__code", "selected_at"
    ):
        per_domain[domain] += 1
        per_theme[theme] += 1
        if chosen:
            selected[domain] += 1
    labels = dict(Story.Domain.choices)
    return {
        "domains": [(labels[d], per_domain[d], selected[d]) for d in Story.Domain.values],
        "themes": sorted(per_theme.items()),
        "total": sum(per_domain.values()),
    }


@dataclass
class PulseRow:
    theme: Theme
    quarter: str
    respondents: int
    means: dict  # statement -> mean score (None while too few answered)

    @property
    def shown(self) -> bool:
        return self.respondents >= settings.PULSE_MIN_RESPONDENTS


def pulse_trend(
    until: Period, quarters: int = 4, *, as_of: dt.datetime | None = None
) -> list[tuple[Theme, list[PulseRow]]]:
    """Per regio-opgave the mean score per statement for the last `quarters` quarters up to
    `until`, only where at least PULSE_MIN_RESPONDENTS organisations answered (else the
    count only). Remarks are never part of it."""
    periods = [until]
    while len(periods) < quarters:
        periods.insert(0, periods[0].previous())
    names = [str(p) for p in periods]
    responses = PulseResponse.objects.filter(quarter__in=names)
    if as_of is not None:
        responses = responses.filter(created_at__lt=as_of)
    rows = responses.values("theme_id", "quarter").annotate(
        n=Count("organisation", distinct=True), **{n: Avg(n) for n in NAMES}
    )
    found = {(r["theme_id"], r["quarter"]): r for r in rows}
    out = []
    for theme in Theme.objects.order_by("code"):
        trend = []
        for q in names:
            r = found.get((theme.pk, q))
            n = r["n"] if r else 0
            means = (
                {name: round(float(r[name]), 1) for name in NAMES}
                if r and n >= settings.PULSE_MIN_RESPONDENTS
                else {}
            )
            trend.append(PulseRow(theme, q, n, means))
        out.append((theme, trend))
    return out


def decisions_for_report(quarter: Period):
    """What the board decided, and what became of it, as the quarter's book closed: every
    action still open at the cut-off, and those closed in the quarter or its reporting
    window. Overdue: open past its date at the cut-off."""
    closes = cutoff(quarter)
    since = dt.datetime.combine(quarter.start, dt.time.min, tzinfo=closes.tzinfo)
    updates = ActionUpdate.objects.filter(at__lt=closes).order_by("at", "pk")
    actions = (
        Action.objects.filter(decision__created_at__lt=closes)
        .select_related("decision", "owner")
        .prefetch_related(Prefetch("updates", queryset=updates, to_attr="known_updates"))
        .order_by("due", "pk")
    )
    rows, overdue = [], []
    for action in actions:
        last = action.known_updates[-1] if action.known_updates else None
        status = last.status if last else Action.Status.OPEN
        closed_at = last.at if last and status in Action.CLOSED else None
        if closed_at and closed_at < since:
            continue  # closed before this quarter: reported earlier
        row = {
            "action": action,
            "status": status,
            "status_label": Action.Status(status).label,
            "outcome": last.text if last else "",
            "overdue": status not in Action.CLOSED and action.due < closes.date(),
        }
        rows.append(row)
        if row["overdue"]:
            overdue.append(row)
    return {"rows": rows, "overdue": overdue}


def agenda(quarter: Period) -> dict:
    """The briefing the programme team prepares the board's agenda from: partners' questions,
    reports missing, goals without a trekker, overdue actions."""
    duties = closed_duty_book(quarter)
    return {
        "questions": ProgressUpdate.objects.public()
        .filter(period=str(quarter))
        .exclude(board_question="")
        .select_related("goal", "organisation")
        .order_by("goal__code"),
        "missing": duties.missing,
        "without_lead": duties.without_lead,
        "overdue": decisions_for_report(quarter)["overdue"],
    }


def board_question(pk: int):
    """An approved update whose question a decision answers, or None."""
    return ProgressUpdate.objects.public().exclude(board_question="").filter(pk=pk).first()


def pulse_answered(organisation, quarter: str) -> set[int]:
    """The regio-opgaven (ids) the organisation already answered the pulse for."""
    return set(
        PulseResponse.objects.filter(organisation=organisation, quarter=quarter).values_list(
            "theme_id", flat=True
        )
    )


def lessons(quarter: str | None = None):
    qs = Lesson.objects.prefetch_related("goals", "stories", "decisions")
    return qs.filter(quarter=quarter) if quarter else qs


def open_actions_for(organisation):
    return (
        Action.objects.filter(owner=organisation)
        .exclude(status__in=Action.CLOSED)
        .select_related("decision")
        .order_by("due")
    )


def decisions_list():
    return Decision.objects.prefetch_related(
        Prefetch("actions", queryset=Action.objects.select_related("owner")), "goals"
    )
