"""KPIs in the API: the collection and a KPI's series (`/kpis/{code}/reeks`)."""

import hashlib

from django.core.cache import caches
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.permissions import can_review
from core.api.base import CACHE_TIMEOUT, ReadOnlyApiViewSet, last_modified
from core.pagecache import generation
from regioplan.models import Municipality

from ...filtersets import KpiFilterSet
from ...models import Kpi
from ...periods import Period
from ...selectors.kpis import kpi_series, kpis_queryset
from ..serializers.kpis import KpiSerializer, KpiSeriesSerializer, series_points


@extend_schema_view(list=extend_schema(summary="KPI's"), retrieve=extend_schema(summary="Eén KPI"))
class KpiViewSet(ReadOnlyApiViewSet):
    """De KPI's van het plan: eenheid, richting, nulmeting, streefwaarden en bron."""

    list_cache = "public"

    serializer_class = KpiSerializer
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
                "niveau",
                str,
                enum=["alle", "drenthe", "gemeenten", "wijken"],
                description="Standaard: alle (Drenthe en gemeenten). wijken: de reeksen van de "
                "wijken van `gemeente` (verplicht); kleine aantallen (minder dan 10) zonder "
                "waarde.",
            ),
            OpenApiParameter("periode_van", str, description="Vanaf deze periode (2024, 2024Q2)"),
            OpenApiParameter("periode_tot", str, description="Tot en met deze periode"),
        ],
        responses={200: KpiSeriesSerializer},
    )
    @action(detail=True, methods=["get"], url_path="reeks", url_name="reeks", filter_backends=[])
    def series(self, request, code=None):
        # Cached until the next recorded write (core.pagecache's generation), per kind of
        # reader: the programme team also sees small counts and archived or demo KPIs.
        who = "team" if can_review(request.user) else "all"
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"api:{generation()}:reeks:{who}:{path}"
        hit = caches["pages"].get(key)
        if hit is not None:
            body, self._last_modified = hit
            return Response(body)
        response = self._series(request, code)
        caches["pages"].set(key, (response.data, self._last_modified), CACHE_TIMEOUT)
        return response

    def _series(self, request, code):
        kpi = self.get_object()
        params = request.query_params
        errors = {}
        level = params.get("niveau", "alle")
        if level not in ("alle", "drenthe", "gemeenten", "wijken"):
            errors["niveau"] = [_("Kies alle, drenthe, gemeenten of wijken.")]
        elif level == "wijken" and not params.get("gemeente"):
            errors["gemeente"] = [
                _("Kies bij niveau=wijken een gemeente (GM0106): de reeksen van haar wijken.")
            ]
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
            public=not can_review(request.user),
        )
        self._last_modified = last_modified(kpi.updated_at)  # figures change it too
        body = KpiSeriesSerializer({"kpi": kpi, "baseline": baseline, "points": []}).data
        body["reeks"] = series_points(points)  # the same fields, built without a serializer
        return Response(body)
