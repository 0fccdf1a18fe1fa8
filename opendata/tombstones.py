"""`/verwijderingen`: what left the API's collections, so an incremental sync can follow.

A row that is deleted leaves no trace in its collection; an archived one changes its meaning.
Both are change records (audit), so this feed reads them: collection, key, what happened and
when, filtered with the same `gewijzigd_sinds` as every collection and paged the same way.
It lives in the top layer because it maps models of every app to the API's collections; the
router's registry reaches it as an argument of `as_view` (gezondemarke/api_urls.py).
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from audit.models import ChangeRecord
from core.api.base import ApiViewSetMixin

KINDS = {
    ChangeRecord.Action.DELETE: "verwijderd",
    ChangeRecord.Action.ARCHIVE: "gearchiveerd",
    ChangeRecord.Action.HIDE: "verborgen",
    ChangeRecord.Action.UPDATE: "gearchiveerd",  # only updates that archive (see below)
}


def collections(registry) -> dict[type, tuple[str, str]]:
    """model -> (collection, key attribute), from the API router's registry."""
    found = {}
    for prefix, viewset, _basename in registry:
        serializer = getattr(viewset, "serializer_class", None)
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        if model is None and getattr(viewset, "queryset", None) is not None:
            model = viewset.queryset.model
        if model is not None and model is not ChangeRecord:
            found.setdefault(model, (prefix, getattr(viewset, "lookup_field", "pk")))
    return found


class TombstoneSerializer(serializers.Serializer):
    collectie = serializers.CharField(help_text=_("De collectie, bijv. organisaties."))
    sleutel = serializers.CharField(help_text=_("De sleutel in die collectie (code, sleutel, id)."))
    soort = serializers.ChoiceField(choices=["verwijderd", "gearchiveerd", "verborgen"])
    gewijzigd_op = serializers.DateTimeField()


class TombstoneFilterSet(filters.FilterSet):
    collectie = filters.CharFilter(method="filter_collection", label=_("Collectie"))

    class Meta:
        model = ChangeRecord
        fields = []

    def filter_collection(self, queryset, name, value):
        models = [
            m for m, (prefix, _key) in self.request.tombstone_models.items() if prefix == value
        ]
        content_types = ContentType.objects.get_for_models(*models).values() if models else []
        return queryset.filter(content_type__in=list(content_types))


@extend_schema_view(
    list=extend_schema(
        summary="Verwijderingen en archiveringen",
        description="Wat uit een collectie verdween of werd gearchiveerd, oudste eerst. Gebruik "
        "`gewijzigd_sinds` met het moment van uw vorige synchronisatie.",
    )
)
class TombstoneViewSet(ApiViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = TombstoneSerializer
    filterset_class = TombstoneFilterSet
    updated_field = "created_at"
    list_cache = "public"
    keyset_by_default = True  # a feed: paged by time of change, stable under new entries
    ordering_map = {"gewijzigd_op": "created_at"}
    http_method_names = ["get", "head", "options"]
    registry: tuple = ()  # the API router's registry, given to as_view() in api_urls.py

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI document: no database
            return ChangeRecord.objects.none()
        models = collections(self.registry)
        self.request.tombstone_models = models
        content_types = ContentType.objects.get_for_models(*models)
        archived = Q(action=ChangeRecord.Action.UPDATE, changes__archived__1=True)
        gone = Q(
            action__in=[
                ChangeRecord.Action.DELETE,
                ChangeRecord.Action.ARCHIVE,
                ChangeRecord.Action.HIDE,
            ]
        )
        return (
            ChangeRecord.objects.filter(gone | archived, content_type__in=content_types.values())
            .select_related("content_type")
            .only("id", "content_type", "object_id", "action", "changes", "created_at")
            .order_by("created_at", "id")
        )

    def get_serializer(self, *args, **kwargs):
        if args:
            args = (self._tombstones(list(args[0])), *args[1:])
        return super().get_serializer(*args, **kwargs)

    def _tombstones(self, records) -> list[dict]:
        by_type = {ct.pk: model for model, ct in self._content_types().items()}
        models = self.request.tombstone_models
        # Keys of rows that still exist (archived, hidden): read them in one query per model.
        wanted = defaultdict(set)
        for r in records:
            wanted[r.content_type_id].add(r.object_id)
        keys = {}
        for type_id, ids in wanted.items():
            model = by_type.get(type_id)
            field = models[model][1] if model else "pk"
            for pk, key in model.objects.filter(pk__in=ids).values_list("pk", field):
                keys[(type_id, pk)] = key
        rows = []
        for r in records:
            model = by_type.get(r.content_type_id)
            prefix, field = models.get(model, ("", "pk"))
            stored = (r.changes or {}).get(field)
            key = keys.get((r.content_type_id, r.object_id))
            if key is None:
                key = stored[0] if isinstance(stored, list) and stored[0] else r.object_id
            rows.append(
                {
                    "collectie": prefix,
                    "sleutel": str(key),
                    "soort": KINDS.get(r.action, "verwijderd"),
                    "gewijzigd_op": r.created_at,
                }
            )
        return rows

    def _content_types(self):
        return ContentType.objects.get_for_models(*self.request.tombstone_models)
