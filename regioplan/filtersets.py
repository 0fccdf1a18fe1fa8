"""One FilterSet per model, shared by the HTML lists and the API."""

import unicodedata

import django_filters
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connection
from django.db.models import F, Func, Q, TextField
from django.utils.translation import gettext_lazy as _

from core.filtersets import DutchChoiceFilter, SearchFilterSet

from .codes import normalise_operational_code
from .models import (
    PLAN_WORDS,
    GoalOrganisation,
    Initiative,
    Municipality,
    OperationalGoal,
    Organisation,
    PriorityTheme,
    StrategicGoal,
    Theme,
    TransformationProgramme,
)

UNDECIDED = "onbepaald"


def exact_goal_code(value: str) -> str | None:
    """Return the normalised goal code if `value` is one ("2.3.1.B", "2.3.1. b"), else None."""
    try:
        return normalise_operational_code(value.strip().upper())
    except ValidationError:
        return None


def plain(text: str) -> str:
    """Lower case without accents: 'Ideeën' -> 'ideeen', 'coöperatie' -> 'cooperatie'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def search_goals(queryset, value: str):
    """Search goals by code and words, accent-insensitive.

    A complete goal code finds that goal only (the web list jumps straight to it). On
    PostgreSQL: full-text search with the `dutch` configuration (stemming: "bewegen" finds
    "beweegt") over unaccented text, ranked by relevance (code and title weigh more than the
    text). Elsewhere a simple fallback: every word must occur, accents ignored.
    """
    value = value.strip()
    if not value:
        return queryset
    code = exact_goal_code(value)
    if code:
        return queryset.filter(code=code)
    code_match = Q(code__istartswith=value)
    if connection.vendor == "postgresql":

        def unaccented(field):
            return Func(F(field), function="unaccent", output_field=TextField())

        vector = (
            SearchVector(unaccented("code"), weight="A", config="dutch")
            + SearchVector(unaccented("title"), weight="A", config="dutch")
            + SearchVector(unaccented("text"), weight="B", config="dutch")
        )
        query = SearchQuery(plain(value), config="dutch", search_type="websearch")
        return (
            queryset.annotate(rank=SearchRank(vector, query))
            .filter(Q(rank__gt=0) | code_match)
            .order_by("-rank", "code")
        )
    words = plain(value).split()
    found = [
        pk
        for pk, code_, title, text in queryset.values_list("pk", "code", "title", "text")
        if all(w in plain(f"{code_} {title} {text}") for w in words)
    ]
    return queryset.filter(Q(pk__in=found) | code_match)


class OperationalGoalFilterSet(django_filters.FilterSet):
    zoek = django_filters.CharFilter(label=_("Zoeken"), method="filter_search")
    opgave = django_filters.ModelChoiceFilter(
        label=_("Regio-opgave"),
        field_name="strategic_goal__theme",
        to_field_name="code",
        queryset=Theme.objects.order_by("code"),
        empty_label=_("Alle regio-opgaven"),
    )
    strategisch_doel = django_filters.ModelChoiceFilter(
        label=_("Strategisch doel"),
        field_name="strategic_goal",
        to_field_name="code",
        queryset=StrategicGoal.objects.order_by("code"),
        empty_label=_("Alle strategische doelen"),
    )
    prioritair_thema = django_filters.ModelChoiceFilter(
        label=_("Prioritair thema"),
        field_name="priority_themes",
        to_field_name="slug",
        queryset=PriorityTheme.objects.order_by("number"),
        empty_label=_("Alle prioritaire thema's"),
    )
    doeljaar = django_filters.ChoiceFilter(
        label=_("Doeljaar"),
        method="filter_year",
        choices=[(str(y), str(y)) for y in range(2024, 2041)]
        + [(UNDECIDED, _("Nog niet bepaald"))],
        empty_label=_("Alle jaren"),
    )
    organisatie = django_filters.ModelChoiceFilter(
        label=_("Organisatie"),
        field_name="organisation_links__organisation",
        to_field_name="slug",
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("Alle organisaties"),
        distinct=True,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=OperationalGoal.Status.choices, empty_label=_("Alle statussen")
    )
    soort = django_filters.ChoiceFilter(
        label=_("Soort"),
        field_name="kind",
        choices=OperationalGoal.Kind.choices,
        empty_label=_("Alle soorten"),
    )
    afspraak = django_filters.CharFilter(
        label=_("Afspraak (IZA, GALA, WOZO, SPUK)"), method="filter_agreement"
    )
    spoor = DutchChoiceFilter(
        field_name="track",
        words={k: v for k, v in PLAN_WORDS["track"].items() if k},
        choices=[c for c in OperationalGoal.Track.choices if c[0]],
        label=_("Spoor"),
        empty_label=_("Beide sporen"),
    )

    class Meta:
        model = OperationalGoal
        fields = []

    def filter_search(self, queryset, name, value):
        return search_goals(queryset, value)

    def filter_agreement(self, queryset, name, value):
        # Case does not matter: ?afspraak=IZA and ?afspraak=iza are the same.
        return queryset.filter(agreements__code=value.strip().lower()).distinct()

    def filter_year(self, queryset, name, value):
        if value == UNDECIDED:
            return queryset.filter(target_year_undecided=True)
        return queryset.filter(target_year=int(value))


class OrganisationFilterSet(django_filters.FilterSet):
    zoek = django_filters.CharFilter(label=_("Zoeken"), field_name="name", lookup_expr="icontains")
    sector = django_filters.CharFilter(label=_("Sector"), field_name="sector", lookup_expr="iexact")
    coalitie = django_filters.ChoiceFilter(
        label=_("Coalitie"),
        field_name="coalition",
        choices=Organisation.Coalition.choices[:2],
        empty_label=_("Alle"),
    )

    class Meta:
        model = Organisation
        fields = []


class InitiativeFilterSet(django_filters.FilterSet):
    zoek = django_filters.CharFilter(label=_("Zoeken"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = Initiative
        fields = []


class ThemeFilterSet(SearchFilterSet):
    search_fields = ("name", "slogan")

    class Meta:
        model = Theme
        fields = []


class PriorityThemeFilterSet(SearchFilterSet):
    search_fields = ("name", "ambition")

    class Meta:
        model = PriorityTheme
        fields = []


class StrategicGoalFilterSet(SearchFilterSet):
    search_fields = ("code", "text")
    opgave = django_filters.CharFilter(field_name="theme__code", label=_("Regio-opgave"))

    class Meta:
        model = StrategicGoal
        fields = []


class ProgrammeFilterSet(SearchFilterSet):
    search_fields = ("name", "objective")

    class Meta:
        model = TransformationProgramme
        fields = []


class MunicipalityFilterSet(SearchFilterSet):
    search_fields = ("name", "cbs_code")

    class Meta:
        model = Municipality
        fields = []


class CommitmentFilterSet(django_filters.FilterSet):
    """Filters of the commitments (toezeggingen)."""

    rol = DutchChoiceFilter(
        field_name="role",
        words=PLAN_WORDS["role"],
        choices=GoalOrganisation.Role.choices,
        label=_("Rol"),
    )
    stand = DutchChoiceFilter(
        field_name="status",
        words=PLAN_WORDS["commitment_status"],
        choices=GoalOrganisation.Status.choices,
        label=_("Stand"),
    )
    doel = django_filters.CharFilter(field_name="goal__code", label=_("Doel (code)"))
    organisatie = django_filters.CharFilter(
        field_name="organisation__slug", label=_("Organisatie (sleutel)")
    )
    opgave = django_filters.CharFilter(method="filter_theme", label=_("Regio-opgave (code)"))
    kwartaal = django_filters.CharFilter(
        method="filter_quarter",
        label=_("Geldt in kwartaal (bijv. 2025Q4)"),
        validators=[RegexValidator(r"^\d{4}Q[1-4]$", _("Schrijf een kwartaal als 2025Q4."))],
    )

    class Meta:
        model = GoalOrganisation
        fields = []

    def filter_theme(self, queryset, name, value):
        return queryset.filter(Q(theme__code=value) | Q(goal__strategic_goal__theme__code=value))

    def filter_quarter(self, queryset, name, value):
        return queryset.filter(pk__in=GoalOrganisation.objects.in_force(value))
