from django.contrib import admin

from core.pagecache import bump_generation

from .models import ChangeRecord
from .services import diff, record_change

REASON = "Django-beheer"


def _fields(obj) -> dict:
    return {
        f.name: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.name not in ("id", "source_fingerprint", "updated_at", "version")
    }


class RecordedAdmin(admin.ModelAdmin):
    """Admin edits are changes too: record them in the history like the portal's editors do.

    Models that have services override `save_model` to call them, so that the admin takes the
    same path (validation, version, audit record) as the pages and the API.
    """

    def save_model(self, request, obj, form, change):
        before = _fields(type(obj).objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        changes = diff(before, _fields(obj))
        if changes or not change:
            action = ChangeRecord.Action.UPDATE if change else ChangeRecord.Action.CREATE
            record_change(obj, action=action, changes=changes, by=request.user, reason=REASON)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        bump_generation()

    def delete_model(self, request, obj):
        record_deletion(obj, by=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record_deletion(obj, by=request.user)
        super().delete_queryset(request, queryset)


def record_deletion(obj, *, by) -> None:
    """Keep what a deleted row held: its change record outlives it (a tombstone)."""
    changes = {name: [value, None] for name, value in _fields(obj).items()}
    record_change(obj, action=ChangeRecord.Action.DELETE, changes=changes, by=by, reason=REASON)


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ("created_at", "object_repr", "action", "user")
    list_filter = ("action", "content_type")
    list_select_related = ("user", "content_type")
    readonly_fields = [f.name for f in ChangeRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
