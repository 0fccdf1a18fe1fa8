"""The programme team edits a goal in the browser: create, edit (with edit conflicts), archive,
and its organisations and initiatives."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import plan_editor_required
from audit.services import history_for
from core.forms import apply_service_errors

from .. import selectors, services
from ..forms import (
    ArchiveForm,
    GoalForm,
    GoalInitiativeForm,
    GoalOrganisationForm,
)
from ..history import goal_snapshot
from ..models import GoalOrganisation, OperationalGoal


def _archive_reason(request) -> str | None:
    """Return the posted reason for archiving, or None (with a message) if it is not valid."""
    form = ArchiveForm(request.POST)
    if form.is_valid():
        return form.cleaned_data["reason"]
    messages.error(
        request, _("De reden is te lang (ten hoogste 500 tekens). Er is niets gearchiveerd.")
    )
    return None


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
            "links": goal.organisation_links.filter(role=GoalOrganisation.Role.POTENTIAL_INITIATOR),
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
    # Only the plan's potential initiators are removed; a commitment ends and keeps its history.
    link = get_object_or_404(
        GoalOrganisation,
        pk=link_id,
        goal__code=code,
        role=GoalOrganisation.Role.POTENTIAL_INITIATOR,
    )
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
