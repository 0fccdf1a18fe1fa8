"""Snapshots, diffs and change records: the history of plan objects."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from gezondemarke.lib.pagecache import bump_generation

from .models import ChangeRecord, GoalOrganisation, OperationalGoal

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
)


def fingerprint(values: dict[str, Any]) -> str:
    """Return a stable hash of a dict of JSON-able values."""
    blob = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def goal_snapshot(goal: OperationalGoal) -> dict[str, Any]:
    """Return the goal's editable state as JSON-able values (relations as sorted labels)."""
    snap: dict[str, Any] = {field: getattr(goal, field) for field in GOAL_SCALAR_FIELDS}
    snap["strategic_goal"] = goal.strategic_goal.code
    snap["priority_themes"] = sorted(pt.slug for pt in goal.priority_themes.all())
    snap["related_goals"] = sorted(g.code for g in goal.related_goals.all())
    snap["related_strategic_goals"] = sorted(sg.code for sg in goal.related_strategic_goals.all())
    snap["initiatives"] = sorted(i.name for i in goal.initiatives.all())
    snap["organisations"] = sorted(
        f"{link.organisation.name} ({link.role})"
        for link in GoalOrganisation.objects.filter(goal=goal).select_related("organisation")
    )
    return snap


def simple_snapshot(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    snap = {}
    for field in fields:
        value = getattr(obj, field)
        snap[field] = str(value) if isinstance(value, models.Model) else value
    return snap


ORGANISATION_FIELDS = ("name", "sector", "coalition", "is_generic", "municipality", "archived")
INITIATIVE_FIELDS = ("name", "description", "archived")


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [old, new]} for the fields that differ."""
    return {k: [before.get(k), after.get(k)] for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)}


def record_change(
    obj: models.Model,
    *,
    action: str,
    changes: dict[str, list[Any]],
    by=None,
    reason: str = "",
) -> ChangeRecord:
    bump_generation()  # cached public pages are stale once this commits
    return ChangeRecord.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        action=action,
        changes=json.loads(json.dumps(changes, default=str)),
        reason=reason,
        user=by if getattr(by, "is_authenticated", False) else None,
    )


def history_for(obj: models.Model):
    """Return the change records of one object, newest first, with their users."""
    return ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("user")

