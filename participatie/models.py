"""Participation: residents' input with official answers, resident initiatives, participation
moments per goal, the participation budget, and the recommendations of seed 002."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from audit.models import ChangeRecord
from regioplan.models import (
    Initiative,
    Municipality,
    OperationalGoal,
    Organisation,
    SourceTracked,
    Theme,
)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class InputQuerySet(models.QuerySet):
    def published(self):
        """Return the input anyone may read: published by a moderator, with the resident's
        consent. New and hidden input, and input without consent, is never public."""
        return self.filter(moderation=self.model.Moderation.PUBLISHED, may_publish=True)


class ResidentInitiativeQuerySet(models.QuerySet):
    def public(self):
        """Return the initiatives in the public registry: approved by the coordinator."""
        return self.filter(status=self.model.Status.APPROVED)


class Input(models.Model):
    """A resident's suggestion, concern, experience or question about the plan."""

    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("Idee of suggestie")
        CONCERN = "concern", _("Zorg of bezwaar")
        EXPERIENCE = "experience", _("Ervaring")
        QUESTION = "question", _("Vraag")

    class Moderation(models.TextChoices):
        NEW = "new", _("Nieuw")
        PUBLISHED = "published", _("Gepubliceerd")
        HIDDEN = "hidden", _("Verborgen")

    class Answer(models.TextChoices):
        RECEIVED = "received", _("Ontvangen")
        CONSIDERING = "considering", _("Wordt bekeken")
        ANSWERED = "answered", _("Beantwoord")
        INCLUDED = "included", _("Opgenomen in het plan")

    kind = models.CharField(_("soort inbreng"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("uw inbreng"), max_length=4000)
    public_text = models.TextField(_("tekst zoals gepubliceerd"), blank=True, max_length=4000)
    goal = models.ForeignKey(
        OperationalGoal, null=True, blank=True, on_delete=models.SET_NULL, related_name="inputs"
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="inputs"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), null=True, blank=True, on_delete=models.SET_NULL
    )
    may_publish = models.BooleanField(_("mag openbaar"), default=False)
    name = models.CharField(_("naam"), max_length=100, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    notify = models.BooleanField(_("berichten over het antwoord en de voortgang"), default=False)
    notify_token = models.CharField(max_length=40, default=new_token, unique=True)
    moderation = models.CharField(max_length=10, choices=Moderation.choices, default=Moderation.NEW)
    hidden_reason = models.TextField(_("reden van verbergen"), blank=True, max_length=1000)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer_status = models.CharField(
        _("status van het antwoord"), max_length=12, choices=Answer.choices, default=Answer.RECEIVED
    )
    answer = models.TextField(_("antwoord"), blank=True, max_length=4000)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    led_to = models.ForeignKey(
        ChangeRecord,
        verbose_name=_("leidde tot deze wijziging van het plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)
    personal_data_removed_at = models.DateTimeField(null=True, blank=True)

    objects = InputQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inbreng")
        verbose_name_plural = _("inbreng")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Notification(models.Model):
    """A message waiting for a resident's next digest."""

    class Reason(models.TextChoices):
        ANSWERED = "answered", _("Uw inbreng is beantwoord")
        PROGRESS = "progress", _("Nieuwe voortgang bij een doel")

    input = models.ForeignKey(Input, on_delete=models.CASCADE, related_name="notifications")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.input_id})"


class ResidentInitiative(SourceTracked):
    """A resident initiative (zorgzame gemeenschap) in the public registry."""

    class Kind(models.TextChoices):
        CARE_COOPERATIVE = "care_cooperative", _("Zorgcoöperatie")
        VILLAGE = "village", _("Dorps- of buurtinitiatief")
        MEETING_PLACE = "meeting_place", _("Ontmoetingsplek")
        TRANSPORT = "transport", _("Vervoer")
        NETWORK = "network", _("Netwerk van initiatieven")
        OTHER = "other", _("Anders")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Aangemeld, wacht op goedkeuring")
        APPROVED = "approved", _("Opgenomen in het register")
        REJECTED = "rejected", _("Niet opgenomen")

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    place = models.CharField(_("dorp, buurt of wijk"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), null=True, blank=True, on_delete=models.PROTECT
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("beschrijving"), blank=True, max_length=4000)
    contact_name = models.CharField(_("contactpersoon"), max_length=100, blank=True)
    contact_email = models.EmailField(_("e-mailadres voor contact"), blank=True)
    contact_public = models.BooleanField(_("contactgegevens mogen openbaar"), default=False)
    goals = models.ManyToManyField(
        OperationalGoal,
        verbose_name=_("draagt bij aan doelen"),
        blank=True,
        related_name="resident_initiatives",
    )
    plan_initiative = models.ForeignKey(
        Initiative,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registry_entries",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    in_plan = models.BooleanField(_("genoemd in het regioplan"), default=False)
    review_note = models.TextField(_("toelichting bij de beoordeling"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResidentInitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("bewonersinitiatief")
        verbose_name_plural = _("bewonersinitiatieven")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("participatie:initiative_detail", args=[self.slug])


class ParticipationMoment(models.Model):
    class Phase(models.TextChoices):
        DEVELOP = "develop", _("Ontwikkelen")
        DESIGN = "design", _("Vormgeven")
        EVALUATE = "evaluate", _("Evalueren")

    class Form(models.TextChoices):
        PANEL = "panel", _("Burgerpanel")
        MEETING = "meeting", _("Bijeenkomst")
        WRITING_TEAM = "writing_team", _("Schrijfteam")
        SURVEY = "survey", _("Vragenlijst")
        LIVED_EXPERIENCE = "lived_experience", _("Ervaringsdeskundige")

    goal = models.ForeignKey(
        OperationalGoal,
        verbose_name=_("doel"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participation_moments",
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiatief"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participation_moments",
    )
    phase = models.CharField(_("fase"), max_length=10, choices=Phase.choices)
    form = models.CharField(_("vorm"), max_length=20, choices=Form.choices)
    date = models.DateField(_("datum"))
    participants = models.PositiveIntegerField(_("aantal deelnemers"))
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("betrokken organisaties"), blank=True
    )
    outcome = models.TextField(_("uitkomst"), max_length=4000)
    cost = models.DecimalField(
        _("kosten (euro)"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(goal__isnull=False) | models.Q(initiative__isnull=False),
                name="moment_has_subject",
                violation_error_message=_("Kies een doel of een initiatief."),
            )
        ]
        verbose_name = _("participatiemoment")
        verbose_name_plural = _("participatiemomenten")

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.date}"


class ParticipationBudget(models.Model):
    """The IZA SPUK funds of a year and the share reserved for participation (8% in the plan)."""

    year = models.PositiveSmallIntegerField(_("jaar"), unique=True)
    spuk_total = models.DecimalField(_("IZA SPUK-middelen (euro)"), max_digits=14, decimal_places=2)
    reservation_percent = models.DecimalField(
        _("gereserveerd voor participatie (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("8"),
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("participatiebudget")
        verbose_name_plural = _("participatiebudgetten")

    def __str__(self) -> str:
        return str(self.year)

    @property
    def reserved(self) -> Decimal:
        return (self.spuk_total * self.reservation_percent / 100).quantize(Decimal("0.01"))


class Recommendation(SourceTracked):
    """One of the 10 recommendations of the healthy-weight case study (seed 002)."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("tekst"))
    importance_votes = models.PositiveSmallIntegerField(
        _("stemmen voor belang"), null=True, blank=True
    )
    urgency_votes = models.PositiveSmallIntegerField(
        _("stemmen voor urgentie"), null=True, blank=True
    )
    goals = models.ManyToManyField(
        OperationalGoal,
        verbose_name=_("komt terug in doelen"),
        blank=True,
        related_name="recommendations",
    )
    reported_goal_count = models.PositiveSmallIntegerField(
        _("aantal doelen volgens het rapport"), null=True, blank=True
    )
    reported_lifestyle_count = models.PositiveSmallIntegerField(
        _("aantal doelen Gezondheid en Leefstijl volgens het rapport"), null=True, blank=True
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("aanbeveling")
        verbose_name_plural = _("aanbevelingen")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


# The API's Dutch words for participation's stored values (API 1.2).
PARTICIPATION_WORDS = {
    "input_kind": {
        "suggestion": "idee",
        "concern": "zorg",
        "experience": "ervaring",
        "question": "vraag",
    },
    "answer_status": {
        "received": "ontvangen",
        "considering": "wordt_bekeken",
        "answered": "beantwoord",
        "included": "opgenomen_in_het_plan",
    },
    "initiative_kind": {
        "care_cooperative": "zorgcooperatie",
        "village": "dorps_of_buurtinitiatief",
        "meeting_place": "ontmoetingsplek",
        "transport": "vervoer",
        "network": "netwerk",
        "other": "anders",
    },
    "phase": {"develop": "ontwikkelen", "design": "vormgeven", "evaluate": "evalueren"},
    "form": {
        "panel": "burgerpanel",
        "meeting": "bijeenkomst",
        "writing_team": "schrijfteam",
        "survey": "vragenlijst",
        "lived_experience": "ervaringsdeskundige",
    },
}
