"""What participation puts on the pages of lower apps (core.slots), filled in ready()."""

from django.template.loader import render_to_string

from core import slots
from regioplan.selectors import plan_get

from . import selectors
from .models import ParticipationMoment


def participation_block(goal=None, theme=None) -> str:
    """'Wat is er met uw inbreng gedaan' and the phases residents were involved in (2 queries)."""
    if goal is not None:
        phases = selectors.phases_for_goals([goal.pk]).get(goal.pk, [])
    else:
        ids = list(
            ParticipationMoment.objects.filter(goal__strategic_goal__theme=theme)
            .values_list("phase", flat=True)
            .distinct()
        )
        phases = [p for p in ParticipationMoment.Phase.values if p in ids]
    labels = dict(ParticipationMoment.Phase.choices)
    return render_to_string(
        "participatie/_on_plan_page.html",
        {
            "goal": goal,
            "theme": theme,
            "inputs": selectors.published_inputs(goal=goal, theme=theme),
            "phases": [labels[p] for p in phases],
        },
    )


def participation_kpi() -> str:
    """The participation KPI for the dashboard: goals with resident involvement per phase."""
    return render_to_string(
        "participatie/_kpi.html", {"kpi": selectors.involvement_kpi(plan_get())}
    )


def fill_slots() -> None:
    slots.fill("goal", "participatie", lambda goal: participation_block(goal=goal))
    slots.fill("theme", "participatie", lambda theme: participation_block(theme=theme))
    slots.fill("dashboard", "participatie", participation_kpi)
