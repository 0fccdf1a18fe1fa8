"""Figures in the API: one figure, its corrections and history, and bulk loads."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.permissions import can_review
from core.api.fields import DutchChoiceField
from regioplan.models import Municipality

from ...models import FIGURE_WORDS, Figure, Kpi, ProgressUpdate
from ...services.values import area_from_code, municipality_index
from .kpis import _api_decimal


class FigureListSerializer(serializers.ListSerializer):
    """Many figures (a sync takes pages of up to 1,000) written without running each field of
    FigureSerializer per row: the same keys, order and text (test_wijken compares the two),
    about ten times faster."""

    def to_representation(self, data):
        rows = data.all() if hasattr(data, "all") else data
        request = self.child.context.get("request")
        reviewer = can_review(getattr(request, "user", None))
        moment = serializers.DateTimeField().to_representation
        origin, status = FIGURE_WORDS["origin"], FIGURE_WORDS["status"]
        out = []
        for f in rows:
            hidden = f.suppressed and not reviewer
            out.append(
                {
                    "id": f.pk,
                    "kpi": f.kpi.code,
                    "periode": f.period,
                    "gemeente": f.municipality.cbs_code if f.municipality_id else None,
                    "niveau": f.level,
                    "gebied": area_code(f),
                    "gebiedsnaam": area_name(f),
                    "waarde": None if hidden or f.value is None else f"{f.value:.4f}",
                    "onderdrukt": hidden,
                    "herkomst": origin.get(f.origin, f.origin) if f.origin else f.origin,
                    "bron": f.source_note,
                    "beoordeling": status.get(f.status, f.status) if f.status else f.status,
                    "mogelijke_uitschieter": f.is_outlier,
                    "demo": f.is_demo,
                    "voortgangsrapportage": f.update_id,
                    "ingevoerd_op": moment(f.entered_at) if f.entered_at else None,
                    "gewijzigd_op": moment(f.updated_at) if f.updated_at else None,
                }
            )
        return out


@extend_schema_field({"type": "string", "pattern": "^(PV22|GM[0-9]{4}|WK[0-9]{6})$"})
class AreaField(serializers.Field):
    """`gebied`: read, the figure's area code; written, the area a new figure is for (a wijk
    code brings its municipality). The service's `neighbourhood` errors are named `gebied`."""

    service_source = "neighbourhood"

    def __init__(self, **kwargs):
        super().__init__(source="*", required=False, **kwargs)

    def to_representation(self, figure) -> str:
        return area_code(figure)

    def to_internal_value(self, data) -> dict:
        return {"area": str(data)}  # resolved and checked in FigureSerializer.validate


class FigureSerializer(serializers.ModelSerializer):
    kpi = serializers.SlugRelatedField(slug_field="code", queryset=Kpi.objects.all())
    periode = serializers.CharField(source="period", max_length=8, help_text=_("2025 of 2025Q3"))
    gemeente = serializers.SlugRelatedField(
        source="municipality",
        slug_field="cbs_code",
        allow_null=True,
        required=False,
        queryset=Municipality.objects.all(),
        help_text=_("CBS-code (GM0106); leeg voor heel Drenthe"),
    )
    waarde = serializers.DecimalField(source="value", max_digits=16, decimal_places=4)
    herkomst = DutchChoiceField(FIGURE_WORDS["origin"], source="origin", read_only=True)
    bron = serializers.CharField(
        source="source_note", required=False, allow_blank=True, max_length=300
    )
    beoordeling = DutchChoiceField(FIGURE_WORDS["status"], source="status", read_only=True)
    mogelijke_uitschieter = serializers.BooleanField(source="is_outlier", read_only=True)
    demo = serializers.BooleanField(source="is_demo", read_only=True)
    voortgangsrapportage = serializers.PrimaryKeyRelatedField(
        source="update",
        required=False,
        allow_null=True,
        queryset=ProgressUpdate.objects.all(),
        help_text=_("Voor partners: de rapportage (concept) waarin deze waarde wordt ingediend."),
    )
    ingevoerd_op = serializers.DateTimeField(source="entered_at", read_only=True)
    gewijzigd_op = serializers.DateTimeField(source="updated_at", read_only=True)
    niveau = serializers.ChoiceField(
        source="level",
        choices=["drenthe", "gemeente", "wijk"],
        read_only=True,
        help_text=_("Waarvoor de waarde geldt: heel Drenthe, een gemeente of een wijk."),
    )
    gebied = AreaField(
        help_text=_(
            "CBS-code van het gebied: PV22 (Drenthe), GM0106 of WK010601. Bij aanmaken (alleen "
            "het programmateam) geeft `gebied` een wijk op; de gemeente volgt uit de wijkcode."
        )
    )
    gebiedsnaam = serializers.SerializerMethodField()
    onderdrukt = serializers.SerializerMethodField(
        help_text=_(
            "Waar: een klein aantal in een wijk (minder dan 10), niet openbaar; `waarde` is dan "
            "leeg."
        )
    )

    class Meta:
        model = Figure
        fields = [
            "id",
            "kpi",
            "periode",
            "gemeente",
            "niveau",
            "gebied",
            "gebiedsnaam",
            "waarde",
            "onderdrukt",
            "herkomst",
            "bron",
            "beoordeling",
            "mogelijke_uitschieter",
            "demo",
            "voortgangsrapportage",
            "ingevoerd_op",
            "gewijzigd_op",
        ]
        validators = []  # uniqueness is the service's job, with a clearer message
        list_serializer_class = FigureListSerializer

    def get_gebiedsnaam(self, figure) -> str:
        return area_name(figure)

    def get_onderdrukt(self, figure) -> bool:
        return self._hidden(figure)

    def _hidden(self, figure) -> bool:
        request = self.context.get("request")
        return figure.suppressed and not can_review(getattr(request, "user", None))

    def validate(self, attrs):
        """`gebied` names the place (services.values.area_from_code: a wijk brings its
        municipality); with `gemeente` given too, both must name the same place."""
        area = attrs.pop("area", None)
        if area is None:  # not given ("" is given, and refused)
            return attrs
        given = {"municipality": attrs["municipality"]} if "municipality" in attrs else {}
        try:
            municipality, wijk = area_from_code(area, municipality_index(), **given)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"gebied": exc.messages}) from exc
        attrs["municipality"], attrs["neighbourhood"] = municipality, wijk
        return attrs

    def to_representation(self, figure):
        data = super().to_representation(figure)
        if data.get("onderdrukt"):
            data["waarde"] = None
        return data


def area_code(figure) -> str:
    if figure.neighbourhood_id:
        return figure.neighbourhood.cbs_code
    return figure.municipality.cbs_code if figure.municipality_id else "PV22"


def area_name(figure) -> str:
    if figure.neighbourhood_id:
        return figure.neighbourhood.name
    return figure.municipality.name if figure.municipality_id else "Drenthe"


class FigureCorrectionSerializer(serializers.Serializer):
    """A correction of an approved figure: the new value and why (kept in its history)."""

    waarde = serializers.DecimalField(max_digits=16, decimal_places=4)
    reden = serializers.CharField(max_length=2000, help_text=_("Waarom de waarde verandert."))
    bron = serializers.CharField(required=False, allow_blank=True, max_length=300)


class FigureChangeSerializer(serializers.Serializer):
    """One entry of a figure's history (who is left out: no personal data)."""

    ACTIONS = {"create": "aangemaakt", "update": "gecorrigeerd", "approve": "goedgekeurd"}

    op = serializers.DateTimeField(source="created_at")
    actie = serializers.SerializerMethodField()
    wijzigingen = serializers.SerializerMethodField()
    reden = serializers.CharField(source="reason")

    NAMES = {
        "value": "waarde",
        "source_note": "bron",
        "period": "periode",
        "municipality": "gemeente",
        "kpi": "kpi",
        "origin": "herkomst",
        "status": "beoordeling",
    }

    def get_actie(self, record) -> str:
        return self.ACTIONS.get(record.action, record.action)

    def get_wijzigingen(self, record) -> dict[str, list[str | None]]:
        """{veld: [oud, nieuw]}; values written as the API writes them (4 decimals)."""
        changes = dict(record.changes or {})
        if "value" in changes:
            changes["value"] = [_api_decimal(v) for v in changes["value"]]
        return {self.NAMES.get(k, k): v for k, v in changes.items()}


class BulkFigureSerializer(serializers.Serializer):
    kpi = serializers.CharField()
    periode = serializers.CharField()
    gemeente = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    waarde = serializers.CharField(help_text=_("Decimale punt of komma"))
    bron = serializers.CharField(required=False, allow_blank=True)


class BulkRequestSerializer(serializers.Serializer):
    """The body of a bulk load (JSON). A CSV body has the columns kpi, periode, gemeente,
    waarde, bron; give `reden` and `voortgangsrapportage` then as query parameters."""

    meetwaarden = BulkFigureSerializer(many=True)
    reden = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Reden bij gecorrigeerde waarden.")
    )
    voortgangsrapportage = serializers.IntegerField(
        required=False, help_text=_("Voor partners: de eigen rapportage waarin de waarden komen.")
    )


class BulkRowSerializer(serializers.Serializer):
    regel = serializers.IntegerField(source="row")
    kpi = serializers.CharField()
    periode = serializers.CharField(source="period")
    gemeente = serializers.CharField(source="municipality")
    waarde = serializers.CharField(source="value")
    resultaat = serializers.ChoiceField(
        source="result",
        choices=["aangemaakt", "bijgewerkt", "ongewijzigd", "geweigerd", "ter_beoordeling"],
    )
    redenen = serializers.ListField(source="reasons", child=serializers.CharField())
    meetwaarde = serializers.IntegerField(source="figure_id", allow_null=True)


class BulkCountsSerializer(serializers.Serializer):
    aangemaakt = serializers.IntegerField()
    bijgewerkt = serializers.IntegerField()
    ongewijzigd = serializers.IntegerField()
    geweigerd = serializers.IntegerField()
    ter_beoordeling = serializers.IntegerField()


class BulkSummarySerializer(serializers.Serializer):
    proefdraai = serializers.BooleanField(source="dry_run")
    aantallen = serializers.SerializerMethodField()
    regels = BulkRowSerializer(source="rows", many=True)

    @extend_schema_field(BulkCountsSerializer)
    def get_aantallen(self, summary) -> dict[str, int]:
        return {
            name: summary.count(name)
            for name in ("aangemaakt", "bijgewerkt", "ongewijzigd", "geweigerd", "ter_beoordeling")
        }
