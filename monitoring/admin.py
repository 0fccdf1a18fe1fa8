from django.contrib import admin

from audit.admin import RecordedAdmin

from . import models


class TargetInline(admin.TabularInline):
    model = models.KpiTarget
    extra = 0


@admin.register(models.Kpi)
class KpiAdmin(RecordedAdmin):
    list_display = ("code", "name", "unit", "direction", "source", "level", "is_demo")
    list_filter = ("unit", "source", "level", "kind", "is_demo")
    search_fields = ("code", "name")
    filter_horizontal = ("goals",)
    inlines = [TargetInline]


@admin.register(models.Figure)
class FigureAdmin(RecordedAdmin):
    list_display = (
        "kpi",
        "period",
        "municipality",
        "value",
        "origin",
        "status",
        "is_outlier",
        "is_demo",
    )
    list_filter = ("origin", "status", "is_outlier", "is_demo", "kpi")

    def get_queryset(self, request):
        return models.Figure.all_levels.select_related("kpi", "municipality", "neighbourhood")

    list_select_related = ("kpi", "municipality")


class UpdateFigureInline(admin.TabularInline):
    model = models.UpdateFigure
    extra = 0


@admin.register(models.ProgressUpdate)
class ProgressUpdateAdmin(RecordedAdmin):
    list_display = ("goal", "organisation", "period", "revision", "status", "progress", "is_demo")
    list_filter = ("status", "progress", "period", "is_demo")
    list_select_related = ("goal", "organisation")
    inlines = [UpdateFigureInline]
    readonly_fields = ("status",)  # transitions go through the review pages, not the admin


@admin.register(models.Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("original_name", "update", "content_type", "size", "uploaded_at")
    list_select_related = ("update",)


@admin.register(models.UpdateTransition)
class UpdateTransitionAdmin(admin.ModelAdmin):
    list_display = ("update", "from_status", "to_status", "by", "at")
    list_select_related = ("update", "by")


@admin.register(models.ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ("user", "period", "kind", "sent_at")
