"""Governance resources, read-only: published stories, the board's decisions with their
actions, and the collaboration pulse in aggregate."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from accounts.permissions import ReadOnlyOrPlanEditor
from core.api.base import ReadOnlyApiViewSet
from core.periods import Period, last_closed_quarter

from .. import filtersets, selectors
from ..models import Action, Decision, Story
from . import serializers as s

PULSE_FIELDS = {
    "shared_goals": "gedeelde_doelen",
    "trust": "vertrouwen",
    "decisions": "besluitvorming",
    "information": "informatie_delen",
    "residents": "inwoners_betrokken",
}


@extend_schema_view(
    list=extend_schema(
        summary="Verhalen van verandering",
        description="Gepubliceerde verhalen van verandering bij de doelen, met of de "
        "programmaraad het verhaal koos en waarom. Zonder namen van inwoners.",
    ),
    retrieve=extend_schema(summary="Eén verhaal"),
)
class StoryViewSet(ReadOnlyApiViewSet):
    """Gepubliceerde verhalen van verandering."""

    list_cache = "public"
    serializer_class = s.StorySerializer
    filterset_class = filtersets.StoryFilterSet
    ordering_map = {"gewijzigd_op": "updated_at", "kwartaal": "quarter"}

    def get_queryset(self):
        return (
            Story.objects.published()
            .select_related("goal__strategic_goal__theme", "organisation")
            .order_by("-quarter", "pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Besluiten van de programmaraad",
        description="Elk besluit met zijn acties: eigenaar, datum, stand en uitkomst.",
    ),
    retrieve=extend_schema(summary="Eén besluit"),
)
class DecisionViewSet(ReadOnlyApiViewSet):
    """Besluiten van de programmaraad en wat ermee gebeurde."""

    list_cache = "public"
    serializer_class = s.DecisionSerializer
    filterset_class = filtersets.DecisionFilterSet
    ordering_map = {"gewijzigd_op": "updated_at", "besloten_op": "decided_on"}

    def get_queryset(self):
        return Decision.objects.prefetch_related(
            "goals",
            "kpis",
            Prefetch(
                "actions", queryset=Action.objects.select_related("owner").order_by("due", "pk")
            ),
        ).order_by("-decided_on", "-pk")


class PulseViewSet(viewsets.GenericViewSet):
    """De samenwerkingspuls per regio-opgave: gemiddelden, alleen waar minstens drie
    organisaties antwoordden. Opmerkingen en losse antwoorden staan er nooit in."""

    permission_classes = [ReadOnlyOrPlanEditor]
    serializer_class = s.PulseAggregateSerializer
    filter_backends: list = []
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        summary="Samenwerkingspuls",
        parameters=[
            OpenApiParameter(
                "kwartaal",
                OpenApiTypes.STR,
                description="Het laatste kwartaal van de reeks (bijv. 2025Q4); standaard het "
                "laatste afgesloten kwartaal. De reeks telt vier kwartalen.",
            ),
            OpenApiParameter("opgave", OpenApiTypes.STR, description="Regio-opgave, bijv. 2.3"),
        ],
    )
    def list(self, request):
        raw = request.query_params.get("kwartaal")
        until = last_closed_quarter()
        if raw:
            try:
                until = Period.parse(raw)
            except DjangoValidationError as exc:
                raise ValidationError({"kwartaal": exc.messages}) from None
            if not until.is_quarter:
                raise ValidationError({"kwartaal": [_("Kies een kwartaal, bijv. 2025Q4.")]})
        theme = request.query_params.get("opgave")
        rows = []
        for t, trend in selectors.pulse_trend(until):
            if theme and t.code != theme:
                continue
            for row in trend:
                scores = (
                    {PULSE_FIELDS[k]: v for k, v in row.means.items()}
                    if row.respondents >= settings.PULSE_MIN_RESPONDENTS
                    else None
                )
                rows.append(
                    {
                        "regio_opgave": t.code,
                        "kwartaal": row.quarter,
                        "respondenten": row.respondents,
                        "scores": scores,
                    }
                )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
