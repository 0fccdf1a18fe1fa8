"""`uitbreiden=...` on a list: optional field groups, so one paged pull gets everything.

A serializer lists its groups in `expansions` (group name -> field names). Without
`uitbreiden` those fields are left out; with it, the view's `expansion_prefetch` loads what
they need in a fixed number of queries. Exports ask for every group (`export_expansions`).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.filters import BaseFilterBackend

PARAM = "uitbreiden"
# OpenAPI component name -> fields that only appear when asked for (not `required`).
OPTIONAL_FIELDS: dict[str, set[str]] = {}


def requested(request, serializer_class, *, export: bool = False) -> set[str]:
    """The groups asked for; a name the serializer does not know is a 400 naming it."""
    groups = getattr(serializer_class, "expansions", {})
    if export:
        return set(getattr(serializer_class, "export_expansions", groups))
    raw = request.query_params.get(PARAM, "") if request is not None else ""
    asked = {part.strip() for part in raw.split(",") if part.strip()}
    unknown = sorted(asked - set(groups))
    if unknown:
        raise exceptions.ValidationError(
            {
                PARAM: [
                    _("Onbekend: %(u)s. Kies uit: %(c)s.")
                    % {"u": ", ".join(unknown), "c": ", ".join(groups) or "-"}
                ]
            }
        )
    return asked


class ExpandableSerializerMixin:
    """Drop the fields of every group that was not asked for (context key `expand`, set by
    the list view). Without that key (the OpenAPI document) every field is there."""

    expansions: dict[str, list[str]] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        name = cls.__name__.removesuffix("Serializer")
        OPTIONAL_FIELDS[name] = {f for fields in cls.expansions.values() for f in fields}

    def get_fields(self):
        fields = super().get_fields()
        if "expand" not in self.context:  # the schema, or a caller outside a list view
            return fields
        asked = self.context["expand"]
        for group, names in self.expansions.items():
            if group not in asked:
                for name in names:
                    fields.pop(name, None)
        return fields


class ExpandFilter(BaseFilterBackend):
    """Validates `uitbreiden` and prefetches what the asked groups need."""

    def filter_queryset(self, request, queryset, view):
        serializer_class = view.get_serializer_class()
        if not getattr(serializer_class, "expansions", None):
            return queryset
        groups = requested(request, serializer_class, export=view.is_export())
        prefetch = getattr(view, "expansion_prefetch", {})
        lookups = [lookup for group in sorted(groups) for lookup in prefetch.get(group, [])]
        return queryset.prefetch_related(*lookups) if lookups else queryset

    def get_schema_operation_parameters(self, view):
        serializer_class = view.get_serializer_class()
        groups = getattr(serializer_class, "expansions", {})
        if not groups:
            return []
        return [
            {
                "name": PARAM,
                "in": "query",
                "required": False,
                "description": _(
                    "Extra velden, gescheiden door komma's: %(g)s. Zo haalt u met één "
                    "gepagineerde reeks verzoeken alles op."
                )
                % {"g": ", ".join(groups)},
                "schema": {"type": "string", "example": ",".join(groups)},
            }
        ]
