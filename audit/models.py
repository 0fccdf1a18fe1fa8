"""The change record: one row per write to an audited object."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeRecord(models.Model):
    """One recorded change to any audited object: who, when, what (old → new) and why."""

    class Action(models.TextChoices):
        CREATE = "create", _("Aangemaakt")
        UPDATE = "update", _("Gewijzigd")
        ARCHIVE = "archive", _("Gearchiveerd")
        LOAD = "load", _("Geladen uit plandata")
        SUBMIT = "submit", _("Ingediend")
        APPROVE = "approve", _("Goedgekeurd")
        RETURN = "return", _("Teruggestuurd")
        PUBLISH = "publish", _("Gepubliceerd")
        HIDE = "hide", _("Verborgen")
        ANSWER = "answer", _("Beantwoord")
        REQUEST = "request", _("Aangevraagd")
        BUILD = "build", _("Gemaakt")
        FAIL = "fail", _("Mislukt")
        ERASE = "erase", _("Persoonsgegevens gewist")
        DELETE = "delete", _("Verwijderd")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=300)
    action = models.CharField(max_length=10, choices=Action.choices)
    changes = models.JSONField(default=dict, help_text="{field: [old, new]}")
    reason = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_change_object_idx")
        ]
        verbose_name = _("wijziging")
        verbose_name_plural = _("wijzigingen")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"
