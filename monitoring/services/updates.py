"""The partner's side of the progress-update workflow: start, save, submit.

One function per transition; the web forms, the bulk action and the API call these. The
programme team's side (return, approve, revise) is in reviews.py."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import ChangeRecord
from audit.services import diff, record_change
from regioplan.models import OperationalGoal, Organisation

from ..models import ProgressUpdate, UpdateFigure, UpdateTransition
from ..periods import Period
from ..permissions import can_report_on
from . import workflow
from .evidence import evidence_add
from .values import (
    CleanFigure,
    _slot,
    clean_figure,
    duplicate_error,
    plan_years,
)

# --- Progress updates -----------------------------------------------------------------------

S = ProgressUpdate.Status
UPDATE_FIELDS = (
    "progress",
    "done",
    "next_steps",
    "obstacles",
    "resident_involvement",
    "board_question",
)
AUDIT_ACTIONS = {
    "submit": ChangeRecord.Action.SUBMIT,
    "approve": ChangeRecord.Action.APPROVE,
    "return": ChangeRecord.Action.RETURN,
}


def _transition(update: ProgressUpdate, action: str, *, by, reason: str = "") -> ProgressUpdate:
    step = workflow.BY_KEY[action]
    allowed_from, to = step.from_statuses, step.to_status
    locked = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if locked.status not in allowed_from:
        raise ValidationError(
            _("Dit kan niet: de rapportage heeft de status '%(s)s'.")
            % {"s": locked.get_status_display()}
        )
    UpdateTransition.objects.create(
        update=locked, from_status=locked.status, to_status=to, by=by, reason=reason
    )
    record_change(
        locked,
        action=AUDIT_ACTIONS[action],
        by=by,
        reason=reason,
        changes={"status": [locked.status, to]},
    )
    locked.status = to
    return locked


def _check_reporter(user, goal: OperationalGoal, organisation: Organisation) -> None:
    if not can_report_on(user, goal, organisation):
        raise PermissionDenied(
            _("U kunt alleen rapporteren over de doelen van uw eigen organisatie.")
        )


@transaction.atomic
def update_start(
    *, goal: OperationalGoal, organisation: Organisation, period: str, by
) -> ProgressUpdate:
    """Return the open update for (goal, organisation, quarter), or start a draft."""
    _check_reporter(by, goal, organisation)
    quarter = Period.parse(period)
    if not quarter.is_quarter:
        raise ValidationError(
            {"period": _("Een voortgangsrapportage gaat over een kwartaal, bijvoorbeeld 2025Q3.")}
        )
    first, last = plan_years(goal.plan)
    if not first <= quarter.year <= last:
        raise ValidationError(
            {"period": _("%(p)s valt buiten de looptijd van het plan.") % {"p": quarter}}
        )
    slot = ProgressUpdate.objects.filter(
        goal=goal, organisation=organisation, period=str(quarter)
    ).order_by("-revision")
    latest = slot.first()
    if latest is not None:
        return latest
    try:
        with transaction.atomic():  # a savepoint: a lost race leaves the outer work intact
            update = ProgressUpdate.objects.create(
                goal=goal,
                organisation=organisation,
                period=str(quarter),
                created_by=by,
            )
    except IntegrityError:
        # Started twice at once (a double click, two colleagues): the other request won.
        return slot.first()
    UpdateTransition.objects.create(update=update, from_status="", to_status=S.DRAFT, by=by)
    return update


def clean_update_figures(update: ProgressUpdate, lines: list[dict]) -> list[CleanFigure]:
    """Validate the KPI values of an update; errors name the line. Only the goal's KPIs count."""
    allowed = {k.pk: k for k in update.goal.kpis.all()}
    cleaned, errors, seen = [], [], set()
    years = plan_years(update.goal.plan)
    for n, line in enumerate(lines, start=1):
        kpi = allowed.get(getattr(line.get("kpi"), "pk", line.get("kpi")))
        if kpi is None:
            errors.append(
                _("Regel %(n)s: deze KPI hoort niet bij doel %(goal)s.")
                % {"n": n, "goal": update.goal.code}
            )
            continue
        try:
            clean = clean_figure(
                kpi=kpi,
                period=line.get("period") or update.period,
                municipality=line.get("municipality"),
                value=line.get("value"),
                source_note=line.get("source_note", ""),
                years=years,
            )
        except ValidationError as exc:
            errors.extend(f"{_('Regel')} {n} ({kpi.code}): {m}" for m in exc.messages)
            continue
        key = (kpi.pk, str(clean.period), getattr(clean.municipality, "pk", None))
        if key in seen:
            errors.append(
                _("Regel %(n)s: dezelfde KPI, periode en gemeente staan er twee keer in.")
                % {"n": n}
            )
            continue
        seen.add(key)
        cleaned.append(clean)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _chain_ids(update: ProgressUpdate) -> set[int]:
    """The ids of this update and its earlier revisions."""
    ids, current = set(), update
    while current is not None:
        ids.add(current.pk)
        current = current.previous
    return ids


def _check_slots_free(
    update: ProgressUpdate, figures: Iterable[CleanFigure | UpdateFigure]
) -> None:
    chain = _chain_ids(update)
    for f in figures:
        existing = _slot(f.kpi, f.period, f.municipality).first()
        if existing is not None and existing.update_id not in chain:
            raise duplicate_error(f.kpi, f.period, f.municipality)


@transaction.atomic
def update_save(
    *,
    update: ProgressUpdate,
    by,
    fields: dict[str, Any],
    figures: list[dict] | None = None,
    evidence: list | None = None,
) -> ProgressUpdate:
    """Save the partner's draft (or a returned update): narrative, KPI values and evidence."""
    _check_reporter(by, update.goal, update.organisation)
    if not update.is_editable:
        raise ValidationError(
            _("Deze rapportage is %(s)s en kan niet meer worden gewijzigd.")
            % {"s": update.get_status_display().lower()}
        )
    before = {name: getattr(update, name) for name in UPDATE_FIELDS}
    for name in UPDATE_FIELDS:
        if name in fields:
            setattr(update, name, fields[name])
    update.full_clean(exclude=["goal", "organisation", "previous", "created_by", "approved_by"])
    update.save()
    changes = diff(before, {name: getattr(update, name) for name in UPDATE_FIELDS})
    if figures is not None:
        cleaned = clean_update_figures(update, figures)
        _check_slots_free(update, cleaned)
        update.figures.all().delete()
        UpdateFigure.objects.bulk_create(
            UpdateFigure(
                update=update,
                kpi=c.kpi,
                period=str(c.period),
                municipality=c.municipality,
                value=c.value,
                source_note=c.source_note[:300],
            )
            for c in cleaned
        )
        changes["figures"] = [
            None,
            [f"{c.kpi.code} {c.period} {c.municipality or 'Drenthe'}: {c.value}" for c in cleaned],
        ]
    for uploaded in evidence or []:
        evidence_add(update=update, uploaded=uploaded, by=by)
        changes.setdefault("evidence", [None, []])[1].append(uploaded.name)
    if changes:
        record_change(update, action=ChangeRecord.Action.UPDATE, by=by, changes=changes)
    return update


@transaction.atomic
def update_submit(*, update: ProgressUpdate, by) -> ProgressUpdate:
    _check_reporter(by, update.goal, update.organisation)
    if not update.progress:
        raise ValidationError(
            {"progress": _("Kies hoe het doel ervoor staat (de voortgang) voordat u indient.")}
        )
    if not (update.done.strip() or update.next_steps.strip()):
        raise ValidationError(_("Vul in wat er is gedaan of wat er hierna komt voordat u indient."))
    _check_slots_free(update, update.figures.select_related("kpi", "municipality"))
    locked = _transition(update, "submit", by=by)
    locked.submitted_at = timezone.now()
    locked.return_reason = ""
    locked.save()
    return locked
