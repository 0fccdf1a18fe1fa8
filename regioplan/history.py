"""Snapshots of plan objects, for their change records."""

from __future__ import annotations

from typing import Any

from .models import GoalOrganisation, OperationalGoal

GOAL_SCALAR_FIELDS = (
    "code",
    "kind",
    "status",
    "title",
    "text",
    "bullets",
    "target_year",
    "target_year_undecided",
    "incomplete_in_source",
    "source_note",
    "initiatives_note",
    "initiators_note",
    "track",
)


def goal_snapshot(goal: OperationalGoal) -> dict[str, Any]:
    """Return the goal's editable state as JSON-able values (relations as sorted labels)."""
    snap: dict[str, Any] = {field: getattr(goal, field) for field in GOAL_SCALAR_FIELDS}
    snap["strategic_goal"] = goal.strategic_goal.code
    snap["priority_themes"] = sorted(pt.slug for pt in goal.priority_themes.all())
    snap["related_goals"] = sorted(g.code for g in goal.related_goals.all())
    snap["related_strategic_goals"] = sorted(sg.code for sg in goal.related_strategic_goals.all())
    snap["initiatives"] = sorted(i.name for i in goal.initiatives.all())
    snap["agreements"] = sorted(a.code for a in goal.agreements.all())
    snap["organisations"] = sorted(
        f"{link.organisation.name} ({link.role})"
        for link in GoalOrganisation.objects.filter(goal=goal)
        .open()
        .filter(status=GoalOrganisation.Status.ACCEPTED)
        .select_related("organisation")
    )
    return snap


ORGANISATION_FIELDS = ("name", "sector", "coalition", "is_generic", "municipality", "archived")
INITIATIVE_FIELDS = ("name", "description", "archived")
