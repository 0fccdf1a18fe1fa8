"""Writes for participation: input, moderation, answers, the notification loop, the registry,
participation moments and privacy (retention, export, deletion)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_edit_plan, can_moderate
from audit.models import ChangeRecord
from audit.services import diff, record_change
from core.slugs import unique_slug

from .models import Input, Notification, ParticipationMoment, Recommendation, ResidentInitiative


class RateLimited(Exception):
    """Too many submissions from one sender in a short time."""


def _sender_key(ip: str) -> str:
    # Only a keyed hash lives in the cache, for the rate-limit window; no IP address is stored.
    return (
        "participatie-rate:"
        + hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]
    )


def check_rate(ip: str) -> None:
    key = _sender_key(ip or "unknown")
    cache.add(key, 0, timeout=settings.PARTICIPATIE_RATE_WINDOW_SECONDS)
    count = cache.incr(key)
    if count > settings.PARTICIPATIE_RATE_LIMIT:
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
    item.save(update_fields=["public_text", "moderation", "moderated_by", "hidden_reason"])
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
    item.save(update_fields=["moderation", "hidden_reason", "moderated_by"])
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
    item.save(update_fields=["answer_status", "answer", "led_to", "answered_at", "answered_by"])
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
        send_mail(
            _("Nieuws over uw inbreng bij Gezonde Marke"),
            render_to_string("participatie/email/digest.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [items[-1].input.email],
        )
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
    item.full_clean()
    item.save()
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


# --- Participation moments and recommendations ----------------------------------------


@transaction.atomic
def moment_create(*, by, organisations=(), **fields) -> ParticipationMoment:
    _moderator(by)
    moment = ParticipationMoment(created_by=by, **fields)
    if not moment.goal_id and not moment.initiative_id:
        raise ValidationError({"goal": _("Kies een doel of een initiatief.")})
    moment.full_clean()
    moment.save()
    moment.organisations.set(organisations)
    record_change(
        moment,
        action=ChangeRecord.Action.CREATE,
        changes={
            "subject": [None, str(moment.goal or moment.initiative)],
            "organisations": [None, sorted(o.name for o in organisations)],
        },
        by=by,
    )
    return moment


@transaction.atomic
def recommendation_update(
    *, recommendation: Recommendation, by, importance_votes=None, urgency_votes=None, goals=None
) -> Recommendation:
    """The programme team enters the votes and goal links the text extract lost."""

    if not can_edit_plan(by):
        raise PermissionDenied(_("Alleen het programmateam wijzigt de aanbevelingen."))
    before = {
        "importance_votes": recommendation.importance_votes,
        "urgency_votes": recommendation.urgency_votes,
        "goals": sorted(recommendation.goals.values_list("code", flat=True)),
    }
    recommendation.importance_votes, recommendation.urgency_votes = importance_votes, urgency_votes
    recommendation.save()
    if goals is not None:
        recommendation.goals.set(goals)
    after = {
        "importance_votes": recommendation.importance_votes,
        "urgency_votes": recommendation.urgency_votes,
        "goals": sorted(recommendation.goals.values_list("code", flat=True)),
    }
    changes = diff(before, after)
    if changes:
        record_change(recommendation, action=ChangeRecord.Action.UPDATE, changes=changes, by=by)
    return recommendation
