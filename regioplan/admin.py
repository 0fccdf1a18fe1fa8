from django.contrib import admin

from gezondemarke.lib.pagecache import bump_generation

from . import models
from .history import diff, record_change


def _fields(obj) -> dict:
    return {
        f.name: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.name not in ("id", "source_fingerprint", "updated_at", "version")
    }


class RecordedAdmin(admin.ModelAdmin):
    """Admin edits are plan changes too: record them in the history like the editor does."""

    def save_model(self, request, obj, form, change):
        before = _fields(type(obj).objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        changes = diff(before, _fields(obj))
        if changes or not change:
            action = models.ChangeRecord.Action.UPDATE if change else models.ChangeRecord.Action.CREATE
            record_change(obj, action=action, changes=changes, by=request.user, reason="Django-beheer")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        bump_generation()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        bump_generation()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        bump_generation()


@admin.register(models.Plan)
class PlanAdmin(RecordedAdmin):
    list_display = ("name", "start_year", "horizon_year")


@admin.register(models.Municipality)
class MunicipalityAdmin(RecordedAdmin):
    list_display = ("name", "cbs_code")
    search_fields = ("name", "cbs_code")


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


class GoalOrganisationInline(admin.TabularInline):
    model = models.GoalOrganisation
    autocomplete_fields = ("organisation",)
    extra = 0


@admin.register(models.OperationalGoal)
class OperationalGoalAdmin(RecordedAdmin):
    list_display = ("code", "title", "kind", "status", "target_year", "incomplete_in_source")
    list_filter = ("kind", "status", "incomplete_in_source", "strategic_goal__theme")
    list_select_related = ("strategic_goal",)
    search_fields = ("code", "title", "text")
    filter_horizontal = ("priority_themes", "related_goals", "related_strategic_goals", "initiatives")
    inlines = [GoalOrganisationInline]


@admin.register(models.Organisation)
class OrganisationAdmin(RecordedAdmin):
    list_display = ("name", "sector", "coalition", "is_generic", "archived")
    list_filter = ("coalition", "is_generic", "archived", "sector")
    search_fields = ("name",)


@admin.register(models.Initiative)
class InitiativeAdmin(RecordedAdmin):
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


@admin.register(models.ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ("created_at", "object_repr", "action", "user")
    list_filter = ("action", "content_type")
    list_select_related = ("user", "content_type")
    readonly_fields = [f.name for f in models.ChangeRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
