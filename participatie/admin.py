import json

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from audit.admin import RecordedAdmin

from . import models, services


@admin.register(models.Input)
class InputAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "kind",
        "goal",
        "moderation",
        "answer_status",
        "created_at",
        "personal_data_removed_at",
    )
    list_filter = ("kind", "moderation", "answer_status")
    list_select_related = ("goal",)
    search_fields = ("text", "email")
    actions = ["export_personal_data", "delete_personal_data"]

    @admin.action(description=_("Persoonsgegevens van deze inwoner(s) exporteren (inzageverzoek)"))
    def export_personal_data(self, request, queryset):
        emails = sorted({i.email.lower() for i in queryset if i.email})
        body = json.dumps(
            [services.export_personal_data(e) for e in emails], ensure_ascii=False, indent=2
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="persoonsgegevens.json"'
        return response

    @admin.action(
        description=_("Persoonsgegevens van deze inwoner(s) verwijderen (verzoek tot wissen)")
    )
    def delete_personal_data(self, request, queryset):
        emails = {i.email.lower() for i in queryset if i.email}
        count = sum(services.delete_personal_data(e) for e in emails)
        self.message_user(
            request,
            _("Naam en e-mailadres gewist bij %(n)s inbreng.") % {"n": count},
            messages.SUCCESS,
        )


@admin.register(models.ResidentInitiative)
class ResidentInitiativeAdmin(RecordedAdmin):
    list_display = ("name", "place", "municipality", "kind", "status", "in_plan")
    list_filter = ("status", "kind", "in_plan")
    filter_horizontal = ("goals",)


@admin.register(models.ParticipationMoment)
class ParticipationMomentAdmin(RecordedAdmin):
    list_display = ("date", "goal", "initiative", "phase", "form", "participants", "cost")
    list_filter = ("phase", "form")
    list_select_related = ("goal", "initiative")


@admin.register(models.ParticipationBudget)
class ParticipationBudgetAdmin(RecordedAdmin):
    list_display = ("year", "spuk_total", "reservation_percent")


@admin.register(models.Recommendation)
class RecommendationAdmin(RecordedAdmin):
    list_display = ("number", "title", "importance_votes", "urgency_votes")
    filter_horizontal = ("goals",)


@admin.register(models.Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("input", "reason", "created_at", "sent_at")
