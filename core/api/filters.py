"""Filter backends shared by every collection: incremental sync and Dutch ordering names."""

import datetime as dt

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.filters import BaseFilterBackend


class UpdatedSinceFilter(BaseFilterBackend):
    """`gewijzigd_sinds` (ISO 8601 date or date-time): only what changed since then."""

    param = "gewijzigd_sinds"

    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get(self.param)
        if not raw:
            return queryset
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            moment = dt.datetime.combine(day, dt.time.min) if day else None
        if moment is None:
            raise exceptions.ValidationError(
                {
                    self.param: [
                        _(
                            "Gebruik een datum of tijdstip volgens ISO 8601, bijv. "
                            "2025-07-01T00:00:00Z."
                        )
                    ]
                }
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return queryset.filter(**{f"{getattr(view, 'updated_field', 'updated_at')}__gte": moment})

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.param,
                "in": "query",
                "required": False,
                "description": _(
                    "Alleen wat sinds dit moment is gewijzigd (ISO 8601), voor incrementele "
                    "synchronisatie."
                ),
                "schema": {"type": "string", "format": "date-time"},
            }
        ]


class DutchOrderingFilter(BaseFilterBackend):
    """`sorteer=veld` or `sorteer=-veld`, with Dutch names mapped by the view's `ordering_map`."""

    param = "sorteer"

    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get(self.param)
        mapping = getattr(view, "ordering_map", {})
        if not raw:
            return queryset
        fields = []
        for part in raw.split(","):
            part = part.strip()
            name = part.lstrip("-")
            if name not in mapping:
                raise exceptions.ValidationError(
                    {
                        self.param: [
                            _("Onbekend sorteerveld '%(f)s'. Kies uit: %(c)s.")
                            % {"f": name, "c": ", ".join(mapping)}
                        ]
                    }
                )
            fields.append(("-" if part.startswith("-") else "") + mapping[name])
        return queryset.order_by(*fields, "pk")

    def get_schema_operation_parameters(self, view):
        mapping = getattr(view, "ordering_map", {})
        return [
            {
                "name": self.param,
                "in": "query",
                "required": False,
                "description": _("Sorteren op: %(f)s. Zet '-' ervoor voor aflopend.")
                % {"f": ", ".join(mapping)},
                "schema": {"type": "string"},
            }
        ]
