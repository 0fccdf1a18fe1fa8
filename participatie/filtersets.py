"""FilterSets for the participation resources of the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import DutchChoiceFilter, SearchFilterSet

from .models import (
    PARTICIPATION_WORDS,
    Input,
    ParticipationMoment,
    Recommendation,
    ResidentInitiative,
)


class InputFilterSet(SearchFilterSet):
    search_fields = ("public_text", "answer")
    doel = django_filters.CharFilter(field_name="goal__code", label=_("Operationeel doel"))
    soort = DutchChoiceFilter(
        field_name="kind", words=PARTICIPATION_WORDS["input_kind"], choices=Input.Kind.choices
    )
    antwoord = DutchChoiceFilter(
        field_name="answer_status",
        words=PARTICIPATION_WORDS["answer_status"],
        choices=Input.Answer.choices,
        label=_("Status van het antwoord"),
    )

    class Meta:
        model = Input
        fields = []


class ResidentInitiativeFilterSet(SearchFilterSet):
    search_fields = ("name", "place", "description")
    gemeente = django_filters.CharFilter(field_name="municipality__cbs_code", label=_("Gemeente"))
    soort = DutchChoiceFilter(
        field_name="kind",
        words=PARTICIPATION_WORDS["initiative_kind"],
        choices=ResidentInitiative.Kind.choices,
    )

    class Meta:
        model = ResidentInitiative
        fields = []


class MomentFilterSet(django_filters.FilterSet):
    doel = django_filters.CharFilter(field_name="goal__code", label=_("Operationeel doel"))
    fase = DutchChoiceFilter(
        field_name="phase",
        words=PARTICIPATION_WORDS["phase"],
        choices=ParticipationMoment.Phase.choices,
    )

    class Meta:
        model = ParticipationMoment
        fields = []


class RecommendationFilterSet(SearchFilterSet):
    search_fields = ("title", "text")

    class Meta:
        model = Recommendation
        fields = []
