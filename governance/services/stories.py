"""Writes to stories of change: tell, moderate, shortlist, select (with the reason), verify,
withdraw. The selection and its reason are fed back to the teller (Most Significant Change)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_edit_plan, can_moderate, is_active_user
from audit.models import ChangeRecord
from audit.services import record_change
from core.links import absolute_url
from core.periods import current_quarter

from ..models import Story

TEXT_FIELDS = ("title", "what_changed", "for_whom", "why_it_matters")


def _clean_text(fields: dict) -> dict:
    out = {}
    for name in TEXT_FIELDS:
        value = (fields.get(name) or "").strip()
        if not value:
            raise ValidationError({name: _("Vul dit in.")})
        out[name] = value
    return out


@transaction.atomic
def story_tell(*, by, goal, domain: str, fields: dict) -> Story:
    """A partner (for its organisation) or the programme team tells a story; it waits for
    moderation before anyone else reads it."""
    if not is_active_user(by):
        raise PermissionDenied
    if can_edit_plan(by):
        teller, organisation = Story.Teller.TEAM, by.organisation
    elif by.is_partner and by.organisation_id:
        teller, organisation = Story.Teller.PARTNER, by.organisation
    else:
        raise PermissionDenied(_("Alleen partners en het programmateam vertellen hier."))
    if domain not in Story.Domain.values:
        raise ValidationError({"domain": _("Kies een domein van verandering.")})
    story = Story.objects.create(
        goal=goal,
        quarter=str(current_quarter()),
        domain=domain,
        teller=teller,
        organisation=organisation,
        created_by=by,
        consent=True,
        **_clean_text(fields),
    )
    record_change(
        story, action=ChangeRecord.Action.CREATE, changes={"status": [None, story.status]}, by=by
    )
    return story


@transaction.atomic
def story_tell_resident(
    *, goal, domain: str, fields: dict, name: str, email: str, consent: bool
) -> Story:
    """A resident's story (through Meedoen). It is published only with consent, after
    moderation, and never with the resident's name or e-mail address."""
    if not consent:
        raise ValidationError(
            {"consent": _("Zonder toestemming kunnen we uw verhaal niet gebruiken.")}
        )
    if domain not in Story.Domain.values:
        raise ValidationError({"domain": _("Kies een domein van verandering.")})
    story = Story.objects.create(
        goal=goal,
        quarter=str(current_quarter()),
        domain=domain,
        teller=Story.Teller.RESIDENT,
        name=name.strip()[:100],
        email=email.strip(),
        consent=True,
        **_clean_text(fields),
    )
    record_change(
        story, action=ChangeRecord.Action.CREATE, changes={"status": [None, story.status]}
    )
    return story


@transaction.atomic
def story_moderate(
    *, story: Story, by, publish: bool, fields: dict | None = None, note: str = ""
) -> Story:
    """Publish (optionally with the moderator's anonymised text) or refuse a story."""
    if not can_moderate(by):
        raise PermissionDenied
    story = Story.objects.select_for_update().get(pk=story.pk)
    old = story.status
    if fields:
        for name, value in _clean_text(
            {**{n: getattr(story, n) for n in TEXT_FIELDS}, **fields}
        ).items():
            setattr(story, name, value)
    if publish:
        story.status, story.published_at = Story.Status.PUBLISHED, timezone.now()
    else:
        if not note.strip():
            raise ValidationError({"note": _("Schrijf waarom het verhaal niet verschijnt.")})
        story.status = Story.Status.REJECTED
    story.moderation_note = note.strip()
    story.save()
    action = ChangeRecord.Action.PUBLISH if publish else ChangeRecord.Action.HIDE
    record_change(story, action=action, changes={"status": [old, story.status]}, by=by, reason=note)
    return story


@transaction.atomic
def story_shortlist(*, story: Story, by, on: bool = True) -> Story:
    """The programme team puts a published story on (or off) the quarter's shortlist."""
    if not can_edit_plan(by):
        raise PermissionDenied
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.status != Story.Status.PUBLISHED:
        raise ValidationError(_("Alleen een gepubliceerd verhaal kan op de shortlist."))
    old = story.shortlisted_at
    story.shortlisted_at = timezone.now() if on else None
    story.save()
    record_change(
        story,
        action=ChangeRecord.Action.UPDATE,
        changes={"shortlisted_at": [old, story.shortlisted_at]},
        by=by,
    )
    return story


@transaction.atomic
def story_select(*, story: Story, by, reason: str) -> Story:
    """The board selects a shortlisted story as most significant and records why; the teller
    hears of it (e-mail after commit) and the story's page says so."""
    if not (is_active_user(by) and (by.is_board or can_edit_plan(by))):
        raise PermissionDenied(_("Alleen de programmaraad kiest de verhalen."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Schrijf waarom dit verhaal gekozen is.")})
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.shortlisted_at is None:
        raise ValidationError(_("Kies uit de verhalen op de shortlist."))
    story.selected_at, story.selected_by, story.selection_reason = timezone.now(), by, reason
    story.save()
    record_change(
        story,
        action=ChangeRecord.Action.APPROVE,
        changes={"selection_reason": ["", reason]},
        by=by,
        reason=reason,
    )
    transaction.on_commit(lambda: _tell_the_teller(story.pk))
    return story


@transaction.atomic
def story_verify(*, story: Story, by, verified_by: str, how: str) -> Story:
    if not can_edit_plan(by):
        raise PermissionDenied
    if not verified_by.strip() or not how.strip():
        raise ValidationError(_("Schrijf door wie en hoe het verhaal is nagegaan."))
    story = Story.objects.select_for_update().get(pk=story.pk)
    story.verified_at, story.verified_by, story.verification = (
        timezone.now(),
        verified_by.strip(),
        how.strip(),
    )
    story.save()
    record_change(
        story,
        action=ChangeRecord.Action.UPDATE,
        changes={"verified_by": ["", story.verified_by]},
        by=by,
    )
    return story


@transaction.atomic
def story_withdraw(*, token: str) -> bool:
    """A resident withdraws a story with the link from the confirmation: it is deleted, with
    the name and e-mail address. Returns whether there was one."""
    story = Story.objects.filter(token=token, teller=Story.Teller.RESIDENT).first()
    if story is None:
        return False
    record_change(story, action=ChangeRecord.Action.ERASE, changes={"status": [story.status, None]})
    story.lessons.clear()
    story.delete()
    return True


def _tell_the_teller(story_id: int) -> int:
    story = Story.objects.select_related("goal", "organisation").filter(pk=story_id).first()
    if story is None:
        return 0
    if story.teller == Story.Teller.RESIDENT:
        recipients = [story.email] if story.email else []
    else:
        users = get_user_model().objects.filter(is_active=True).exclude(email="")
        if story.organisation_id:
            users = users.filter(organisation=story.organisation_id)
        else:
            users = users.filter(pk=story.created_by_id)
        recipients = list(users.values_list("email", flat=True))
    url = absolute_url(story.get_absolute_url())
    body = render_to_string("governance/email/story_selected.txt", {"story": story, "url": url})
    for address in recipients:
        send_mail(
            _("Uw verhaal is gekozen door de programmaraad"),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [address],
        )
    return len(recipients)
