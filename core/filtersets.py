"""FilterSet building blocks that know no domain model."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters


class SearchFilterSet(filters.FilterSet):
    """A `zoek` parameter matching any of `search_fields` (case-insensitive substring)."""

    zoek = filters.CharFilter(label=_("Zoeken"), method="search")
    search_fields: tuple[str, ...] = ("name",)

    def search(self, queryset, name, value):
        q = Q()
        for field in self.search_fields:
            q |= Q(**{f"{field}__icontains": value})
        return queryset.filter(q)
