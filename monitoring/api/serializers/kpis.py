"""KPIs in the API: definition, targets, and a KPI's series with milestones and verdicts."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.fields import DutchChoiceField, codes

from ...models import KPI_WORDS, Kpi, KpiTarget


def _api_decimal(value) -> str | None:
    try:
        return f"{Decimal(str(value)):.4f}"
    except (InvalidOperation, ValueError):
        return None if value is None else str(value)


class TargetSerializer(serializers.ModelSerializer):
    jaar = serializers.IntegerField(source="year")
    waarde = serializers.DecimalField(source="value", max_digits=16, decimal_places=4)
    bovengrens = serializers.DecimalField(
        source="upper_value", max_digits=16, decimal_places=4, allow_null=True
    )

    class Meta:
        model = KpiTarget
        fields = ["jaar", "waarde", "bovengrens"]


class TargetWithComparatorSerializer(TargetSerializer):
    vergelijking = serializers.CharField(source="compare")

    class Meta(TargetSerializer.Meta):
        fields = [*TargetSerializer.Meta.fields, "vergelijking"]


class KpiSerializer(serializers.ModelSerializer):
    naam = serializers.CharField(source="name")
    definitie = serializers.CharField(source="definition")
    citaat_plan = serializers.CharField(source="plan_quote")
    eenheid = DutchChoiceField(KPI_WORDS["unit"], source="unit", read_only=True)
    richting = DutchChoiceField(KPI_WORDS["direction"], source="direction", read_only=True)
    soort = DutchChoiceField(KPI_WORDS["kind"], source="kind", read_only=True)
    teller = serializers.SlugRelatedField(
        source="numerator", slug_field="code", read_only=True, allow_null=True
    )
    noemer = serializers.SlugRelatedField(
        source="denominator", slug_field="code", read_only=True, allow_null=True
    )
    nulmeting = serializers.DecimalField(
        source="baseline_value", max_digits=16, decimal_places=4, allow_null=True
    )
    nulmeting_jaar = serializers.IntegerField(source="baseline_year", allow_null=True)
    bron = DutchChoiceField(KPI_WORDS["source"], source="source", read_only=True)
    cbs_tabel = serializers.CharField(source="source_table")
    cbs_meetwaarde = serializers.CharField(source="source_measure")
    frequentie = DutchChoiceField(KPI_WORDS["frequency"], source="frequency", read_only=True)
    niveau = DutchChoiceField(KPI_WORDS["level"], source="level", read_only=True)
    drenthe_totaal = DutchChoiceField(
        KPI_WORDS["aggregation"], source="aggregation", read_only=True
    )
    weging = serializers.SlugRelatedField(
        source="weight", slug_field="code", read_only=True, allow_null=True
    )
    eigenaar = serializers.SlugRelatedField(
        source="owner", slug_field="slug", read_only=True, allow_null=True
    )
    streefwaarden = TargetWithComparatorSerializer(source="targets", many=True, read_only=True)
    operationele_doelen = codes(source="goals")
    gearchiveerd = serializers.BooleanField(
        source="archived",
        read_only=True,
        help_text=_(
            "Niet meer gevolgd. Een gearchiveerde KPI staat niet in de lijst (wel in "
            "/verwijderingen); het programmateam kan haar nog los opvragen."
        ),
    )
    gewijzigd_op = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = Kpi
        fields = [
            "code",
            "naam",
            "definitie",
            "citaat_plan",
            "eenheid",
            "richting",
            "soort",
            "teller",
            "noemer",
            "factor",
            "nulmeting",
            "nulmeting_jaar",
            "bron",
            "cbs_tabel",
            "cbs_meetwaarde",
            "frequentie",
            "niveau",
            "drenthe_totaal",
            "weging",
            "eigenaar",
            "streefwaarden",
            "operationele_doelen",
            "gearchiveerd",
            "gewijzigd_op",
        ]


class MilestoneSerializer(serializers.Serializer):
    jaar = serializers.IntegerField(source="year")
    waarde = serializers.DecimalField(source="value", max_digits=16, decimal_places=4)
    bovengrens = serializers.DecimalField(
        source="upper", max_digits=16, decimal_places=4, allow_null=True
    )
    vergelijking = serializers.ChoiceField(source="comparator", choices=KpiTarget.Comparator.values)
    uit_plan = serializers.BooleanField(
        source="explicit", help_text=_("Een streefwaarde uit het plan, geen punt op de lijn.")
    )


VERDICT_NAMES = {
    "green": "op_koers",
    "amber": "net_niet_op_koers",
    "red": "niet_op_koers",
    "": "geen_oordeel",
}


class SeriesPointSerializer(serializers.Serializer):
    periode = serializers.CharField(source="period")
    gemeente = serializers.CharField(
        source="municipality.cbs_code", allow_null=True, default=None, help_text=_("Leeg: Drenthe")
    )
    gemeente_naam = serializers.CharField(source="municipality.name", allow_null=True, default=None)
    wijk = serializers.CharField(
        source="wijk.cbs_code", allow_null=True, default=None, help_text=_("Bij niveau=wijken")
    )
    wijk_naam = serializers.CharField(source="wijk.name", allow_null=True, default=None)
    waarde = serializers.DecimalField(
        source="value", max_digits=20, decimal_places=4, allow_null=True
    )
    onderdrukt = serializers.BooleanField(
        source="suppressed",
        default=False,
        help_text=_("Een klein aantal in een wijk (minder dan 10): niet openbaar."),
    )
    tussendoel = MilestoneSerializer(source="milestone", allow_null=True)
    oordeel = serializers.SerializerMethodField()

    def get_oordeel(self, point) -> str:
        """op_koers, net_niet_op_koers, niet_op_koers of geen_oordeel"""
        return VERDICT_NAMES[point.light]


def _decimal4(value) -> str | None:
    return None if value is None else f"{value:.4f}"


def series_points(points) -> list[dict]:
    """The `reeks` of a series, as SeriesPointSerializer writes it, without a serializer per
    point: at 100x data a series holds a decade of quarters for 13 places (test_api_rules
    compares the two)."""
    out = []
    milestones: dict = {}
    for p in points:
        m, place, wijk = p.milestone, p.municipality, p.wijk
        if m is not None and (key := id(m)) not in milestones:
            milestones[key] = {
                "jaar": m.year,
                "waarde": _decimal4(m.value),
                "bovengrens": _decimal4(m.upper),
                "vergelijking": m.comparator,
                "uit_plan": m.explicit,
            }
        out.append(
            {
                "periode": p.period,
                "gemeente": place.cbs_code if place is not None else None,
                "gemeente_naam": place.name if place is not None else None,
                "wijk": wijk.cbs_code if wijk is not None else None,
                "wijk_naam": wijk.name if wijk is not None else None,
                "waarde": _decimal4(p.value),
                "onderdrukt": p.suppressed,
                "tussendoel": milestones[id(m)] if m is not None else None,
                "oordeel": VERDICT_NAMES[p.light],
            }
        )
    return out


class BaselineSerializer(serializers.Serializer):
    jaar = serializers.IntegerField(source="year")
    waarde = serializers.DecimalField(source="value", max_digits=20, decimal_places=4)
    eerste_meting = serializers.BooleanField(
        source="measured", help_text=_("Geen vastgelegde nulmeting: de eerste gemeten waarde.")
    )


class KpiSeriesSerializer(serializers.Serializer):
    kpi = serializers.CharField(source="kpi.code")
    naam = serializers.CharField(source="kpi.name")
    eenheid = serializers.CharField(source="kpi.unit")
    richting = serializers.CharField(source="kpi.direction")
    nulmeting = BaselineSerializer(source="baseline", allow_null=True)
    streefwaarden = TargetWithComparatorSerializer(source="kpi.targets", many=True)
    reeks = SeriesPointSerializer(source="points", many=True)
