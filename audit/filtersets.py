import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import registry
from .models import ChangeRecord


class ChangeRecordFilterSet(django_filters.FilterSet):
    soort = django_filters.ChoiceFilter(
        label=_("Soort"),
        field_name="content_type__model",
        choices=registry.model_choices,
        empty_label=_("Alles"),
    )
    actie = django_filters.ChoiceFilter(
        label=_("Actie"),
        field_name="action",
        choices=ChangeRecord.Action.choices,
        empty_label=_("Alle acties"),
    )
    gebruiker = django_filters.CharFilter(
        label=_("Gebruiker"), field_name="user__username", lookup_expr="iexact"
    )
    van = django_filters.DateFilter(
        label=_("Vanaf (datum)"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    tot = django_filters.DateFilter(
        label=_("Tot en met (datum)"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    zoek = django_filters.CharFilter(label=_("Zoek in object of reden"), method="search")

    class Meta:
        model = ChangeRecord
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(object_repr__icontains=value) | Q(reason__icontains=value))
