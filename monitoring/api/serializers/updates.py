"""Progress updates in the API, in Dutch words (API 1.2), with their reported values."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.fields import DutchChoiceField
from regioplan.models import Municipality, OperationalGoal

from ...models import PROGRESS_WORDS, STATUS_WORDS, Kpi, ProgressUpdate, UpdateFigure


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
    operationeel_doel = serializers.SlugRelatedField(
        source="goal", slug_field="code", queryset=OperationalGoal.objects.all()
    )
    organisatie = serializers.SlugRelatedField(
        source="organisation", slug_field="slug", read_only=True
    )
    kwartaal = serializers.CharField(source="period", max_length=8)
    versie = serializers.IntegerField(source="revision", read_only=True)
    status = DutchChoiceField(
        STATUS_WORDS,
        legacy=False,
        required=False,
        help_text=_(
            "Zet op 'ingediend' om in te dienen (partner), of op 'goedgekeurd' / "
            "'teruggestuurd' (programmateam, met reden)."
        ),
    )
    voortgang = DutchChoiceField(
        PROGRESS_WORDS,
        source="progress",
        required=False,
        allow_blank=True,
        help_text=_("Leeg tot de partner kiest; nodig om in te dienen."),
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
