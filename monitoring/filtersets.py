"""FilterSets for monitoring, shared by the HTML lists and the API."""

import django_filters
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtersets import DutchChoiceFilter
from regioplan.models import Municipality

from .models import (
    FIGURE_WORDS,
    KPI_WORDS,
    PROGRESS_WORDS,
    REPORT_WORDS,
    Figure,
    Kpi,
    ProgressUpdate,
    QuarterlyReport,
)
from .periods import Period

DRENTHE_CODE = "PV22"  # CBS's code for the province of Drenthe
AREA_CODE = r"^(?i:PV22|GM\d{4}|WK\d{6})$"
LEVELS = [
    ("drenthe", _("Heel Drenthe")),
    ("gemeente", _("Gemeenten")),
    ("wijk", _("Wijken")),
    ("alle", _("Alle niveaus")),
]


class FigureFilterSet(django_filters.FilterSet):
    kpi = django_filters.ModelChoiceFilter(
        label=_("KPI"),
        field_name="kpi",
        to_field_name="code",
        queryset=Kpi.objects.order_by("code"),
        empty_label=_("Alle KPI's"),
    )
    gemeente = django_filters.ModelChoiceFilter(
        label=_("Gemeente"),
        field_name="municipality",
        to_field_name="cbs_code",
        queryset=Municipality.objects.order_by("name"),
        empty_label=_("Alle gemeenten"),
    )
    drenthe = django_filters.BooleanFilter(
        label=_("Alleen heel Drenthe"), field_name="municipality", lookup_expr="isnull"
    )
    periode_van = django_filters.CharFilter(label=_("Periode vanaf"), method="filter_from")
    periode_tot = django_filters.CharFilter(label=_("Periode tot en met"), method="filter_to")
    bron = DutchChoiceFilter(
        label=_("Herkomst"),
        field_name="origin",
        words=FIGURE_WORDS["origin"],
        choices=Figure.Origin.choices,
        empty_label=_("Alle"),
    )
    niveau = django_filters.ChoiceFilter(
        label=_("Niveau"),
        choices=LEVELS,
        method="filter_level",
        empty_label=_("Drenthe en gemeenten"),
        help_text=_(
            "drenthe, gemeente, wijk of alle; zonder niveau: Drenthe en de gemeenten (zoals "
            "vóór API 1.4)."
        ),
    )
    gebied = django_filters.CharFilter(
        label=_("Gebied (CBS-code)"),
        method="filter_area",
        validators=[
            RegexValidator(AREA_CODE, _("Geef een CBS-code: PV22 (Drenthe), GM0106 of WK010601."))
        ],
        help_text=_(
            "Eén gebied: PV22 (heel Drenthe), een gemeente (GM0106) of een wijk (WK010601)."
        ),
    )

    class Meta:
        model = Figure
        fields = []

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if not data.get("niveau") and not data.get("gebied"):
            queryset = queryset.filter(neighbourhood__isnull=True)  # Drenthe and municipalities
        return queryset

    def filter_level(self, queryset, name, value):
        return {
            "drenthe": queryset.filter(municipality__isnull=True),
            "gemeente": queryset.filter(municipality__isnull=False, neighbourhood__isnull=True),
            "wijk": queryset.filter(neighbourhood__isnull=False),
        }.get(value, queryset)

    def filter_area(self, queryset, name, value):
        code = value.strip().upper()
        if code == DRENTHE_CODE:
            return queryset.filter(municipality__isnull=True)
        if code.startswith("GM"):
            return queryset.filter(municipality__cbs_code=code, neighbourhood__isnull=True)
        return queryset.filter(neighbourhood__cbs_code=code)

    # Period ids sort as text in time order: "2025" < "2025Q1" < "2025Q4" < "2026".
    def filter_from(self, queryset, name, value):
        try:
            return queryset.filter(period__gte=str(Period.parse(value)))
        except ValidationError:
            return queryset.none()

    def filter_to(self, queryset, name, value):
        try:
            p = Period.parse(value)
        except ValidationError:
            return queryset.none()
        return (
            queryset.filter(period__lte=str(p))
            if p.is_quarter
            else queryset.filter(period__lt=str(p.year + 1))
        )


class KpiFilterSet(django_filters.FilterSet):
    zoek = django_filters.CharFilter(label=_("Zoeken"), method="search")
    doel = django_filters.CharFilter(label=_("Operationeel doel (code)"), field_name="goals__code")
    bron = DutchChoiceFilter(
        label=_("Bron"), field_name="source", words=KPI_WORDS["source"], choices=Kpi.Source.choices
    )

    class Meta:
        model = Kpi
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(definition__icontains=value)
        )


class UpdateFilterSet(django_filters.FilterSet):
    doel = django_filters.CharFilter(label=_("Operationeel doel (code)"), field_name="goal__code")
    organisatie = django_filters.CharFilter(
        label=_("Organisatie (sleutel)"), field_name="organisation__slug"
    )
    kwartaal = django_filters.CharFilter(label=_("Kwartaal (2025Q3)"), field_name="period")
    voortgang = DutchChoiceFilter(
        label=_("Voortgang"),
        field_name="progress",
        words=PROGRESS_WORDS,
        choices=ProgressUpdate.Progress.choices,
    )

    class Meta:
        model = ProgressUpdate
        fields = []


class ReportFilterSet(django_filters.FilterSet):
    kwartaal = django_filters.CharFilter(label=_("Kwartaal (2025Q4)"), field_name="quarter")
    status = DutchChoiceFilter(
        label=_("Status"), words=REPORT_WORDS["status"], choices=QuarterlyReport.Status.choices
    )

    class Meta:
        model = QuarterlyReport
        fields = []
