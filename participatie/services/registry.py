"""The registry of resident initiatives: proposals and their review."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.models import ChangeRecord
from audit.services import record_change
from core.slugs import unique_slug

from ..models import ResidentInitiative
from .inputs import _moderator, check_rate

# --- Resident initiatives ------------------------------------------------------------


@transaction.atomic
def initiative_propose(
    *, ip: str, honeypot: str = "", goals=(), **fields
) -> ResidentInitiative | None:
    """A resident proposes an initiative for the registry; the coordinator reviews it.
    As with input, a filled honeypot is silently dropped (None) and senders are rate-limited."""
    if honeypot.strip():
        return None
    check_rate(ip)
    item = ResidentInitiative(status=ResidentInitiative.Status.PROPOSED, **fields)
    item.slug = unique_slug(ResidentInitiative, item.name)
    item.full_clean(exclude=["slug"])  # ours; a simultaneous proposal is caught on save
    try:
        with transaction.atomic():  # a savepoint: a simultaneous proposal may take the slug
            item.save()
    except IntegrityError:
        raise ValidationError(
            {
                "name": _(
                    "Er is zojuist al een initiatief met deze naam aangemeld. Kies een andere "
                    "naam als het om een ander initiatief gaat."
                )
            }
        ) from None
    item.goals.set(goals)
    record_change(
        item,
        action=ChangeRecord.Action.CREATE,
        changes={"name": [None, item.name], "status": [None, item.status]},
    )
    return item


@transaction.atomic
def initiative_review(
    *, item: ResidentInitiative, by, approve: bool, note: str = ""
) -> ResidentInitiative:
    _moderator(by)
    if item.status != ResidentInitiative.Status.PROPOSED:
        raise ValidationError(_("Dit initiatief is al beoordeeld."))
    if not approve and not note.strip():
        raise ValidationError(
            {"note": _("Geef een reden als het initiatief niet wordt opgenomen.")}
        )
    old = item.status
    item.status = (
        ResidentInitiative.Status.APPROVED if approve else ResidentInitiative.Status.REJECTED
    )
    item.review_note = note.strip()
    item.save()
    record_change(
        item,
        action=ChangeRecord.Action.APPROVE if approve else ChangeRecord.Action.RETURN,
        changes={"status": [old, item.status]},
        by=by,
        reason=item.review_note,
    )
    return item
