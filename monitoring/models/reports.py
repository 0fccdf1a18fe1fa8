"""Quarterly reports: a request, its build and the PDF."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def report_path(instance, filename: str) -> str:
    # Private: served only through an authorised view, never from a public media URL.
    return f"reports/{instance.quarter}/{filename}"


class QuarterlyReport(models.Model):
    """One version of the quarterly progress report (PDF) for the governance board."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        BUILDING = "building", _("Wordt gemaakt")
        READY = "ready", _("Klaar")
        FAILED = "failed", _("Mislukt")

    class Source(models.TextChoices):
        REQUEST = "request", _("Aangevraagd")
        SCHEDULE = "schedule", _("Volgens planning")
        COMMAND = "command", _("Via de opdrachtregel")

    quarter = models.CharField(_("kwartaal"), max_length=6, db_index=True)
    version = models.PositiveSmallIntegerField(_("versie"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    source = models.CharField(
        _("aanleiding"), max_length=10, choices=Source.choices, default=Source.REQUEST
    )
    later_corrections = models.BooleanField(
        _("met latere correcties"),
        default=False,
        help_text=_(
            "Aan: de gegevens van vandaag, met elk verschil met de peildatum. Uit: het kwartaal "
            "zoals het bij de peildatum was; wat later kwam, staat apart vermeld."
        ),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    enqueued = models.BooleanField(
        default=False, help_text="False while the queue could not be reached."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(_("reden van mislukken"), blank=True)
    file = models.FileField(upload_to=report_path, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    page_count = models.PositiveSmallIntegerField(null=True, blank=True)
    build_seconds = models.FloatField(null=True, blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["-quarter", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["quarter", "version"], name="unique_report_version"),
            # At most one build per quarter in progress: a second request joins it.
            models.UniqueConstraint(
                fields=["quarter"],
                condition=models.Q(status__in=["queued", "building"]),
                name="one_active_report_per_quarter",
            ),
        ]
        verbose_name = _("kwartaalrapport")
        verbose_name_plural = _("kwartaalrapporten")

    def __str__(self) -> str:
        return f"Kwartaalrapport {self.quarter} v{self.version}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.BUILDING)


# The API's Dutch words for a report's stored values (API 1.2).
REPORT_WORDS = {
    "status": {
        "queued": "in_de_wachtrij",
        "building": "wordt_gemaakt",
        "ready": "klaar",
        "failed": "mislukt",
    },
    "source": {
        "request": "aangevraagd",
        "schedule": "volgens_planning",
        "command": "opdrachtregel",
    },
}
