"""Monitoring resources. Reads reuse the page FilterSets; writes go through the same services
as the web forms, with the same validation and review workflow."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from accounts.permissions import can_read_internal, can_review
from audit.services import history_for
from core.api.base import ApiModelViewSet, ReadOnlyApiViewSet
from core.api.parsers import BoundedJSONParser, CSVTableParser
from core.api.permissions import ApiPermission
from core.api.renderers import CSVRenderer, XLSXRenderer
from regioplan.models import Municipality

from .. import services
from ..filtersets import FigureFilterSet, KpiFilterSet, ReportFilterSet, UpdateFilterSet
from ..models import Figure, Kpi, ProgressUpdate, QuarterlyReport, UpdateFigure
from ..periods import Period
from ..permissions import can_report_on
from ..selectors.kpis import kpi_series, kpis_queryset
from . import serializers as s

STATUS_IN = {
    "concept": "draft",
    "ingediend": "submitted",
    "teruggestuurd": "returned",
    "goedgekeurd": "approved",
}


@extend_schema_view(list=extend_schema(summary="KPI's"), retrieve=extend_schema(summary="Eén KPI"))
class KpiViewSet(ReadOnlyApiViewSet):
    """De KPI's van het plan: eenheid, richting, nulmeting, streefwaarden en bron."""

    list_cache = "public"

    serializer_class = s.KpiSerializer
    filterset_class = KpiFilterSet
    lookup_field = "code"
    ordering_map = {"code": "code", "naam": "name", "gewijzigd_op": "updated_at"}

    def get_queryset(self):
        # The collection is the public KPIs for everyone, as on the KPI page; one KPI (and its
        # series) may also be an archived or demo one for the programme team, as on its page.
        if self.action == "list":
            kpis = Kpi.objects.public()
        else:
            kpis = Kpi.objects.visible_to(self.request.user)
        return kpis_queryset(kpis).order_by("code")

    @extend_schema(
        summary="Reeks van een KPI: waarden, tussendoelen en oordeel",
        description="Alle goedgekeurde waarden van de KPI per periode, voor Drenthe en per "
        "gemeente, elk met het tussendoel van dat jaar (een streefwaarde uit het plan of een "
        "punt op de rechte lijn vanaf de nulmeting) en het oordeel. Met nulmeting, "
        "streefwaarden en vergelijking: één aanvraag per KPI voor een dashboard.",
        parameters=[
            OpenApiParameter("gemeente", str, description="CBS-code, bijv. GM0106"),
            OpenApiParameter(
                "niveau", str, enum=["alle", "drenthe", "gemeenten"], description="Standaard: alle"
            ),
            OpenApiParameter("periode_van", str, description="Vanaf deze periode (2024, 2024Q2)"),
            OpenApiParameter("periode_tot", str, description="Tot en met deze periode"),
        ],
        responses={200: s.KpiSeriesSerializer},
    )
    @action(detail=True, methods=["get"], url_path="reeks", url_name="reeks", filter_backends=[])
    def series(self, request, code=None):
        kpi = self.get_object()
        params = request.query_params
        errors = {}
        level = params.get("niveau", "alle")
        if level not in ("alle", "drenthe", "gemeenten"):
            errors["niveau"] = [_("Kies alle, drenthe of gemeenten.")]
        municipality = None
        if params.get("gemeente"):
            municipality = Municipality.objects.filter(
                cbs_code__iexact=params["gemeente"].strip()
            ).first()
            if municipality is None:
                errors["gemeente"] = [_("Onbekende gemeente; gebruik de CBS-code (GM0106).")]
        bounds = {}
        for name in ("periode_van", "periode_tot"):
            if params.get(name):
                try:
                    bounds[name] = Period.parse(params[name])
                except DjangoValidationError as exc:
                    errors[name] = exc.messages
        if errors:
            raise ValidationError(errors)
        baseline, points = kpi_series(
            kpi,
            municipality=municipality,
            level=level,
            since=bounds.get("periode_van"),
            until=bounds.get("periode_tot"),
        )
        self._last_modified = kpi.updated_at
        data = {"kpi": kpi, "baseline": baseline, "points": points}
        return Response(s.KpiSeriesSerializer(data).data)


class FigureWriters(ApiPermission):
    message = gettext_lazy("Alleen het programmateam en partners kunnen meetwaarden indienen.")

    def may_write(self, user, request, view):
        return can_review(user) or (getattr(user, "is_authenticated", False) and user.is_partner)


@extend_schema_view(
    list=extend_schema(
        summary="Meetwaarden",
        description="Filter op KPI, gemeente, periode (van/tot) en herkomst. "
        "`formaat=csv` of `formaat=xlsx` geeft een download met dezelfde filters.",
    ),
    retrieve=extend_schema(summary="Eén meetwaarde"),
    create=extend_schema(
        summary="Meetwaarde indienen",
        description="Programmateam: de waarde wordt direct geregistreerd. Partner: geef "
        "`voortgangsrapportage` "
        "(een eigen concept) mee; de waarde gaat met die rapportage door de beoordeling.",
        responses={201: s.FigureSerializer, 202: s.ProgressUpdateSerializer},
    ),
)
class FigureViewSet(ApiModelViewSet):
    """Meetwaarden: één waarde per KPI, periode en gemeente (of heel Drenthe)."""

    list_cache = "public"

    serializer_class = s.FigureSerializer
    filterset_class = FigureFilterSet
    permission_classes = [FigureWriters]
    renderer_classes = [JSONRenderer, CSVRenderer, XLSXRenderer]
    http_method_names = ["get", "post", "patch", "head", "options"]
    ordering_map = {
        "periode": "period",
        "kpi": "kpi__code",
        "gemeente": "municipality__name",
        "gewijzigd_op": "updated_at",
    }

    def get_queryset(self):
        return (
            Figure.objects.visible_to(self.request.user)
            .select_related("kpi", "municipality")
            .order_by("kpi__code", "period", "municipality__name", "pk")
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if can_review(request.user) and not data.get("update"):
            figure = services.figure_create(
                kpi=data["kpi"],
                period=data["period"],
                municipality=data.get("municipality"),
                value=data["value"],
                source_note=data.get("source_note", ""),
                by=request.user,
            )
            return Response(s.FigureSerializer(figure).data, status=status.HTTP_201_CREATED)
        update = data.get("update")
        if update is None:
            raise ValidationError(
                {
                    "voortgangsrapportage": [
                        _("Partners dienen meetwaarden in via een eigen rapportage.")
                    ]
                }
            )
        if not can_report_on(request.user, update.goal, update.organisation):
            raise PermissionDenied(
                _("U kunt alleen rapporteren over de doelen van uw eigen organisatie.")
            )
        lines = [
            {"kpi": f.kpi, "period": f.period, "municipality": f.municipality, "value": f.value}
            for f in update.figures.all()
        ]
        lines.append(
            {
                "kpi": data["kpi"],
                "period": data["period"],
                "municipality": data.get("municipality"),
                "value": data["value"],
                "source_note": data.get("source_note", ""),
            }
        )
        services.update_save(update=update, by=request.user, fields={}, figures=lines)
        return Response(
            s.ProgressUpdateSerializer(_update_qs().get(pk=update.pk)).data,
            status=status.HTTP_202_ACCEPTED,
        )

    @extend_schema(
        summary="Meetwaarde corrigeren (programmateam)",
        description="Een nieuwe waarde met een verplichte `reden`; de oude waarde en de reden "
        "komen in de historie (`/meetwaarden/{id}/historie`).",
        request=s.FigureCorrectionSerializer,
        responses={200: s.FigureSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        figure = self.get_object()
        if not can_review(request.user):
            raise PermissionDenied(
                _(
                    "Alleen het programmateam corrigeert goedgekeurde waarden. Partners geven een "
                    "nieuwe waarde door in een voortgangsrapportage."
                )
            )
        body = s.FigureCorrectionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            figure, _changed = services.figure_correct(
                figure=figure,
                value=body.validated_data["waarde"],
                reason=body.validated_data["reden"],
                source_note=body.validated_data.get("bron"),
                by=request.user,
            )
        except DjangoValidationError as exc:
            names = {"value": "waarde", "reason": "reden", "source_note": "bron"}
            raise ValidationError(
                {names.get(k, k): v for k, v in exc.message_dict.items()}
            ) from None
        return Response(s.FigureSerializer(figure).data)

    def update(self, request, *args, **kwargs):  # only PATCH is offered
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        summary="Historie van een meetwaarde",
        description="Elke wijziging, nieuwste eerst, met oude en nieuwe waarde en de reden.",
        responses={200: s.FigureChangeSerializer(many=True)},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="historie",
        url_name="historie",
        filter_backends=[],
        pagination_class=None,
    )
    def history(self, request, pk=None):
        figure = self.get_object()
        self._last_modified = figure.updated_at
        records = history_for(figure).filter(action__in=list(s.FigureChangeSerializer.ACTIONS))
        return Response(s.FigureChangeSerializer(records, many=True).data)

    @extend_schema(
        summary="Meetwaarden in bulk laden",
        description="Een reeks meetwaarden in één aanvraag, als JSON of als CSV (kolommen kpi, "
        "periode, gemeente, waarde, bron). Per (KPI, periode, gemeente) wordt een waarde "
        "aangemaakt, gecorrigeerd of ongewijzigd gelaten; elke regel krijgt een resultaat, "
        "met redenen als hij is geweigerd. Met `proefdraai=true` wordt niets opgeslagen. "
        "Programmateam: de waarden zijn direct goedgekeurd. Partner: geef `voortgangsrapportage` "
        "(een eigen concept); de waarden gaan met die rapportage door de beoordeling.",
        request={
            "application/json": s.BulkRequestSerializer,
            "text/csv": OpenApiTypes.STR,
        },
        parameters=[
            OpenApiParameter("proefdraai", bool, description="Alleen controleren, niets opslaan."),
            OpenApiParameter("reden", str, description="Bij CSV: reden voor correcties."),
            OpenApiParameter(
                "voortgangsrapportage", int, description="Bij CSV: de rapportage (partners)."
            ),
        ],
        responses={200: s.BulkSummarySerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="bulk",
        url_name="bulk",
        parser_classes=[BoundedJSONParser, CSVTableParser],
        renderer_classes=[JSONRenderer],
        filter_backends=[],
        pagination_class=None,
    )
    def bulk(self, request):
        data = request.data
        params = request.query_params
        if isinstance(data, list) and request.content_type.startswith("text/csv"):
            body = {"meetwaarden": data, "reden": params.get("reden", "")}
            if params.get("voortgangsrapportage"):
                body["voortgangsrapportage"] = params["voortgangsrapportage"]
        elif isinstance(data, list):
            body = {"meetwaarden": data}
        else:
            body = data
        envelope = s.BulkRequestSerializer(data=body)
        envelope.is_valid(raise_exception=True)
        dry_run = params.get("proefdraai", "").lower() in ("true", "1", "ja")
        update = None
        update_id = envelope.validated_data.get("voortgangsrapportage")
        if update_id is not None:
            update = ProgressUpdate.objects.visible_to(request.user).filter(pk=update_id).first()
            if update is None or not can_report_on(request.user, update.goal, update.organisation):
                raise PermissionDenied(
                    _("U kunt alleen waarden laden in een rapportage van uw eigen organisatie.")
                )
        elif not can_review(request.user):
            raise ValidationError(
                {
                    "voortgangsrapportage": [
                        _("Partners laden meetwaarden in een eigen rapportage; geef die mee.")
                    ]
                }
            )
        try:
            summary = services.figures_bulk_load(
                envelope.validated_data["meetwaarden"],
                by=request.user,
                reason=envelope.validated_data.get("reden", ""),
                dry_run=dry_run,
                update=update,
            )
        except DjangoValidationError as exc:
            raise ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else {"meetwaarden": exc.messages}
            ) from None
        return Response(s.BulkSummarySerializer(summary).data)


def _update_qs(updates=None):
    updates = ProgressUpdate.objects.all() if updates is None else updates
    return updates.select_related("goal", "organisation").prefetch_related(
        Prefetch("figures", queryset=UpdateFigure.objects.select_related("kpi", "municipality"))
    )


class UpdateWriters(ApiPermission):
    message = gettext_lazy(
        "Alleen partners (voor hun eigen doelen) en het programmateam kunnen rapportages wijzigen."
    )

    def may_write(self, user, request, view):
        return getattr(user, "is_authenticated", False) and (user.is_partner or can_review(user))


@extend_schema_view(
    list=extend_schema(
        summary="Voortgangsrapportages", description="Zonder rechten alleen goedgekeurde."
    ),
    retrieve=extend_schema(summary="Eén voortgangsrapportage"),
    create=extend_schema(summary="Rapportage starten (partner)"),
    partial_update=extend_schema(
        summary="Rapportage bijwerken, indienen (partner) of beoordelen (programmateam)"
    ),
)
class ProgressUpdateViewSet(ApiModelViewSet):
    """Kwartaalrapportages van partners, met hun beoordeling."""

    serializer_class = s.ProgressUpdateSerializer
    filterset_class = UpdateFilterSet
    permission_classes = [UpdateWriters]
    http_method_names = ["get", "post", "patch", "head", "options"]
    ordering_map = {"kwartaal": "period", "doel": "goal__code", "gewijzigd_op": "updated_at"}

    def get_queryset(self):
        visible = ProgressUpdate.objects.visible_to(self.request.user)
        return _update_qs(visible).order_by("-period", "goal__code", "-revision")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not request.user.is_partner or request.user.organisation is None:
            raise PermissionDenied(_("Alleen partners starten een rapportage."))
        existed = ProgressUpdate.objects.filter(
            goal=data["goal"],
            organisation=request.user.organisation,
            period=data["period"].strip().upper(),
        ).exists()
        update = services.update_start(
            goal=data["goal"],
            organisation=request.user.organisation,
            period=data["period"],
            by=request.user,
        )
        self._apply(update, data, request.user)
        # 201 for a new update; 200 when the organisation's update for that quarter already existed.
        return Response(
            self.get_serializer(_update_qs().get(pk=update.pk)).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    def partial_update(self, request, *args, **kwargs):
        update = self.get_object()
        serializer = self.get_serializer(update, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        self._apply(update, serializer.validated_data, request.user)
        return Response(self.get_serializer(_update_qs().get(pk=update.pk)).data)

    @staticmethod
    def _apply(update, data, user):
        figures = None
        if "figures" in data:
            figures = [
                {
                    "kpi": f["kpi"],
                    "period": f.get("period") or update.period,
                    "municipality": f.get("municipality"),
                    "value": f["value"],
                }
                for f in data["figures"]
            ]
        services.update_apply(
            update=ProgressUpdate.objects.get(pk=update.pk),
            by=user,
            fields={k: data[k] for k in services.UPDATE_FIELDS if k in data},
            figures=figures,
            # "concept" is where an update starts, not a step to take: nothing to do.
            transition=STATUS_IN.get(data.get("status", ""), "").replace("draft", ""),
            reason=data.get("return_reason", ""),
        )


@extend_schema_view(
    list=extend_schema(summary="Kwartaalrapporten (gegevens)"),
    retrieve=extend_schema(summary="Eén kwartaalrapport (gegevens)"),
)
class ReportViewSet(ReadOnlyApiViewSet):
    """Gegevens van de kwartaalrapporten.

    De PDF alleen voor programmateam, programmaraad en beheer.
    """

    serializer_class = s.ReportSerializer
    ordering_map = {"kwartaal": "quarter", "versie": "version", "gewijzigd_op": "updated_at"}
    queryset = QuarterlyReport.objects.order_by("-quarter", "-version")
    filterset_class = ReportFilterSet

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "may_download": can_read_internal(self.request.user),
        }

    @extend_schema(
        summary="PDF downloaden",
        responses={(200, "application/pdf"): OpenApiResponse(description="PDF")},
    )
    @action(detail=True, methods=["get"], url_path="download", url_name="download")
    def download(self, request, pk=None):
        if not request.user.is_authenticated:
            raise PermissionDenied(_("Log in of gebruik een token om het rapport te downloaden."))
        if not can_read_internal(request.user):
            raise PermissionDenied(
                _("Alleen het programmateam, de programmaraad en beheer downloaden rapporten.")
            )
        report = self.get_object()
        if report.status != QuarterlyReport.Status.READY:
            raise ValidationError({"status": [_("Dit rapport is nog niet klaar.")]})
        return FileResponse(
            report.file.open("rb"),
            as_attachment=True,
            content_type="application/pdf",
            filename=f"gezonde-marke-kwartaalrapport-{report.quarter}-v{report.version}.pdf",
        )
