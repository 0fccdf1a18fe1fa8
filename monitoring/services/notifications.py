"""E-mails about the review of progress updates.

- A partner hears when the programme team returns (with the reason) or approves an update
  of their organisation; "mijn doelen" shows the same as a note.
- The programme team gets one digest a day of the submitted updates that wait for review.
Both are sent after the transaction commits, through the task queue; a digest goes out at
most once per person per day (ReminderLog).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from core.links import absolute_url

from ..models import ProgressUpdate, ReminderLog

_absolute = absolute_url


def notify_review_outcome(update_id: int) -> int:
    """E-mail the partners of the update's organisation that it was approved or returned."""
    update = ProgressUpdate.objects.select_related("goal", "organisation").get(pk=update_id)
    if update.status not in (ProgressUpdate.Status.APPROVED, ProgressUpdate.Status.RETURNED):
        return 0
    users = (
        get_user_model()
        .objects.filter(
            organisation=update.organisation, is_active=True, groups__name=roles.PARTNER
        )
        .exclude(email="")
        .distinct()
    )
    if update.status == ProgressUpdate.Status.APPROVED:
        subject = _("Goedgekeurd: uw rapportage over %(code)s, %(q)s")
    else:
        subject = _("Teruggestuurd: uw rapportage over %(code)s, %(q)s")
    subject = subject % {"code": update.goal.code, "q": update.period}
    sent = 0
    for user in users:
        body = render_to_string(
            "monitoring/email/review_outcome.txt",
            {"user": user, "update": update, "url": _absolute(update.get_absolute_url())},
        )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    return sent


def send_review_digest(today: dt.date | None = None) -> int:
    """Once a day: tell each programme-team member which submitted updates wait for review."""
    today = today or timezone.localdate()
    waiting = list(
        ProgressUpdate.objects.filter(status=ProgressUpdate.Status.SUBMITTED)
        .select_related("goal", "organisation")
        .order_by("submitted_at", "pk")
    )
    if not waiting:
        return 0
    team = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.PROGRAMME_TEAM)
        .exclude(email="")
        .distinct()
    )
    stamp = f"{today:%y%m%d}"
    sent = 0
    for user in team:
        try:
            with transaction.atomic():
                ReminderLog.objects.create(user=user, period=stamp, kind="digest")
        except IntegrityError:
            continue  # today's digest went out already
        body = render_to_string(
            "monitoring/email/review_digest.txt",
            {
                "user": user,
                "waiting": waiting,
                "url": _absolute(reverse("monitoring:review_queue")),
                "today": today,
            },
        )
        subject = _("%(n)s rapportage(s) wachten op beoordeling") % {"n": len(waiting)}
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    return sent
