"""Base viewsets: filters, Last-Modified for conditional GET, exports without pagination."""

import datetime as dt
import hashlib

from django.core.cache import caches
from django.db import transaction
from django.db.models import Max
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import http_date
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.response import Response

from ..pagecache import generation
from .expand import ExpandFilter, requested
from .filters import DutchOrderingFilter, UpdatedSinceFilter
from .watermark import WATERMARK_HEADER, sync_watermark

# The time of the newest recorded write of any kind, filled by audit in its ready(): a list's
# Last-Modified must move when a row leaves it (a deletion, an archiving, a hiding leaves no
# row to date the list by) or when data behind a computed resource changes.
_latest_write = None


def register_latest_write(read) -> None:
    """Let `read()` return the moment of the newest recorded write (audit's change records)."""
    global _latest_write
    _latest_write = read


def last_modified(*stamps):
    """The newest of `stamps` and the newest recorded write; None when nothing is known."""
    found = [s for s in (*stamps, _latest_write() if _latest_write else None) if s is not None]
    return max(found, default=None)


EXPORT_FORMATS = ("csv", "xlsx")
CACHE_TIMEOUT = 60 * 60
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Last-Modified", WATERMARK_HEADER)
STANDARD_METHODS = ["get", "post", "put", "patch", "delete", "head", "options"]


class ApiViewSetMixin:
    filter_backends = [DjangoFilterBackend, DutchOrderingFilter, UpdatedSinceFilter, ExpandFilter]
    http_method_names = STANDARD_METHODS
    updated_field = "updated_at"
    ordering_map: dict[str, str] = {}
    expansion_prefetch: dict[str, list] = {}
    # "public": a list is the same for every caller, so one cached copy serves all. Otherwise
    # a signed-in caller gets their own copy (what they may see can depend on who they are).
    list_cache = "per-user"

    def list_cache_key(self, request) -> str:
        """The cache key of this list response: data generation, who sees it, format, query.

        Every recorded write bumps the generation (core.pagecache), so a cached list is never
        served after a change: the next request builds it again."""
        user = request.user
        if self.list_cache == "public" or not getattr(user, "is_authenticated", False):
            who = "all"
        else:
            who = f"user-{user.pk}"
        renderer = getattr(request, "accepted_renderer", None)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        return f"api:{generation()}:{who}:{getattr(renderer, 'format', '')}:{path}"

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
        moment = getattr(request, "sync_watermark", None)
        if moment is not None and response.status_code == 200:
            # A header, not a field: the body (and so its ETag) stays the same while the
            # data does, so a poller still gets its 304.
            response[WATERMARK_HEADER] = (
                moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
            )
        key = getattr(self, "_list_key", None)
        if key and response.status_code == 200 and hasattr(response, "render"):
            response.render()
            headers = {h: response[h] for h in KEPT_HEADERS if response.has_header(h)}
            caches["pages"].set(key, (200, headers, response.content), CACHE_TIMEOUT)
        return response

    def list(self, request, *args, **kwargs):
        # A cached copy is answered as bytes: no query, no serialisation; ConditionalGet then
        # turns a matching If-None-Match into a 304.
        self._list_key = self.list_cache_key(request)
        hit = caches["pages"].get(self._list_key)
        if hit is not None:
            status, headers, body = hit
            return HttpResponse(body, status=status, headers=headers)
        # Before a row is read: a transaction still open now can only add later rows.
        request.sync_watermark = sync_watermark()
        queryset = self.filter_queryset(self.get_queryset())  # once: the FilterSet is not cheap
        self._last_modified = last_modified(
            queryset.order_by().aggregate(m=Max(self.updated_field))["m"]
        )
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
