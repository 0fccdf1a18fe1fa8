"""Figures in the API. Reads reuse the page's FilterSet; writes go through the same services as
the web forms, with the same validation and review workflow."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from accounts.permissions import can_review
from audit.services import history_for
from core.api.base import ApiModelViewSet
from core.api.pagination import DutchPageNumberPagination
from core.api.parsers import BoundedJSONParser, CSVTableParser
from core.api.permissions import ApiPermission
from core.api.renderers import CSVRenderer, NDJSONRenderer, XLSXRenderer
from core.api.watermark import sync_watermark
from core.errors import Conflict

from ... import services
from ...filtersets import FigureFilterSet
from ...models import Figure
from ...services.bulk import MAX_ROWS
from ...services.submissions import bulk_target, figure_submit
from .. import exports
from ..serializers.figures import (
    BulkRequestSerializer,
    BulkSummarySerializer,
    FigureChangeSerializer,
    FigureCorrectionSerializer,
    FigureSerializer,
)
from ..serializers.updates import ProgressUpdateSerializer
from .updates import _update_qs


def api_errors(exc: DjangoValidationError, names: dict[str, str]) -> dict | list:
    """A service's errors under the API's field names (`names`: model field -> API field)."""
    if hasattr(exc, "error_dict"):
        return {names.get(k, k): v for k, v in exc.message_dict.items()}
    return exc.messages


def _update_id(raw) -> int | None:
    """The `voortgangsrapportage` of a bulk load, as a number (a 400 when it is not one)."""
    if raw in (None, ""):
        return None
    try:
        return int(str(raw))
    except ValueError:
        raise ValidationError(
            {"voortgangsrapportage": [_("Geef het nummer van een rapportage.")]}
        ) from None


class FigureWriters(ApiPermission):
    message = gettext_lazy("Alleen het programmateam en partners kunnen meetwaarden indienen.")

    def may_write(self, user, request, view):
        return can_review(user) or (getattr(user, "is_authenticated", False) and user.is_partner)


class FigurePagination(DutchPageNumberPagination):
    """Figures are many (a decade of quarters for 12 municipalities and ~160 wijken): a sync
    may take pages of up to 1,000."""

    max_page_size = 1000


@extend_schema_view(
    list=extend_schema(
        summary="Meetwaarden",
        description="Filter op KPI, gemeente, niveau (drenthe, gemeente, wijk, alle), gebied "
        "(PV22, GM0106, WK010601), periode (van/tot) en herkomst. Zonder `niveau` of `gebied`: "
        "Drenthe en de gemeenten. `formaat=csv` en `formaat=ndjson` geven een gestreamde "
        "download met dezelfde filters (ook van alle meetwaarden in één keer); "
        "`formaat=xlsx` een Excel-bestand. Kleine aantallen per wijk (minder dan 10) zijn "
        "niet openbaar: `waarde` is dan leeg en `onderdrukt` waar.",
    ),
    retrieve=extend_schema(summary="Eén meetwaarde"),
    create=extend_schema(
        summary="Meetwaarde indienen",
        description="Programmateam: de waarde wordt direct geregistreerd. Partner: geef "
        "`voortgangsrapportage` "
        "(een eigen concept) mee; de waarde gaat met die rapportage door de beoordeling.",
        responses={201: FigureSerializer, 202: ProgressUpdateSerializer},
    ),
)
class FigureViewSet(ApiModelViewSet):
    """Meetwaarden: één waarde per KPI, periode en gebied (heel Drenthe, gemeente of wijk)."""

    # Per caller: the programme team also sees the figures of archived and demo KPIs
    # (Figure.objects.visible_to), so one shared copy would show them to everyone.
    list_cache = "per-user"

    serializer_class = FigureSerializer
    filterset_class = FigureFilterSet
    permission_classes = [FigureWriters]
    renderer_classes = [JSONRenderer, CSVRenderer, XLSXRenderer, NDJSONRenderer]
    pagination_class = FigurePagination
    http_method_names = ["get", "post", "patch", "head", "options"]
    max_rows = MAX_ROWS  # a bulk CSV body: the parser stops reading past it
    ordering_map = {
        "periode": "period",
        "kpi": "kpi__code",
        "gemeente": "municipality__name",
        "gewijzigd_op": "updated_at",
    }

    def get_queryset(self):
        # Every level; the FilterSet keeps to Drenthe and municipalities unless `niveau` or
        # `gebied` asks for wijken (API 1.4).
        return (
            Figure.all_levels.visible_to(self.request.user)
            .select_related("kpi", "municipality", "neighbourhood")
            .order_by("kpi__code", "period", "municipality__name", "neighbourhood__cbs_code", "pk")
        )

    def list(self, request, *args, **kwargs):
        fmt = getattr(request.accepted_renderer, "format", None)
        if fmt not in ("csv", "ndjson"):
            return super().list(request, *args, **kwargs)
        # A streamed export: rows go out as they are read, so a full pull of every figure
        # starts at once and never holds them all in memory (exports.py).
        request.sync_watermark = sync_watermark()
        queryset = self.filter_queryset(self.get_queryset())
        self._last_modified = None
        return exports.stream_figures(queryset, request, fmt, reviewer=can_review(request.user))

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # A service's errors reach the client under the API's field names (core.api.problems);
        # a duplicate is a 409 Conflict.
        result = figure_submit(
            by=request.user,
            kpi=data["kpi"],
            period=data["period"],
            municipality=data.get("municipality"),
            value=data["value"],
            source_note=data.get("source_note", ""),
            update=data.get("update"),
            neighbourhood=data.get("neighbourhood"),
        )
        if isinstance(result, Figure):
            return Response(FigureSerializer(result).data, status=status.HTTP_201_CREATED)
        return Response(
            ProgressUpdateSerializer(_update_qs().get(pk=result.pk)).data,
            status=status.HTTP_202_ACCEPTED,
        )

    @extend_schema(
        summary="Meetwaarde corrigeren (programmateam)",
        description="Een nieuwe waarde met een verplichte `reden`; de oude waarde en de reden "
        "komen in de historie (`/meetwaarden/{id}/historie`).",
        request=FigureCorrectionSerializer,
        responses={200: FigureSerializer},
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
        body = FigureCorrectionSerializer(data=request.data)
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
            raise ValidationError(api_errors(exc, names)) from None
        return Response(FigureSerializer(figure).data)

    def update(self, request, *args, **kwargs):  # only PATCH is offered
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        summary="Historie van een meetwaarde",
        description="Elke wijziging, nieuwste eerst, met oude en nieuwe waarde en de reden.",
        responses={200: FigureChangeSerializer(many=True)},
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
        records = history_for(figure).filter(action__in=list(FigureChangeSerializer.ACTIONS))
        return Response(FigureChangeSerializer(records, many=True).data)

    @extend_schema(
        summary="Meetwaarden in bulk laden",
        description="Een reeks meetwaarden in één aanvraag, als JSON of als CSV (kolommen kpi, "
        "periode, gemeente, waarde, bron). Per (KPI, periode, gemeente) wordt een waarde "
        "aangemaakt, gecorrigeerd of ongewijzigd gelaten; elke regel krijgt een resultaat, "
        "met redenen als hij is geweigerd. Met `proefdraai=true` wordt niets opgeslagen. "
        "Programmateam: de waarden zijn direct goedgekeurd. Partner: geef `voortgangsrapportage` "
        "(een eigen concept); de waarden gaan met die rapportage door de beoordeling.",
        request={
            "application/json": BulkRequestSerializer,
            "text/csv": OpenApiTypes.STR,
        },
        parameters=[
            OpenApiParameter("proefdraai", bool, description="Alleen controleren, niets opslaan."),
            OpenApiParameter("reden", str, description="Bij CSV: reden voor correcties."),
            OpenApiParameter(
                "voortgangsrapportage", int, description="Bij CSV: de rapportage (partners)."
            ),
        ],
        responses={200: BulkSummarySerializer},
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
        params = request.query_params
        # Who may load into which update comes first: for a CSV body before a row is read
        # (the update is a query parameter), for JSON before a row is validated.
        csv_body = request.content_type.startswith("text/csv")
        if csv_body:
            update = bulk_target(
                by=request.user, update_id=_update_id(params.get("voortgangsrapportage"))
            )
        data = request.data
        if not csv_body:
            raw = data.get("voortgangsrapportage") if isinstance(data, dict) else None
            update = bulk_target(
                by=request.user,
                update_id=_update_id(
                    raw if raw is not None else params.get("voortgangsrapportage")
                ),
            )
        rows = data if isinstance(data, list) else None
        if isinstance(data, dict):
            rows = data.get("meetwaarden")
        if isinstance(rows, list) and len(rows) > MAX_ROWS:
            raise ValidationError(
                {"meetwaarden": [_("Stuur hoogstens %(n)s regels per keer.") % {"n": MAX_ROWS}]}
            )
        if isinstance(data, list):
            body = {"meetwaarden": data}
            if csv_body:
                body["reden"] = params.get("reden", "")
        else:
            body = data
        envelope = BulkRequestSerializer(data=body)
        envelope.is_valid(raise_exception=True)
        dry_run = params.get("proefdraai", "").lower() in ("true", "1", "ja")
        try:
            summary = services.figures_bulk_load(
                envelope.validated_data["meetwaarden"],
                by=request.user,
                reason=envelope.validated_data.get("reden", ""),
                dry_run=dry_run,
                update=update,
            )
        except Conflict:
            raise  # 409: another writer took a slot meanwhile (core.api.problems)
        except DjangoValidationError as exc:
            raise ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else {"meetwaarden": exc.messages}
            ) from None
        return Response(BulkSummarySerializer(summary).data)
