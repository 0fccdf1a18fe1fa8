"""/sitemap.xml: every public page, for search engines and for the production smoke test."""

from django.contrib.sitemaps import GenericSitemap, Sitemap
from django.urls import reverse

from monitoring.models import Kpi
from participatie.models import ResidentInitiative
from regioplan import selectors as plan_selectors
from regioplan.models import Initiative, OperationalGoal, PriorityTheme, StrategicGoal, Theme

PAGES = [
    "regioplan:overview",
    "regioplan:goal_list",
    "regioplan:organisation_list",
    "regioplan:initiative_list",
    "regioplan:programme_list",
    "monitoring:dashboard",
    "monitoring:kpi_list",
    "participatie:overview",
    "participatie:input",
    "participatie:registry",
    "participatie:propose",
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
        return OperationalGoal.objects.exclude(status=OperationalGoal.Status.ARCHIVED).order_by(
            "code"
        )

    def location(self, goal):
        return reverse("monitoring:goal", args=[goal.code])


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
    "doelen": _generic(
        OperationalGoal.objects.exclude(status=OperationalGoal.Status.ARCHIVED).order_by("code")
    ),
    "monitoring": GoalMonitoringSitemap,
    "organisaties": _generic(plan_selectors.public_organisations().order_by("name")),
    "initiatieven": _generic(Initiative.objects.order_by("name")),
    "kpis": _generic(Kpi.objects.filter(is_demo=False).order_by("code")),
    "bewonersinitiatieven": _generic(
        ResidentInitiative.objects.filter(status=ResidentInitiative.Status.APPROVED).order_by(
            "name"
        )
    ),
}
