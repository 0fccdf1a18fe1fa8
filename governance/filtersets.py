import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import DutchChoiceFilter

from .models import GOVERNANCE_WORDS, Decision, Story


class StoryFilterSet(django_filters.FilterSet):
    domein = DutchChoiceFilter(
        field_name="domain",
        words=GOVERNANCE_WORDS["domain"],
        choices=Story.Domain.choices,
        label=_("Domein van verandering"),
    )
    doel = django_filters.CharFilter(field_name="goal__code", label=_("Doel (code)"))
    opgave = django_filters.CharFilter(
        field_name="goal__strategic_goal__theme__code", label=_("Regio-opgave (code)")
    )
    kwartaal = django_filters.CharFilter(field_name="quarter", label=_("Kwartaal"))
    geselecteerd = django_filters.BooleanFilter(
        field_name="selected_at", lookup_expr="isnull", exclude=True, label=_("Gekozen")
    )

    class Meta:
        model = Story
        fields = []


class DecisionFilterSet(django_filters.FilterSet):
    kwartaal = django_filters.CharFilter(field_name="quarter", label=_("Kwartaal"))
    doel = django_filters.CharFilter(
        field_name="goals__code", label=_("Doel (code)"), distinct=True
    )

    class Meta:
        model = Decision
        fields = []
