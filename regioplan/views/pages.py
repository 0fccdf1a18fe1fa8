"""The plan's public pages: overview, themes, goals, organisations, initiatives, programmes.

Each page's body is a cached fragment per reader kind, built (queries and all) only on a miss."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from accounts.permissions import can_edit_plan
from audit.services import history_for
from core.forms import querystring_without_page
from core.pagecache import cache_public_page, fragment
from core.periods import current_quarter

from .. import selectors
from ..filtersets import (
    InitiativeFilterSet,
    OperationalGoalFilterSet,
    OrganisationFilterSet,
    exact_goal_code,
)
from ..models import GoalOrganisation
from .commitments import commitment_panel


def _page(request, queryset, per_page=None):
    paginator = Paginator(queryset, per_page or settings.GOALS_PER_PAGE)
    return paginator.get_page(request.GET.get("pagina"))


@cache_public_page
def overview(request):
    plan = selectors.plan_get()
    body = fragment(
        ("overview", can_edit_plan(request.user)), lambda: _overview_body(request, plan)
    )
    return render(request, "regioplan/overview.html", {"plan": plan, "body": body})


def _overview_body(request, plan) -> str:
    html = render_to_string(
        "regioplan/_overview_body.html",
        {
            "plan": plan,
            "themes": selectors.overview_themes(plan),
            "counts": selectors.plan_counts(plan),
            "priority_themes": plan.priority_themes.all(),
            "threads": plan.threads.all(),
            "can_edit_plan": can_edit_plan(request.user),
        },
        request=request,
    )
    return mark_safe(html)


@cache_public_page
def theme_detail(request, code):
    plan = selectors.plan_get()
    return render(
        request,
        "regioplan/theme_detail.html",
        {"plan": plan, "theme": selectors.theme_detail(plan, code)},
    )


@cache_public_page
def strategic_goal_detail(request, code):
    plan = selectors.plan_get()
    sg = selectors.strategic_goal_detail(plan, code)
    return render(request, "regioplan/strategic_goal_detail.html", {"plan": plan, "sg": sg})


@cache_public_page
def goal_list(request):
    plan = selectors.plan_get()
    code = exact_goal_code(request.GET.get("zoek", ""))
    if code and plan.operational_goals.filter(code=code).exists():
        return redirect("regioplan:goal_detail", code=code)  # a goal's code leads straight to it
    # The list (filters, rows, paging) is the same for every reader of a kind with the same
    # query: cached until the next recorded write.
    body = fragment(
        ("goal_list", request.get_full_path(), can_edit_plan(request.user)),
        lambda: _goal_list_body(request, plan),
    )
    return render(request, "regioplan/goal_list.html", {"plan": plan, "body": body})


def _goal_list_body(request, plan) -> str:
    filterset = OperationalGoalFilterSet(
        request.GET or None, queryset=selectors.goals_queryset(plan)
    )
    page = _page(request, filterset.qs)
    html = render_to_string(
        "regioplan/_goal_list_body.html",
        {
            "plan": plan,
            "filter": filterset,
            "page": page,
            "querystring": querystring_without_page(request),
            "can_edit_plan": can_edit_plan(request.user),
        },
        request=request,
    )
    return mark_safe(html)


@cache_public_page
def goal_detail(request, code):
    plan = selectors.plan_get()
    panel = commitment_panel(request, code)
    # The body is the same for every reader of a kind (editor or not): cached until the next
    # recorded write, so signed-in readers get it without its queries and rendering.
    body, title = fragment(
        ("goal_detail", plan.pk, code, can_edit_plan(request.user)),
        lambda: _goal_body(request, plan, code),
    )
    return render(
        request,
        "regioplan/goal_detail.html",
        {"plan": plan, "body": body, "page_title": title, "panel": panel},
    )


def _goal_body(request, plan, code) -> tuple[str, str]:
    goal = selectors.goal_detail(plan, code)  # Http404 for an unknown code: nothing cached
    links = goal.organisation_links.all()
    html = render_to_string(
        "regioplan/_goal_body.html",
        {
            "plan": plan,
            "goal": goal,
            "initiators": [
                link for link in links if link.role == GoalOrganisation.Role.POTENTIAL_INITIATOR
            ],
            "owners": selectors.owners_of(links, str(current_quarter())),
            "history": selectors.goal_history(goal, internal=can_edit_plan(request.user)),
            "can_edit_plan": can_edit_plan(request.user),
        },
        request=request,
    )
    return mark_safe(html), f"{goal.code} {' '.join(goal.title.split()[:8])}"


@cache_public_page
def priority_theme_detail(request, slug):
    plan = selectors.plan_get()
    return render(
        request,
        "regioplan/priority_theme_detail.html",
        {"plan": plan, "pt": selectors.priority_theme_detail(plan, slug)},
    )


@cache_public_page
def organisation_list(request):
    filterset = OrganisationFilterSet(
        request.GET or None, queryset=selectors.organisations_queryset()
    )
    page = _page(request, filterset.qs, per_page=50)
    return render(
        request,
        "regioplan/organisation_list.html",
        {"filter": filterset, "page": page, "querystring": querystring_without_page(request)},
    )


@cache_public_page
def organisation_detail(request, slug):
    org = selectors.organisation_detail(slug)
    return render(
        request,
        "regioplan/organisation_detail.html",
        {"org": org, "history": history_for(org)[:20]},
    )


@cache_public_page
def initiative_list(request):
    filterset = InitiativeFilterSet(request.GET or None, queryset=selectors.initiatives_queryset())
    page = _page(request, filterset.qs, per_page=50)
    return render(
        request,
        "regioplan/initiative_list.html",
        {"filter": filterset, "page": page, "querystring": querystring_without_page(request)},
    )


@cache_public_page
def initiative_detail(request, slug):
    initiative = selectors.initiative_detail(slug)
    return render(
        request,
        "regioplan/initiative_detail.html",
        {"initiative": initiative, "history": history_for(initiative)[:20]},
    )


@cache_public_page
def programme_list(request):
    plan = selectors.plan_get()
    return render(
        request,
        "regioplan/programme_list.html",
        {"plan": plan, "programmes": selectors.programmes(plan)},
    )
