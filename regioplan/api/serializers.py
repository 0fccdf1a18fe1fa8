"""Plan resources in Dutch (the plan's begrippenlijst is the glossary); code stays English."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.expand import ExpandableSerializerMixin
from core.api.fields import DutchChoiceField, codes

from ..models import (
    PLAN_WORDS,
    GoalOrganisation,
    Initiative,
    Municipality,
    OperationalGoal,
    Organisation,
    PriorityTheme,
    StrategicGoal,
    Theme,
    TransformationProgramme,
)


class MunicipalitySerializer(serializers.ModelSerializer):
    cbs_code = serializers.CharField(read_only=True)
    naam = serializers.CharField(source="name", read_only=True)
    gewijzigd_op = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = Municipality
        fields = ["cbs_code", "naam", "gewijzigd_op"]


class ThemeSerializer(serializers.ModelSerializer):
    naam = serializers.CharField(source="name")
    aandachtsgebieden = serializers.ListField(source="focus_areas", child=serializers.CharField())
    strategische_doelen = codes(source="strategic_goals")
    monitoringpartner = serializers.SerializerMethodField(
        help_text="De organisatie (sleutel) die de monitoring van deze regio-opgave doet."
    )
    gewijzigd_op = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = Theme
        fields = [
            "code",
            "naam",
            "slogan",
            "aandachtsgebieden",
            "strategische_doelen",
            "monitoringpartner",
            "gewijzigd_op",
        ]

    def get_monitoringpartner(self, theme) -> str | None:
        links = theme.monitoring_partners.all()  # prefetched: public, not ended
        return links[0].organisation.slug if links else None


class PriorityThemeSerializer(serializers.ModelSerializer):
    sleutel = serializers.CharField(source="slug")
    nummer = serializers.IntegerField(source="number")
    naam = serializers.CharField(source="name")
    ambitie = serializers.CharField(source="ambition")
    bestuurlijke_trekkers = serializers.ListField(
        source="administrative_leads", child=serializers.CharField()
    )
    schrijfteam = serializers.ListField(source="writing_team", child=serializers.CharField())
    gewijzigd_op = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = PriorityTheme
        fields = [
            "sleutel",
            "nummer",
            "naam",
            "ambitie",
            "bestuurlijke_trekkers",
            "schrijfteam",
            "facilitator",
            "gewijzigd_op",
        ]


class StrategicGoalSerializer(serializers.ModelSerializer):
    regio_opgave = serializers.CharField(source="theme.code", read_only=True)
    tekst = serializers.CharField(source="text")
    operationele_doelen = codes(source="operational_goals")
    gewijzigd_op = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = StrategicGoal
        fields = ["code", "regio_opgave", "tekst", "operationele_doelen", "gewijzigd_op"]


class GoalOrganisationSerializer(serializers.ModelSerializer):
    organisatie = serializers.CharField(source="organisation.slug", read_only=True)
    naam = serializers.CharField(source="organisation.name", read_only=True)
    rol = DutchChoiceField(PLAN_WORDS["role"], source="role", read_only=True)
    vanaf_kwartaal = serializers.CharField(source="start_quarter", read_only=True)
    tot_en_met_kwartaal = serializers.CharField(source="end_quarter", read_only=True)

    class Meta:
        model = GoalOrganisation
        fields = ["organisatie", "naam", "rol", "vanaf_kwartaal", "tot_en_met_kwartaal"]


class CommitmentSerializer(serializers.ModelSerializer):
    """A commitment (toezegging): an organisation's role on a goal or a regio-opgave."""

    id = serializers.IntegerField(read_only=True)
    organisatie = serializers.CharField(source="organisation.slug", read_only=True)
    naam = serializers.CharField(source="organisation.name", read_only=True)
    rol = DutchChoiceField(PLAN_WORDS["role"], source="role", read_only=True)
    stand = DutchChoiceField(PLAN_WORDS["commitment_status"], source="status", read_only=True)
    doel = serializers.CharField(source="goal.code", read_only=True, allow_null=True, default=None)
    regio_opgave = serializers.CharField(
        source="theme.code", read_only=True, allow_null=True, default=None
    )
    vanaf_kwartaal = serializers.CharField(source="start_quarter", read_only=True)
    tot_en_met_kwartaal = serializers.CharField(source="end_quarter", read_only=True)
    besloten_op = serializers.DateTimeField(source="decided_at", read_only=True, allow_null=True)
    demodata = serializers.BooleanField(source="is_demo", read_only=True)
    gewijzigd_op = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = GoalOrganisation
        fields = [
            "id",
            "organisatie",
            "naam",
            "rol",
            "stand",
            "doel",
            "regio_opgave",
            "vanaf_kwartaal",
            "tot_en_met_kwartaal",
            "besloten_op",
            "demodata",
            "gewijzigd_op",
        ]


class OperationalGoalSerializer(serializers.ModelSerializer):
    """Read and write an operational goal. Writes go through regioplan.services."""

    code = serializers.CharField(max_length=12)
    code_in_bron = serializers.CharField(source="source_code", read_only=True)
    strategisch_doel = serializers.SlugRelatedField(
        source="strategic_goal", slug_field="code", queryset=StrategicGoal.objects.all()
    )
    regio_opgave = serializers.CharField(source="strategic_goal.theme.code", read_only=True)
    soort = DutchChoiceField(PLAN_WORDS["kind"], source="kind", required=False)
    status = DutchChoiceField(PLAN_WORDS["status"], required=False)
    titel = serializers.CharField(source="title", max_length=500)
    tekst = serializers.CharField(source="text")
    toelichting = serializers.ListField(
        source="bullets", child=serializers.CharField(), required=False
    )
    doeljaar = serializers.IntegerField(
        source="target_year", allow_null=True, required=False, min_value=2020, max_value=2050
    )
    doeljaar_onbepaald = serializers.BooleanField(source="target_year_undecided", required=False)
    onvolledig_in_bron = serializers.BooleanField(source="incomplete_in_source", read_only=True)
    opmerking_bron = serializers.CharField(source="source_note", read_only=True)
    prioritaire_themas = serializers.SlugRelatedField(
        source="priority_themes",
        slug_field="slug",
        many=True,
        required=False,
        queryset=PriorityTheme.objects.all(),
    )
    hangt_samen_met = serializers.SlugRelatedField(
        source="related_goals",
        slug_field="code",
        many=True,
        required=False,
        queryset=OperationalGoal.objects.all(),
    )
    verwezen_door = codes(source="referenced_by")
    initiatieven = serializers.SlugRelatedField(
        source="initiatives",
        slug_field="slug",
        many=True,
        required=False,
        queryset=Initiative.objects.all(),
    )
    organisaties = GoalOrganisationSerializer(
        source="organisation_links", many=True, read_only=True
    )
    afspraken = serializers.SlugRelatedField(
        source="agreements",
        slug_field="code",
        many=True,
        read_only=True,
        help_text=_("De afspraken (IZA, GALA, WOZO, SPUK) waar het doel aan bijdraagt."),
    )
    spoor = DutchChoiceField(PLAN_WORDS["track"], source="track", read_only=True)
    versie = serializers.IntegerField(
        source="version",
        required=False,
        help_text=_("Verplicht bij wijzigen: de versie die u het laatst las."),
    )
    gewijzigd_op = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = OperationalGoal
        fields = [
            "code",
            "code_in_bron",
            "strategisch_doel",
            "regio_opgave",
            "soort",
            "status",
            "titel",
            "tekst",
            "toelichting",
            "doeljaar",
            "doeljaar_onbepaald",
            "onvolledig_in_bron",
            "opmerking_bron",
            "prioritaire_themas",
            "hangt_samen_met",
            "verwezen_door",
            "initiatieven",
            "organisaties",
            "afspraken",
            "spoor",
            "versie",
            "gewijzigd_op",
        ]

    def validate(self, attrs):
        if attrs.get("target_year") and attrs.get("target_year_undecided"):
            raise serializers.ValidationError(
                {"doeljaar_onbepaald": _("Kies een doeljaar of 'onbepaald', niet allebei.")}
            )
        return attrs


class GoalListSerializer(ExpandableSerializerMixin, serializers.ModelSerializer):
    """The goal list and its CSV/Excel export: one row per goal.

    `uitbreiden=tekst,organisaties,initiatieven,kpis` adds the detail's text and links, so one
    paged pull gets the whole plan; the exports always hold them.
    """

    expansions = {
        "tekst": ["tekst", "toelichting", "code_in_bron", "opmerking_bron"],
        "organisaties": ["organisaties"],
        "initiatieven": ["initiatieven"],
        "kpis": ["kpis"],
        "relaties": ["hangt_samen_met", "verwezen_door"],
        "afspraken": ["afspraken"],
    }

    strategisch_doel = serializers.CharField(source="strategic_goal.code")
    regio_opgave = serializers.CharField(source="strategic_goal.theme.code")
    regio_opgave_naam = serializers.CharField(source="strategic_goal.theme.name")
    soort = DutchChoiceField(PLAN_WORDS["kind"], source="kind", read_only=True)
    status = DutchChoiceField(PLAN_WORDS["status"], read_only=True)
    titel = serializers.CharField(source="title")
    tekst = serializers.CharField(source="text", read_only=True)
    toelichting = serializers.ListField(
        source="bullets", child=serializers.CharField(), read_only=True
    )
    code_in_bron = serializers.CharField(source="source_code", read_only=True)
    opmerking_bron = serializers.CharField(source="source_note", read_only=True)
    hangt_samen_met = codes(source="related_goals")
    verwezen_door = codes(source="referenced_by")
    doeljaar = serializers.IntegerField(source="target_year", allow_null=True)
    doeljaar_onbepaald = serializers.BooleanField(source="target_year_undecided")
    onvolledig_in_bron = serializers.BooleanField(source="incomplete_in_source")
    prioritaire_themas = codes("slug", source="priority_themes")
    organisaties = GoalOrganisationSerializer(
        source="organisation_links", many=True, read_only=True
    )
    initiatieven = codes("slug", source="initiatives")
    kpis = codes(help_text=_("Codes van de KPI's die dit doel meten."))
    afspraken = codes(source="agreements")
    spoor = DutchChoiceField(PLAN_WORDS["track"], source="track", read_only=True)
    versie = serializers.IntegerField(source="version")
    gewijzigd_op = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = OperationalGoal
        fields = [
            "code",
            "strategisch_doel",
            "regio_opgave",
            "regio_opgave_naam",
            "soort",
            "status",
            "titel",
            "tekst",
            "toelichting",
            "doeljaar",
            "doeljaar_onbepaald",
            "onvolledig_in_bron",
            "prioritaire_themas",
            "organisaties",
            "initiatieven",
            "kpis",
            "code_in_bron",
            "opmerking_bron",
            "hangt_samen_met",
            "verwezen_door",
            "afspraken",
            "spoor",
            "versie",
            "gewijzigd_op",
        ]


class InitiativeSerializer(serializers.ModelSerializer):
    sleutel = serializers.CharField(source="slug", read_only=True)
    naam = serializers.CharField(source="name", max_length=200)
    beschrijving = serializers.CharField(source="description", required=False, allow_blank=True)
    gearchiveerd = serializers.BooleanField(source="archived", read_only=True)
    operationele_doelen = codes(source="operational_goals")
    gewijzigd_op = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = Initiative
        fields = [
            "sleutel",
            "naam",
            "beschrijving",
            "gearchiveerd",
            "operationele_doelen",
            "gewijzigd_op",
        ]


class OrganisationSerializer(serializers.ModelSerializer):
    sleutel = serializers.CharField(source="slug", read_only=True)
    naam = serializers.CharField(source="name", max_length=200)
    coalitie = serializers.ChoiceField(
        source="coalition", choices=Organisation.Coalition.choices, required=False, allow_blank=True
    )
    groep = serializers.BooleanField(source="is_generic", required=False)
    gemeente = serializers.SlugRelatedField(
        source="municipality",
        slug_field="cbs_code",
        allow_null=True,
        required=False,
        queryset=Municipality.objects.all(),
    )
    gearchiveerd = serializers.BooleanField(source="archived", read_only=True)
    gewijzigd_op = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "sleutel",
            "naam",
            "sector",
            "coalitie",
            "groep",
            "gemeente",
            "gearchiveerd",
            "gewijzigd_op",
        ]


class ProgrammeSerializer(serializers.ModelSerializer):
    nummer = serializers.IntegerField(source="number")
    naam = serializers.CharField(source="name")
    doelstelling = serializers.CharField(source="objective")
    bijdrage = serializers.CharField(source="contribution")
    partners = codes("slug")
    strategische_doelen = codes(source="strategic_goals")
    operationele_doelen = codes(source="operational_goals")
    gewijzigd_op = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = TransformationProgramme
        fields = [
            "nummer",
            "naam",
            "doelstelling",
            "context",
            "bijdrage",
            "partners",
            "strategische_doelen",
            "operationele_doelen",
            "gewijzigd_op",
        ]
