"""Tellen én vertellen (seed 003 ch. 4, seed 004): what the numbers do not say.

- Story: a story of change about a goal, told by a partner, the programme team or a resident;
  moderated before publication; shortlisted per regio-opgave by the programme team and
  selected by the board with the reason recorded (Most Significant Change).
- PulseResponse: once a quarter, an organisation's view of the collaboration itself.
- Decision and Action: the board's steering loop, from the briefing to what came of it.
- Lesson: what we learned in a quarter, linked to stories, decisions and goals.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from monitoring.models import Kpi, ProgressUpdate
from regioplan.models import OperationalGoal, Organisation, Theme

QUARTER = RegexValidator(r"^\d{4}Q[1-4]$", _("Schrijf een kwartaal als 2026Q1."))


def new_token() -> str:
    return secrets.token_urlsafe(24)


class StoryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Story.Status.PUBLISHED)

    def visible_to(self, user):
        from accounts.permissions import can_edit_plan, can_read_internal

        if can_edit_plan(user) or can_read_internal(user):
            return self
        if getattr(user, "is_authenticated", False) and user.organisation_id:
            return self.filter(
                models.Q(status=Story.Status.PUBLISHED)
                | models.Q(organisation_id=user.organisation_id)
            )
        return self.published()


class Story(models.Model):
    class Domain(models.TextChoices):
        OWN_DIRECTION = "own_direction", _("Regie bij de inwoner")
        COLLABORATION = "collaboration", _("Samenwerking")
        HEALTH = "health", _("Gezondheid en leefstijl")
        ACCESS = "access", _("Toegang tot zorg en ondersteuning")
        LIVING = "living", _("Leefomgeving en bestaanszekerheid")

    class Teller(models.TextChoices):
        PARTNER = "partner", _("Partner")
        TEAM = "team", _("Programmateam")
        RESIDENT = "resident", _("Inwoner")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Wacht op moderatie")
        PUBLISHED = "published", _("Gepubliceerd")
        REJECTED = "rejected", _("Niet gepubliceerd")

    goal = models.ForeignKey(
        OperationalGoal, verbose_name=_("doel"), on_delete=models.PROTECT, related_name="stories"
    )
    quarter = models.CharField(_("kwartaal"), max_length=6, validators=[QUARTER])
    domain = models.CharField(_("domein van verandering"), max_length=16, choices=Domain.choices)
    title = models.CharField(_("titel"), max_length=150)
    what_changed = models.TextField(_("wat is er veranderd?"), max_length=3000)
    for_whom = models.TextField(_("voor wie?"), max_length=1000)
    why_it_matters = models.TextField(_("waarom is dit belangrijk?"), max_length=2000)
    teller = models.CharField(_("verteld door"), max_length=10, choices=Teller.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stories",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A resident's contact details: never public, erased on withdrawal (the story goes too).
    name = models.CharField(_("naam"), max_length=100, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    consent = models.BooleanField(_("toestemming om te publiceren"), default=False)
    token = models.CharField(max_length=40, default=new_token, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    moderation_note = models.TextField(_("toelichting moderatie"), blank=True, max_length=1000)
    published_at = models.DateTimeField(null=True, blank=True)
    shortlisted_at = models.DateTimeField(null=True, blank=True)
    selected_at = models.DateTimeField(null=True, blank=True)
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    selection_reason = models.TextField(_("waarom gekozen"), blank=True, max_length=2000)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.CharField(_("geverifieerd door"), max_length=200, blank=True)
    verification = models.TextField(_("hoe geverifieerd"), blank=True, max_length=1000)
    is_demo = models.BooleanField(_("demodata"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-quarter", "-created_at", "-pk"]
        verbose_name = _("verhaal van verandering")
        verbose_name_plural = _("verhalen van verandering")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(selected_at__isnull=False, selection_reason=""),
                name="selected_story_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:story_detail", args=[self.pk])

    @property
    def is_selected(self) -> bool:
        return self.selected_at is not None

    @property
    def teller_label(self) -> str:
        """Who told it, as the public may see: never a resident's name."""
        if self.teller == self.Teller.RESIDENT:
            return str(_("een inwoner"))
        if self.organisation_id:
            return self.organisation.name
        return str(self.get_teller_display())


PULSE_STATEMENTS = (
    ("shared_goals", _("We werken aan gedeelde doelen.")),
    ("trust", _("We vertrouwen elkaar.")),
    ("decisions", _("Besluiten nemen we samen en op tijd.")),
    ("information", _("We delen informatie open en op tijd.")),
    ("residents", _("Inwoners zijn echt betrokken.")),
)


class PulseResponse(models.Model):
    """One organisation's answer to the quarterly collaboration pulse for one regio-opgave.
    Shown only in aggregate, where at least PULSE_MIN_RESPONDENTS organisations answered."""

    STATEMENTS = PULSE_STATEMENTS
    SCORE = [MinValueValidator(1), MaxValueValidator(5)]

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="pulse_responses"
    )
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="pulse_responses")
    quarter = models.CharField(_("kwartaal"), max_length=6, validators=[QUARTER])
    shared_goals = models.PositiveSmallIntegerField(validators=SCORE)
    trust = models.PositiveSmallIntegerField(validators=SCORE)
    decisions = models.PositiveSmallIntegerField(validators=SCORE)
    information = models.PositiveSmallIntegerField(validators=SCORE)
    residents = models.PositiveSmallIntegerField(validators=SCORE)
    remark = models.TextField(_("opmerking"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demodata"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "theme", "quarter"], name="one_pulse_per_org_theme_quarter"
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"pulse_{name}_1_to_5",
                )
                for name, _label in PULSE_STATEMENTS
            ],
        ]
        verbose_name = _("antwoord samenwerkingspuls")
        verbose_name_plural = _("antwoorden samenwerkingspuls")

    def __str__(self) -> str:
        return f"{self.organisation} {self.theme.code} {self.quarter}"


class Decision(models.Model):
    """A decision of the board (programmaraad), with the actions that follow from it."""

    quarter = models.CharField(_("kwartaal van de briefing"), max_length=6, validators=[QUARTER])
    decided_on = models.DateField(_("datum van het besluit"))
    title = models.CharField(_("besluit"), max_length=200)
    text = models.TextField(_("toelichting"), blank=True, max_length=4000)
    goals = models.ManyToManyField(OperationalGoal, blank=True, related_name="decisions")
    kpis = models.ManyToManyField(Kpi, blank=True, related_name="decisions")
    question = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("antwoord op de vraag in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="board_decisions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demodata"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:decision_detail", args=[self.pk])


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("Bezig")
        DONE = "done", _("Klaar")
        CANCELLED = "cancelled", _("Vervallen")

    CLOSED = (Status.DONE, Status.CANCELLED)

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("actie"), max_length=300)
    owner = models.ForeignKey(
        Organisation, verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="actions"
    )
    due = models.DateField(_("klaar op"))
    status = models.CharField(
        _("stand"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.TextField(_("uitkomst"), blank=True, max_length=4000)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("actie")
        verbose_name_plural = _("acties")

    def __str__(self) -> str:
        return self.text

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED


class ActionUpdate(models.Model):
    """What an action's owner reported on it: its progress, in the owner's words."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=12, choices=Action.Status.choices)
    text = models.TextField(_("voortgang"), max_length=2000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} ({self.status})"


class Lesson(models.Model):
    """What we learned in a quarter: lessons and adjustments, linked to what it rests on."""

    quarter = models.CharField(_("kwartaal"), max_length=6, validators=[QUARTER])
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("wat hebben we geleerd en wat passen we aan?"), max_length=4000)
    goals = models.ManyToManyField(OperationalGoal, blank=True, related_name="lessons")
    stories = models.ManyToManyField(Story, blank=True, related_name="lessons")
    decisions = models.ManyToManyField(Decision, blank=True, related_name="lessons")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demodata"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["-quarter", "-pk"]
        verbose_name = _("les")
        verbose_name_plural = _("wat hebben we geleerd")

    def __str__(self) -> str:
        return self.title


GOVERNANCE_WORDS = {
    "domain": {
        "own_direction": "regie_bij_inwoner",
        "collaboration": "samenwerking",
        "health": "gezondheid",
        "access": "toegang_tot_zorg",
        "living": "leefomgeving",
    },
    "teller": {"partner": "partner", "team": "programmateam", "resident": "inwoner"},
    "action_status": {
        "open": "open",
        "in_progress": "bezig",
        "done": "klaar",
        "cancelled": "vervallen",
    },
}
