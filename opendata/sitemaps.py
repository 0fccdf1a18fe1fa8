"""/sitemap.xml: every public page, for search engines and for the production smoke test."""

from django.contrib.sitemaps import GenericSitemap, Sitemap
from django.urls import reverse

from regioplan.models import Initiative, PriorityTheme, StrategicGoal, Theme

from . import selectors

PAGES = [
    "regioplan:overview",
    "regioplan:goal_list",
    "regioplan:organisation_list",
    "regioplan:initiative_list",
    "regioplan:programme_list",
    "monitoring:dashboard",
    "monitoring:kpi_list",
    "participatie:overview",
    "participatie:input_create",
    "participatie:registry",
    "participatie:initiative_propose",
    "participatie:recommendations",
    "privacy",
    "accessibility",
    "open_data",
    "login",
]


class PageSitemap(Sitemap):
    def items(self):
        return PAGES

    def location(self, item):
        return reverse(item)


class GoalMonitoringSitemap(Sitemap):
    """The monitoring page of every goal (numbers and stories side by side)."""

    def items(self):
        return selectors.current_goals()

    def location(self, goal):
        return reverse("monitoring:goal_monitoring", args=[goal.code])


def _generic(queryset, *, date_field: str | None = "updated_at") -> GenericSitemap:
    info = {"queryset": queryset}
    if date_field:
        info["date_field"] = date_field
    return GenericSitemap(info)


SITEMAPS = {
    "paginas": PageSitemap,
    "regio-opgaven": _generic(Theme.objects.order_by("code")),
    "strategische-doelen": _generic(StrategicGoal.objects.order_by("code")),
    "prioritaire-themas": _generic(PriorityTheme.objects.order_by("number")),
    "doelen": _generic(selectors.current_goals()),
    "monitoring": GoalMonitoringSitemap,
    "organisaties": _generic(selectors.public_organisations()),
    "initiatieven": _generic(Initiative.objects.order_by("name")),
    "kpis": _generic(selectors.public_kpis()),
    "bewonersinitiatieven": _generic(selectors.registry_initiatives()),
}
