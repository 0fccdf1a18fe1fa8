"""Monitoring resources in Dutch; writes are validated by monitoring.services."""

from decimal import Decimal, InvalidOperation

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import codes
from regioplan.models import Municipality, OperationalGoal

from ..models import Figure, Kpi, KpiTarget, ProgressUpdate, QuarterlyReport, UpdateFigure


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
    eenheid = serializers.CharField(source="unit")
    richting = serializers.CharField(source="direction")
    soort = serializers.CharField(source="kind")
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
    bron = serializers.CharField(source="source")
    cbs_tabel = serializers.CharField(source="source_table")
    cbs_meetwaarde = serializers.CharField(source="source_measure")
    frequentie = serializers.CharField(source="frequency")
    niveau = serializers.CharField(source="level")
    drenthe_totaal = serializers.CharField(source="aggregation")
    weging = serializers.SlugRelatedField(
        source="weight", slug_field="code", read_only=True, allow_null=True
    )
    eigenaar = serializers.SlugRelatedField(
        source="owner", slug_field="slug", read_only=True, allow_null=True
    )
    streefwaarden = TargetWithComparatorSerializer(source="targets", many=True, read_only=True)
    operationele_doelen = codes(source="goals")
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
            "gewijzigd_op",
        ]


class FigureSerializer(serializers.ModelSerializer):
    kpi = serializers.SlugRelatedField(slug_field="code", queryset=Kpi.objects.all())
    periode = serializers.CharField(source="period", max_length=8, help_text="2025 of 2025Q3")
    gemeente = serializers.SlugRelatedField(
        source="municipality",
        slug_field="cbs_code",
        allow_null=True,
        required=False,
        queryset=Municipality.objects.all(),
        help_text="CBS-code (GM0106); leeg voor heel Drenthe",
    )
    waarde = serializers.DecimalField(source="value", max_digits=16, decimal_places=4)
    herkomst = serializers.CharField(source="origin", read_only=True)
    bron = serializers.CharField(
        source="source_note", required=False, allow_blank=True, max_length=300
    )
    beoordeling = serializers.CharField(source="status", read_only=True)
    mogelijke_uitschieter = serializers.BooleanField(source="is_outlier", read_only=True)
    demo = serializers.BooleanField(source="is_demo", read_only=True)
    voortgangsrapportage = serializers.PrimaryKeyRelatedField(
        source="update",
        required=False,
        allow_null=True,
        queryset=ProgressUpdate.objects.all(),
        help_text="Voor partners: de rapportage (concept) waarin deze waarde wordt ingediend.",
    )
    ingevoerd_op = serializers.DateTimeField(source="entered_at", read_only=True)
    gewijzigd_op = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = Figure
        fields = [
            "id",
            "kpi",
            "periode",
            "gemeente",
            "waarde",
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


class UpdateFigureSerializer(serializers.ModelSerializer):
    kpi = serializers.SlugRelatedField(slug_field="code", queryset=Kpi.objects.all())
    periode = serializers.CharField(source="period", max_length=8, required=False, allow_blank=True)
    gemeente = serializers.SlugRelatedField(
        source="municipality",
        slug_field="cbs_code",
        allow_null=True,
        required=False,
        queryset=Municipality.objects.all(),
    )
    waarde = serializers.CharField(source="value", max_length=30)

    class Meta:
        model = UpdateFigure
        fields = ["kpi", "periode", "gemeente", "waarde"]


class ProgressUpdateSerializer(serializers.ModelSerializer):
    STATUS_NAMES = {
        "draft": "concept",
        "submitted": "ingediend",
        "returned": "teruggestuurd",
        "approved": "goedgekeurd",
    }

    operationeel_doel = serializers.SlugRelatedField(
        source="goal", slug_field="code", queryset=OperationalGoal.objects.all()
    )
    organisatie = serializers.SlugRelatedField(
        source="organisation", slug_field="slug", read_only=True
    )
    kwartaal = serializers.CharField(source="period", max_length=8)
    versie = serializers.IntegerField(source="revision", read_only=True)
    status = serializers.ChoiceField(
        choices=["concept", "ingediend", "teruggestuurd", "goedgekeurd"],
        required=False,
        help_text="Zet op 'ingediend' om in te dienen (partner), of op 'goedgekeurd' / "
        "'teruggestuurd' "
        "(programmateam, met reden).",
    )
    voortgang = serializers.ChoiceField(
        source="progress",
        choices=ProgressUpdate.Progress.choices,
        required=False,
        allow_blank=True,
        help_text="Leeg tot de partner kiest; nodig om in te dienen.",
    )
    gedaan = serializers.CharField(source="done", required=False, allow_blank=True, max_length=4000)
    hierna = serializers.CharField(
        source="next_steps", required=False, allow_blank=True, max_length=4000
    )
    belemmeringen = serializers.CharField(
        source="obstacles", required=False, allow_blank=True, max_length=4000
    )
    inwonersbetrokkenheid = serializers.CharField(
        source="resident_involvement", required=False, allow_blank=True
    )
    vraag_aan_programmaraad = serializers.CharField(
        source="board_question", required=False, allow_blank=True, max_length=2000
    )
    reden_terugsturen = serializers.CharField(
        source="return_reason", required=False, allow_blank=True
    )
    meetwaarden = UpdateFigureSerializer(source="figures", many=True, required=False)
    ingediend_op = serializers.DateTimeField(source="submitted_at", read_only=True, allow_null=True)
    goedgekeurd_op = serializers.DateTimeField(
        source="approved_at", read_only=True, allow_null=True
    )
    gewijzigd_op = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "operationeel_doel",
            "organisatie",
            "kwartaal",
            "versie",
            "status",
            "voortgang",
            "gedaan",
            "hierna",
            "belemmeringen",
            "inwonersbetrokkenheid",
            "vraag_aan_programmaraad",
            "reden_terugsturen",
            "meetwaarden",
            "ingediend_op",
            "goedgekeurd_op",
            "gewijzigd_op",
        ]
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["status"] = self.STATUS_NAMES.get(instance.status, instance.status)
        return data


class ReportSerializer(serializers.ModelSerializer):
    kwartaal = serializers.CharField(source="quarter")
    versie = serializers.IntegerField(source="version")
    aanleiding = serializers.CharField(source="source")
    aangevraagd_op = serializers.DateTimeField(source="requested_at")
    klaar_op = serializers.DateTimeField(source="finished_at", allow_null=True)
    paginas = serializers.IntegerField(source="page_count")
    grootte = serializers.IntegerField(source="size")
    fout = serializers.CharField(source="error")
    download = serializers.SerializerMethodField()
    gewijzigd_op = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = QuarterlyReport
        fields = [
            "id",
            "kwartaal",
            "versie",
            "status",
            "aanleiding",
            "aangevraagd_op",
            "klaar_op",
            "paginas",
            "grootte",
            "sha256",
            "fout",
            "download",
            "gewijzigd_op",
        ]

    def get_download(self, report) -> str | None:
        """The download URL, for callers allowed to download (programme team, board, admin)."""
        if report.status != QuarterlyReport.Status.READY or not self.context.get("may_download"):
            return None
        request = self.context.get("request")
        url = reverse("api:kwartaalrapport-download", args=[report.pk])
        return request.build_absolute_uri(url) if request else url


class FigureCorrectionSerializer(serializers.Serializer):
    """A correction of an approved figure: the new value and why (kept in its history)."""

    waarde = serializers.DecimalField(max_digits=16, decimal_places=4)
    reden = serializers.CharField(max_length=2000, help_text="Waarom de waarde verandert.")
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
    waarde = serializers.CharField(help_text="Decimale punt of komma")
    bron = serializers.CharField(required=False, allow_blank=True)


class BulkRequestSerializer(serializers.Serializer):
    """The body of a bulk load (JSON). A CSV body has the columns kpi, periode, gemeente,
    waarde, bron; give `reden` and `voortgangsrapportage` then as query parameters."""

    meetwaarden = BulkFigureSerializer(many=True)
    reden = serializers.CharField(
        required=False, allow_blank=True, help_text="Reden bij gecorrigeerde waarden."
    )
    voortgangsrapportage = serializers.IntegerField(
        required=False, help_text="Voor partners: de eigen rapportage waarin de waarden komen."
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


class MilestoneSerializer(serializers.Serializer):
    jaar = serializers.IntegerField(source="year")
    waarde = serializers.DecimalField(source="value", max_digits=16, decimal_places=4)
    bovengrens = serializers.DecimalField(
        source="upper", max_digits=16, decimal_places=4, allow_null=True
    )
    vergelijking = serializers.ChoiceField(source="comparator", choices=KpiTarget.Comparator.values)
    uit_plan = serializers.BooleanField(
        source="explicit", help_text="Een streefwaarde uit het plan, geen punt op de lijn."
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
        source="municipality.cbs_code", allow_null=True, default=None, help_text="Leeg: Drenthe"
    )
    gemeente_naam = serializers.CharField(source="municipality.name", allow_null=True, default=None)
    waarde = serializers.DecimalField(source="value", max_digits=20, decimal_places=4)
    tussendoel = MilestoneSerializer(source="milestone", allow_null=True)
    oordeel = serializers.SerializerMethodField()

    def get_oordeel(self, point) -> str:
        """op_koers, net_niet_op_koers, niet_op_koers of geen_oordeel"""
        return VERDICT_NAMES[point.light]


class BaselineSerializer(serializers.Serializer):
    jaar = serializers.IntegerField(source="year")
    waarde = serializers.DecimalField(source="value", max_digits=20, decimal_places=4)
    eerste_meting = serializers.BooleanField(
        source="measured", help_text="Geen vastgelegde nulmeting: de eerste gemeten waarde."
    )


class KpiSeriesSerializer(serializers.Serializer):
    kpi = serializers.CharField(source="kpi.code")
    naam = serializers.CharField(source="kpi.name")
    eenheid = serializers.CharField(source="kpi.unit")
    richting = serializers.CharField(source="kpi.direction")
    nulmeting = BaselineSerializer(source="baseline", allow_null=True)
    streefwaarden = TargetWithComparatorSerializer(source="kpi.targets", many=True)
    reeks = SeriesPointSerializer(source="points", many=True)
