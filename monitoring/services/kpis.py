"""KPI definitions, targets and sources, managed by the programme team in the portal.

The same rules hold whatever the path (these pages, the plan loader, the admin): a KPI is
valid as a whole (model validation plus the rules below), every change is recorded with
what changed, an unchanged save records nothing, and archiving keeps the figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_review
from audit.models import ChangeRecord
from audit.services import diff, record_change
from regioplan.models import OperationalGoal

from ..models import Kpi, KpiTarget, UnmeasuredTarget

KPI_FIELDS = (
    "name",
    "definition",
    "plan_quote",
    "unit",
    "direction",
    "kind",
    "numerator",
    "denominator",
    "factor",
    "baseline_value",
    "baseline_year",
    "source",
    "source_table",
    "source_measure",
    "source_note",
    "wsjg_variable",
    "wsjg_geo_level",
    "wsjg_period_level",
    "frequency",
    "level",
    "aggregation",
    "weight",
    "owner",
    "valid_min",
    "valid_max",
    "amber_margin",
    "max_jump",
)


def _plain(value):
    """A value as the history shows it; 1, 1.0 and 1.0000 are the same number."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value) if value is not None and not isinstance(value, str) else value


def _snapshot(kpi: Kpi) -> dict[str, Any]:
    snap: dict[str, Any] = {name: _plain(getattr(kpi, name)) for name in KPI_FIELDS}
    snap["goals"] = sorted(g.code for g in kpi.goals.all()) if kpi.pk else []
    snap["targets"] = (
        [
            [
                t.year,
                str(t.value),
                str(t.upper_value) if t.upper_value is not None else None,
                t.comparator,
            ]
            for t in kpi.targets.order_by("year")
        ]
        if kpi.pk
        else []
    )
    return snap


def _check_rules(kpi: Kpi, targets: list[dict]) -> None:
    errors: dict[str, list[str]] = {}
    if (kpi.baseline_value is None) != (kpi.baseline_year is None):
        errors["baseline_year"] = [_("Vul bij een nulmeting zowel de waarde als het jaar in.")]
    if kpi.valid_min is not None and kpi.valid_max is not None and kpi.valid_min > kpi.valid_max:
        errors["valid_max"] = [_("De grootste geldige waarde is kleiner dan de kleinste.")]
    if kpi.kind == Kpi.Kind.COMPUTED and not (kpi.numerator_id and kpi.denominator_id):
        errors["numerator"] = [_("Een berekende indicator heeft een teller en een noemer.")]
    if kpi.aggregation == Kpi.Aggregation.WEIGHTED and not kpi.weight_id:
        errors["weight"] = [_("Kies de KPI waarnaar gewogen wordt (bijvoorbeeld inwoners).")]
    if kpi.source == Kpi.Source.WSJG and not kpi.wsjg_variable:
        errors["wsjg_variable"] = [_("Vul de variabele van Waarstaatjegemeente in.")]
    if kpi.source == Kpi.Source.CBS and kpi.source_measure and not kpi.source_table:
        errors["source_table"] = [_("Vul ook de CBS-tabel in, bijvoorbeeld 85012NED.")]
    years = [t["year"] for t in targets]
    if len(years) != len(set(years)):
        errors["targets"] = [_("Elk jaar heeft hoogstens één streefwaarde.")]
    for t in targets:
        if t.get("comparator") == KpiTarget.Comparator.RANGE and t.get("upper_value") is None:
            errors.setdefault("targets", []).append(
                _("De streefwaarde voor %(y)s is een bandbreedte: vul ook de bovengrens in.")
                % {"y": t["year"]}
            )
        if t.get("upper_value") is not None and t["upper_value"] < t["value"]:
            errors.setdefault("targets", []).append(
                _("De bovengrens voor %(y)s ligt onder de streefwaarde.") % {"y": t["year"]}
            )
    if errors:
        raise ValidationError(errors)


def _target_rows(kpi: Kpi, targets) -> list[dict]:
    """The targets to check: the new ones, else the KPI's current ones."""
    if targets is not None:
        return [dict(t) for t in targets]
    if not kpi.pk:
        return []
    return [
        {"year": t.year, "value": t.value, "upper_value": t.upper_value, "comparator": t.comparator}
        for t in kpi.targets.all()
    ]


def _validate(kpi: Kpi, target_rows: list[dict], errors: dict) -> None:
    """Raise every problem of the KPI and its targets at once, by field."""
    try:
        kpi.full_clean(exclude=["goals", "code"] if "code" in errors else ["goals"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        _check_rules(kpi, target_rows)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _link_goals(kpi: Kpi, goals) -> None:
    """Link the KPI to exactly these goals. A goal gained or lost moves its `updated_at`:
    its `kpis` changed, so an incremental sync must see it again."""
    before = set(kpi.goals.values_list("pk", flat=True))
    kpi.goals.set(goals)
    after = set(kpi.goals.values_list("pk", flat=True))
    if before ^ after:
        OperationalGoal.objects.filter(pk__in=before ^ after).update(updated_at=timezone.now())


def _save(
    kpi: Kpi,
    *,
    by,
    fields: dict,
    targets,
    goals,
    action: str,
    reason: str,
    errors: dict | None = None,
) -> Kpi:
    if not can_review(by):
        raise PermissionDenied(_("Alleen het programmateam beheert de KPI's."))
    before = _snapshot(kpi) if kpi.pk else {}
    for name, value in fields.items():
        setattr(kpi, name, value)
    target_rows = _target_rows(kpi, targets)
    _validate(kpi, target_rows, dict(errors or {}))
    kpi.save()
    if goals is not None:
        _link_goals(kpi, goals)
    if targets is not None:
        kpi.targets.all().delete()
        KpiTarget.objects.bulk_create(
            KpiTarget(
                kpi=kpi,
                year=t["year"],
                value=Decimal(t["value"]),
                upper_value=t.get("upper_value"),
                comparator=t.get("comparator") or "",
            )
            for t in target_rows
        )
    changes = diff(before, _snapshot(kpi))
    if changes or action == ChangeRecord.Action.CREATE:
        record_change(kpi, action=action, changes=changes, by=by, reason=reason)
    return kpi


@transaction.atomic
def kpi_create(*, by, code: str, targets=(), goals=(), **fields) -> Kpi:
    errors = {}
    if Kpi.objects.filter(code=code).exists():  # said together with every other problem
        errors["code"] = [_("Er is al een KPI met code '%(c)s'.") % {"c": code}]
    return _save(
        Kpi(code=code),
        by=by,
        fields=fields,
        targets=list(targets),
        goals=list(goals),
        action=ChangeRecord.Action.CREATE,
        reason="",
        errors=errors,
    )


@transaction.atomic
def kpi_update(*, kpi: Kpi, by, targets=None, goals=None, reason: str = "", **fields) -> Kpi:
    """Change a KPI; `targets` (a list of dicts) and `goals` replace the current ones when
    given. Nothing is recorded when nothing changed."""
    fresh = Kpi.objects.select_for_update().get(pk=kpi.pk)
    unknown = set(fields) - set(KPI_FIELDS)
    if unknown:
        raise ValidationError(_("Onbekende velden: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    return _save(
        fresh,
        by=by,
        fields=fields,
        targets=targets,
        goals=goals,
        action=ChangeRecord.Action.UPDATE,
        reason=reason,
    )


@transaction.atomic
def kpi_archive(*, kpi: Kpi, by, reason: str) -> Kpi:
    """Stop following a KPI: out of dashboards and reports, figures kept."""
    if not can_review(by):
        raise PermissionDenied(_("Alleen het programmateam beheert de KPI's."))
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden; die komt in de geschiedenis.")})
    fresh = Kpi.objects.select_for_update().get(pk=kpi.pk)
    if fresh.archived:
        return fresh
    fresh.archived = True
    fresh.save()
    record_change(
        fresh,
        action=ChangeRecord.Action.ARCHIVE,
        changes={"archived": [False, True]},
        by=by,
        reason=reason.strip(),
    )
    return fresh


@transaction.atomic
def unmeasured_mark(*, goal, quantity: str, reason: str, by) -> UnmeasuredTarget:
    """Mark a quantified target in a goal's text as deliberately not made measurable."""
    if not can_review(by):
        raise PermissionDenied(_("Alleen het programmateam beheert de KPI's."))
    errors = {}
    if not reason.strip():
        errors["reason"] = [_("Geef een reden, zodat iedereen ziet waarom dit niet gemeten wordt.")]
    if not quantity.strip() or len(quantity) > 40:
        errors["quantity"] = [_("Kies een streefcijfer uit de tekst van het doel.")]
    if errors:
        raise ValidationError(errors)
    mark, created = UnmeasuredTarget.objects.select_for_update().get_or_create(
        goal=goal, quantity=quantity.strip(), defaults={"reason": reason.strip(), "created_by": by}
    )
    if not created and mark.reason == reason.strip():
        return mark
    old = None if created else mark.reason
    if not created:
        mark.reason = reason.strip()
        mark.save()
    record_change(
        mark,
        action=ChangeRecord.Action.CREATE if created else ChangeRecord.Action.UPDATE,
        changes={"reason": [old, mark.reason]},
        by=by,
    )
    return mark
