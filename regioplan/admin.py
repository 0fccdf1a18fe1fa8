from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audit.admin import REASON as ADMIN_REASON
from audit.admin import RecordedAdmin

from . import models, services
from .history import GOAL_SCALAR_FIELDS


class _SimpleServiceAdmin(RecordedAdmin):
    """An admin whose saves call the model's create/update services, like the portal does."""

    create_service = None
    update_service = None

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        by = {"by": request.user, "reason": ADMIN_REASON}
        if change:
            current = type(obj).objects.get(pk=obj.pk)
            saved = self.update_service(current, **by, **fields)
        else:
            saved = self.create_service(**by, **fields)
        obj.pk, obj.slug = saved.pk, saved.slug


@admin.register(models.Plan)
class PlanAdmin(RecordedAdmin):
    list_display = ("name", "start_year", "horizon_year")


@admin.register(models.Municipality)
class MunicipalityAdmin(RecordedAdmin):
    list_display = ("name", "cbs_code")
    search_fields = ("name", "cbs_code")


@admin.register(models.Neighbourhood)
class NeighbourhoodAdmin(RecordedAdmin):
    list_display = ("cbs_code", "name", "municipality")
    list_filter = ("municipality",)
    search_fields = ("cbs_code", "name")


@admin.register(models.Thread)
class ThreadAdmin(RecordedAdmin):
    list_display = ("name", "plan", "position")


@admin.register(models.PriorityTheme)
class PriorityThemeAdmin(RecordedAdmin):
    list_display = ("number", "name")


@admin.register(models.Theme)
class ThemeAdmin(RecordedAdmin):
    list_display = ("code", "name", "slogan")


@admin.register(models.StrategicGoal)
class StrategicGoalAdmin(RecordedAdmin):
    list_display = ("code", "theme")
    list_select_related = ("theme",)
    search_fields = ("code", "text")


@admin.register(models.Agreement)
class AgreementAdmin(admin.ModelAdmin):
    """The list of agreements (IZA, GALA, WOZO, SPUK) the goals serve; the programme team
    tags goals on the goal form."""

    list_display = ("code", "name")
    search_fields = ("code", "name")


class GoalOrganisationInline(admin.TabularInline):
    """The plan's potential initiators. Trekkers and partners are invited and answer in the
    portal (page Toezeggingen), where every step is recorded; the admin does not edit them."""

    model = models.GoalOrganisation
    autocomplete_fields = ("organisation",)
    fields = ("organisation", "role")
    extra = 0
    verbose_name = _("potentiële initiatiefnemer")
    verbose_name_plural = _("potentiële initiatiefnemers")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(role=models.GoalOrganisation.Role.POTENTIAL_INITIATOR)
        )

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [
                (models.GoalOrganisation.Role.POTENTIAL_INITIATOR, _("Potentiële initiatiefnemer"))
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class OperationalGoalAdminForm(forms.ModelForm):
    """The goal form of the admin, carrying the version it was opened at (optimistic lock)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = models.OperationalGoal
        # Not the version (the hidden expected_version carries it) or the loader's fingerprint.
        fields = (
            "plan",
            "strategic_goal",
            *GOAL_SCALAR_FIELDS,
            "year_marks",
            *services.GOAL_M2M_FIELDS,
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("code") and cleaned.get("plan", self.instance.plan_id):
            plan = cleaned.get("plan") or self.instance.plan
            try:
                services.validate_goal_code(
                    plan=plan,
                    code=cleaned["code"],
                    strategic_goal=cleaned.get("strategic_goal"),
                    exclude_pk=self.instance.pk,
                )
            except ValidationError as exc:
                self.add_error("code", exc.message_dict["code"])
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is not None and expected != self.instance.version:
            raise ValidationError(
                _("Dit doel is intussen door iemand anders gewijzigd. Open het opnieuw.")
            )
        return cleaned


@admin.register(models.OperationalGoal)
class OperationalGoalAdmin(RecordedAdmin):
    """Goal edits in the admin take the editor's path: goal_create / goal_update, which
    validate, bump the version, move updated_at and record the change; partner links from
    the inline go through goal_link_organisation / goal_unlink_organisation."""

    form = OperationalGoalAdminForm
    list_display = ("code", "title", "kind", "status", "target_year", "incomplete_in_source")
    list_filter = ("kind", "status", "incomplete_in_source", "strategic_goal__theme")
    list_select_related = ("strategic_goal",)
    search_fields = ("code", "title", "text")
    filter_horizontal = (
        "priority_themes",
        "related_goals",
        "related_strategic_goals",
        "initiatives",
    )
    inlines = [GoalOrganisationInline]

    def save_model(self, request, obj, form, change):
        names = [f for f in form.changed_data if f in form._meta.model._meta._forward_fields_map]
        fields = {name: form.cleaned_data[name] for name in names}
        if change:
            current = models.OperationalGoal.objects.get(pk=obj.pk)
            expected = form.cleaned_data.get("expected_version")
            goal = services.goal_update(
                goal=current,
                by=request.user,
                expected_version=current.version if expected is None else expected,
                reason=ADMIN_REASON,
                **fields,
            )
        else:
            values = {
                name: form.cleaned_data[name]
                for name in form.cleaned_data
                if name in form._meta.model._meta._forward_fields_map
            }
            plan = values.pop("plan")
            goal = services.goal_create(plan=plan, by=request.user, reason=ADMIN_REASON, **values)
        obj.pk, obj.version = goal.pk, goal.version

    def save_related(self, request, form, formsets, change):
        # The many-to-many fields were saved by the service; only the inline links remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def save_formset(self, request, form, formset, change):
        goal = form.instance
        # What the admin's change message reads (ModelAdmin.construct_change_message).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline in formset.deleted_forms:
            if inline.instance.pk:
                services.goal_unlink_organisation(link=inline.instance, by=request.user)
                formset.deleted_objects.append(inline.instance)
        for inline in formset.forms:
            if not inline.has_changed() or inline in formset.deleted_forms:
                continue
            data = inline.cleaned_data
            existed = bool(inline.instance.pk)
            if existed:  # a changed organisation or role: replace the link
                services.goal_unlink_organisation(link=inline.instance, by=request.user)
            link = services.goal_link_organisation(
                goal=goal, organisation=data["organisation"], role=data["role"], by=request.user
            )
            if existed:
                formset.changed_objects.append((link, inline.changed_data))
            else:
                formset.new_objects.append(link)


@admin.register(models.Organisation)
class OrganisationAdmin(_SimpleServiceAdmin):
    create_service = staticmethod(services.organisation_create)
    update_service = staticmethod(
        lambda obj, **kw: services.organisation_update(organisation=obj, **kw)
    )
    list_display = ("name", "sector", "coalition", "is_generic", "archived")
    list_filter = ("coalition", "is_generic", "archived", "sector")
    search_fields = ("name",)


@admin.register(models.Initiative)
class InitiativeAdmin(_SimpleServiceAdmin):
    create_service = staticmethod(services.initiative_create)
    update_service = staticmethod(
        lambda obj, **kw: services.initiative_update(initiative=obj, **kw)
    )
    list_display = ("name", "archived")
    search_fields = ("name",)


@admin.register(models.GoalOrganisation)
class GoalOrganisationAdmin(RecordedAdmin):
    list_display = ("goal", "organisation", "role")
    list_select_related = ("goal", "organisation")
    autocomplete_fields = ("organisation",)


@admin.register(models.TransformationProgramme)
class TransformationProgrammeAdmin(RecordedAdmin):
    list_display = ("number", "name")
    filter_horizontal = ("partners", "strategic_goals", "operational_goals")
