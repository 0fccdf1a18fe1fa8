"""KPIs (data elements and computed indicators), their targets, and targets deliberately not
made measurable."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import can_review
from regioplan.models import OperationalGoal, Organisation, SourceTracked

VALUE = {"max_digits": 16, "decimal_places": 4}


class KpiQuerySet(models.QuerySet):
    def public(self):
        """Return the KPIs anyone may read: the plan's own, not archived, no demo copies."""
        return self.filter(is_demo=False, archived=False)

    def visible_to(self, user):
        """Return the KPIs `user` may open one by one: the programme team also archived and
        demo ones. Lists (page, API, sitemap, open data) show `public()` to everyone."""
        return self.all() if can_review(user) else self.public()


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
    owner = models.ForeignKey(  # the data owner: delivers and answers for the figures
        Organisation,
        verbose_name=_("data-eigenaar"),
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
        return reverse("monitoring:kpi_detail", args=[self.code])


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


# The API's Dutch words for a KPI's stored values (API 1.2; serializers and filters).
KPI_WORDS = {
    "unit": {
        "percentage": "percentage",
        "percent_change": "procentuele_verandering",
        "count": "aantal",
        "per_1000": "per_1000_inwoners",
        "euro": "euro",
        "yes_no": "ja_nee",
    },
    "direction": {"higher": "hoger_is_beter", "lower": "lager_is_beter", "band": "bandbreedte"},
    "kind": {"raw": "gemeten", "computed": "berekend"},
    "source": {
        "cbs": "cbs",
        "wsjg": "waarstaatjegemeente",
        "ggd": "ggd",
        "partner": "partners",
        "other": "anders",
    },
    "frequency": {"yearly": "jaarlijks", "quarterly": "per_kwartaal"},
    "level": {"drenthe": "drenthe", "municipality": "gemeente"},
    "aggregation": {"none": "niet_optellen", "sum": "som", "weighted": "gewogen_gemiddelde"},
}
