"""Writes of approved figures: entered by the programme team, imported or fetched."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import can_review
from audit.models import ChangeRecord
from audit.services import record_change, record_changes
from regioplan.models import Municipality, Neighbourhood

from ..models import Figure, Kpi
from .values import (
    CleanFigure,
    _slot,
    clean_figure,
    duplicate_error,
    outlier_for,
    parse_decimal,
    validate_value,
    wijk_register,
)

UNCONFIRMED_OUTLIER = gettext_lazy(
    "Deze waarde wijkt sterk af van de vorige periode of van eerdere waarden. "
    "Controleer haar; klopt ze, vink dan dit vakje aan."
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
    status: str = Figure.Status.APPROVED,
    outlier_confirmed: bool = True,
    neighbourhood: Neighbourhood | None = None,
) -> Figure:
    """Register one figure (approved, or 'te beoordelen' for imports); a duplicate slot is
    refused, an outlier is flagged. With `outlier_confirmed=False` (the entry form) a possible
    outlier is refused until the person confirms it. A wijk figure names its `neighbourhood`
    (registered here when new) and that wijk's municipality."""
    if neighbourhood is not None:
        neighbourhood = wijk_register(neighbourhood)
        municipality = neighbourhood.municipality
    clean = clean_figure(
        kpi=kpi, period=period, municipality=municipality, value=value, source_note=source_note
    )
    if _slot(kpi, clean.period, municipality, neighbourhood).exists():
        raise duplicate_error(kpi, clean.period, municipality, neighbourhood)
    outlier = outlier_for(kpi, municipality, clean.period, clean.value, neighbourhood=neighbourhood)
    if outlier and not outlier_confirmed:
        raise ValidationError({"confirm_outlier": UNCONFIRMED_OUTLIER})
    try:
        with transaction.atomic():  # a savepoint: two entries racing for one slot
            figure = Figure.objects.create(
                kpi=kpi,
                period=str(clean.period),
                municipality=municipality,
                neighbourhood=neighbourhood,
                value=clean.value,
                origin=origin,
                source_note=source_note[:300],
                status=status,
                approved_at=timezone.now() if status == Figure.Status.APPROVED else None,
                is_outlier=outlier,
                is_demo=is_demo,
                entered_by=by if getattr(by, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise duplicate_error(kpi, clean.period, municipality, neighbourhood) from None
    record_change(
        figure, action=ChangeRecord.Action.CREATE, by=by, changes=creation_changes(figure)
    )
    return figure


def creation_changes(figure: Figure) -> dict:
    """What a figure's creation record holds: where it counts, its value, origin and status."""
    return {
        "kpi": [None, figure.kpi.code],
        "period": [None, figure.period],
        "municipality": [None, figure.municipality.cbs_code if figure.municipality else "Drenthe"],
        **({"wijk": [None, figure.neighbourhood.cbs_code]} if figure.neighbourhood_id else {}),
        "value": [None, str(figure.value)],
        "origin": [None, figure.origin],
        "status": [None, figure.status],
    }


@transaction.atomic
def figure_from_source(
    *,
    kpi: Kpi,
    clean: CleanFigure,
    municipality: Municipality | None,
    origin: str,
    source_note: str,
    by,
    neighbourhood: Neighbourhood | None = None,
) -> str:
    """Store one value fetched from an outside source (CBS) and say what happened.

    New and changed values wait for the programme team's review ('te beoordelen'): nothing
    fetched is shown before someone approved it. Returns "created", "updated", "unchanged",
    or "skipped" when a figure from another origin holds the slot: a fetch never overwrites
    what people entered.
    """
    if neighbourhood is not None:
        neighbourhood = wijk_register(neighbourhood)
    existing = _slot(kpi, clean.period, municipality, neighbourhood).select_for_update().first()
    if existing is not None and existing.origin != origin:
        return "skipped"
    if existing is not None and existing.value == clean.value:
        return "unchanged"
    if existing is None:
        figure_create(
            kpi=kpi,
            period=str(clean.period),
            municipality=municipality,
            value=clean.value,
            by=by,
            source_note=source_note,
            origin=origin,
            status=Figure.Status.PENDING,
            neighbourhood=neighbourhood,
        )
        return "created"
    old, old_status = existing.value, existing.status
    existing.value, existing.source_note = clean.value, source_note[:300]
    existing.status = Figure.Status.PENDING
    existing.is_outlier = outlier_for(
        kpi,
        municipality,
        existing.period,
        clean.value,
        exclude_pk=existing.pk,
        neighbourhood=neighbourhood,
    )
    existing.save()  # a full save: auto_now moves updated_at for incremental API syncs
    record_change(
        existing,
        action=ChangeRecord.Action.UPDATE,
        by=by,
        changes={"value": [str(old), str(existing.value)], "status": [old_status, "pending"]},
        reason=source_note,
    )
    return "updated"


@dataclass
class FetchResult:
    """What a fetch from an outside source did: counts, and why some values were skipped."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)


@transaction.atomic
def figures_from_source(*, kpi: Kpi, values, origin: str, source_note: str, by) -> FetchResult:
    """Store fetched (place, period, value) rows through figure_from_source: the one loop
    behind the CBS and Waarstaatjegemeente connectors. A place is a municipality or a wijk
    (a Neighbourhood, saved or not yet)."""
    result = FetchResult()
    for place, period, value in values:
        neighbourhood = place if isinstance(place, Neighbourhood) else None
        municipality = place.municipality if neighbourhood is not None else place
        try:
            clean = clean_figure(
                kpi=kpi,
                period=str(period),
                municipality=municipality,
                value=value,
                source_note=source_note,
            )
        except ValidationError as exc:
            result.skipped.append(f"{place.name} {period}: {' '.join(exc.messages)}")
            continue
        outcome = figure_from_source(
            kpi=kpi,
            clean=clean,
            municipality=municipality,
            origin=origin,
            source_note=source_note,
            by=by,
            neighbourhood=neighbourhood,
        )
        if outcome == "skipped":
            result.skipped.append(
                _("%(m)s %(p)s: er is al een waarde uit een andere bron")
                % {"m": place.name, "p": period}
            )
        else:
            setattr(result, outcome, getattr(result, outcome) + 1)
    return result


@transaction.atomic
def figure_correct(
    *, figure: Figure, value: Any, reason: str, by, source_note: str | None = None
) -> tuple[Figure, bool]:
    """Correct an approved figure's value, with a required reason kept in its history.

    Returns (figure, changed). An unchanged value records nothing.
    """
    errors: dict[str, list[str]] = {}
    if not (reason or "").strip():
        errors["reason"] = [_("Geef een reden voor de correctie; die komt in de historie.")]
    try:
        clean = validate_value(figure.kpi, parse_decimal(value))
    except ValidationError as exc:
        errors["value"] = exc.messages
    if errors:
        raise ValidationError(errors)
    figure = (
        Figure.all_levels.select_for_update(of=("self",))
        .select_related("kpi", "municipality", "neighbourhood")
        .get(pk=figure.pk)
    )
    changes = {}
    if figure.value != clean:
        changes["value"] = [str(figure.value), str(clean)]
    if source_note is not None and source_note[:300] != figure.source_note:
        changes["source_note"] = [figure.source_note, source_note[:300]]
    if not changes:
        return figure, False
    figure.value = clean
    if source_note is not None:
        figure.source_note = source_note[:300]
    figure.is_outlier = outlier_for(
        figure.kpi,
        figure.municipality,
        figure.period,
        clean,
        exclude_pk=figure.pk,
        neighbourhood=figure.neighbourhood,
    )
    figure.save()  # a full save: auto_now moves updated_at for incremental syncs
    record_change(
        figure, action=ChangeRecord.Action.UPDATE, by=by, changes=changes, reason=reason.strip()
    )
    return figure, True


def _ids(values) -> set[int]:
    """Figure ids from a form; anything that is not a whole number is ignored, not a 500."""
    return {int(v) for v in values if str(v).isdigit()}


@transaction.atomic
def figures_review(*, by, approve=(), reject=(), confirmed=()) -> dict[str, list[Figure]]:
    """The programme team's review of imported and fetched figures ('te beoordelen').

    Figures in `approve` become approved (public), except a possible outlier that is not in
    `confirmed`: it stays waiting and is reported. Figures in `reject` are removed (their
    change record keeps what they held). Returns approved, rejected and unconfirmed."""
    if not can_review(by):
        raise PermissionDenied(_("Alleen het programmateam beoordeelt meetwaarden."))
    approve, reject, confirmed = _ids(approve), _ids(reject), _ids(confirmed)
    waiting = (
        Figure.all_levels.select_for_update(of=("self",))
        .filter(status=Figure.Status.PENDING, pk__in=approve | reject)
        .select_related("kpi", "municipality")
        .order_by("pk")
    )
    out: dict[str, list[Figure]] = {"approved": [], "rejected": [], "unconfirmed": []}
    records = []
    for figure in waiting:
        if figure.pk in reject:
            records.append(
                (
                    figure,
                    ChangeRecord.Action.DELETE,
                    {"value": [str(figure.value), None], "period": [figure.period, None]},
                    _("Afgewezen bij de beoordeling"),
                )
            )
            out["rejected"].append(figure)
        elif figure.is_outlier and figure.pk not in confirmed:
            out["unconfirmed"].append(figure)
        else:
            figure.status = Figure.Status.APPROVED
            figure.updated_at = figure.approved_at = timezone.now()
            records.append(
                (figure, ChangeRecord.Action.APPROVE, {"status": ["pending", "approved"]}, "")
            )
            out["approved"].append(figure)
    record_changes(records, by=by)  # before the delete: the records need the ids
    Figure.all_levels.bulk_update(out["approved"], ["status", "approved_at", "updated_at"])
    Figure.all_levels.filter(pk__in=[f.pk for f in out["rejected"]]).delete()
    return out
