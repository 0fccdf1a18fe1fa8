"""Monitoring: KPIs (data elements and computed indicators), figures per period and
municipality, and partners' quarterly progress updates with their review workflow.

Rules (validation, workflow, aggregation) live in services.py and selectors.py.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import can_review, is_reporting_partner
from regioplan.models import Municipality, OperationalGoal, Organisation, SourceTracked

VALUE = {"max_digits": 16, "decimal_places": 4}


# --- Who may see what: one rule per model, used by pages, API, exports, sitemaps, open data
# and the PDF alike (as NetBox's `restrict(user)`). Nothing else filters on these fields.


class KpiQuerySet(models.QuerySet):
    def public(self):
        """Return the KPIs anyone may read: the plan's own, not archived, no demo copies."""
        return self.filter(is_demo=False, archived=False)

    def visible_to(self, user):
        """Return the KPIs `user` may open one by one: the programme team also archived and
        demo ones. Lists (page, API, sitemap, open data) show `public()` to everyone."""
        return self.all() if can_review(user) else self.public()


class FigureQuerySet(models.QuerySet):
    def public(self):
        """Return the figures anyone may read: approved, of a public KPI.

        Figures waiting for review ('te beoordelen') are on the review page only."""
        return self.filter(
            status=self.model.Status.APPROVED, kpi__is_demo=False, kpi__archived=False
        )

    def visible_to(self, user):
        """Return the figures `user` may read: the programme team also sees the approved
        figures of archived and demo KPIs."""
        return self.filter(status=self.model.Status.APPROVED) if can_review(user) else self.public()


class ProgressUpdateQuerySet(models.QuerySet):
    def public(self):
        """Return the updates anyone may read: the approved ones."""
        return self.filter(status=self.model.Status.APPROVED)

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


class Kpi(SourceTracked):
    class Unit(models.TextChoices):
        PERCENTAGE = "percentage", _("Percentage (0–100)")
        PERCENT_CHANGE = "percent_change", _("Procentuele verandering")
        COUNT = "count", _("Aantal")
        PER_1000 = "per_1000", _("Per 1.000 inwoners")
        EURO = "euro", _("Euro")
        YES_NO = "yes_no", _("Ja/nee (1/0)")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Hoger is beter")
        LOWER = "lower", _("Lager is beter")
        BAND = "band", _("Binnen een bandbreedte")

    class Kind(models.TextChoices):
        RAW = "raw", _("Gemeten waarde")
        COMPUTED = "computed", _("Berekende indicator (teller ÷ noemer × factor)")

    class Source(models.TextChoices):
        CBS = "cbs", _("CBS StatLine")
        WSJG = "wsjg", _("Waarstaatjegemeente.nl")
        GGD = "ggd", _("GGD Gezondheidsmonitor")
        PARTNER = "partner", _("Gerapporteerd door partners")
        OTHER = "other", _("Andere bron")

    class Frequency(models.TextChoices):
        YEARLY = "yearly", _("Jaarlijks")
        QUARTERLY = "quarterly", _("Per kwartaal")

    class Level(models.TextChoices):
        DRENTHE = "drenthe", _("Drenthe")
        MUNICIPALITY = "municipality", _("Per gemeente")

    class Aggregation(models.TextChoices):
        NONE = "none", _("Niet optellen")
        SUM = "sum", _("Som van de gemeenten")
        WEIGHTED = "weighted", _("Gewogen gemiddelde van de gemeenten")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=300)
    definition = models.TextField(_("definitie"), blank=True)
    plan_quote = models.TextField(_("zo staat het in het plan"), blank=True)
    unit = models.CharField(_("eenheid"), max_length=20, choices=Unit.choices)
    direction = models.CharField(
        _("richting"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.RAW)
    numerator = models.ForeignKey(
        "self",
        verbose_name=_("teller"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name=_("noemer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    factor = models.DecimalField(_("factor"), default=Decimal("1"), **VALUE)
    baseline_value = models.DecimalField(_("nulmeting"), null=True, blank=True, **VALUE)
    baseline_year = models.PositiveSmallIntegerField(
        _("jaar van de nulmeting"), null=True, blank=True
    )
    source = models.CharField(
        _("bron"), max_length=10, choices=Source.choices, default=Source.PARTNER
    )
    source_table = models.CharField(_("CBS-tabel"), max_length=40, blank=True)
    source_measure = models.CharField(_("CBS-meetwaarde"), max_length=80, blank=True)
    source_note = models.TextField(_("toelichting bron"), blank=True)
    wsjg_variable = models.CharField(
        _("Waarstaatjegemeente-variabele"),
        max_length=80,
        blank=True,
        help_text=_("De code van de variabele in de Open Data Service, bijvoorbeeld 'wmo_zelfst'."),
    )
    wsjg_geo_level = models.CharField(
        _("Waarstaatjegemeente-gebiedsniveau"), max_length=40, blank=True, default="gemeente"
    )
    wsjg_period_level = models.CharField(
        _("Waarstaatjegemeente-periodeniveau"), max_length=40, blank=True, default="year"
    )
    frequency = models.CharField(
        _("frequentie"), max_length=10, choices=Frequency.choices, default=Frequency.YEARLY
    )
    level = models.CharField(
        _("niveau"), max_length=15, choices=Level.choices, default=Level.DRENTHE
    )
    aggregation = models.CharField(
        _("Drenthe-totaal uit gemeenten"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.NONE,
    )
    weight = models.ForeignKey(
        "self",
        verbose_name=_("weging (bijv. inwoners)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("eigenaar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kpis",
    )
    valid_min = models.DecimalField(_("kleinste geldige waarde"), null=True, blank=True, **VALUE)
    valid_max = models.DecimalField(_("grootste geldige waarde"), null=True, blank=True, **VALUE)
    amber_margin = models.DecimalField(
        _("marge voor oranje"),
        null=True,
        blank=True,
        help_text=_("In de eenheid van de KPI."),
        **VALUE,
    )
    max_jump = models.DecimalField(
        _("grootste gewone sprong"),
        null=True,
        blank=True,
        help_text=_(
            "Verschilt een nieuwe waarde meer dan dit van die van de vorige periode, dan is het "
            "een mogelijke uitschieter die bevestigd moet worden. In de eenheid van de KPI."
        ),
        **VALUE,
    )
    goals = models.ManyToManyField(
        OperationalGoal, verbose_name=_("doelen"), blank=True, related_name="kpis"
    )
    is_demo = models.BooleanField(_("demodata"), default=False)
    archived = models.BooleanField(
        _("gearchiveerd"),
        default=False,
        help_text=_("Niet meer gevolgd: uit dashboards en rapporten; de cijfers blijven bewaard."),
    )

    objects = KpiQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPI's")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:kpi", args=[self.code])


TARGET_SYMBOLS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "range": ""}
TARGET_DEFAULTS = {"higher": ">=", "lower": "<=", "band": "range"}


class KpiTarget(models.Model):
    """A target (or an explicit milestone) for a year, with the comparison the plan states."""

    class Comparator(models.TextChoices):
        LT = "<", _("kleiner dan")
        LE = "<=", _("hoogstens")
        GT = ">", _("groter dan")
        GE = ">=", _("minstens")
        RANGE = "range", _("binnen de bandbreedte")

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("jaar"))
    value = models.DecimalField(_("streefwaarde"), **VALUE)
    upper_value = models.DecimalField(_("bovengrens (bandbreedte)"), null=True, blank=True, **VALUE)
    comparator = models.CharField(
        _("vergelijking"),
        max_length=5,
        choices=Comparator.choices,
        blank=True,
        help_text=_("Leeg: volgt uit de richting (minstens bij hoger, hoogstens bij lager)."),
    )

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "year"], name="unique_target_per_kpi_year")
        ]
        verbose_name = _("streefwaarde")
        verbose_name_plural = _("streefwaarden")

    def __str__(self) -> str:
        return f"{self.kpi.code} {self.year}: {self.value}"

    @property
    def compare(self) -> str:
        """The comparison: the plan's, else the one the KPI's direction implies."""
        return self.comparator or TARGET_DEFAULTS.get(self.kpi.direction, ">=")

    @property
    def symbol(self) -> str:
        return TARGET_SYMBOLS[self.compare]

    @property
    def upper(self):
        return self.upper_value


class Figure(models.Model):
    """One value per (KPI, period, municipality); municipality empty means Drenthe as a whole."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Te beoordelen")
        APPROVED = "approved", _("Goedgekeurd")

    class Origin(models.TextChoices):
        MANUAL = "manual", _("Ingevoerd")
        IMPORT = "import", _("Geïmporteerd")
        CBS = "cbs", _("CBS StatLine")
        WSJG = "wsjg", _("Waarstaatjegemeente.nl")
        UPDATE = "update", _("Voortgangsrapportage")

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="figures")
    period = models.CharField(_("periode"), max_length=6, db_index=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), null=True, blank=True, on_delete=models.PROTECT
    )
    value = models.DecimalField(_("waarde"), **VALUE)
    origin = models.CharField(
        _("herkomst"), max_length=10, choices=Origin.choices, default=Origin.MANUAL
    )
    source_note = models.CharField(_("bron"), max_length=300, blank=True)
    status = models.CharField(
        _("beoordeling"), max_length=10, choices=Status.choices, default=Status.APPROVED
    )
    is_outlier = models.BooleanField(_("mogelijke uitschieter"), default=False)
    is_demo = models.BooleanField(_("demodata"), default=False)
    update = models.ForeignKey(
        "ProgressUpdate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_figures",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["kpi", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "period", "municipality"],
                condition=models.Q(municipality__isnull=False),
                name="unique_municipal_figure",
            ),
            models.UniqueConstraint(
                fields=["kpi", "period"],
                condition=models.Q(municipality__isnull=True),
                name="unique_drenthe_figure",
            ),
        ]
        indexes = [models.Index(fields=["kpi", "municipality", "period"])]
        verbose_name = _("meetwaarde")
        verbose_name_plural = _("meetwaarden")

    def __str__(self) -> str:
        return f"{self.kpi.code} {self.period} {self.municipality or 'Drenthe'}: {self.value}"


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
        return reverse("monitoring:update", args=[self.pk])

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


class UnmeasuredTarget(models.Model):
    """A quantified target in a goal's text that is deliberately not made measurable as a
    KPI, with the reason (the target coverage page)."""

    goal = models.ForeignKey(
        OperationalGoal, on_delete=models.CASCADE, related_name="unmeasured_targets"
    )
    quantity = models.CharField(_("streefcijfer in de tekst"), max_length=40)
    reason = models.TextField(_("waarom niet meetbaar gemaakt"), max_length=1000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["goal__code", "quantity"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "quantity"], name="unique_unmeasured_target")
        ]
        verbose_name = _("niet meetbaar gemaakt streefcijfer")
        verbose_name_plural = _("niet meetbaar gemaakte streefcijfers")

    def __str__(self) -> str:
        return f"{self.goal.code}: {self.quantity}"
