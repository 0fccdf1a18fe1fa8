"""Writes to commitments (toezeggingen): who takes a goal on, and until when.

The steps:
- the programme team invites an organisation to a role on one or many goals; the
  organisation's people accept or decline (with a reason);
- an organisation that the plan names offers itself ("wij willen dit trekken"); the
  programme team confirms or declines;
- the programme team appoints a regio-opgave's monitoringpartner;
- a commitment ends in a quarter (the programme team or the organisation itself), and an
  invitation or offer can be withdrawn before it is answered.

A commitment starts and ends in a quarter whose book is still open (core.periods), so the
duties of a closed quarter never change. Every step is a change record on the commitment
and an e-mail to the other side, sent once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.permissions import can_edit_plan, is_active_user
from audit.models import ChangeRecord
from audit.services import record_change
from core.links import absolute_url
from core.periods import Period, first_open_quarter

from .models import GoalOrganisation, OperationalGoal, Organisation, Theme

Role, Status = GoalOrganisation.Role, GoalOrganisation.Status
INVITABLE = (Role.LEAD, Role.PARTNER)


def _quarter(raw: str | None, *, field: str) -> str:
    """A quarter in the open book: the given one, or the first open quarter when blank."""
    earliest = first_open_quarter()
    if not raw:
        return str(earliest)
    period = Period.parse(raw)
    if not period.is_quarter:
        raise ValidationError({field: _("Kies een kwartaal, zoals 2026Q1.")})
    if period < earliest:
        raise ValidationError(
            {
                field: _(
                    "Het boek van %(q)s is gesloten. Kies %(first)s of later: de verplichtingen "
                    "van een gesloten kwartaal veranderen niet meer."
                )
                % {"q": period, "first": earliest}
            }
        )
    return str(period)


def is_member(user, organisation) -> bool:
    """Whether `user` speaks for `organisation`: an active user bound to it."""
    return is_active_user(user) and user.organisation_id == organisation.pk


def _record(link: GoalOrganisation, action: str, changes: dict, by, reason: str = "") -> None:
    record_change(link, action=action, changes=changes, by=by, reason=reason)
    # The goal's (or regio-opgave's) page and API entry show its commitments: they changed.
    if link.goal_id:
        OperationalGoal.objects.filter(pk=link.goal_id).update(updated_at=timezone.now())
    if link.theme_id:
        Theme.objects.filter(pk=link.theme_id).update(updated_at=timezone.now())


def _lead_taken(goal: OperationalGoal, organisation: Organisation) -> bool:
    return (
        GoalOrganisation.objects.open()
        .filter(goal=goal, role=Role.LEAD, status=Status.ACCEPTED)
        .exclude(organisation=organisation)
        .exists()
    )


@transaction.atomic
def commitment_invite(
    *,
    goals: Iterable[OperationalGoal],
    organisation: Organisation,
    role: str,
    by,
    start_quarter: str | None = None,
    note: str = "",
) -> tuple[list[GoalOrganisation], list[tuple[OperationalGoal, str]]]:
    """Invite `organisation` to `role` on each goal: (invitations made, goals skipped with why).

    A goal is skipped when the organisation already has an open commitment in that role, or,
    for a trekker, when another organisation already leads it."""
    if not can_edit_plan(by):
        raise PermissionDenied(_("Alleen het programmateam nodigt organisaties uit."))
    if role not in INVITABLE:
        raise ValidationError({"role": _("Nodig uit als trekker of als partner.")})
    if organisation.archived or organisation.is_generic:
        raise ValidationError(
            {"organisation": _("Nodig één bestaande organisatie uit, geen groep of archief.")}
        )
    start = _quarter(start_quarter, field="start_quarter")
    made, skipped = [], []
    for goal in goals:
        if goal.status == OperationalGoal.Status.ARCHIVED:
            skipped.append((goal, _("het doel is gearchiveerd")))
            continue
        if (
            GoalOrganisation.objects.open()
            .filter(goal=goal, organisation=organisation, role=role)
            .exists()
        ):
            skipped.append((goal, _("de organisatie is al uitgenodigd of heeft al toegezegd")))
            continue
        if role == Role.LEAD and _lead_taken(goal, organisation):
            skipped.append((goal, _("het doel heeft al een trekker")))
            continue
        link = GoalOrganisation.objects.create(
            goal=goal,
            organisation=organisation,
            role=role,
            status=Status.INVITED,
            start_quarter=start,
            reason=note.strip(),
            invited_by=by,
        )
        _record(link, ChangeRecord.Action.CREATE, {"status": [None, link.status]}, by, note)
        made.append(link)
    if made:
        transaction.on_commit(lambda: _mail_organisation([link.pk for link in made]))
    return made, skipped


def may_offer(user, goal: OperationalGoal) -> bool:
    """An organisation the plan names at the goal (or already a partner there) may offer."""
    organisation_id = getattr(user, "organisation_id", None)
    return bool(
        organisation_id
        and is_active_user(user)
        and GoalOrganisation.objects.filter(
            goal=goal, organisation_id=organisation_id, status=Status.ACCEPTED
        ).exists()
    )


@transaction.atomic
def commitment_offer(
    *, goal: OperationalGoal, role: str, by, start_quarter: str | None = None, note: str = ""
) -> GoalOrganisation:
    """The organisation of `by` offers to take `goal` on in `role`; the programme team
    confirms. Only an organisation that the plan names at the goal, or that is already a
    partner there, can offer itself."""
    organisation = getattr(by, "organisation", None)
    if organisation is None or not is_member(by, organisation):
        raise PermissionDenied(_("Alleen iemand van een organisatie kan die aanbieden."))
    if role not in INVITABLE:
        raise ValidationError({"role": _("Bied aan als trekker of als partner.")})
    if not may_offer(by, goal):
        raise PermissionDenied(
            _("Uw organisatie staat niet bij dit doel. Vraag het programmateam om een uitnodiging.")
        )
    if GoalOrganisation.objects.open().filter(goal=goal, organisation=organisation, role=role):
        raise ValidationError(
            {"role": _("Uw organisatie is al uitgenodigd, heeft al aangeboden of al toegezegd.")}
        )
    if role == Role.LEAD and _lead_taken(goal, organisation):
        raise ValidationError({"role": _("Dit doel heeft al een trekker.")})
    link = GoalOrganisation.objects.create(
        goal=goal,
        organisation=organisation,
        role=role,
        status=Status.OFFERED,
        start_quarter=_quarter(start_quarter, field="start_quarter"),
        reason=note.strip(),
        invited_by=by,
    )
    _record(link, ChangeRecord.Action.REQUEST, {"status": [None, link.status]}, by, note)
    transaction.on_commit(lambda: _mail_programme_team(link.pk))
    return link


def may_answer(user, link: GoalOrganisation) -> bool:
    """An invitation is answered by the invited organisation; an offer by the programme team."""
    if link.status == Status.INVITED:
        return is_member(user, link.organisation)
    if link.status == Status.OFFERED:
        return can_edit_plan(user)
    return False


@transaction.atomic
def commitment_answer(*, link: GoalOrganisation, by, accept: bool, reason: str = "") -> None:
    """Accept or decline an invitation or an offer. Declining needs a reason."""
    link = GoalOrganisation.objects.select_for_update().get(pk=link.pk)
    if not may_answer(by, link):
        raise PermissionDenied(_("U kunt deze uitnodiging of dit aanbod niet beantwoorden."))
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("Schrijf waarom u afwijst.")})
    old = link.status
    if accept:
        # The book may have closed since the invitation: start in the first open quarter.
        if link.start_quarter < str(first_open_quarter()):
            link.start_quarter = str(first_open_quarter())
        if link.role == Role.LEAD and _lead_taken(link.goal, link.organisation):
            raise ValidationError({"role": _("Dit doel heeft inmiddels al een trekker.")})
    link.status = Status.ACCEPTED if accept else Status.DECLINED
    link.decided_by, link.decided_at = by, timezone.now()
    if reason:
        link.reason = reason
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:
        raise ValidationError({"role": _("Dit doel heeft inmiddels al een trekker.")}) from None
    action = ChangeRecord.Action.APPROVE if accept else ChangeRecord.Action.RETURN
    _record(link, action, {"status": [old, link.status]}, by, reason)
    if old == Status.INVITED:
        transaction.on_commit(lambda: _mail_programme_team(link.pk))
    else:
        transaction.on_commit(lambda: _mail_organisation([link.pk]))


@transaction.atomic
def commitment_withdraw(*, link: GoalOrganisation, by, reason: str = "") -> None:
    """Withdraw an invitation (programme team) or an offer (its organisation) not yet answered."""
    link = GoalOrganisation.objects.select_for_update().get(pk=link.pk)
    own_offer = link.status == Status.OFFERED and is_member(by, link.organisation)
    team_invite = link.status == Status.INVITED and can_edit_plan(by)
    if link.status == Status.WITHDRAWN and (can_edit_plan(by) or is_member(by, link.organisation)):
        return  # already withdrawn: nothing to do
    if not (own_offer or team_invite):
        raise PermissionDenied(_("U kunt dit niet intrekken."))
    old, link.status = link.status, Status.WITHDRAWN
    link.decided_by, link.decided_at = by, timezone.now()
    link.save()
    _record(link, ChangeRecord.Action.UPDATE, {"status": [old, link.status]}, by, reason)


def may_end(user, link: GoalOrganisation) -> bool:
    """The programme team and the organisation itself end an accepted commitment."""
    if link.status != Status.ACCEPTED or link.role == Role.POTENTIAL_INITIATOR:
        return False
    return can_edit_plan(user) or is_member(user, link.organisation)


@transaction.atomic
def commitment_end(*, link: GoalOrganisation, by, end_quarter: str | None, reason: str) -> None:
    """End a commitment with the given quarter (included). The row stays: its history and the
    duties of the quarters it held remain known."""
    link = GoalOrganisation.objects.select_for_update().get(pk=link.pk)
    if not may_end(by, link):
        raise PermissionDenied(_("U kunt deze toezegging niet beëindigen."))
    if link.end_quarter:
        raise ValidationError(
            {"end_quarter": _("Deze toezegging stopt al na %(q)s.") % {"q": link.end_quarter}}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Schrijf waarom de toezegging stopt.")})
    end = _quarter(end_quarter, field="end_quarter")
    if link.start_quarter and end < link.start_quarter:
        raise ValidationError(
            {
                "end_quarter": _("Het laatste kwartaal ligt vóór het begin (%(q)s).")
                % {"q": link.start_quarter}
            }
        )
    link.end_quarter = end
    link.decided_by, link.decided_at = by, timezone.now()
    link.save()
    _record(link, ChangeRecord.Action.ARCHIVE, {"end_quarter": ["", end]}, by, reason)
    transaction.on_commit(lambda: _mail_organisation([link.pk]))


@transaction.atomic
def monitoring_partner_set(
    *, theme: Theme, organisation: Organisation, by, start_quarter: str | None = None
) -> GoalOrganisation:
    """Appoint the regio-opgave's monitoringpartner; the previous one ends the quarter before."""
    if not can_edit_plan(by):
        raise PermissionDenied(_("Alleen het programmateam wijst een monitoringpartner aan."))
    start = _quarter(start_quarter, field="start_quarter")
    current = (
        GoalOrganisation.objects.open()
        .select_for_update()
        .filter(theme=theme, role=Role.MONITORING_PARTNER, status=Status.ACCEPTED)
        .first()
    )
    if current and current.organisation_id == organisation.pk:
        return current
    if current:
        before = str(Period.parse(start).previous())
        current.end_quarter = max(before, current.start_quarter or before)
        current.decided_by, current.decided_at = by, timezone.now()
        current.save()
        _record(current, ChangeRecord.Action.ARCHIVE, {"end_quarter": ["", before]}, by)
    link = GoalOrganisation.objects.create(
        theme=theme,
        organisation=organisation,
        role=Role.MONITORING_PARTNER,
        status=Status.ACCEPTED,
        start_quarter=start,
        invited_by=by,
        decided_by=by,
        decided_at=timezone.now(),
    )
    _record(link, ChangeRecord.Action.CREATE, {"status": [None, link.status]}, by)
    return link


# --- E-mail -----------------------------------------------------------------------------


_absolute = absolute_url


def _send(users, subject: str, template: str, context: dict) -> int:
    sent = 0
    for user in users:
        body = render_to_string(template, {**context, "user": user})
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    return sent


def _mail_organisation(link_ids: list[int]) -> int:
    """Tell the organisation's people about invitations, a confirmed or declined offer, or an
    ended commitment: one e-mail per person."""
    links = list(
        GoalOrganisation.objects.filter(pk__in=link_ids).select_related("goal", "organisation")
    )
    if not links:
        return 0
    organisation = links[0].organisation
    users = (
        get_user_model()
        .objects.filter(organisation=organisation, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    subject = _("Gezonde Marke: toezeggingen van %(org)s") % {"org": organisation.name}
    return _send(
        users,
        subject,
        "regioplan/email/commitments.txt",
        {"links": links, "organisation": organisation, "url": _absolute("/toezeggingen/")},
    )


def _mail_programme_team(link_id: int) -> int:
    link = GoalOrganisation.objects.select_related("goal", "organisation").get(pk=link_id)
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.PROGRAMME_TEAM)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    subject = _("Gezonde Marke: %(org)s, %(status)s voor %(code)s") % {
        "org": link.organisation.name,
        "status": link.get_status_display().lower(),
        "code": link.goal.code,
    }
    return _send(
        users,
        subject,
        "regioplan/email/commitment_team.txt",
        {"link": link, "url": _absolute(link.goal.get_absolute_url())},
    )
