"""Writes to the plan. Every page, API call and bulk action goes through these functions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import ChangeRecord
from audit.services import diff, record_change, simple_snapshot
from core.slugs import unique_slug

from .history import INITIATIVE_FIELDS, ORGANISATION_FIELDS, goal_snapshot
from .models import GoalOrganisation, Initiative, OperationalGoal, Organisation, Plan

GOAL_M2M_FIELDS = (
    "priority_themes",
    "related_goals",
    "related_strategic_goals",
    "initiatives",
    "agreements",
)


class EditConflict(Exception):
    """The object changed since the editor loaded it."""

    def __init__(self, current: OperationalGoal):
        super().__init__(f"{current.code} changed since it was loaded")
        self.current = current


def _normalised(fields: dict[str, Any]) -> dict[str, Any]:
    """Text with one kind of line ending (\n), as the plan file and the loader write it."""
    return {
        name: value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value
        for name, value in fields.items()
    }


def _differs(goal: OperationalGoal, fields: dict[str, Any]) -> bool:
    for name, value in fields.items():
        if name in GOAL_M2M_FIELDS:
            if {o.pk for o in getattr(goal, name).all()} != {getattr(v, "pk", v) for v in value}:
                return True
        elif getattr(goal, name) != value:
            return True
    return False


def _split_m2m(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: fields.pop(name) for name in GOAL_M2M_FIELDS if name in fields}


def validate_goal_code(*, plan: Plan, code: str, strategic_goal, exclude_pk=None) -> None:
    """Raise ValidationError if the code does not fit its strategic goal or is taken in the plan.

    The one place these rules live: the edit form calls it to show errors next to the
    field, and the services call it again before writing.
    """
    errors = []
    if strategic_goal is not None and not code.startswith(strategic_goal.code + "."):
        errors.append(
            _("De code moet beginnen met %(sg)s, de code van het strategisch doel.")
            % {"sg": strategic_goal.code}
        )
    taken = OperationalGoal.objects.filter(plan=plan, code=code)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        errors.append(_("Er is al een doel met code %(code)s.") % {"code": code})
    if errors:
        raise ValidationError({"code": errors})


@transaction.atomic
def goal_create(*, plan: Plan, by, reason: str = "", **fields: Any) -> OperationalGoal:
    """Create an operational goal and record it."""
    m2m = _split_m2m(fields)
    goal = OperationalGoal(plan=plan, **fields)
    validate_goal_code(plan=plan, code=goal.code, strategic_goal=goal.strategic_goal)
    goal.full_clean(exclude=["plan"])
    goal.save()
    for name, values in m2m.items():
        getattr(goal, name).set(values)
    record_change(
        goal,
        action=ChangeRecord.Action.CREATE,
        changes=diff({}, goal_snapshot(goal)),
        by=by,
        reason=reason,
    )
    return goal


@transaction.atomic
def goal_update(
    *, goal: OperationalGoal, by, expected_version: int, reason: str = "", **fields: Any
) -> OperationalGoal:
    """Update a goal made from version `expected_version`; raise EditConflict if it is stale.

    Saving without a real change (browsers send CRLF line endings) writes nothing: no new
    version, no newer updated_at, no change record.
    """
    fields = _normalised(fields)
    current = OperationalGoal.objects.select_related("strategic_goal").get(pk=goal.pk)
    if current.version == expected_version and not _differs(current, fields):
        return current
    # The version gate is one conditional UPDATE, so two concurrent saves cannot both pass.
    if not OperationalGoal.objects.filter(pk=goal.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    ):
        raise EditConflict(
            current=OperationalGoal.objects.select_related("strategic_goal").get(pk=goal.pk)
        )
    current = OperationalGoal.objects.select_related("strategic_goal").get(pk=goal.pk)
    before = goal_snapshot(current)
    m2m = _split_m2m(fields)
    for name, value in fields.items():
        setattr(current, name, value)
    validate_goal_code(
        plan=current.plan,
        code=current.code,
        strategic_goal=current.strategic_goal,
        exclude_pk=current.pk,
    )
    current.full_clean(exclude=["plan"])
    current.save()
    for name, values in m2m.items():
        getattr(current, name).set(values)
    changes = diff(before, goal_snapshot(current))
    if changes:
        record_change(
            current, action=ChangeRecord.Action.UPDATE, changes=changes, by=by, reason=reason
        )
    return current


@transaction.atomic
def goal_archive(*, goal: OperationalGoal, by, reason: str = "") -> OperationalGoal:
    """Archive a goal: it stays readable, marked as archived."""
    if goal.status == OperationalGoal.Status.ARCHIVED:
        return goal
    old = goal.status
    OperationalGoal.objects.filter(pk=goal.pk).update(
        status=OperationalGoal.Status.ARCHIVED, version=F("version") + 1, updated_at=timezone.now()
    )
    goal.refresh_from_db()
    record_change(
        goal,
        action=ChangeRecord.Action.ARCHIVE,
        changes={"status": [old, goal.status]},
        by=by,
        reason=reason,
    )
    return goal


@transaction.atomic
def goal_link_organisation(
    *, goal: OperationalGoal, organisation: Organisation, role: str, by
) -> GoalOrganisation:
    """Name an organisation as a potential initiator of a goal (idempotent) and record it on the
    goal. Trekkers and partners are invited and answer (regioplan.commitments)."""
    if role != GoalOrganisation.Role.POTENTIAL_INITIATOR:
        raise ValidationError(
            {"role": _("Trekkers en partners nodigt u uit op de pagina Toezeggingen.")}
        )
    before = goal_snapshot(goal)
    link, _created = GoalOrganisation.objects.get_or_create(
        goal=goal, organisation=organisation, role=role
    )
    changes = diff(before, goal_snapshot(goal))
    if changes:
        OperationalGoal.objects.filter(pk=goal.pk).update(
            version=F("version") + 1, updated_at=timezone.now()
        )
        record_change(goal, action=ChangeRecord.Action.UPDATE, changes=changes, by=by)
    return link


@transaction.atomic
def goal_unlink_organisation(*, link: GoalOrganisation, by) -> None:
    goal = link.goal
    before = goal_snapshot(goal)
    link.delete()
    OperationalGoal.objects.filter(pk=goal.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    record_change(
        goal, action=ChangeRecord.Action.UPDATE, changes=diff(before, goal_snapshot(goal)), by=by
    )


def _save_simple(
    obj, *, fields: dict[str, Any], tracked: tuple[str, ...], by, reason: str, created: bool
):
    before = {} if created else simple_snapshot(obj, tracked)
    for name, value in fields.items():
        setattr(obj, name, value)
    if created or not obj.slug:
        # The key is given once: a rename changes the name, never the address or API key,
        # so links and integrations that hold the key keep working.
        obj.slug = unique_slug(type(obj), obj.name, exclude_pk=obj.pk)
    obj.full_clean()
    obj.save()
    changes = diff(before, simple_snapshot(obj, tracked))
    if changes:
        action = ChangeRecord.Action.CREATE if created else ChangeRecord.Action.UPDATE
        record_change(obj, action=action, changes=changes, by=by, reason=reason)
    return obj


@transaction.atomic
def organisation_create(*, by, reason: str = "", **fields: Any) -> Organisation:
    return _save_simple(
        Organisation(),
        fields=fields,
        tracked=ORGANISATION_FIELDS,
        by=by,
        reason=reason,
        created=True,
    )


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, by, reason: str = "", **fields: Any
) -> Organisation:
    return _save_simple(
        organisation,
        fields=fields,
        tracked=ORGANISATION_FIELDS,
        by=by,
        reason=reason,
        created=False,
    )


@transaction.atomic
def organisation_archive(*, organisation: Organisation, by, reason: str = "") -> Organisation:
    return organisation_update(organisation=organisation, by=by, reason=reason, archived=True)


@transaction.atomic
def initiative_create(*, by, reason: str = "", goals=(), **fields: Any) -> Initiative:
    initiative = _save_simple(
        Initiative(), fields=fields, tracked=INITIATIVE_FIELDS, by=by, reason=reason, created=True
    )
    for goal in goals:
        goal_add_initiative(goal=goal, initiative=initiative, by=by)
    return initiative


@transaction.atomic
def initiative_update(*, initiative: Initiative, by, reason: str = "", **fields: Any) -> Initiative:
    return _save_simple(
        initiative, fields=fields, tracked=INITIATIVE_FIELDS, by=by, reason=reason, created=False
    )


@transaction.atomic
def initiative_archive(*, initiative: Initiative, by, reason: str = "") -> Initiative:
    return initiative_update(initiative=initiative, by=by, reason=reason, archived=True)


@transaction.atomic
def goal_add_initiative(*, goal: OperationalGoal, initiative: Initiative, by) -> None:
    """Link an initiative to a goal and record it on the goal."""
    if goal.initiatives.filter(pk=initiative.pk).exists():
        return
    before = sorted(goal.initiatives.values_list("name", flat=True))
    goal.initiatives.add(initiative)
    OperationalGoal.objects.filter(pk=goal.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    record_change(
        goal,
        action=ChangeRecord.Action.UPDATE,
        changes={"initiatives": [before, sorted([*before, initiative.name])]},
        by=by,
    )
