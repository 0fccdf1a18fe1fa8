"""Base viewsets: filters, Last-Modified for conditional GET, exports without pagination."""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.http import http_date
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.response import Response

from .expand import ExpandFilter, requested
from .filters import DutchOrderingFilter, UpdatedSinceFilter

EXPORT_FORMATS = ("csv", "xlsx")
STANDARD_METHODS = ["get", "post", "put", "patch", "delete", "head", "options"]


class ApiViewSetMixin:
    filter_backends = [DjangoFilterBackend, DutchOrderingFilter, UpdatedSinceFilter, ExpandFilter]
    http_method_names = STANDARD_METHODS
    updated_field = "updated_at"
    ordering_map: dict[str, str] = {}
    expansion_prefetch: dict[str, list] = {}

    def is_export(self) -> bool:
        renderer = getattr(getattr(self, "request", None), "accepted_renderer", None)
        return getattr(renderer, "format", None) in EXPORT_FORMATS

    def paginate_queryset(self, queryset):
        if self.is_export():
            return None  # an export holds every row that matches the filters
        return super().paginate_queryset(queryset)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        serializer_class = self.get_serializer_class()
        if (
            self.action == "list"
            and getattr(serializer_class, "expansions", None)
            and not getattr(self, "swagger_fake_view", False)  # the document lists them all
        ):
            context["expand"] = requested(self.request, serializer_class, export=self.is_export())
        return context

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        renderer = getattr(request, "accepted_renderer", None)
        if response.status_code == 200 and getattr(renderer, "format", None) in EXPORT_FORMATS:
            name = f"gezonde-marke-{self.basename}-{timezone.localdate():%Y-%m-%d}"
            response["Content-Disposition"] = f'attachment; filename="{name}.{renderer.format}"'
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            stamp = getattr(self, "_last_modified", None)
            # Last-Modified has whole seconds: while the newest change is less than a second
            # old, a second change in that same second would look unchanged to a client that
            # asks If-Modified-Since. Leave it off then; the ETag still tells them apart.
            if stamp is not None and timezone.now() - stamp >= dt.timedelta(seconds=1):
                response["Last-Modified"] = http_date(stamp.timestamp())
        return response

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())  # once: the FilterSet is not cheap
        self._last_modified = queryset.order_by().aggregate(m=Max(self.updated_field))["m"]
        page = self.paginate_queryset(queryset)
        if page is not None:
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        return Response(self.get_serializer(queryset, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        self._last_modified = getattr(obj, self.updated_field, None)
        return super().retrieve(request, *args, **kwargs)


class ReadOnlyApiViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ApiModelViewSet(ApiViewSetMixin, viewsets.ModelViewSet):
    def dispatch(self, request, *args, **kwargs):
        # A write that fails half-way changes nothing: the whole request is one transaction.
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
            return response
