"""/api/v1: the major version in the URI, no trailing slashes, Dutch plural resource names."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from governance.api import views as governance
from monitoring.api.views.figures import FigureViewSet
from monitoring.api.views.kpis import KpiViewSet
from monitoring.api.views.reports import ReportViewSet
from monitoring.api.views.updates import ProgressUpdateViewSet
from opendata.tombstones import TombstoneViewSet
from participatie.api import views as participatie
from regioplan.api import views as regioplan

app_name = "api"

router = DefaultRouter(trailing_slash=False)
router.include_root_view = False
router.include_format_suffixes = False  # formats go in `formaat`, not in the path
router.register("regio-opgaven", regioplan.ThemeViewSet, basename="regio-opgave")
router.register("prioritaire-themas", regioplan.PriorityThemeViewSet, basename="prioritair-thema")
router.register("strategische-doelen", regioplan.StrategicGoalViewSet, basename="strategisch-doel")
router.register(
    "operationele-doelen", regioplan.OperationalGoalViewSet, basename="operationeel-doel"
)
router.register("initiatieven", regioplan.InitiativeViewSet, basename="initiatief")
router.register("organisaties", regioplan.OrganisationViewSet, basename="organisatie")
router.register(
    "transformatieprogrammas", regioplan.ProgrammeViewSet, basename="transformatieprogramma"
)
router.register("gemeenten", regioplan.MunicipalityViewSet, basename="gemeente")
router.register("toezeggingen", regioplan.CommitmentViewSet, basename="toezegging")
router.register("kpis", KpiViewSet, basename="kpi")
router.register("meetwaarden", FigureViewSet, basename="meetwaarde")
router.register("voortgangsrapportages", ProgressUpdateViewSet, basename="voortgangsrapportage")
router.register("kwartaalrapporten", ReportViewSet, basename="kwartaalrapport")
router.register("inwonersinbreng", participatie.InputViewSet, basename="inbreng")
router.register(
    "bewonersinitiatieven", participatie.ResidentInitiativeViewSet, basename="bewonersinitiatief"
)
router.register("participatiemomenten", participatie.MomentViewSet, basename="participatiemoment")
router.register("aanbevelingen", participatie.RecommendationViewSet, basename="aanbeveling")
router.register("verhalen", governance.StoryViewSet, basename="verhaal")
router.register("besluiten", governance.DecisionViewSet, basename="besluit")
router.register("samenwerking", governance.PulseViewSet, basename="samenwerking")


class OpenApiDocumentView(SpectacularJSONAPIView):
    """The document, readable from any origin (ADR /core/publish-openapi)."""

    @extend_schema(exclude=True)  # described by core.api.schema instead
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response


@extend_schema(
    tags=["algemeen"],
    summary="Startpunt van de API",
    description="Koppelingen naar alle collecties en naar de documentatie.",
    responses={200: OpenApiTypes.OBJECT},
)
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request):
    """The entry point: a link to every collection and to the documentation."""
    links = {
        prefix: request.build_absolute_uri(reverse(f"api:{basename}-list"))
        for prefix, _viewset, basename in router.registry
    }
    links["verwijderingen"] = request.build_absolute_uri(reverse("api:verwijdering-list"))
    return Response(
        {
            "naam": _("API van het portaal van Gezonde Marke"),
            "documentatie": request.build_absolute_uri(reverse("api:docs")),
            "openapi": request.build_absolute_uri(reverse("api:openapi")),
            "_links": {name: {"href": href} for name, href in links.items()},
        }
    )


urlpatterns = [
    path("openapi.json", OpenApiDocumentView.as_view(), name="openapi"),
    # The split view serves its start-up script as a file, so the CSP needs no 'unsafe-inline'.
    path("documentatie", SpectacularSwaggerSplitView.as_view(url_name="api:openapi"), name="docs"),
    # A feed, not a collection of resources: list only.
    path(
        "verwijderingen",
        TombstoneViewSet.as_view(
            {"get": "list"}, basename="verwijdering", registry=tuple(router.registry)
        ),
        name="verwijdering-list",
    ),
    *router.urls,
]
