from django.contrib import admin

from audit.admin import RecordedAdmin

from . import models


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
    filter_horizontal = (
        "priority_themes",
        "related_goals",
        "related_strategic_goals",
        "initiatives",
    )
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
