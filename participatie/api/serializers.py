"""Participation in the API, read-only and without personal data: no names, e-mail
addresses or contact details of residents, and only input that was published."""

from rest_framework import serializers

from core.api.fields import DutchChoiceField, codes

from ..models import (
    PARTICIPATION_WORDS,
    Input,
    ParticipationMoment,
    Recommendation,
    ResidentInitiative,
)


class InputSerializer(serializers.ModelSerializer):
    soort = DutchChoiceField(PARTICIPATION_WORDS["input_kind"], source="kind", read_only=True)
    tekst = serializers.SerializerMethodField()
    operationeel_doel = serializers.SlugRelatedField(
        source="goal", slug_field="code", read_only=True, allow_null=True
    )
    regio_opgave = serializers.SlugRelatedField(
        source="theme", slug_field="code", read_only=True, allow_null=True
    )
    gemeente = serializers.SlugRelatedField(
        source="municipality", slug_field="cbs_code", read_only=True, allow_null=True
    )
    status_antwoord = DutchChoiceField(
        PARTICIPATION_WORDS["answer_status"], source="answer_status", read_only=True
    )
    antwoord = serializers.CharField(source="answer")
    beantwoord_op = serializers.DateTimeField(source="answered_at", allow_null=True)
    leidde_tot = serializers.SerializerMethodField()
    ingediend_op = serializers.DateTimeField(source="created_at")
    gewijzigd_op = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Input
        fields = [
            "id",
            "soort",
            "tekst",
            "operationeel_doel",
            "regio_opgave",
            "gemeente",
            "status_antwoord",
            "antwoord",
            "beantwoord_op",
            "leidde_tot",
            "ingediend_op",
            "gewijzigd_op",
        ]

    def get_tekst(self, item) -> str:
        """The text as published (the moderator may have removed personal details)."""
        return item.public_text or item.text

    def get_leidde_tot(self, item) -> str | None:
        """The change of the plan this input led to, if any."""
        return item.led_to.object_repr if item.led_to_id else None


class ResidentInitiativeSerializer(serializers.ModelSerializer):
    sleutel = serializers.CharField(source="slug")
    naam = serializers.CharField(source="name")
    plaats = serializers.CharField(source="place")
    gemeente = serializers.SlugRelatedField(
        source="municipality", slug_field="cbs_code", read_only=True, allow_null=True
    )
    soort = DutchChoiceField(PARTICIPATION_WORDS["initiative_kind"], source="kind", read_only=True)
    beschrijving = serializers.CharField(source="description")
    genoemd_in_plan = serializers.BooleanField(source="in_plan")
    operationele_doelen = codes(source="goals")
    gewijzigd_op = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = ResidentInitiative
        fields = [
            "sleutel",
            "naam",
            "plaats",
            "gemeente",
            "soort",
            "beschrijving",
            "genoemd_in_plan",
            "operationele_doelen",
            "gewijzigd_op",
        ]


class MomentSerializer(serializers.ModelSerializer):
    operationeel_doel = serializers.SlugRelatedField(
        source="goal", slug_field="code", read_only=True, allow_null=True
    )
    initiatief = serializers.SlugRelatedField(
        source="initiative", slug_field="slug", read_only=True, allow_null=True
    )
    fase = DutchChoiceField(PARTICIPATION_WORDS["phase"], source="phase", read_only=True)
    vorm = DutchChoiceField(PARTICIPATION_WORDS["form"], source="form", read_only=True)
    datum = serializers.DateField(source="date")
    deelnemers = serializers.IntegerField(source="participants")
    organisaties = codes("slug", source="organisations")
    uitkomst = serializers.CharField(source="outcome")
    kosten = serializers.DecimalField(source="cost", max_digits=12, decimal_places=2)
    gewijzigd_op = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = ParticipationMoment
        fields = [
            "id",
            "operationeel_doel",
            "initiatief",
            "fase",
            "vorm",
            "datum",
            "deelnemers",
            "organisaties",
            "uitkomst",
            "kosten",
            "gewijzigd_op",
        ]


class RecommendationSerializer(serializers.ModelSerializer):
    nummer = serializers.IntegerField(source="number")
    titel = serializers.CharField(source="title")
    tekst = serializers.CharField(source="text")
    stemmen_belang = serializers.IntegerField(source="importance_votes", allow_null=True)
    stemmen_urgentie = serializers.IntegerField(source="urgency_votes", allow_null=True)
    operationele_doelen = codes(source="goals")
    gewijzigd_op = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Recommendation
        fields = [
            "nummer",
            "titel",
            "tekst",
            "stemmen_belang",
            "stemmen_urgentie",
            "operationele_doelen",
            "gewijzigd_op",
        ]
