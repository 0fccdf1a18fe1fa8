from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import roles


class User(AbstractUser):
    """A portal user. Partners are bound to exactly one organisation."""

    organisation = models.ForeignKey(
        "regioplan.Organisation",
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    is_organisation_admin = models.BooleanField(
        _("beheert de accounts van de organisatie"),
        default=False,
        help_text=_("Nodigt collega's van de eigen organisatie uit en zet vertrekkers uit."),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @cached_property
    def role_names(self) -> frozenset[str]:
        # One query per request at most; cached on the instance.
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: str) -> bool:
        return self.is_active and role in self.role_names

    @property
    def is_programme_team(self) -> bool:
        return self.has_role(roles.PROGRAMME_TEAM)

    @property
    def is_partner(self) -> bool:
        return self.has_role(roles.PARTNER)

    @property
    def is_coordinator(self) -> bool:
        return self.has_role(roles.COORDINATOR)

    @property
    def is_board(self) -> bool:
        return self.has_role(roles.BOARD)

    @property
    def is_portal_admin(self) -> bool:
        return self.is_active and (self.is_superuser or roles.ADMIN in self.role_names)

    def clean(self) -> None:
        super().clean()
        if self.pk and self.is_partner and self.organisation_id is None:
            raise ValidationError({"organisation": _("Een partner hoort bij een organisatie.")})


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 hash of the key is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("naam"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Invitation(models.Model):
    """An e-mail invitation to make an account: a single-use link that expires.

    Only a SHA-256 hash of the link's key is stored. Accepting it makes the account with the
    invited roles and organisation; the invitee chooses a password (and, where a role needs
    it, sets up two-step sign-in on first sign-in)."""

    email = models.EmailField(_("e-mailadres"))
    organisation = models.ForeignKey(
        "regioplan.Organisation",
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    roles = models.JSONField(_("rollen"), default=list)
    organisation_admin = models.BooleanField(
        _("beheert de accounts van de organisatie"), default=False
    )
    key_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self) -> str:
        return self.email
