from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.fields import DutchChoiceField, codes

from ..models import GOVERNANCE_WORDS, Action, Decision, Story


class StorySerializer(serializers.ModelSerializer):
    """A published story of change. A resident's name or e-mail address is never in it."""

    id = serializers.IntegerField(read_only=True)
    doel = serializers.CharField(source="goal.code", read_only=True)
    regio_opgave = serializers.CharField(source="goal.strategic_goal.theme.code", read_only=True)
    kwartaal = serializers.CharField(source="quarter", read_only=True)
    domein = DutchChoiceField(GOVERNANCE_WORDS["domain"], source="domain", read_only=True)
    titel = serializers.CharField(source="title", read_only=True)
    wat_veranderde = serializers.CharField(source="what_changed", read_only=True)
    voor_wie = serializers.CharField(source="for_whom", read_only=True)
    waarom_belangrijk = serializers.CharField(source="why_it_matters", read_only=True)
    verteld_door = DutchChoiceField(GOVERNANCE_WORDS["teller"], source="teller", read_only=True)
    organisatie = serializers.SerializerMethodField(
        help_text=_("De organisatie die het vertelde (sleutel); leeg bij een inwoner.")
    )
    geselecteerd = serializers.BooleanField(source="is_selected", read_only=True)
    reden_selectie = serializers.CharField(source="selection_reason", read_only=True)
    geselecteerd_op = serializers.DateTimeField(source="selected_at", read_only=True)
    geverifieerd_door = serializers.CharField(source="verified_by", read_only=True)
    demodata = serializers.BooleanField(source="is_demo", read_only=True)
    gewijzigd_op = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = Story
        fields = [
            "id",
            "doel",
            "regio_opgave",
            "kwartaal",
            "domein",
            "titel",
            "wat_veranderde",
            "voor_wie",
            "waarom_belangrijk",
            "verteld_door",
            "organisatie",
            "geselecteerd",
            "reden_selectie",
            "geselecteerd_op",
            "geverifieerd_door",
            "demodata",
            "gewijzigd_op",
        ]

    def get_organisatie(self, story) -> str | None:
        if story.teller == Story.Teller.RESIDENT or story.organisation is None:
            return None
        return story.organisation.slug


class ActionSerializer(serializers.ModelSerializer):
    actie = serializers.CharField(source="text", read_only=True)
    eigenaar = serializers.CharField(source="owner.slug", read_only=True)
    klaar_op = serializers.DateField(source="due", read_only=True)
    stand = DutchChoiceField(GOVERNANCE_WORDS["action_status"], source="status", read_only=True)
    uitkomst = serializers.CharField(source="outcome", read_only=True)
    gewijzigd_op = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = Action
        fields = ["id", "actie", "eigenaar", "klaar_op", "stand", "uitkomst", "gewijzigd_op"]


class DecisionSerializer(serializers.ModelSerializer):
    kwartaal = serializers.CharField(source="quarter", read_only=True)
    besloten_op = serializers.DateField(source="decided_on", read_only=True)
    besluit = serializers.CharField(source="title", read_only=True)
    toelichting = serializers.CharField(source="text", read_only=True)
    doelen = codes(source="goals")
    kpis = codes()
    acties = ActionSerializer(source="actions", many=True, read_only=True)
    demodata = serializers.BooleanField(source="is_demo", read_only=True)
    gewijzigd_op = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "kwartaal",
            "besloten_op",
            "besluit",
            "toelichting",
            "doelen",
            "kpis",
            "acties",
            "demodata",
            "gewijzigd_op",
        ]


class PulseScoresSerializer(serializers.Serializer):
    gedeelde_doelen = serializers.FloatField()
    vertrouwen = serializers.FloatField()
    besluitvorming = serializers.FloatField()
    informatie_delen = serializers.FloatField()
    inwoners_betrokken = serializers.FloatField()


class PulseAggregateSerializer(serializers.Serializer):
    """The collaboration pulse of one regio-opgave in one quarter, in aggregate only."""

    regio_opgave = serializers.CharField()
    kwartaal = serializers.CharField()
    respondenten = serializers.IntegerField()
    scores = PulseScoresSerializer(
        allow_null=True,
        help_text=_(
            "Gemiddelde per uitspraak (1 tot 5); leeg als minder dan drie organisaties antwoordden."
        ),
    )
