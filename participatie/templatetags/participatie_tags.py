from django import template

from participatie import selectors
from participatie.models import ParticipationMoment

register = template.Library()


@register.inclusion_tag("participatie/_on_plan_page.html")
def participation_block(goal=None, theme=None):
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
    return {
        "goal": goal,
        "theme": theme,
        "inputs": selectors.published_inputs(goal=goal, theme=theme),
        "phases": [labels[p] for p in phases],
    }


@register.inclusion_tag("participatie/_kpi.html")
def participation_kpi():
    """The participation KPI for the dashboard: goals with resident involvement per phase."""
    from regioplan.selectors import plan_get

    return {"kpi": selectors.involvement_kpi(plan_get())}
