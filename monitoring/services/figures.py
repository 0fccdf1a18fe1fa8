"""Writes of approved figures: entered by the programme team, imported or fetched."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.models import ChangeRecord
from audit.services import record_change
from regioplan.models import Municipality

from ..models import Figure, Kpi
from .values import (
    CleanFigure,
    _history,
    _slot,
    clean_figure,
    duplicate_error,
    is_outlier,
    parse_decimal,
    validate_value,
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
    try:
        with transaction.atomic():  # a savepoint: two entries racing for one slot
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
    except IntegrityError:
        raise duplicate_error(kpi, clean.period, municipality) from None
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


@transaction.atomic
def figure_from_source(
    *,
    kpi: Kpi,
    clean: CleanFigure,
    municipality: Municipality | None,
    origin: str,
    source_note: str,
    by,
) -> str:
    """Store one value fetched from an outside source (CBS) and say what happened.

    Returns "created", "updated", "unchanged", or "skipped" when a figure from another origin
    holds the slot: a fetch never overwrites what people entered or approved.
    """
    existing = _slot(kpi, clean.period, municipality).select_for_update().first()
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
        )
        return "created"
    old = existing.value
    existing.value, existing.source_note = clean.value, source_note[:300]
    existing.save()  # a full save: auto_now moves updated_at for incremental API syncs
    record_change(
        existing,
        action=ChangeRecord.Action.UPDATE,
        by=by,
        changes={"value": [str(old), str(existing.value)]},
        reason=source_note,
    )
    return "updated"


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
        Figure.objects.select_for_update(of=("self",))
        .select_related("kpi", "municipality")
        .get(pk=figure.pk)
    )
    changes = {}
    if figure.value != clean:
        changes["value"] = [str(figure.value), str(clean)]
    if source_note is not None and source_note[:300] != figure.source_note:
        changes["source_note"] = [figure.source_note, source_note[:300]]
    if not changes:
        return figure, False
    history = [v for v in _history(figure.kpi, figure.municipality) if v != figure.value]
    figure.value = clean
    if source_note is not None:
        figure.source_note = source_note[:300]
    figure.is_outlier = is_outlier(figure.kpi, figure.municipality, clean, history)
    figure.save()  # a full save: auto_now moves updated_at for incremental syncs
    record_change(
        figure, action=ChangeRecord.Action.UPDATE, by=by, changes=changes, reason=reason.strip()
    )
    return figure, True
