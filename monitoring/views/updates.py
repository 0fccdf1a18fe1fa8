"""Partners' progress updates: the worklist, the form, one update and its workflow steps."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import (
    partner_required,
)
from regioplan.models import OperationalGoal

from .. import services
from ..forms import (
    ProgressUpdateForm,
    ReturnForm,
    figure_line_formset,
)
from ..models import Evidence, ProgressUpdate
from ..permissions import can_report_on
from ..selectors import updates as update_selectors
from ..services import workflow


@partner_required
def my_goals(request):
    data = update_selectors.my_goals(request.user.organisation)
    return render(
        request, "monitoring/my_goals.html", {**data, "organisation": request.user.organisation}
    )


@partner_required
@require_POST
def update_start(request, code):
    goal = get_object_or_404(OperationalGoal, code=code)
    try:
        update = services.update_start(
            goal=goal,
            organisation=request.user.organisation,
            period=request.POST.get("period", ""),
            by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("monitoring:my_goals")
    if update.is_editable:
        return redirect("monitoring:update_edit", pk=update.pk)
    return redirect(update)


def _fetch_update(request, pk) -> ProgressUpdate:
    """Return an update the user may see: 404 if not at all (anonymous: to the login page).

    A 403 would leak that the update exists.
    """
    return update_selectors.update_detail(pk, user=request.user)


@partner_required
def update_edit(request, pk):
    update = _fetch_update(request, pk)
    if not can_report_on(request.user, update.goal, update.organisation):
        raise PermissionDenied
    if not update.is_editable:
        messages.info(
            request,
            _("Deze rapportage is %(s)s en kan niet meer worden gewijzigd.")
            % {"s": update.get_status_display().lower()},
        )
        return redirect(update)
    kpis = list(update.goal.kpis.order_by("code"))
    form = ProgressUpdateForm(request.POST or None, request.FILES or None, instance=update)
    formset = figure_line_formset(request.POST or None, kpis=kpis, figures=update.figures.all())
    problems: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        lines = [line for f in formset if (line := f.line())]
        fields = {name: form.cleaned_data[name] for name in ProgressUpdateForm.Meta.fields}
        evidence = [form.cleaned_data["evidence"]] if form.cleaned_data.get("evidence") else []
        try:
            submit = "indienen" in request.POST
            services.update_apply(
                update=ProgressUpdate.objects.get(pk=update.pk),
                by=request.user,
                fields=fields,
                figures=lines,
                evidence=evidence,
                step="submit" if submit else "",
            )
            if submit:
                messages.success(
                    request, _("Uw rapportage is ingediend. Het programmateam beoordeelt haar.")
                )
                return redirect("monitoring:update_detail", pk=update.pk)
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(request, _("Concept opgeslagen."))
            return redirect("monitoring:update_edit", pk=update.pk)
    return render(
        request,
        "monitoring/update_form.html",
        {
            "update": update,
            "form": form,
            "formset": formset,
            "problems": problems,
            "has_kpis": bool(kpis),
        },
    )


def update_detail(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    update = _fetch_update(request, pk)
    return render(
        request,
        "monitoring/update_detail.html",
        {
            "update": update,
            "return_form": ReturnForm(),
            "actions": workflow.allowed_actions(update, request.user),
            "can_report": can_report_on(request.user, update.goal, update.organisation),
        },
    )


DONE = {
    "submit": _("Uw rapportage is ingediend."),
    "approve": _("De rapportage is goedgekeurd en vastgezet."),
    "return": _("De rapportage is teruggestuurd naar de partner."),
}


@require_POST
def update_action(request, pk, action):
    """Take one step of the workflow (`workflow.STEPS`, by its Dutch word); the service
    checks who may take it from which status."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    update = _fetch_update(request, pk)
    step = workflow.BY_WORD.get(action)
    if step is None:
        raise Http404
    reason = ""
    if step.needs_reason:
        form = ReturnForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("Geef een reden, zodat de partner weet wat er moet veranderen.")
            )
            return redirect("monitoring:update_detail", pk=update.pk)
        reason = form.cleaned_data["reason"]
    try:
        result = services.update_apply(update=update, by=request.user, step=step.key, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("monitoring:update_detail", pk=update.pk)
    if step.to_status is None:  # a correction: a new revision to edit
        return redirect("monitoring:update_edit", pk=result.pk)
    messages.success(request, DONE[step.key])
    return redirect("monitoring:update_detail", pk=update.pk)


def evidence_download(request, pk):
    if not request.user.is_authenticated:
        raise PermissionDenied
    visible = ProgressUpdate.objects.visible_to(request.user)
    evidence = get_object_or_404(Evidence.objects.filter(update__in=visible), pk=pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
