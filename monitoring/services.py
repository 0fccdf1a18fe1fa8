"""Writes for monitoring: figures and the progress-update workflow.

Every transition has one function here; the web forms, the bulk actions and (later) the
API all call these, so they share validation and the transition log.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_review
from audit.models import ChangeRecord
from audit.services import diff, record_change
from core.pagecache import bump_generation
from regioplan.models import Municipality, OperationalGoal, Organisation, Plan

from .models import Evidence, Figure, Kpi, ProgressUpdate, UpdateFigure, UpdateTransition
from .periods import Period
from .permissions import can_report_on
from .signals import update_approved

U = Kpi.Unit
VALUE_RANGES: dict[str, tuple[Decimal | None, Decimal | None]] = {
    U.PERCENTAGE: (Decimal(0), Decimal(100)),
    U.PERCENT_CHANGE: (Decimal(-100), Decimal(1000)),
    U.COUNT: (Decimal(0), None),
    U.PER_1000: (Decimal(0), Decimal(1000)),
    U.EURO: (None, None),
    U.YES_NO: (Decimal(0), Decimal(1)),
}
OUTLIER_MIN_HISTORY = 3
OUTLIER_SIGMAS = Decimal(3)


# --- Validation of one value ---------------------------------------------------------------


def parse_decimal(raw: Any) -> Decimal:
    """Accept 12.5, "12,5", "1.234,5" and " 12 "; raise ValidationError otherwise."""
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return Decimal(str(raw))
    text = str(raw or "").strip().replace("\u00a0", "").replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValidationError({"value": _("'%(v)s' is geen getal.") % {"v": raw}})
    return value


def validate_value(kpi: Kpi, value: Decimal) -> Decimal:
    low, high = VALUE_RANGES[kpi.unit]
    if kpi.valid_min is not None:
        low = kpi.valid_min
    if kpi.valid_max is not None:
        high = kpi.valid_max
    if kpi.unit == U.YES_NO and value not in (0, 1):
        raise ValidationError(
            {"value": _("Bij %(kpi)s is de waarde 1 (ja) of 0 (nee).") % {"kpi": kpi.code}}
        )
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"{low if low is not None else '…'} – {high if high is not None else '…'}"
        raise ValidationError(
            {
                "value": _(
                    "%(v)s ligt buiten het geldige bereik van %(kpi)s (%(bounds)s, %(unit)s)."
                )
                % {"v": value, "kpi": kpi.code, "bounds": bounds, "unit": kpi.get_unit_display()}
            }
        )
    return value


def plan_years(plan: Plan | None = None) -> tuple[int, int]:
    """The years figures may belong to: MONITORING_FIRST_YEAR up to the plan's horizon."""
    plan = plan or Plan.objects.order_by("pk").first()
    horizon = plan.horizon_year if plan else 2040
    return settings.MONITORING_FIRST_YEAR, horizon


def validate_period(kpi: Kpi, raw: str, *, years: tuple[int, int] | None = None) -> Period:
    try:
        period = Period.parse(raw)
    except ValidationError as exc:
        raise ValidationError({"period": exc.messages}) from exc
    first, last = years or plan_years()
    if not first <= period.year <= last:
        raise ValidationError(
            {
                "period": _("%(p)s valt buiten de looptijd van het plan (%(first)s–%(last)s).")
                % {"p": period, "first": first, "last": last}
            }
        )
    if period.is_quarter and kpi.frequency == Kpi.Frequency.YEARLY:
        raise ValidationError(
            {
                "period": _("%(kpi)s wordt per jaar gemeten; vul een jaar in, geen kwartaal.")
                % {"kpi": kpi.code}
            }
        )
    return period


def validate_municipality(kpi: Kpi, municipality: Municipality | None) -> None:
    if municipality is not None and kpi.level == Kpi.Level.DRENTHE:
        raise ValidationError(
            {
                "municipality": _(
                    "%(kpi)s wordt alleen voor heel Drenthe gemeten, niet per gemeente."
                )
                % {"kpi": kpi.code}
            }
        )


def municipality_from(raw: Any, municipalities: dict[str, Municipality]) -> Municipality | None:
    """Find a municipality by CBS code or name; empty or "Drenthe" means the whole province."""
    text = str(raw or "").strip()
    if not text or text.lower() == "drenthe":
        return None
    found = municipalities.get(text.upper()) or municipalities.get(text.lower())
    if found is None:
        raise ValidationError(
            {"municipality": _("'%(m)s' is geen Drentse gemeente.") % {"m": text}}
        )
    return found


def municipality_index() -> dict[str, Municipality]:
    index = {}
    for m in Municipality.objects.all():
        index[m.cbs_code.upper()] = m
        index[m.name.lower()] = m
    return index


def is_outlier(
    kpi: Kpi, municipality: Municipality | None, value: Decimal, history: Iterable[Decimal]
) -> bool:
    """Flag a value far outside the KPI's history (3 standard deviations), never reject it."""
    values = [Decimal(v) for v in history]
    if len(values) < OUTLIER_MIN_HISTORY:
        return False
    mean = statistics.fmean(values)
    spread = statistics.pstdev(values)
    if spread == 0:
        return value != values[0] and abs(Decimal(str(mean)) - value) > abs(
            Decimal(str(mean))
        ) * Decimal("0.5")
    return abs(value - Decimal(str(mean))) > OUTLIER_SIGMAS * Decimal(str(spread))


def _history(kpi: Kpi, municipality: Municipality | None) -> list[Decimal]:
    return list(
        Figure.objects.filter(
            kpi=kpi, municipality=municipality, status=Figure.Status.APPROVED
        ).values_list("value", flat=True)
    )


@dataclass
class CleanFigure:
    kpi: Kpi
    period: Period
    municipality: Municipality | None
    value: Decimal
    source_note: str = ""


def clean_figure(
    *,
    kpi: Kpi,
    period: str,
    municipality: Municipality | None,
    value: Any,
    source_note: str = "",
    years: tuple[int, int] | None = None,
) -> CleanFigure:
    """Validate one figure; raise one ValidationError with every field's problem."""
    errors: dict[str, list[str]] = {}
    checked: dict[str, Any] = {}
    for name, check in (
        ("value", lambda: validate_value(kpi, parse_decimal(value))),
        ("period", lambda: validate_period(kpi, period, years=years)),
        ("municipality", lambda: validate_municipality(kpi, municipality)),
    ):
        try:
            checked[name] = check()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if kpi.kind == Kpi.Kind.COMPUTED:
        errors.setdefault("kpi", []).append(
            _("%(kpi)s is een berekende indicator; vul de teller en noemer in.") % {"kpi": kpi.code}
        )
    if errors:
        raise ValidationError(errors)
    return CleanFigure(kpi, checked["period"], municipality, checked["value"], source_note)


def _slot(kpi: Kpi, period: Period | str, municipality: Municipality | None):
    return Figure.objects.filter(kpi=kpi, period=str(period), municipality=municipality)


def duplicate_error(
    kpi: Kpi, period: Period | str, municipality: Municipality | None
) -> ValidationError:
    where = municipality.name if municipality else "Drenthe"
    return ValidationError(
        {
            "period": _(
                "Er is al een waarde voor %(kpi)s in %(p)s voor %(where)s. Elke waarde wordt maar "
                "één keer geregistreerd."
            )
            % {"kpi": kpi.code, "p": period, "where": where}
        }
    )


@transaction.atomic
def figure_create(
    *,
    kpi: Kpi,
    period: str,
    municipality: Municipality | None,
    value: Any,
    by,
    source_note: str = "",
    origin: str = Figure.Origin.MANUAL,
    is_demo: bool = False,
) -> Figure:
    """Register one approved figure; a duplicate slot is refused, an outlier is flagged."""
    clean = clean_figure(
        kpi=kpi, period=period, municipality=municipality, value=value, source_note=source_note
    )
    if _slot(kpi, clean.period, municipality).exists():
        raise duplicate_error(kpi, clean.period, municipality)
    figure = Figure.objects.create(
        kpi=kpi,
        period=str(clean.period),
        municipality=municipality,
        value=clean.value,
        origin=origin,
        source_note=source_note[:300],
        status=Figure.Status.APPROVED,
        is_outlier=is_outlier(kpi, municipality, clean.value, _history(kpi, municipality)),
        is_demo=is_demo,
        entered_by=by if getattr(by, "is_authenticated", False) else None,
    )
    record_change(
        figure,
        action=ChangeRecord.Action.CREATE,
        by=by,
        changes={
            "kpi": [None, kpi.code],
            "period": [None, str(clean.period)],
            "municipality": [None, municipality.cbs_code if municipality else "Drenthe"],
            "value": [None, str(clean.value)],
            "origin": [None, origin],
        },
    )
    return figure


# --- Progress updates -----------------------------------------------------------------------

S = ProgressUpdate.Status
ALLOWED = {
    "submit": ({S.DRAFT, S.RETURNED}, S.SUBMITTED),
    "approve": ({S.SUBMITTED}, S.APPROVED),
    "return": ({S.SUBMITTED}, S.RETURNED),
}
UPDATE_FIELDS = ("progress", "done", "next_steps", "obstacles", "resident_involvement")
AUDIT_ACTIONS = {
    "submit": ChangeRecord.Action.SUBMIT,
    "approve": ChangeRecord.Action.APPROVE,
    "return": ChangeRecord.Action.RETURN,
}


def _transition(update: ProgressUpdate, action: str, *, by, reason: str = "") -> ProgressUpdate:
    allowed_from, to = ALLOWED[action]
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
    latest = (
        ProgressUpdate.objects.filter(goal=goal, organisation=organisation, period=str(quarter))
        .order_by("-revision")
        .first()
    )
    if latest is not None:
        return latest
    update = ProgressUpdate.objects.create(
        goal=goal,
        organisation=organisation,
        period=str(quarter),
        progress=ProgressUpdate.Progress.ON_TRACK,
        created_by=by,
    )
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
    if not (update.done.strip() or update.next_steps.strip()):
        raise ValidationError(_("Vul in wat er is gedaan of wat er hierna komt voordat u indient."))
    _check_slots_free(update, update.figures.select_related("kpi", "municipality"))
    locked = _transition(update, "submit", by=by)
    locked.submitted_at = timezone.now()
    locked.return_reason = ""
    locked.save()
    return locked


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
        existing = _slot(line.kpi, line.period, line.municipality).first()
        if existing is not None and existing.update_id not in chain:
            raise duplicate_error(line.kpi, line.period, line.municipality)
        history = _history(line.kpi, line.municipality)
        if existing is not None:  # a correction in a new revision replaces its own earlier value
            if existing.value in history:
                history.remove(existing.value)
            existing.value, existing.update = line.value, locked
            existing.is_outlier = is_outlier(line.kpi, line.municipality, line.value, history)
            existing.source_note = line.source_note or existing.source_note
            existing.save()
        else:
            Figure.objects.create(
                kpi=line.kpi,
                period=line.period,
                municipality=line.municipality,
                value=line.value,
                origin=Figure.Origin.UPDATE,
                source_note=line.source_note or str(locked.organisation),
                status=Figure.Status.APPROVED,
                update=locked,
                entered_by=locked.created_by,
                is_outlier=is_outlier(line.kpi, line.municipality, line.value, history),
                is_demo=locked.is_demo,
            )
    transaction.on_commit(lambda: _after_approval(locked.pk))
    return locked


# Called with the update's id after an approval commits. Other apps register here (participatie
# tells residents who gave input on the goal), so monitoring does not depend on them.
def _after_approval(update_id: int) -> None:
    bump_generation()
    update_approved.send(sender=ProgressUpdate, update_id=update_id)


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


# --- Evidence ---------------------------------------------------------------------------------

ALLOWED_EVIDENCE = {
    ".pdf": ("application/pdf", [b"%PDF"]),
    ".png": ("image/png", [b"\x89PNG\r\n\x1a\n"]),
    ".jpg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [b"PK\x03\x04"],
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [b"PK\x03\x04"]),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [b"PK\x03\x04"],
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", [b"PK\x03\x04"]),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", [b"PK\x03\x04"]),
}


def validate_evidence(uploaded) -> tuple[str, str]:
    """Check an uploaded file by its content and size; return (safe name, content type)."""
    import os

    name = os.path.basename(uploaded.name or "bestand")
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_EVIDENCE:
        raise ValidationError(
            {
                "evidence": _(
                    "'%(n)s': alleen PDF, afbeeldingen (PNG, JPG) en kantoordocumenten "
                    "(Word, Excel, PowerPoint, OpenDocument) zijn toegestaan."
                )
                % {"n": name}
            }
        )
    if uploaded.size > settings.MONITORING_MAX_EVIDENCE_BYTES:
        raise ValidationError(
            {
                "evidence": _("'%(n)s' is te groot (maximaal %(mb)s MB).")
                % {"n": name, "mb": settings.MONITORING_MAX_EVIDENCE_BYTES // (1024 * 1024)}
            }
        )
    content_type, magics = ALLOWED_EVIDENCE[ext]
    head = uploaded.read(8)
    uploaded.seek(0)
    if not any(head.startswith(m) for m in magics):
        raise ValidationError(
            {
                "evidence": _("'%(n)s' is geen echt %(ext)s-bestand.")
                % {"n": name, "ext": ext[1:].upper()}
            }
        )
    return name, content_type


def evidence_add(*, update: ProgressUpdate, uploaded, by) -> Evidence:
    name, content_type = validate_evidence(uploaded)
    return Evidence.objects.create(
        update=update,
        file=uploaded,
        original_name=name,
        content_type=content_type,
        size=uploaded.size,
        uploaded_by=by,
    )
