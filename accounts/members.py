"""Organisation accounts: who may manage whose people, invitations by e-mail, leavers.

- An organisation administrator invites colleagues of the own organisation and deactivates
  leavers; the programme team does the same for any organisation; a portal administrator
  also invites staff (programme team, board, coordinator, administrator). Nobody needs the
  Django admin for accounts.
- An invitation is a single-use link that expires (INVITATION_DAYS); only a hash of its
  key is stored. The inviter always sees the same answer: an address that already has an
  account gets a note instead of an invitation, and nothing tells the inviter which.
- Invitations are throttled per inviter (INVITATION_LIMIT an hour).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.links import absolute_url
from core.ratelimit import RateLimit

from . import roles
from .models import ApiToken, Invitation
from .permissions import can_edit_plan, is_active_user

# Account changes are kept in the invitations table and in this log (the audit app sits
# above accounts and cannot be called from here).
log = logging.getLogger("gezondemarke.accounts")
STAFF_ROLES = (roles.PROGRAMME_TEAM, roles.BOARD, roles.COORDINATOR, roles.ADMIN)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def may_manage(user, organisation) -> bool:
    """Whether `user` manages the accounts of `organisation` (None: staff without one)."""
    if not is_active_user(user):
        return False
    if user.is_portal_admin:
        return True
    if organisation is None:
        return False
    if can_edit_plan(user):
        return True
    return user.is_organisation_admin and user.organisation_id == organisation.pk


def members_of(organisation):
    """The organisation's people, leavers included (they show as inactive)."""
    return (
        get_user_model()
        .objects.filter(organisation=organisation)
        .prefetch_related("groups")
        .order_by("-is_active", "last_name", "first_name", "username")
    )


def open_invitations(organisation):
    return Invitation.objects.filter(
        organisation=organisation, used_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


def member_invite(
    *,
    by,
    organisation,
    email: str,
    role: str = roles.PARTNER,
    organisation_admin: bool = False,
) -> None:
    """Invite `email` to an account of `organisation` in `role`. Says nothing about whether
    the address already has an account (see the module). Raises PermissionDenied when `by`
    may not, ValidationError when throttled or the role is not allowed."""
    if not may_manage(by, organisation):
        raise PermissionDenied(_("U beheert de accounts van deze organisatie niet."))
    if role not in roles.ROLES:
        raise ValidationError({"role": _("Kies een bestaande rol.")})
    if role in STAFF_ROLES and not by.is_portal_admin:
        raise ValidationError({"role": _("Alleen een beheerder nodigt medewerkers uit.")})
    if role == roles.PARTNER and organisation is None:
        raise ValidationError({"role": _("Een partner hoort bij een organisatie.")})
    limit = RateLimit("invitation", settings.INVITATION_LIMIT, 3600)
    if not limit.allows("user", str(by.pk)):
        raise ValidationError(
            _("U hebt het afgelopen uur te veel uitnodigingen verstuurd. Probeer het later.")
        )
    email = get_user_model().objects.normalize_email(email.strip()).lower()
    existing = get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
    known = existing.exists()
    key = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        organisation=organisation,
        roles=[role],
        organisation_admin=organisation_admin and organisation is not None,
        key_hash=_hash(key),
        invited_by=by,
        expires_at=timezone.now() + dt.timedelta(days=settings.INVITATION_DAYS),
    )
    log.info(
        "invitation %s made by user %s for organisation %s",
        invitation.pk,
        by.pk,
        getattr(organisation, "pk", None),
    )
    # A known address gets a note to sign in instead of the link; the invitation is listed
    # all the same (and simply expires), so the inviter cannot tell the two apart.
    if known:
        transaction.on_commit(lambda: _mail_existing(email))
    else:
        transaction.on_commit(lambda: _mail_invitation(invitation, key))


def invitation_for(key: str) -> Invitation | None:
    """The open invitation of a link's key, or None (unknown, used or expired alike)."""
    return (
        Invitation.objects.select_related("organisation")
        .filter(key_hash=_hash(key or ""), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


@transaction.atomic
def invitation_accept(*, key: str, first_name: str, last_name: str, password: str):
    """Make the account of an invitation; the link works once. Returns the new user."""
    invitation = invitation_for(key)
    if invitation is None:
        raise ValidationError(_("Deze uitnodiging is verlopen of al gebruikt."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:
        raise ValidationError(_("Deze uitnodiging is verlopen of al gebruikt."))
    User = get_user_model()
    user = User(
        username=invitation.email,
        email=invitation.email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        organisation=invitation.organisation,
        is_organisation_admin=invitation.organisation_admin,
    )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from None
    if User.objects.filter(username__iexact=invitation.email).exists():
        raise ValidationError(_("Deze uitnodiging is verlopen of al gebruikt."))
    user.set_password(password)
    user.save()
    user.groups.set(Group.objects.filter(name__in=invitation.roles))
    invitation.used_at, invitation.user = timezone.now(), user
    invitation.save(update_fields=["used_at", "user"])
    log.info("invitation %s accepted: user %s", invitation.pk, user.pk)
    return user


@transaction.atomic
def invitation_withdraw(*, by, invitation: Invitation) -> None:
    if not may_manage(by, invitation.organisation):
        raise PermissionDenied
    invitation.expires_at = timezone.now()
    invitation.save(update_fields=["expires_at"])


@transaction.atomic
def member_deactivate(*, by, member) -> None:
    """A leaver: the account can no longer sign in and its API tokens stop working. The
    account stays, so what it reported keeps its author."""
    if not may_manage(by, member.organisation) or member.pk == by.pk:
        raise PermissionDenied(_("U kunt dit account niet uitzetten."))
    if member.is_superuser and not by.is_superuser:
        raise PermissionDenied(_("U kunt dit account niet uitzetten."))
    type(member).objects.filter(pk=member.pk).update(is_active=False)
    ApiToken.objects.filter(user=member, revoked_at__isnull=True).update(revoked_at=timezone.now())
    log.info("user %s deactivated by user %s", member.pk, by.pk)


def _mail_invitation(invitation: Invitation, key: str) -> None:
    url = absolute_url(reverse("accounts:invitation_accept", args=[key]))
    body = render_to_string(
        "accounts/email/invitation.txt",
        {"invitation": invitation, "url": url, "days": settings.INVITATION_DAYS},
    )
    send_mail(
        _("Uitnodiging voor het portaal Gezonde Marke"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )


def _mail_existing(email: str) -> None:
    body = render_to_string(
        "accounts/email/invitation_existing.txt",
        {"url": absolute_url(reverse("login"))},
    )
    send_mail(
        _("Uitnodiging voor het portaal Gezonde Marke"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )
