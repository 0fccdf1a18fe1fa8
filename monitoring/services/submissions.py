"""One figure offered through the API: who offers it decides where it goes.

The programme team registers it directly (approved). A partner adds it to one of its own
organisation's updates, where it goes through the review with that update.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.permissions import can_review
from regioplan.models import Municipality, Neighbourhood

from ..models import Figure, Kpi, ProgressUpdate
from ..permissions import can_report_on
from .figures import figure_create
from .updates import update_save, update_start


def figure_submit(
    *,
    by,
    kpi: Kpi,
    period: str,
    municipality: Municipality | None,
    value: Any,
    source_note: str = "",
    update: ProgressUpdate | None = None,
    neighbourhood: Neighbourhood | None = None,
) -> Figure | ProgressUpdate:
    """Return the approved figure (programme team, no update given) or the partner's update
    that now holds the value. A wijk figure (`neighbourhood`) is the programme team's: an
    update's figures are for Drenthe or a municipality."""
    if can_review(by) and update is None:
        return figure_create(
            kpi=kpi,
            period=period,
            municipality=municipality,
            value=value,
            source_note=source_note,
            by=by,
            neighbourhood=neighbourhood,
        )
    if neighbourhood is not None:
        raise ValidationError(
            {
                "neighbourhood": _(
                    "Cijfers per wijk geeft het programmateam door (of een import); in een "
                    "rapportage staan cijfers voor Drenthe of een gemeente."
                )
            }
        )
    if update is None:
        raise ValidationError(
            {"update": _("Partners dienen meetwaarden in via een eigen rapportage.")}
        )
    if not can_report_on(by, update.goal, update.organisation):
        raise PermissionDenied(
            _("U kunt alleen rapporteren over de doelen van uw eigen organisatie.")
        )
    lines = [
        {"kpi": f.kpi, "period": f.period, "municipality": f.municipality, "value": f.value}
        for f in update.figures.all()
    ]
    lines.append(
        {
            "kpi": kpi,
            "period": period,
            "municipality": municipality,
            "value": value,
            "source_note": source_note,
        }
    )
    return update_save(update=update, by=by, fields={}, figures=lines)


def update_begin(*, by, goal, period: str) -> tuple[ProgressUpdate, bool]:
    """Start (or find) the partner's own update on `goal` for `period`: (update, created)."""
    organisation = getattr(by, "organisation", None)
    if not getattr(by, "is_partner", False) or organisation is None:
        raise PermissionDenied(_("Alleen partners starten een rapportage."))
    existed = ProgressUpdate.objects.filter(
        goal=goal, organisation=organisation, period=str(period).strip().upper()
    ).exists()
    update = update_start(goal=goal, organisation=organisation, period=period, by=by)
    return update, not existed


def bulk_target(*, by, update_id: int | None) -> ProgressUpdate | None:
    """The update a bulk load goes into: a partner's own (given), or none for the programme
    team's direct load. Checked before a single row is read."""
    if update_id is not None:
        update = ProgressUpdate.objects.visible_to(by).filter(pk=update_id).first()
        if update is None or not can_report_on(by, update.goal, update.organisation):
            raise PermissionDenied(
                _("U kunt alleen waarden laden in een rapportage van uw eigen organisatie.")
            )
        return update
    if not can_review(by):
        raise ValidationError(
            {"update": _("Partners laden meetwaarden in een eigen rapportage; geef die mee.")}
        )
    return None
