"""FilterSet building blocks that know no domain model."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.fields import ChoiceField


class SearchFilterSet(filters.FilterSet):
    """A `zoek` parameter matching any of `search_fields` (case-insensitive substring)."""

    zoek = filters.CharFilter(label=_("Zoeken"), method="search")
    search_fields: tuple[str, ...] = ("name",)

    def search(self, queryset, name, value):
        q = Q()
        for field in self.search_fields:
            q |= Q(**{f"{field}__icontains": value})
        return queryset.filter(q)


class _WordChoiceField(ChoiceField):
    """Offers the Dutch words; also takes the stored values (older API clients)."""

    def __init__(self, *args, legacy=(), **kwargs):
        self.legacy = set(legacy)
        super().__init__(*args, **kwargs)

    def valid_value(self, value):
        return value in self.legacy or super().valid_value(value)


class DutchChoiceFilter(filters.ChoiceFilter):
    """A choice the API and the pages filter on by its Dutch word (API 1.2); the stored value
    is still accepted, for one major version. `words` maps stored value -> Dutch word."""

    field_class = _WordChoiceField

    def __init__(self, *args, words: dict, choices, **kwargs):
        self.words = dict(words)
        self.values = {word: value for value, word in self.words.items()}
        dutch = [(self.words[value], label) for value, label in choices]
        super().__init__(*args, choices=dutch, legacy=list(self.words), **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, self.values.get(value, value))
