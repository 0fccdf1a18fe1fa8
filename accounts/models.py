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
    def is_board(self) -> bool:
        return self.has_role(roles.BOARD)

    @property
    def is_portal_admin(self) -> bool:
        return self.is_active and (self.is_superuser or roles.ADMIN in self.role_names)

    def clean(self) -> None:
        super().clean()
        if self.pk and self.is_partner and self.organisation_id is None:
            raise ValidationError({"organisation": _("Een partner hoort bij een organisatie.")})
