"""The Regioplan Drenthe: themes, goals, initiatives, organisations and their links.

Business rules live in services.py (writes) and selectors.py (reads); models hold data,
constraints and display helpers only.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .codes import validate_operational_code, validate_strategic_code, validate_theme_code

YEAR_VALIDATORS = [MinValueValidator(2020), MaxValueValidator(2050)]


class SourceTracked(models.Model):
    """An object that the plan data file loads. The fingerprint is the hash of the file's
    values as last loaded, so the loader can tell a portal edit from a file change."""

    source_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Plan(models.Model):
    slug = models.SlugField(_("korte naam"), unique=True)
    name = models.CharField(_("naam"), max_length=200)
    subtitle = models.CharField(_("ondertitel"), max_length=200, blank=True)
    dream = models.TextField(_("Drentse Droom"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("startjaar"), validators=YEAR_VALIDATORS)
    horizon_year = models.PositiveSmallIntegerField(_("horizon"), validators=YEAR_VALIDATORS)
    source = models.CharField(_("bron"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plannen")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^GM\d{4}$", _("Een CBS-code heeft de vorm GM0106."))],
    )
    name = models.CharField(_("naam"), max_length=100, unique=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class Neighbourhood(models.Model):
    """A CBS wijk of a Drentse municipality (WK + the municipality's four digits + two).

    Seed 004: the Gemeentelijke Monitor Sociaal Domein shows figures "zoveel mogelijk op
    wijkniveau". Wijken are registered as figures for them arrive (file import, CBS,
    Waarstaatjegemeente.nl); their municipality follows from the code."""

    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^WK\d{6}$", _("Een wijkcode heeft de vorm WK010601."))],
    )
    name = models.CharField(_("naam"), max_length=100)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="neighbourhoods",
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["cbs_code"]
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")

    def __str__(self) -> str:
        if self.name == self.cbs_code:
            return self.name
        return f"{self.name} ({self.municipality.name})"

    @staticmethod
    def municipality_code(code: str) -> str:
        """The municipality's CBS code in a wijk code: WK010601 → GM0106."""
        return "GM" + code[2:6]


class Thread(models.Model):
    """A cross-cutting thread (rode draad) of the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="threads")
    slug = models.SlugField(_("korte naam"))
    name = models.CharField(_("naam"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="unique_thread_per_plan")
        ]
        verbose_name = _("rode draad")
        verbose_name_plural = _("rode draden")

    def __str__(self) -> str:
        return self.name


class PriorityTheme(SourceTracked):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priority_themes")
    slug = models.SlugField(_("korte naam"))
    number = models.PositiveSmallIntegerField(_("nummer"))
    name = models.CharField(_("naam"), max_length=100)
    ambition = models.TextField(_("ambitie 2040"))
    administrative_leads = models.JSONField(_("bestuurlijke trekkers"), default=list, blank=True)
    writing_team = models.JSONField(_("schrijfteam"), default=list, blank=True)
    facilitator = models.CharField(_("facilitator"), max_length=200, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="unique_priority_theme_per_plan")
        ]
        verbose_name = _("prioritair thema")
        verbose_name_plural = _("prioritaire thema's")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regioplan:priority_theme_detail", args=[self.slug])


class Theme(SourceTracked):
    """A regio-opgave: one of the six themes of the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    code = models.CharField(_("code"), max_length=5, validators=[validate_theme_code])
    name = models.CharField(_("naam"), max_length=100)
    slogan = models.CharField(_("slogan"), max_length=200, blank=True)
    focus_areas = models.JSONField(_("aandachtsgebieden"), default=list, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="unique_theme_code_per_plan")
        ]
        verbose_name = _("regio-opgave")
        verbose_name_plural = _("regio-opgaven")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("regioplan:theme_detail", args=[self.code])


class StrategicGoal(SourceTracked):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="strategic_goals")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="strategic_goals")
    code = models.CharField(_("code"), max_length=10, validators=[validate_strategic_code])
    text = models.TextField(_("tekst"))

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="unique_strategic_code_per_plan")
        ]
        verbose_name = _("strategisch doel")
        verbose_name_plural = _("strategische doelen")

    def __str__(self) -> str:
        return f"{self.code}"

    def get_absolute_url(self) -> str:
        return reverse("regioplan:strategic_goal_detail", args=[self.code])


class OrganisationQuerySet(models.QuerySet):
    def public(self):
        """Return the organisations anyone may see: all but the bench's demo partners."""
        return self.filter(is_demo=False)


class Organisation(SourceTracked):
    class Coalition(models.TextChoices):
        LEADING = "leidend", _("Leidende coalitie")
        BROAD = "breed", _("Brede coalitie")
        NONE = "", _("Geen coalitielid")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=200, unique=True)
    sector = models.CharField(_("sector"), max_length=100)
    coalition = models.CharField(
        _("coalitie"), max_length=10, choices=Coalition.choices, blank=True
    )
    is_generic = models.BooleanField(
        _("groep"),
        default=False,
        help_text=_("Een groep organisaties, zoals 'Gemeenten', niet één organisatie."),
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), null=True, blank=True, on_delete=models.PROTECT
    )
    archived = models.BooleanField(_("gearchiveerd"), default=False)
    is_demo = models.BooleanField(_("demodata"), default=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regioplan:organisation_detail", args=[self.slug])


class Initiative(SourceTracked):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=200, unique=True)
    description = models.TextField(_("beschrijving"), blank=True)
    archived = models.BooleanField(_("gearchiveerd"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regioplan:initiative_detail", args=[self.slug])


class Agreement(models.Model):
    """A national or regional agreement a goal serves (IZA, GALA, WOZO, SPUK): an editable
    list, so a report can be built for one agreement with the same engine."""

    code = models.SlugField(_("afkorting"), max_length=20, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")

    def __str__(self) -> str:
        return self.code.upper()


class OperationalGoal(SourceTracked):
    class Kind(models.TextChoices):
        OPERATIONAL_GOAL = "operational_goal", _("Operationeel doel")
        SOLUTION_DIRECTION = "solution_direction", _("Oplossingsrichting")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        ACTIVE = "active", _("Actief")
        COMPLETED = "completed", _("Afgerond")
        ARCHIVED = "archived", _("Gearchiveerd")

    class Track(models.TextChoices):
        # Seed 003 ch. 4: monitoring runs on two tracks.
        LONG_TERM = "long_term", _("Lange termijn (2040)")
        THREE_YEAR = "three_year", _("Driejarige cyclus (IZA, GALA, WOZO)")
        NONE = "", _("Nog niet bepaald")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="operational_goals")
    strategic_goal = models.ForeignKey(
        StrategicGoal,
        verbose_name=_("strategisch doel"),
        on_delete=models.PROTECT,
        related_name="operational_goals",
    )
    code = models.CharField(_("code"), max_length=12, validators=[validate_operational_code])
    source_code = models.CharField(_("code in de bron"), max_length=20, blank=True, editable=False)
    kind = models.CharField(
        _("soort"), max_length=20, choices=Kind.choices, default=Kind.OPERATIONAL_GOAL
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    title = models.CharField(_("korte titel"), max_length=500, blank=True)
    text = models.TextField(_("volledige tekst"), blank=True)
    bullets = models.JSONField(_("toelichting"), default=list, blank=True)
    target_year = models.PositiveSmallIntegerField(
        _("doeljaar"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    target_year_undecided = models.BooleanField(_("jaar nog niet bepaald"), default=False)
    year_marks = models.JSONField(_("jaren gemarkeerd in de bron"), default=list, blank=True)
    incomplete_in_source = models.BooleanField(_("onvolledig in de bron"), default=False)
    source_note = models.TextField(_("opmerking over de bron"), blank=True)
    initiatives_note = models.TextField(_("toelichting bij initiatieven"), blank=True)
    initiators_note = models.TextField(_("toelichting bij initiatiefnemers"), blank=True)
    priority_themes = models.ManyToManyField(
        PriorityTheme,
        verbose_name=_("prioritaire thema's"),
        blank=True,
        related_name="operational_goals",
    )
    related_goals = models.ManyToManyField(
        "self",
        verbose_name=_("hangt samen met"),
        symmetrical=False,
        blank=True,
        related_name="referenced_by",
    )
    related_strategic_goals = models.ManyToManyField(
        StrategicGoal,
        verbose_name=_("hangt samen met strategische doelen"),
        blank=True,
        related_name="referenced_by",
    )
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("initiatieven"), blank=True, related_name="operational_goals"
    )
    organisations = models.ManyToManyField(
        Organisation, through="GoalOrganisation", related_name="operational_goals"
    )
    agreements = models.ManyToManyField(
        Agreement, verbose_name=_("afspraken"), blank=True, related_name="goals"
    )
    track = models.CharField(
        _("spoor"), max_length=12, choices=Track.choices, blank=True, default=""
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"], name="unique_operational_code_per_plan"
            ),
            models.CheckConstraint(
                condition=~models.Q(target_year__isnull=False, target_year_undecided=True),
                name="target_year_or_undecided",
            ),
        ]
        verbose_name = _("operationeel doel")
        verbose_name_plural = _("operationele doelen")

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("regioplan:goal_detail", args=[self.code])

    @property
    def is_solution_direction(self) -> bool:
        return self.kind == self.Kind.SOLUTION_DIRECTION


QUARTER_VALIDATOR = RegexValidator(
    r"^\d{4}Q[1-4]$", _("Schrijf een kwartaal als 2026Q1 (jaar, Q, nummer 1 tot 4).")
)


class GoalOrganisationQuerySet(models.QuerySet):
    def public(self):
        """What anyone may see: accepted commitments, current and ended. Invitations, offers,
        and declined or withdrawn ones (with their reasons) are for the programme team and
        the organisation itself."""
        return self.filter(status=GoalOrganisation.Status.ACCEPTED)

    def visible_to(self, user):
        if getattr(user, "is_authenticated", False) and user.is_active:
            if user.is_superuser or user.is_programme_team or user.is_portal_admin:
                return self
            if user.organisation_id:
                return self.filter(
                    models.Q(status=GoalOrganisation.Status.ACCEPTED)
                    | models.Q(organisation_id=user.organisation_id)
                )
        return self.public()

    def current(self, quarter: str):
        """Accepted commitments in force in `quarter` (see in_force), trekker first."""
        return self.in_force(quarter).order_by("role", "organisation__name")

    def open(self):
        """Commitments that hold now or are waiting for an answer (not declined or ended)."""
        return self.filter(status__in=GoalOrganisation.OPEN, end_quarter="")

    def in_force(self, quarter: str):
        """Accepted commitments that hold in `quarter` ("2025Q4"): started by then, not yet
        ended. A duty is known for every past quarter, because an ended commitment keeps its
        start and end."""
        return (
            self.filter(status=GoalOrganisation.Status.ACCEPTED)
            .filter(models.Q(start_quarter="") | models.Q(start_quarter__lte=quarter))
            .filter(models.Q(end_quarter="") | models.Q(end_quarter__gte=quarter))
        )

    def reporting(self, quarter: str):
        """The commitments that owe one progress update per goal in `quarter`."""
        return self.in_force(quarter).filter(
            role__in=GoalOrganisation.REPORTING_ROLES, goal__isnull=False
        )


class GoalOrganisation(models.Model):
    """An organisation's commitment to the plan (a toezegging).

    On a goal: a potential initiator as the plan names it, or a trekker (lead) or partner who
    took the goal on. On a regio-opgave: its monitoringpartner. A commitment runs from a start
    quarter to an end quarter (both included; blank is open): ending one keeps its history,
    so who owed what is known for every past quarter. Invitations and offers wait for an
    answer (status) before they count.
    """

    class Role(models.TextChoices):
        POTENTIAL_INITIATOR = "potential_initiator", _("Potentiële initiatiefnemer")
        LEAD = "lead", _("Trekker")
        PARTNER = "partner", _("Partner")
        MONITORING_PARTNER = "monitoring_partner", _("Monitoringpartner")

    class Status(models.TextChoices):
        INVITED = "invited", _("Uitgenodigd")
        OFFERED = "offered", _("Aangeboden")
        ACCEPTED = "accepted", _("Toegezegd")
        DECLINED = "declined", _("Afgewezen")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    OPEN = (Status.INVITED, Status.OFFERED, Status.ACCEPTED)
    REPORTING_ROLES = (Role.LEAD, Role.PARTNER)

    goal = models.ForeignKey(
        OperationalGoal,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="organisation_links",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("regio-opgave"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="monitoring_partners",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="goal_links"
    )
    role = models.CharField(
        _("rol"), max_length=20, choices=Role.choices, default=Role.POTENTIAL_INITIATOR
    )
    status = models.CharField(
        _("stand"), max_length=10, choices=Status.choices, default=Status.ACCEPTED
    )
    start_quarter = models.CharField(
        _("vanaf kwartaal"), max_length=6, blank=True, validators=[QUARTER_VALIDATOR]
    )
    end_quarter = models.CharField(
        _("tot en met kwartaal"), max_length=6, blank=True, validators=[QUARTER_VALIDATOR]
    )
    reason = models.TextField(_("toelichting"), blank=True, max_length=2000)
    is_demo = models.BooleanField(_("demodata"), default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)

    objects = GoalOrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "pk"]
        constraints = [
            # One open commitment per organisation, role and goal (or regio-opgave); ended,
            # declined and withdrawn ones stay beside it as history.
            models.UniqueConstraint(
                fields=["goal", "organisation", "role"],
                condition=models.Q(status__in=["invited", "offered", "accepted"], end_quarter=""),
                name="unique_open_goal_commitment",
            ),
            models.UniqueConstraint(
                fields=["theme", "organisation", "role"],
                condition=models.Q(status__in=["invited", "offered", "accepted"], end_quarter=""),
                name="unique_open_theme_commitment",
            ),
            # One trekker at a time per goal, one monitoringpartner per regio-opgave.
            models.UniqueConstraint(
                fields=["goal"],
                condition=models.Q(role="lead", status="accepted", end_quarter=""),
                name="one_open_lead_per_goal",
            ),
            models.UniqueConstraint(
                fields=["theme"],
                condition=models.Q(role="monitoring_partner", status="accepted", end_quarter=""),
                name="one_open_monitoring_partner_per_theme",
            ),
            # A monitoringpartner belongs to a regio-opgave, every other role to a goal.
            models.CheckConstraint(
                condition=(
                    models.Q(role="monitoring_partner", theme__isnull=False, goal__isnull=True)
                    | (
                        ~models.Q(role="monitoring_partner")
                        & models.Q(goal__isnull=False, theme__isnull=True)
                    )
                ),
                name="commitment_on_goal_or_theme",
            ),
            models.CheckConstraint(
                condition=models.Q(end_quarter="")
                | models.Q(start_quarter="")
                | models.Q(end_quarter__gte=models.F("start_quarter")),
                name="commitment_ends_after_start",
            ),
        ]
        verbose_name = _("toezegging")
        verbose_name_plural = _("toezeggingen")

    def __str__(self) -> str:
        where = self.goal.code if self.goal_id else (self.theme.code if self.theme_id else "")
        return f"{self.organisation} ({self.get_role_display()}) bij {where}"

    @property
    def subject(self):
        """The goal or regio-opgave the commitment is about."""
        return self.goal if self.goal_id else self.theme

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.INVITED, self.Status.OFFERED)

    @property
    def is_ended(self) -> bool:
        return bool(self.end_quarter)


class TransformationProgramme(SourceTracked):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="programmes")
    number = models.PositiveSmallIntegerField(_("nummer"))
    name = models.CharField(_("naam"), max_length=200)
    objective = models.TextField(_("doelstelling"), blank=True)
    context = models.TextField(_("context"), blank=True)
    contribution = models.TextField(_("bijdrage aan het regioplan"), blank=True)
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("samenwerkingspartners"), blank=True
    )
    strategic_goals = models.ManyToManyField(
        StrategicGoal, verbose_name=_("strategische doelen"), blank=True, related_name="programmes"
    )
    operational_goals = models.ManyToManyField(
        OperationalGoal,
        verbose_name=_("operationele doelen"),
        blank=True,
        related_name="programmes",
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="unique_programme_number_per_plan"
            )
        ]
        verbose_name = _("transformatieprogramma")
        verbose_name_plural = _("transformatieprogramma's")

    def __str__(self) -> str:
        return self.name


# The API's Dutch words for the plan's stored values (API 1.2).
PLAN_WORDS = {
    "role": {
        "potential_initiator": "potentiele_initiatiefnemer",
        "lead": "trekker",
        "partner": "partner",
        "monitoring_partner": "monitoringpartner",
    },
    "commitment_status": {
        "invited": "uitgenodigd",
        "offered": "aangeboden",
        "accepted": "toegezegd",
        "declined": "afgewezen",
        "withdrawn": "ingetrokken",
    },
    "kind": {"operational_goal": "operationeel_doel", "solution_direction": "oplossingsrichting"},
    "track": {"long_term": "lange_termijn", "three_year": "driejarige_cyclus", "": ""},
    "status": {
        "draft": "concept",
        "active": "actief",
        "completed": "afgerond",
        "archived": "gearchiveerd",
    },
}
