"""Figures: one value per KPI, period and municipality (or Drenthe), approved or waiting."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.permissions import can_review
from regioplan.models import Municipality, Neighbourhood

from .kpis import VALUE, Kpi


class FigureQuerySet(models.QuerySet):
    def public(self):
        """Return the figures anyone may read: approved, of a public KPI.

        Figures waiting for review ('te beoordelen') are on the review page only."""
        return self.filter(
            status=self.model.Status.APPROVED, kpi__is_demo=False, kpi__archived=False
        )

    def approved_by(self, moment):
        """Return the figures that were approved before `moment` (an older approval without a
        recorded time counts from when the figure was entered)."""
        from django.db.models import Q

        return self.filter(status=self.model.Status.APPROVED).filter(
            Q(approved_at__lt=moment) | Q(approved_at__isnull=True, entered_at__lt=moment)
        )

    def visible_to_team(self):
        """Every approved figure (what the programme team reads)."""
        return self.filter(status=self.model.Status.APPROVED)

    def visible_to(self, user):
        """Return the figures `user` may read: the programme team also sees the approved
        figures of archived and demo KPIs."""
        return self.filter(status=self.model.Status.APPROVED) if can_review(user) else self.public()


class MunicipalFigureManager(models.Manager.from_queryset(FigureQuerySet)):
    """`Figure.objects`: Drenthe and municipal figures only.

    Every total, verdict, report and page built before wijk figures existed counts Drenthe and
    its municipalities; a wijk figure (which also names its municipality) must never enter
    those sums. Code that wants wijken too asks for them: `Figure.all_levels`."""

    def get_queryset(self):
        return super().get_queryset().filter(neighbourhood__isnull=True)


class Figure(models.Model):
    """One value per (KPI, period, place): Drenthe (no municipality), a municipality, or a wijk
    (a neighbourhood, with its municipality)."""

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
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("wijk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="figures",
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
    # When the figure became public: a quarter's report counts it only when this lies before
    # the quarter's cut-off (monitoring/selectors/kpis.py, FigureIndex `as_of`).
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)

    objects = MunicipalFigureManager()
    all_levels = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["kpi", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "period", "municipality"],
                condition=models.Q(municipality__isnull=False, neighbourhood__isnull=True),
                name="unique_municipal_figure",
            ),
            models.UniqueConstraint(
                fields=["kpi", "period", "neighbourhood"],
                condition=models.Q(neighbourhood__isnull=False),
                name="unique_wijk_figure",
            ),
            models.CheckConstraint(
                condition=models.Q(neighbourhood__isnull=True)
                | models.Q(municipality__isnull=False),
                name="wijk_figure_has_municipality",
            ),
            models.UniqueConstraint(
                fields=["kpi", "period"],
                condition=models.Q(municipality__isnull=True),
                name="unique_drenthe_figure",
            ),
        ]
        indexes = [
            models.Index(fields=["kpi", "municipality", "period"]),
            models.Index(fields=["kpi", "neighbourhood", "period"]),
            models.Index(fields=["updated_at", "id"], name="figure_sync_order"),  # keyset
            # The public figure list's order and count: approved Drenthe and municipal figures
            # (an index-only count, a page of 50 without a sort, at 100x data).
            models.Index(
                fields=["kpi", "-period", "municipality"],
                condition=models.Q(neighbourhood__isnull=True, status="approved"),
                name="figure_list_order",
            ),
            # The figure index (dashboard, KPI pages, report): a KPI's approved Drenthe and
            # municipal figures with what the index reads, without visiting the wijk rows
            # (at 100x data nine in ten rows of a KPI are wijk figures).
            models.Index(
                fields=["kpi"],
                include=["period", "municipality", "value", "is_demo", "approved_at", "entered_at"],
                condition=models.Q(neighbourhood__isnull=True, status="approved"),
                name="figure_index_read",
            ),
        ]
        verbose_name = _("meetwaarde")
        verbose_name_plural = _("meetwaarden")

    def __str__(self) -> str:
        place = self.neighbourhood.cbs_code if self.neighbourhood_id else None
        return (
            f"{self.kpi.code} {self.period} {place or self.municipality or 'Drenthe'}: {self.value}"
        )

    @property
    def suppressed(self) -> bool:
        """A small count in a wijk, kept from the public (MONITORING_WIJK_MIN_COUNT): people in
        a small neighbourhood could be recognised by it."""
        return is_small_count(self.kpi.unit, self.neighbourhood_id, self.value)

    @property
    def level(self) -> str:
        """'drenthe', 'gemeente' or 'wijk' (the API's `niveau`)."""
        if self.neighbourhood_id:
            return "wijk"
        return "gemeente" if self.municipality_id else "drenthe"


def is_small_count(unit: str, neighbourhood_id, value) -> bool:
    return (
        neighbourhood_id is not None
        and unit == "count"
        and value is not None
        and value < settings.MONITORING_WIJK_MIN_COUNT
    )


# The API's Dutch words for a figure's stored values (API 1.2).
FIGURE_WORDS = {
    "origin": {
        "manual": "ingevoerd",
        "import": "geimporteerd",
        "cbs": "cbs",
        "wsjg": "waarstaatjegemeente",
        "update": "voortgangsrapportage",
    },
    "status": {"pending": "te_beoordelen", "approved": "goedgekeurd"},
}
