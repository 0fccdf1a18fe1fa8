"""Residents' input: submission, moderation, the official answer and the notification loop."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_moderate
from audit.models import ChangeRecord
from audit.services import record_change
from core.ratelimit import RateLimit

from ..models import Input, Notification


class RateLimited(Exception):
    """Too many submissions from one sender in a short time."""


def check_rate(ip: str) -> None:
    """Count one submission from this address; too many in the window raise RateLimited."""
    senders = RateLimit(
        "participatie", settings.PARTICIPATIE_RATE_LIMIT, settings.PARTICIPATIE_RATE_WINDOW_SECONDS
    )
    if not senders.allows(ip or "unknown"):
        raise RateLimited


@transaction.atomic
def input_submit(*, ip: str, honeypot: str = "", **fields) -> Input | None:
    """Save a resident's input. A filled honeypot is silently dropped (None): bots get no hint."""
    if honeypot.strip():
        return None
    check_rate(ip)
    if fields.get("notify") and not fields.get("email"):
        raise ValidationError({"email": _("Vul uw e-mailadres in als u berichten wilt krijgen.")})
    if fields.get("email") and not fields.get("notify"):
        fields["email"] = ""  # only asked to send news about the answer; without consent, not kept
    item = Input(**fields)
    item.full_clean()
    item.save()
    # Only the kind goes into the record: the text and contact details are personal data.
    record_change(item, action=ChangeRecord.Action.CREATE, changes={"kind": [None, item.kind]})
    return item


def _fresh(item: Input) -> Input:
    return Input.objects.select_for_update().get(pk=item.pk)


def _moderator(by) -> None:
    if not can_moderate(by):
        raise PermissionDenied(
            _("Alleen het programmateam en de participatiecoördinator modereren inbreng.")
        )


@transaction.atomic
def input_publish(*, item: Input, by, public_text: str) -> Input:
    """Publish input, as edited by the moderator (personal or health details removed)."""
    _moderator(by)
    item = _fresh(item)
    if not item.may_publish:
        raise ValidationError(_("De inwoner heeft niet toegestemd in publicatie."))
    if not public_text.strip():
        raise ValidationError({"public_text": _("Vul de tekst in zoals die openbaar wordt.")})
    item.public_text, item.moderation, item.moderated_by = (
        public_text.strip(),
        Input.Moderation.PUBLISHED,
        by,
    )
    item.hidden_reason = ""
    item.save(
        update_fields=["public_text", "moderation", "moderated_by", "hidden_reason", "updated_at"]
    )
    record_change(
        item, action=ChangeRecord.Action.PUBLISH, by=by, changes={"moderation": [None, "published"]}
    )
    return item


@transaction.atomic
def input_hide(*, item: Input, by, reason: str) -> Input:
    _moderator(by)
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden op; die wordt vastgelegd.")})
    item = _fresh(item)
    item.moderation, item.hidden_reason, item.moderated_by = (
        Input.Moderation.HIDDEN,
        reason.strip(),
        by,
    )
    item.save(update_fields=["moderation", "hidden_reason", "moderated_by", "updated_at"])
    record_change(
        item,
        action=ChangeRecord.Action.HIDE,
        by=by,
        reason=item.hidden_reason,
        changes={"moderation": [None, "hidden"]},
    )
    return item


@transaction.atomic
def input_answer(*, item: Input, by, status: str, answer: str, led_to=None) -> Input:
    """Write the official answer; a resident who asked for news gets it in the next digest."""
    _moderator(by)
    if status != Input.Answer.RECEIVED and not answer.strip():
        raise ValidationError({"answer": _("Schrijf het antwoord aan de inwoner.")})
    if status == Input.Answer.INCLUDED and led_to is None:
        raise ValidationError(
            {"led_to": _("Kies de wijziging van het plan waartoe de inbreng leidde.")}
        )
    item = _fresh(item)  # never write back a stale copy (e.g. after the resident unsubscribed)
    item.answer_status, item.answer, item.led_to = status, answer.strip(), led_to
    item.answered_at, item.answered_by = timezone.now(), by
    item.save(
        update_fields=[
            "answer_status",
            "answer",
            "led_to",
            "answered_at",
            "answered_by",
            "updated_at",
        ]
    )
    if item.notify and item.email:
        Notification.objects.create(
            input=item, reason=Notification.Reason.ANSWERED, detail=item.get_answer_status_display()
        )
    record_change(
        item,
        action=ChangeRecord.Action.ANSWER,
        by=by,
        changes={"answer_status": [None, status], "answer": [None, item.answer]},
    )
    return item


def notify_goal_progress(update_id: int) -> int:
    """Queue news for residents who gave input on the goal of an approved progress update."""
    from monitoring.models import ProgressUpdate

    update = ProgressUpdate.objects.select_related("goal").filter(pk=update_id).first()
    if update is None:
        return 0
    items = Input.objects.filter(goal=update.goal, notify=True).exclude(email="")
    detail = f"{update.goal.code}: {update.get_progress_display()} ({update.period})"
    Notification.objects.bulk_create(
        Notification(input=item, reason=Notification.Reason.PROGRESS, detail=detail)
        for item in items
    )
    return len(items)


def send_digests(*, base_url: str | None = None) -> int:
    """Send one digest per e-mail address with everything pending; return how many went out."""
    base_url = (base_url or settings.PORTAL_BASE_URL).rstrip("/")
    pending = (
        Notification.objects.filter(sent_at__isnull=True, input__notify=True)
        .exclude(input__email="")
        .select_related("input__goal")
        .order_by("created_at")
    )
    per_email = defaultdict(list)
    for n in pending:
        per_email[n.input.email.lower()].append(n)
    sent = 0
    for _email, items in per_email.items():
        token = items[-1].input.notify_token
        context = {
            "items": items,
            "unsubscribe": base_url + reverse("participatie:unsubscribe", args=[token]),
            "base_url": base_url,
        }
        EmailMessage(
            _("Nieuws over uw inbreng bij Gezonde Marke"),
            render_to_string("participatie/email/digest.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [items[-1].input.email],
            # RFC 8058: mail clients offer "unsubscribe" and post to this address.
            headers={
                "List-Unsubscribe": f"<{context['unsubscribe']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        ).send()
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(sent_at=timezone.now())
        sent += 1
    return sent


@transaction.atomic
def unsubscribe(token: str) -> int:
    """One click: no more messages to this address, for any of its input. Returns inputs touched."""
    item = Input.objects.filter(notify_token=token).first()
    if item is None or not item.email:
        return 0
    same = Input.objects.filter(email__iexact=item.email)
    Notification.objects.filter(input__in=same, sent_at__isnull=True).delete()
    return same.update(notify=False)
