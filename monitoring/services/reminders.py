"""Reminder digests for due progress updates: one e-mail per person, not one per item."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from accounts import roles

from ..models import ReminderLog
from ..periods import Period, deadline
from ..selectors.updates import due_partners


def reminder_kind(quarter: Period, today: dt.date) -> str | None:
    """'before' in the days running up to the deadline, 'after' once it has passed."""
    due = deadline(quarter)
    if due - dt.timedelta(days=settings.MONITORING_REMINDER_DAYS_BEFORE) <= today <= due:
        return "before"
    after = due + dt.timedelta(days=settings.MONITORING_REMINDER_DAYS_AFTER)
    if after <= today < deadline(quarter.next()):
        return "after"
    return None


def send_reminders(today: dt.date | None = None) -> int:
    """Send the due digests for today; return how many e-mails went out. Safe to rerun."""
    today = today or dt.date.today()
    sent = 0
    current = Period.quarter_of(today)
    for quarter in (current.previous(), current):
        kind = reminder_kind(quarter, today)
        if kind:
            sent += _send_for(quarter, kind, today)
    return sent


def _send_for(quarter: Period, kind: str, today: dt.date) -> int:
    per_org = defaultdict(list)
    for goal, organisation in due_partners(quarter):
        per_org[organisation.pk].append(goal)
    if not per_org:
        return 0
    users = (
        get_user_model()
        .objects.filter(organisation_id__in=per_org, is_active=True, groups__name=roles.PARTNER)
        .exclude(email="")
        .select_related("organisation")
        .distinct()
    )
    sent = 0
    for user in users:
        try:
            with transaction.atomic():
                ReminderLog.objects.create(user=user, period=str(quarter), kind=kind)
        except IntegrityError:
            continue  # this digest went out already
        goals = sorted(per_org[user.organisation_id], key=lambda g: g.code)
        context = {
            "user": user,
            "quarter": quarter,
            "deadline": deadline(quarter),
            "kind": kind,
            "goals": goals,
        }
        if kind == "before":
            subject = _("Herinnering: voortgangsrapportage %(q)s vóór %(d)s") % {
                "q": quarter.label(),
                "d": f"{deadline(quarter):%d-%m-%Y}",
            }
        else:
            subject = _("Te laat: voortgangsrapportage %(q)s") % {"q": quarter.label()}
        send_mail(
            subject,
            render_to_string("monitoring/email/reminder.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
        sent += 1
    return sent
