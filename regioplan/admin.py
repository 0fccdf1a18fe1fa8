from django.contrib import admin

from . import models


@admin.register(models.Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("name", "start_year", "horizon_year")


@admin.register(models.Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "cbs_code")
    search_fields = ("name", "cbs_code")


@admin.register(models.Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ("name", "plan", "position")


@admin.register(models.PriorityTheme)
class PriorityThemeAdmin(admin.ModelAdmin):
    list_display = ("number", "name")


@admin.register(models.Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "slogan")


@admin.register(models.StrategicGoal)
class StrategicGoalAdmin(admin.ModelAdmin):
    list_display = ("code", "theme")
    list_select_related = ("theme",)
    search_fields = ("code", "text")


class GoalOrganisationInline(admin.TabularInline):
    model = models.GoalOrganisation
    autocomplete_fields = ("organisation",)
    extra = 0


@admin.register(models.OperationalGoal)
class OperationalGoalAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "kind", "status", "target_year", "incomplete_in_source")
    list_filter = ("kind", "status", "incomplete_in_source", "strategic_goal__theme")
    list_select_related = ("strategic_goal",)
    search_fields = ("code", "title", "text")
    filter_horizontal = ("priority_themes", "related_goals", "related_strategic_goals", "initiatives")
    inlines = [GoalOrganisationInline]


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "sector", "coalition", "is_generic", "archived")
    list_filter = ("coalition", "is_generic", "archived", "sector")
    search_fields = ("name",)


@admin.register(models.Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ("name", "archived")
    search_fields = ("name",)


@admin.register(models.GoalOrganisation)
class GoalOrganisationAdmin(admin.ModelAdmin):
    list_display = ("goal", "organisation", "role")
    list_select_related = ("goal", "organisation")
    autocomplete_fields = ("organisation",)


@admin.register(models.TransformationProgramme)
class TransformationProgrammeAdmin(admin.ModelAdmin):
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
