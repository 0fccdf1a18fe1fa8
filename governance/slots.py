"""What governance puts on the pages of lower apps (core.slots), filled in ready(): the
selected stories and lessons beside a goal's numbers, and on the dashboard the pulse, the
stories per domain and the board's open actions."""

from django.conf import settings
from django.template.loader import render_to_string

from core import slots
from core.periods import last_closed_quarter

from . import selectors
from .models import PULSE_STATEMENTS, Lesson


def goal_block(goal) -> str:
    return render_to_string(
        "governance/_on_goal_page.html",
        {
            "goal": goal,
            "stories": list(selectors.selected_stories(goal=goal)[:5]),
            "lessons": list(Lesson.objects.filter(goals=goal)[:5]),
        },
    )


def dashboard_block() -> str:
    quarter = last_closed_quarter()
    return render_to_string(
        "governance/_on_dashboard.html",
        {
            "quarter": quarter,
            "counts": selectors.story_counts(),
            "stories": list(selectors.selected_stories()[:3]),
            "trend": selectors.pulse_trend(quarter),
            "statements": PULSE_STATEMENTS,
            "min_respondents": settings.PULSE_MIN_RESPONDENTS,
            "decisions": selectors.decisions_for_report(quarter),
        },
    )


def fill_slots() -> None:
    slots.fill("goal", "governance", goal_block)
    slots.fill("dashboard", "governance", dashboard_block)
