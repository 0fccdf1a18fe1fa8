from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = _("Audit")

    def ready(self):
        from django.db.models import Max

        from core.api.base import register_latest_write

        from .models import ChangeRecord

        register_latest_write(lambda: ChangeRecord.objects.aggregate(m=Max("created_at"))["m"])
