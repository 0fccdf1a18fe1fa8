"""Personal data of residents: retention, export and deletion on request."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.models import ChangeRecord
from audit.services import record_change

from ..models import Input, Notification, ResidentInitiative

# --- Privacy -------------------------------------------------------------------------------------


def remove_expired_personal_data(now: dt.datetime | None = None) -> int:
    """Remove name and e-mail after the retention period; the input itself stays, anonymised."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.PARTICIPATIE_RETENTION_DAYS)
    expired = Input.objects.filter(created_at__lt=cutoff, personal_data_removed_at__isnull=True)
    count = expired.update(name="", email="", notify=False, personal_data_removed_at=now)
    ResidentInitiative.objects.filter(
        status=ResidentInitiative.Status.REJECTED, created_at__lt=cutoff
    ).update(contact_name="", contact_email="")
    return count


def export_personal_data(email: str) -> dict:
    """Everything the portal holds about an e-mail address (a right of access request)."""
    items = Input.objects.filter(email__iexact=email).order_by("created_at")
    proposals = ResidentInitiative.objects.filter(contact_email__iexact=email)
    return {
        "e-mailadres": email,
        "inbreng": [
            {
                "datum": i.created_at.isoformat(),
                "soort": i.get_kind_display(),
                "naam": i.name,
                "tekst": i.text,
                "doel": i.goal.code if i.goal_id else None,
                "berichten": i.notify,
                "antwoord": i.answer,
            }
            for i in items
        ],
        "initiatieven": [{"naam": p.name, "contactpersoon": p.contact_name} for p in proposals],
    }


@transaction.atomic
def delete_personal_data(email: str, *, now: dt.datetime | None = None) -> int:
    """Erase name and e-mail (right to erasure). The input text stays, anonymised."""
    now = now or timezone.now()
    items = Input.objects.filter(email__iexact=email)
    Notification.objects.filter(input__in=items, sent_at__isnull=True).delete()
    ids = list(items.values_list("pk", flat=True))
    count = items.update(name="", email="", notify=False, personal_data_removed_at=now)
    ResidentInitiative.objects.filter(contact_email__iexact=email).update(
        contact_name="", contact_email="", contact_public=False
    )
    for item in Input.objects.filter(pk__in=ids):  # recorded without the address itself
        record_change(
            item,
            action=ChangeRecord.Action.ERASE,
            changes={"name": ["…", ""], "email": ["…", ""]},
            reason="Verzoek van de inwoner",
        )
    return count
