"""The board's steering loop: decisions with actions, the owners' progress, and the answer to
a partner's question."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_edit_plan, is_active_user
from audit.models import ChangeRecord
from audit.services import record_change
from core.links import absolute_url

from ..models import Action, ActionUpdate, Decision, Lesson


def _may_record(user) -> bool:
    return is_active_user(user) and (can_edit_plan(user) or user.is_board)


@transaction.atomic
def decision_record(
    *,
    by,
    quarter: str,
    decided_on: dt.date,
    title: str,
    text: str = "",
    goals=(),
    kpis=(),
    question=None,
    actions: list[dict] = (),
) -> Decision:
    """Record a board decision with its actions (text, owner organisation, due date). When it
    answers a partner's question, the partner hears the answer."""
    if not _may_record(by):
        raise PermissionDenied(
            _("Alleen het programmateam en de programmaraad leggen besluiten vast.")
        )
    if not title.strip():
        raise ValidationError({"title": _("Schrijf het besluit op.")})
    decision = Decision(
        quarter=quarter,
        decided_on=decided_on,
        title=title.strip(),
        text=text.strip(),
        question=question,
        created_by=by,
    )
    decision.full_clean()
    decision.save()
    decision.goals.set(goals)
    decision.kpis.set(kpis)
    for item in actions:
        if not (item.get("text") or "").strip():
            continue
        if item.get("owner") is None or item.get("due") is None:
            raise ValidationError(_("Een actie heeft een eigenaar en een datum."))
        Action.objects.create(
            decision=decision, text=item["text"].strip(), owner=item["owner"], due=item["due"]
        )
    record_change(
        decision,
        action=ChangeRecord.Action.CREATE,
        changes={"title": [None, decision.title]},
        by=by,
    )
    if question is not None:
        transaction.on_commit(lambda: _tell_the_asker(decision.pk))
    return decision


def may_report_on(user, action: Action) -> bool:
    """The action's owner (any active person of that organisation) and the programme team."""
    if not is_active_user(user):
        return False
    return can_edit_plan(user) or user.organisation_id == action.owner_id


@transaction.atomic
def action_progress(*, action: Action, by, status: str, text: str) -> Action:
    if not may_report_on(by, action):
        raise PermissionDenied(_("Alleen de eigenaar van de actie meldt voortgang."))
    if status not in Action.Status.values:
        raise ValidationError({"status": _("Kies een stand.")})
    if not text.strip():
        raise ValidationError({"text": _("Schrijf wat er gebeurd is.")})
    action = Action.objects.select_for_update().get(pk=action.pk)
    old = action.status
    ActionUpdate.objects.create(action=action, status=status, text=text.strip(), by=by)
    action.status = status
    if status in Action.CLOSED:
        action.outcome, action.closed_at = text.strip(), timezone.now()
    else:
        action.closed_at = None
    action.save()
    record_change(
        action,
        action=ChangeRecord.Action.UPDATE,
        changes={"status": [old, status]},
        by=by,
        reason=text.strip(),
    )
    return action


@transaction.atomic
def lesson_write(
    *, by, quarter: str, title: str, text: str, goals=(), stories=(), decisions=()
) -> Lesson:
    if not can_edit_plan(by):
        raise PermissionDenied
    lesson = Lesson(quarter=quarter, title=title.strip(), text=text.strip(), created_by=by)
    lesson.full_clean()
    lesson.save()
    lesson.goals.set(goals)
    lesson.stories.set(stories)
    lesson.decisions.set(decisions)
    record_change(
        lesson, action=ChangeRecord.Action.CREATE, changes={"title": [None, lesson.title]}, by=by
    )
    return lesson


def _tell_the_asker(decision_id: int) -> int:
    decision = Decision.objects.select_related("question__goal", "question__organisation").get(
        pk=decision_id
    )
    update = decision.question
    users = (
        get_user_model()
        .objects.filter(organisation=update.organisation, is_active=True)
        .exclude(email="")
    )
    url = absolute_url(decision.get_absolute_url())
    body = render_to_string(
        "governance/email/question_answered.txt",
        {"decision": decision, "update": update, "url": url},
    )
    for user in users:
        send_mail(
            _("De programmaraad heeft uw vraag beantwoord"),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
    return users.count()
