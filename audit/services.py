"""Record changes: the one function every service calls after a write."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.pagecache import bump_generation

from .models import ChangeRecord

Action = ChangeRecord.Action


def fingerprint(values: dict[str, Any]) -> str:
    """Return a stable hash of a dict of JSON-able values."""
    blob = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def simple_snapshot(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    """Return the named fields of an object, related objects as their text."""
    snap = {}
    for field in fields:
        value = getattr(obj, field)
        snap[field] = str(value) if isinstance(value, models.Model) else value
    return snap


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [old, new]} for the fields that differ."""
    return {
        k: [before.get(k), after.get(k)]
        for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k)
    }


def record_change(
    obj: models.Model,
    *,
    action: str,
    changes: dict[str, list[Any]],
    by=None,
    reason: str = "",
) -> ChangeRecord:
    """Write the change record of one write and mark cached pages stale once it commits."""
    bump_generation()
    return ChangeRecord.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        action=action,
        changes=json.loads(json.dumps(changes, default=str)),
        reason=reason,
        user=by if getattr(by, "is_authenticated", False) else None,
    )


def record_changes(
    entries: list[tuple[models.Model, str, dict[str, list[Any]], str]], *, by=None
) -> list[ChangeRecord]:
    """record_change for many writes at once: one insert, one generation bump.

    Each entry is (object, action, changes, reason).
    """
    if not entries:
        return []
    bump_generation()
    user = by if getattr(by, "is_authenticated", False) else None
    return ChangeRecord.objects.bulk_create(
        ChangeRecord(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            object_repr=str(obj)[:300],
            action=action,
            changes=json.loads(json.dumps(changes, default=str)),
            reason=reason,
            user=user,
        )
        for obj, action, changes, reason in entries
    )


def history_for(obj: models.Model):
    """Return the change records of one object, newest first, with their users."""
    return ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("user")
