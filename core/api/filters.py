"""Filter backends shared by every collection: incremental sync and Dutch ordering names."""

import datetime as dt

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.filters import BaseFilterBackend


def parse_moment(raw: str) -> dt.datetime | None:
    """Return an ISO 8601 / RFC 3339 date or date-time as an aware UTC datetime, or None.

    Impossible dates (30 February), offsets beyond ±24:00 and moments outside the years a
    datetime can hold are None, not an error further down. Any valid offset is converted to
    UTC here, so the database never sees one it cannot store (PostgreSQL stops at ±15:59).
    """
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            moment = dt.datetime.combine(day, dt.time.min) if day else None
        if moment is None:
            return None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        return None


class UpdatedSinceFilter(BaseFilterBackend):
    """`gewijzigd_sinds` (ISO 8601 date or date-time): only what changed since then."""

    param = "gewijzigd_sinds"

    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get(self.param)
        if not raw:
            return queryset
        moment = parse_moment(raw)
        if moment is None:
            raise exceptions.ValidationError(
                {
                    self.param: [
                        _(
                            "Gebruik een bestaande datum of een tijdstip volgens RFC 3339, bijv. "
                            "2025-07-01T00:00:00Z."
                        )
                    ]
                }
            )
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
        # Ties are broken by id in the direction of the first field (a stable keyset).
        return queryset.order_by(*fields, "-pk" if fields[0].startswith("-") else "pk")

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
