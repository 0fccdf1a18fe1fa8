"""Participation resources: read-only, public, without personal data."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view

from core.api.base import ReadOnlyApiViewSet
from regioplan.models import OperationalGoal

from .. import filtersets
from ..models import Input, ParticipationMoment, Recommendation, ResidentInitiative
from . import serializers as s

GOALS_BY_CODE = OperationalGoal.objects.only("id", "code").order_by("code")


@extend_schema_view(
    list=extend_schema(
        summary="Inbreng van inwoners",
        description="Gepubliceerde ideeën, zorgen, ervaringen en vragen van inwoners, met het "
        "antwoord van het programmateam. Zonder namen of e-mailadressen.",
    ),
    retrieve=extend_schema(summary="Eén inbreng"),
)
class InputViewSet(ReadOnlyApiViewSet):
    """Gepubliceerde inbreng van inwoners met het officiële antwoord."""

    list_cache = "public"

    serializer_class = s.InputSerializer
    filterset_class = filtersets.InputFilterSet
    ordering_map = {"ingediend_op": "created_at", "gewijzigd_op": "updated_at"}

    def get_queryset(self):
        return (
            Input.objects.published()
            .select_related("goal", "theme", "municipality", "led_to")
            .order_by("-created_at", "-pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Bewonersinitiatieven",
        description="Het register van bewonersinitiatieven (zorgzame gemeenschappen). "
        "Contactgegevens staan er niet in.",
    ),
    retrieve=extend_schema(summary="Eén bewonersinitiatief"),
)
class ResidentInitiativeViewSet(ReadOnlyApiViewSet):
    """Bewonersinitiatieven in het openbare register."""

    list_cache = "public"

    serializer_class = s.ResidentInitiativeSerializer
    filterset_class = filtersets.ResidentInitiativeFilterSet
    lookup_field = "slug"
    lookup_url_kwarg = "sleutel"
    ordering_map = {"naam": "name", "gewijzigd_op": "updated_at"}

    def get_queryset(self):
        return (
            ResidentInitiative.objects.public()
            .select_related("municipality")
            .prefetch_related(Prefetch("goals", queryset=GOALS_BY_CODE))
            .order_by("name")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Participatiemomenten",
        description="Wanneer en hoe inwoners meededen aan een doel of initiatief: fase, vorm, "
        "aantal deelnemers en uitkomst.",
    ),
    retrieve=extend_schema(summary="Eén participatiemoment"),
)
class MomentViewSet(ReadOnlyApiViewSet):
    """Participatie per doel: ontwikkelen, vormgeven, evalueren."""

    list_cache = "public"

    serializer_class = s.MomentSerializer
    filterset_class = filtersets.MomentFilterSet
    ordering_map = {"datum": "date", "gewijzigd_op": "updated_at"}

    def get_queryset(self):
        return (
            ParticipationMoment.objects.select_related("goal", "initiative")
            .prefetch_related("organisations")
            .order_by("-date", "-pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Aanbevelingen",
        description="De tien aanbevelingen uit de casestudy gezond gewicht (seed 002), met de "
        "stemmen voor belang en urgentie en de doelen waarin ze terugkomen.",
    ),
    retrieve=extend_schema(summary="Eén aanbeveling"),
)
class RecommendationViewSet(ReadOnlyApiViewSet):
    """De aanbevelingen van inwoners en professionals, met hun stemmen."""

    list_cache = "public"

    serializer_class = s.RecommendationSerializer
    filterset_class = filtersets.RecommendationFilterSet
    lookup_field = "number"
    lookup_url_kwarg = "nummer"
    ordering_map = {"nummer": "number", "gewijzigd_op": "updated_at"}

    def get_queryset(self):
        return Recommendation.objects.prefetch_related(
            Prefetch("goals", queryset=GOALS_BY_CODE)
        ).order_by("number")
