from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """KPIs, figures and partner progress updates (see issue: Monitoring). No models yet."""

    name = "monitoring"
    verbose_name = _("Monitoring")
