"""Plan resources. Reads reuse the page selectors and FilterSets; writes call the services."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from accounts.permissions import ReadOnlyOrPlanEditor
from core.api.base import ApiModelViewSet, ReadOnlyApiViewSet
from core.api.problems import PROBLEM, problem
from core.api.renderers import CSVRenderer, XLSXRenderer

from .. import selectors, services
from ..codes import normalise_operational_code
from ..filtersets import (
    CommitmentFilterSet,
    InitiativeFilterSet,
    MunicipalityFilterSet,
    OperationalGoalFilterSet,
    OrganisationFilterSet,
    PriorityThemeFilterSet,
    ProgrammeFilterSet,
    StrategicGoalFilterSet,
    ThemeFilterSet,
)
from ..models import (
    Agreement,
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
from . import serializers as s


@extend_schema_view(
    list=extend_schema(summary="Regio-opgaven"), retrieve=extend_schema(summary="Eén regio-opgave")
)
class ThemeViewSet(ReadOnlyApiViewSet):
    """De zes regio-opgaven van het Regioplan Drenthe."""

    list_cache = "public"

    serializer_class = s.ThemeSerializer
    filterset_class = ThemeFilterSet
    lookup_field = "code"
    lookup_value_regex = r"\d\.\d"
    ordering_map = {"code": "code", "naam": "name", "gewijzigd_op": "updated_at"}

    def get_queryset(self):
        return Theme.objects.prefetch_related(
            "strategic_goals",
            Prefetch(
                "monitoring_partners",
                queryset=GoalOrganisation.objects.public()
                .filter(end_quarter="")
                .select_related("organisation"),
            ),
        ).order_by("code")


@extend_schema_view(
    list=extend_schema(summary="Prioritaire thema's"),
    retrieve=extend_schema(summary="Eén prioritair thema"),
)
class PriorityThemeViewSet(ReadOnlyApiViewSet):
    """De zes prioritaire thema's met hun ambitie voor 2040."""

    list_cache = "public"

    serializer_class = s.PriorityThemeSerializer
    filterset_class = PriorityThemeFilterSet
    lookup_field = "slug"
    lookup_url_kwarg = "sleutel"
    ordering_map = {"nummer": "number", "naam": "name", "gewijzigd_op": "updated_at"}
    queryset = PriorityTheme.objects.order_by("number")


@extend_schema_view(
    list=extend_schema(summary="Strategische doelen"),
    retrieve=extend_schema(summary="Eén strategisch doel"),
)
class StrategicGoalViewSet(ReadOnlyApiViewSet):
    """De strategische doelen (2040), genummerd 2.x.y."""

    list_cache = "public"

    serializer_class = s.StrategicGoalSerializer
    filterset_class = StrategicGoalFilterSet
    lookup_field = "code"
    lookup_value_regex = r"\d\.\d\.\d{1,2}"
    ordering_map = {"code": "code", "gewijzigd_op": "updated_at"}

    def get_queryset(self):
        return (
            StrategicGoal.objects.select_related("theme")
            .prefetch_related(
                Prefetch("operational_goals", queryset=OperationalGoal.objects.order_by("code"))
            )
            .order_by("code")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Operationele doelen",
        description="Met dezelfde filters als de doelenlijst in het "
        "portaal. Voeg `formaat=csv` of `formaat=xlsx` toe voor een download.",
    ),
    retrieve=extend_schema(summary="Eén operationeel doel, op code (bijv. 2.1.1.A)"),
    create=extend_schema(summary="Doel toevoegen (programmateam)"),
    partial_update=extend_schema(
        summary="Doel wijzigen (programmateam); geef de gelezen `versie` mee"
    ),
    update=extend_schema(summary="Doel vervangen (programmateam); geef de gelezen `versie` mee"),
    destroy=extend_schema(summary="Doel archiveren (programmateam)"),
)
class OperationalGoalViewSet(ApiModelViewSet):
    """De operationele doelen (2.x.y.A), met oplossingsrichtingen onder 2.6.3."""

    list_cache = "public"

    permission_classes = [ReadOnlyOrPlanEditor]
    serializer_class = s.OperationalGoalSerializer  # lists use GoalListSerializer
    filterset_class = OperationalGoalFilterSet
    lookup_field = "code"
    lookup_value_regex = r"\d\.\d\.\d{1,2}\.[A-Z]"
    renderer_classes = [JSONRenderer, CSVRenderer, XLSXRenderer]
    ordering_map = {
        "code": "code",
        "doeljaar": "target_year",
        "status": "status",
        "gewijzigd_op": "updated_at",
    }

    expansion_prefetch = {
        "organisaties": [
            Prefetch(
                "organisation_links",
                queryset=GoalOrganisation.objects.public().select_related("organisation"),
            )
        ],
        "initiatieven": [Prefetch("initiatives", queryset=Initiative.objects.order_by("name"))],
        "kpis": ["kpis"],
        "afspraken": [Prefetch("agreements", queryset=Agreement.objects.order_by("code"))],
        "relaties": [
            Prefetch("related_goals", queryset=OperationalGoal.objects.order_by("code")),
            Prefetch("referenced_by", queryset=OperationalGoal.objects.order_by("code")),
        ],
    }

    def get_serializer_class(self):
        return s.GoalListSerializer if self.action == "list" else s.OperationalGoalSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no database needed
            return OperationalGoal.objects.none()
        plan = selectors.plan_get()
        if self.action == "list":
            return selectors.goals_queryset(plan)
        return (
            OperationalGoal.objects.filter(plan=plan)
            .select_related("strategic_goal__theme")
            .prefetch_related(
                "priority_themes",
                "initiatives",
                Prefetch("agreements", queryset=Agreement.objects.order_by("code")),
                Prefetch("related_goals", queryset=OperationalGoal.objects.order_by("code")),
                Prefetch("referenced_by", queryset=OperationalGoal.objects.order_by("code")),
                Prefetch(
                    "organisation_links",
                    queryset=GoalOrganisation.objects.public().select_related("organisation"),
                ),
            )
        )

    @staticmethod
    def _service_fields(data: dict) -> dict:
        data = dict(data)
        data.pop("version", None)
        return data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = self._service_fields(serializer.validated_data)
        fields["code"] = normalise_operational_code(fields["code"])
        goal = services.goal_create(plan=selectors.plan_get(), by=request.user, **fields)
        return Response(
            s.OperationalGoalSerializer(self.get_queryset().get(pk=goal.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    def update(self, request, *args, partial=False, **kwargs):
        goal = self.get_object()
        serializer = self.get_serializer(goal, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        if "version" not in serializer.validated_data:
            raise ValidationError(
                {
                    "versie": [
                        _("Geef de versie mee die u het laatst las, zodat niets verloren gaat.")
                    ]
                }
            )
        fields = self._service_fields(serializer.validated_data)
        if "code" in fields:
            fields["code"] = normalise_operational_code(fields["code"])
        try:
            goal = services.goal_update(
                goal=goal,
                by=request.user,
                expected_version=serializer.validated_data["version"],
                **fields,
            )
        except services.EditConflict as exc:
            body = problem(
                409,
                _(
                    "Doel %(code)s is intussen gewijzigd (nu versie %(version)s). Lees het opnieuw "
                    "en pas "
                    "uw wijziging toe op de nieuwe versie."
                )
                % {"code": exc.current.code, "version": exc.current.version},
                request=request,
                huidige_versie=exc.current.version,
            )
            return Response(body, status=409, content_type=PROBLEM)
        return Response(s.OperationalGoalSerializer(self.get_queryset().get(pk=goal.pk)).data)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        services.goal_archive(goal=self.get_object(), by=request.user, reason="Via de API")
        return Response(status=status.HTTP_204_NO_CONTENT)


class _NamedObjectViewSet(ApiModelViewSet):
    """Organisations and initiatives: programme team writes through the services."""

    permission_classes = [ReadOnlyOrPlanEditor]
    lookup_field = "slug"
    lookup_url_kwarg = "sleutel"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    create_service = update_service = archive_service = None

    def perform_create(self, serializer):
        serializer.instance = type(self).create_service(
            by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        fresh = type(serializer.instance).objects.get(pk=serializer.instance.pk)
        serializer.instance = type(self).update_service(
            fresh, by=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        type(self).archive_service(instance, by=self.request.user, reason="Via de API")


@extend_schema_view(
    list=extend_schema(summary="Organisaties"), retrieve=extend_schema(summary="Eén organisatie")
)
class OrganisationViewSet(_NamedObjectViewSet):
    """Organisaties van de leidende en brede coalitie en de genoemde initiatiefnemers."""

    list_cache = "public"

    serializer_class = s.OrganisationSerializer
    filterset_class = OrganisationFilterSet
    ordering_map = {"naam": "name", "sector": "sector", "gewijzigd_op": "updated_at"}
    create_service = staticmethod(services.organisation_create)
    update_service = staticmethod(
        lambda o, **kw: services.organisation_update(organisation=o, **kw)
    )
    archive_service = staticmethod(
        lambda o, **kw: services.organisation_archive(organisation=o, **kw)
    )

    def get_queryset(self):
        return Organisation.objects.public().select_related("municipality").order_by("name")


@extend_schema_view(
    list=extend_schema(summary="Initiatieven"), retrieve=extend_schema(summary="Eén initiatief")
)
class InitiativeViewSet(_NamedObjectViewSet):
    """Bestaande initiatieven waar het plan inspiratie uit haalt."""

    list_cache = "public"

    serializer_class = s.InitiativeSerializer
    filterset_class = InitiativeFilterSet
    ordering_map = {"naam": "name", "gewijzigd_op": "updated_at"}
    create_service = staticmethod(services.initiative_create)
    update_service = staticmethod(lambda o, **kw: services.initiative_update(initiative=o, **kw))
    archive_service = staticmethod(lambda o, **kw: services.initiative_archive(initiative=o, **kw))

    def get_queryset(self):
        return Initiative.objects.prefetch_related(
            Prefetch("operational_goals", queryset=OperationalGoal.objects.order_by("code"))
        ).order_by("name")


@extend_schema_view(
    list=extend_schema(summary="Transformatieprogramma's"),
    retrieve=extend_schema(summary="Eén programma"),
)
class ProgrammeViewSet(ReadOnlyApiViewSet):
    """De acht transformatieprogramma's uit bijlage A."""

    list_cache = "public"

    serializer_class = s.ProgrammeSerializer
    filterset_class = ProgrammeFilterSet
    lookup_field = "number"
    lookup_url_kwarg = "nummer"
    ordering_map = {"nummer": "number", "naam": "name", "gewijzigd_op": "updated_at"}

    def get_queryset(self):
        return TransformationProgramme.objects.prefetch_related(
            "partners", "strategic_goals", "operational_goals"
        ).order_by("number")


@extend_schema_view(
    list=extend_schema(summary="Gemeenten"), retrieve=extend_schema(summary="Eén gemeente")
)
class MunicipalityViewSet(ReadOnlyApiViewSet):
    """De 12 Drentse gemeenten met hun CBS-code."""

    list_cache = "public"

    serializer_class = s.MunicipalitySerializer
    filterset_class = MunicipalityFilterSet
    lookup_field = "cbs_code"
    ordering_map = {"naam": "name", "cbs_code": "cbs_code", "gewijzigd_op": "updated_at"}
    queryset = Municipality.objects.order_by("name")


@extend_schema_view(
    list=extend_schema(summary="Toezeggingen"), retrieve=extend_schema(summary="Eén toezegging")
)
class CommitmentViewSet(ReadOnlyApiViewSet):
    """Wie welk doel trekt of eraan meedoet, en wie per regio-opgave de monitoring doet.

    Een toezegging loopt van een kwartaal tot en met een kwartaal (leeg: open); een beëindigde
    blijft staan, zodat voor elk kwartaal bekend is wie moest rapporteren. Iedereen ziet de
    toezeggingen die gelden of golden; uitnodigingen, aanbiedingen en afwijzingen ziet alleen
    het programmateam en de organisatie zelf."""

    serializer_class = s.CommitmentSerializer
    filterset_class = CommitmentFilterSet
    ordering_map = {"gewijzigd_op": "updated_at", "vanaf_kwartaal": "start_quarter"}

    def get_queryset(self):
        return (
            GoalOrganisation.objects.visible_to(self.request.user)
            .exclude(role=GoalOrganisation.Role.POTENTIAL_INITIATOR)
            .select_related("goal", "theme", "organisation")
            .order_by("pk")
        )
