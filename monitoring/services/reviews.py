"""The programme team's side of the progress-update workflow: return, approve, revise.

An approved update's KPI values become approved figures, each with its change record.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_review
from audit.models import ChangeRecord
from audit.services import record_change
from core.pagecache import bump_generation

from ..models import Figure, ProgressUpdate, UpdateFigure, UpdateTransition
from ..signals import update_approved, update_reviewed
from . import workflow
from .updates import (
    UPDATE_FIELDS,
    S,
    _chain_ids,
    _check_reporter,
    _transition,
    update_save,
    update_submit,
)
from .values import _history, _slot, duplicate_error, is_outlier


@transaction.atomic
def update_return(*, update: ProgressUpdate, by, reason: str) -> ProgressUpdate:
    if not can_review(by):
        raise PermissionDenied(_("Alleen het programmateam beoordeelt rapportages."))
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Geef een reden, zodat de partner weet wat er moet veranderen.")}
        )
    locked = _transition(update, "return", by=by, reason=reason)
    locked.return_reason = reason
    locked.save()
    transaction.on_commit(lambda: update_reviewed.send(sender=ProgressUpdate, update_id=locked.pk))
    return locked


@transaction.atomic
def update_approve(*, update: ProgressUpdate, by) -> ProgressUpdate:
    """Approve and lock the update; its KPI values become approved figures."""
    if not can_review(by):
        raise PermissionDenied(_("Alleen het programmateam beoordeelt rapportages."))
    locked = _transition(update, "approve", by=by)
    locked.approved_at, locked.approved_by = timezone.now(), by
    locked.save()
    chain = _chain_ids(locked)
    for line in locked.figures.select_related("kpi", "municipality"):
        _approve_line(line, locked, chain, by)
    transaction.on_commit(lambda: _after_approval(locked.pk))
    return locked


def _approve_line(line: UpdateFigure, locked: ProgressUpdate, chain: set[int], by) -> Figure:
    """Turn one reported value into an approved figure, or correct the chain's earlier one."""
    existing = _slot(line.kpi, line.period, line.municipality).first()
    if existing is not None and existing.update_id not in chain:
        raise duplicate_error(line.kpi, line.period, line.municipality)
    history = _history(line.kpi, line.municipality)
    if existing is not None:  # a correction in a new revision replaces its own earlier value
        if existing.value in history:
            history.remove(existing.value)
        old = existing.value
        existing.value, existing.update = line.value, locked
        existing.is_outlier = is_outlier(line.kpi, line.municipality, line.value, history)
        existing.source_note = line.source_note or existing.source_note
        existing.save()
        if old != existing.value:
            record_change(
                existing,
                action=ChangeRecord.Action.UPDATE,
                by=by,
                changes={"value": [str(old), str(existing.value)]},
                reason=str(locked),
            )
        return existing
    figure = Figure.objects.create(
        kpi=line.kpi,
        period=line.period,
        municipality=line.municipality,
        value=line.value,
        origin=Figure.Origin.UPDATE,
        source_note=line.source_note or str(locked.organisation),
        status=Figure.Status.APPROVED,
        approved_at=locked.approved_at,
        update=locked,
        entered_by=locked.created_by,
        is_outlier=is_outlier(line.kpi, line.municipality, line.value, history),
        is_demo=locked.is_demo,
    )
    record_change(
        figure,
        action=ChangeRecord.Action.CREATE,
        by=by,
        changes={"value": [None, str(figure.value)]},
        reason=str(locked),
    )
    return figure


# Called with the update's id after an approval commits. Other apps register here (participatie
# tells residents who gave input on the goal), so monitoring does not depend on them.
def _after_approval(update_id: int) -> None:
    bump_generation()
    update_approved.send(sender=ProgressUpdate, update_id=update_id)
    update_reviewed.send(sender=ProgressUpdate, update_id=update_id)


@transaction.atomic
def update_revise(*, update: ProgressUpdate, by) -> ProgressUpdate:
    """Start a correction of an approved update: a new draft revision that goes through review."""
    _check_reporter(by, update.goal, update.organisation)
    if update.status != S.APPROVED:
        raise ValidationError(_("Alleen een goedgekeurde rapportage kan worden gecorrigeerd."))
    if hasattr(update, "next_revision"):
        return update.next_revision
    revision = ProgressUpdate.objects.create(
        goal=update.goal,
        organisation=update.organisation,
        period=update.period,
        revision=update.revision + 1,
        previous=update,
        created_by=by,
        is_demo=update.is_demo,
        **{name: getattr(update, name) for name in UPDATE_FIELDS},
    )
    UpdateFigure.objects.bulk_create(
        UpdateFigure(
            update=revision,
            kpi_id=f.kpi_id,
            period=f.period,
            municipality_id=f.municipality_id,
            value=f.value,
            source_note=f.source_note,
        )
        for f in update.figures.all()
    )
    UpdateTransition.objects.create(
        update=revision,
        from_status="",
        to_status=S.DRAFT,
        by=by,
        reason=_("Correctie van versie %(v)s") % {"v": update.revision},
    )
    record_change(
        revision,
        action=ChangeRecord.Action.CREATE,
        by=by,
        changes={"revision": [update.revision, revision.revision]},
    )
    return revision


def bulk_approve(*, updates: Iterable[ProgressUpdate], by) -> tuple[int, list[str]]:
    """Approve several updates through the same service; report the ones that could not be."""
    done, problems = 0, []
    for update in updates:
        try:
            update_approve(update=update, by=by)
            done += 1
        except ValidationError as exc:
            problems.append(f"{update}: {' '.join(exc.messages)}")
    return done, problems


@transaction.atomic
def update_apply(
    *,
    update: ProgressUpdate,
    by,
    fields: dict[str, Any] | None = None,
    figures: list[dict] | None = None,
    evidence: list | None = None,
    step: str = "",
    reason: str = "",
) -> ProgressUpdate:
    """Save changed fields and figures, then take one step of the workflow, in that order.

    The one dispatcher behind the update form, the page's buttons and the API's PATCH, so
    all take the same path through the services. `step` is a key of `workflow.STEPS`."""
    if step and step not in workflow.BY_KEY:
        raise ValidationError({"status": _("Onbekende stap in de beoordeling.")})
    if fields or figures is not None or evidence:
        update = update_save(
            update=update, by=by, fields=fields or {}, figures=figures, evidence=evidence
        )
    if step == "submit":
        update = update_submit(update=update, by=by)
    elif step == "approve":
        update = update_approve(update=update, by=by)
    elif step == "return":
        update = update_return(update=update, by=by, reason=reason)
    elif step == "revise":
        update = update_revise(update=update, by=by)
    return update
