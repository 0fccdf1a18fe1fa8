"""Create, edit and archive pages of the plan's simple objects: organisations and initiatives."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import plan_editor_required
from core.forms import apply_service_errors

from .. import services
from ..forms import (
    InitiativeForm,
    OrganisationForm,
)
from ..models import Initiative, Organisation
from .editing import _archive_reason


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
