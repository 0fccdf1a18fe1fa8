"""Pages of the plan: public reading pages and the programme team's editor."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import can_edit_plan, plan_editor_required
from audit.services import history_for
from core.forms import apply_service_errors, querystring_without_page
from core.pagecache import cache_public_page, fragment

from . import selectors, services
from .filtersets import (
    InitiativeFilterSet,
    OperationalGoalFilterSet,
    OrganisationFilterSet,
    exact_goal_code,
)
from .forms import (
    ArchiveForm,
    GoalForm,
    GoalInitiativeForm,
    GoalOrganisationForm,
    InitiativeForm,
    OrganisationForm,
)
from .history import goal_snapshot
from .models import GoalOrganisation, Initiative, OperationalGoal, Organisation


def _page(request, queryset, per_page=None):
    paginator = Paginator(queryset, per_page or settings.GOALS_PER_PAGE)
    return paginator.get_page(request.GET.get("pagina"))


def _archive_reason(request) -> str | None:
    """Return the posted reason for archiving, or None (with a message) if it is not valid."""
    form = ArchiveForm(request.POST)
    if form.is_valid():
        return form.cleaned_data["reason"]
    messages.error(
        request, _("De reden is te lang (ten hoogste 500 tekens). Er is niets gearchiveerd.")
    )
    return None


# --- Reading the plan (public) ------------------------------------------------------------


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
        return redirect("regioplan:goal", code=code)  # a goal's code leads straight to it
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
    # The body is the same for every reader of a kind (editor or not): cached until the next
    # recorded write, so signed-in readers get it without its queries and rendering.
    body, title = fragment(
        ("goal_detail", plan.pk, code, can_edit_plan(request.user)),
        lambda: _goal_body(request, plan, code),
    )
    return render(
        request, "regioplan/goal_detail.html", {"plan": plan, "body": body, "page_title": title}
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
            "partners": [
                link for link in links if link.role != GoalOrganisation.Role.POTENTIAL_INITIATOR
            ],
            "history": selectors.goal_history(goal),
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


# --- Editing the plan (programme team) -------------------------------------------------------


@plan_editor_required
def goal_create(request):
    plan = selectors.plan_get()
    form = GoalForm(
        request.POST or None, plan=plan, initial={"status": OperationalGoal.Status.DRAFT}
    )
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_create(
                plan=plan,
                by=request.user,
                reason=form.cleaned_data["reason"],
                **form.service_fields(),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Doel %(code)s is aangemaakt.") % {"code": goal.code})
            return redirect(goal)
    return render(request, "regioplan/goal_form.html", {"plan": plan, "form": form, "goal": None})


@plan_editor_required
def goal_edit(request, code):
    plan = selectors.plan_get()
    goal = selectors.goal_detail(plan, code)
    conflict = None
    if request.method == "POST":
        form = GoalForm(request.POST, plan=plan, goal=goal)
        if form.is_valid():
            try:
                goal = services.goal_update(
                    goal=goal,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                    **form.service_fields(),
                )
            except services.EditConflict as exc:
                conflict = _conflict_context(exc.current, form)
                # Keep the user's input; a second save deliberately replaces the other version.
                data = request.POST.copy()
                data["version"] = str(exc.current.version)
                form = GoalForm(data, plan=plan, goal=goal)
                form.is_valid()
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Doel %(code)s is opgeslagen.") % {"code": goal.code})
                return redirect(goal)
    else:
        form = GoalForm(initial=GoalForm.initial_for(goal), plan=plan, goal=goal)
    return render(
        request,
        "regioplan/goal_form.html",
        {
            "plan": plan,
            "form": form,
            "goal": goal,
            "conflict": conflict,
            "partner_form": GoalOrganisationForm(),
            "initiative_form": GoalInitiativeForm(),
            "links": goal.organisation_links.all(),
        },
        status=409 if conflict else 200,
    )


def _conflict_context(current: OperationalGoal, form: GoalForm) -> list[dict]:
    """Rows of (field, saved value, your value) for the fields that differ."""
    saved = goal_snapshot(current)
    mine = form.cleaned_data
    rows = []
    for name in (
        "code",
        "title",
        "text",
        "bullets",
        "target_year",
        "target_year_undecided",
        "status",
        "kind",
    ):
        theirs, yours = saved.get(name), mine.get(name)
        if theirs != yours:
            rows.append({"label": form.fields[name].label, "saved": theirs, "yours": yours})
    for name, key in (
        ("priority_themes", "slug"),
        ("related_goals", "code"),
        ("initiatives", "name"),
    ):
        theirs = saved.get(name)
        yours = sorted(getattr(obj, key) for obj in mine.get(name, []))
        if theirs != yours:
            rows.append({"label": form.fields[name].label, "saved": theirs, "yours": yours})
    last = history_for(current).first()
    return {
        "rows": rows,
        "by": last.user if last else None,
        "at": last.created_at if last else None,
    }


@plan_editor_required
@require_POST
def goal_archive(request, code):
    plan = selectors.plan_get()
    goal = get_object_or_404(OperationalGoal, plan=plan, code=code)
    reason = _archive_reason(request)
    if reason is None:
        return redirect("regioplan:goal_edit", code=goal.code)
    services.goal_archive(goal=goal, by=request.user, reason=reason)
    messages.success(request, _("Doel %(code)s is gearchiveerd.") % {"code": goal.code})
    return redirect(goal)


@plan_editor_required
@require_POST
def goal_add_organisation(request, code):
    plan = selectors.plan_get()
    goal = get_object_or_404(OperationalGoal, plan=plan, code=code)
    form = GoalOrganisationForm(request.POST)
    if form.is_valid():
        services.goal_link_organisation(goal=goal, by=request.user, **form.cleaned_data)
        messages.success(request, _("Organisatie gekoppeld."))
    else:
        messages.error(request, _("Kies een organisatie en een rol."))
    return redirect("regioplan:goal_edit", code=goal.code)


@plan_editor_required
@require_POST
def goal_remove_organisation(request, code, link_id):
    link = get_object_or_404(GoalOrganisation, pk=link_id, goal__code=code)
    services.goal_unlink_organisation(link=link, by=request.user)
    messages.success(request, _("Koppeling verwijderd."))
    return redirect("regioplan:goal_edit", code=code)


@plan_editor_required
@require_POST
def goal_add_initiative(request, code):
    plan = selectors.plan_get()
    goal = get_object_or_404(OperationalGoal, plan=plan, code=code)
    form = GoalInitiativeForm(request.POST)
    if form.is_valid():
        services.goal_add_initiative(
            goal=goal, initiative=form.cleaned_data["initiative"], by=request.user
        )
        messages.success(request, _("Initiatief gekoppeld."))
    else:
        messages.error(request, _("Kies een initiatief."))
    return redirect("regioplan:goal_edit", code=goal.code)


def _simple_edit(request, *, model, form_class, create, update, obj=None):
    form = form_class(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if obj is None:
                obj = create(by=request.user, reason=reason, **form.service_fields())
            else:
                # A fresh copy: the form has already written the new values onto its instance.
                fresh = model.objects.get(pk=obj.pk)
                obj = update(fresh, by=request.user, reason=reason, **form.service_fields())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is opgeslagen.") % {"name": obj.name})
            return redirect(obj)
    if obj is not None:
        heading = _("%(name)s bewerken") % {"name": obj.name}
        cancel_url = obj.get_absolute_url()
    else:
        heading = _("Nieuw: %(kind)s") % {"kind": model._meta.verbose_name}
        cancel_url = reverse(f"regioplan:{model._meta.model_name}_list")
    return render(
        request,
        "regioplan/object_form.html",
        {"form": form, "heading": heading, "cancel_url": cancel_url},
    )


def _object_views(model, form_class, *, create, update, archive):
    """Return the create, edit and archive views of a simple plan object (by slug)."""

    @plan_editor_required
    def create_view(request):
        return _simple_edit(request, model=model, form_class=form_class, create=create, update=None)

    @plan_editor_required
    def edit_view(request, slug):
        obj = get_object_or_404(model, slug=slug)
        return _simple_edit(
            request, model=model, form_class=form_class, create=None, update=update, obj=obj
        )

    @plan_editor_required
    @require_POST
    def archive_view(request, slug):
        obj = get_object_or_404(model, slug=slug)
        reason = _archive_reason(request)
        if reason is None:
            return redirect(obj)
        archive(obj, by=request.user, reason=reason)
        messages.success(request, _("%(name)s is gearchiveerd.") % {"name": obj.name})
        return redirect(obj)

    return create_view, edit_view, archive_view


organisation_create, organisation_edit, organisation_archive = _object_views(
    Organisation,
    OrganisationForm,
    create=services.organisation_create,
    update=lambda o, **kw: services.organisation_update(organisation=o, **kw),
    archive=lambda o, **kw: services.organisation_archive(organisation=o, **kw),
)
initiative_create, initiative_edit, initiative_archive = _object_views(
    Initiative,
    InitiativeForm,
    create=services.initiative_create,
    update=lambda o, **kw: services.initiative_update(initiative=o, **kw),
    archive=lambda o, **kw: services.initiative_archive(initiative=o, **kw),
)
