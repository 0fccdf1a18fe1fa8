from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """KPIs, figures, partner progress updates, dashboards and the quarterly report."""

    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from audit import registry

        from . import models
        from .reporting import tasks  # noqa: F401 (connects the build receiver)

        registry.register(models.Kpi, models.Figure, models.ProgressUpdate, models.QuarterlyReport)
