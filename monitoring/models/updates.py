"""Partners' quarterly progress updates, their reported values, evidence, workflow steps and
reminders."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import can_review, is_reporting_partner
from regioplan.models import Municipality, OperationalGoal, Organisation

from .kpis import VALUE, Kpi


def approved_before(moment) -> models.Q:
    """The condition 'approved before `moment`' (an approval without a recorded time counts)."""
    return models.Q(approved_at__lt=moment) | models.Q(approved_at__isnull=True)


class ProgressUpdateQuerySet(models.QuerySet):
    def public(self):
        """Return the updates anyone may read: the approved ones."""
        return self.filter(status=self.model.Status.APPROVED)

    def approved_by(self, moment):
        """Return the updates approved before `moment` (one without a recorded time counts)."""
        return self.public().filter(approved_before(moment))

    def visible_to(self, user):
        """Return the updates `user` may read.

        Approved updates are public (their narratives are on the goal pages and in the
        report). A partner also sees its own organisation's drafts, submissions and returned
        updates; the programme team sees every update."""
        if can_review(user):
            return self.all()
        if is_reporting_partner(user):
            own = models.Q(organisation_id=user.organisation_id)
            return self.filter(models.Q(status=self.model.Status.APPROVED) | own)
        return self.public()


class ProgressUpdate(models.Model):
    """A partner's quarterly progress update on one goal (one revision of it)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        SUBMITTED = "submitted", _("Ingediend")
        RETURNED = "returned", _("Teruggestuurd")
        APPROVED = "approved", _("Goedgekeurd")

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", _("Nog niet gestart")
        ON_TRACK = "on_track", _("Op koers")
        ATTENTION = "attention", _("Aandacht nodig")
        BEHIND = "behind", _("Achter op schema")
        COMPLETED = "completed", _("Afgerond")

    goal = models.ForeignKey(OperationalGoal, on_delete=models.PROTECT, related_name="updates")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="updates")
    period = models.CharField(_("kwartaal"), max_length=6)
    revision = models.PositiveSmallIntegerField(_("versie"), default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_revision"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Empty until the partner chooses: nothing is preselected for them.
    progress = models.CharField(_("voortgang"), max_length=12, choices=Progress.choices, blank=True)
    done = models.TextField(_("wat is er gedaan"), blank=True, max_length=4000)
    next_steps = models.TextField(_("wat komt er hierna"), blank=True, max_length=4000)
    obstacles = models.TextField(_("wat staat in de weg"), blank=True, max_length=4000)
    resident_involvement = models.TextField(
        _("hoe waren inwoners betrokken"), blank=True, max_length=4000
    )
    board_question = models.TextField(
        _("wat vraagt u van de programmaraad?"),
        blank=True,
        max_length=2000,
        help_text=_(
            "Niet verplicht. Een besluit, steun of hulp die u van de programmaraad nodig hebt."
        ),
    )
    return_reason = models.TextField(_("reden van terugsturen"), blank=True, max_length=4000)
    is_demo = models.BooleanField(_("demodata"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "goal__code", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "organisation", "period", "revision"], name="unique_update_revision"
            )
        ]
        indexes = [models.Index(fields=["period", "status"])]
        verbose_name = _("voortgangsrapportage")
        verbose_name_plural = _("voortgangsrapportages")

    def __str__(self) -> str:
        return f"{self.goal.code} {self.period} {self.organisation} v{self.revision}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:update_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


# The API's Dutch words for an update's stored values (API 1.2; monitoring.api, filtersets).
STATUS_WORDS = {
    ProgressUpdate.Status.DRAFT: "concept",
    ProgressUpdate.Status.SUBMITTED: "ingediend",
    ProgressUpdate.Status.RETURNED: "teruggestuurd",
    ProgressUpdate.Status.APPROVED: "goedgekeurd",
}


PROGRESS_WORDS = {
    ProgressUpdate.Progress.NOT_STARTED: "niet_gestart",
    ProgressUpdate.Progress.ON_TRACK: "op_koers",
    ProgressUpdate.Progress.ATTENTION: "aandacht_nodig",
    ProgressUpdate.Progress.BEHIND: "achter_op_schema",
    ProgressUpdate.Progress.COMPLETED: "afgerond",
}


class UpdateFigure(models.Model):
    """A KPI value reported in an update; it becomes a Figure when the update is approved."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="figures")
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT)
    period = models.CharField(_("periode"), max_length=6)
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.PROTECT)
    value = models.DecimalField(_("waarde"), **VALUE)
    source_note = models.CharField(_("bron"), max_length=300, blank=True)

    class Meta:
        ordering = ["kpi__code", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["update", "kpi", "period", "municipality"], name="unique_value_per_update"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.period}: {self.value}"


def evidence_path(instance, filename: str) -> str:
    # Outside any public URL: served only through an authorised view.
    return f"evidence/{instance.update.goal.code}/{instance.update.period}/{filename}"


class Evidence(models.Model):
    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("bewijsstuk")
        verbose_name_plural = _("bewijsstukken")

    def __str__(self) -> str:
        return self.original_name


class UpdateTransition(models.Model):
    """One step in an update's review workflow: who, when, from → to, why."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class ReminderLog(models.Model):
    """A reminder digest sent, so a rerun on the same day sends nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    period = models.CharField(max_length=6)
    kind = models.CharField(max_length=10)  # "before" or "after"
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "period", "kind"], name="unique_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period}"
