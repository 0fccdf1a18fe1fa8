"""The quarterly report's governance sections: "Verhalen van verandering",
"Samenwerkingsproces", "Besluiten en acties" and "Wat hebben we geleerd". Registered with
monitoring.reporting.data in GovernanceConfig.ready(); the report shows them by key
("governance"). As the quarter's book closed: what came after the cut-off waits for the
next report."""

from __future__ import annotations

from collections import defaultdict

from core.periods import Period, cutoff

from . import selectors
from .models import PULSE_STATEMENTS, Lesson, Story


def report_sections(plan, quarter: Period, agreement: str | None = None) -> dict:
    closes, opened = cutoff(quarter), cutoff(quarter.previous())
    # The stories the board selected since the previous report's cut-off (MSC: a quarter's
    # stories are selected after it; the next report feeds the selection back).
    stories = Story.objects.published().filter(
        selected_at__lt=closes, selected_at__gte=opened, published_at__lt=closes
    )
    if agreement:
        stories = stories.filter(goal__agreements__code=agreement)
    stories = list(
        stories.select_related("goal__strategic_goal__theme", "organisation").order_by(
            "goal__code", "pk"
        )
    )
    by_goal = defaultdict(list)
    for story in stories:
        by_goal[story.goal_id].append(story)
    return {
        "stories": stories,
        "stories_by_goal": dict(by_goal),
        "story_counts": selectors.story_counts(str(quarter)),
        "pulse": selectors.pulse_trend(quarter, as_of=closes),
        "statements": PULSE_STATEMENTS,
        "decisions": selectors.decisions_for_report(quarter),
        "lessons": list(
            Lesson.objects.filter(quarter=str(quarter), created_at__lt=closes).prefetch_related(
                "goals"
            )
        ),
    }
