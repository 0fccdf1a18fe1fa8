from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _mail_review_outcome(sender, update_id, **kwargs):
    from . import tasks

    tasks.notify_review_outcome.delay(update_id)


class MonitoringConfig(AppConfig):
    """KPIs, figures, partner progress updates, dashboards and the quarterly report."""

    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from audit import registry

        from . import models
        from .reporting import tasks as reporting_tasks  # noqa: F401 (connects the build receiver)
        from .signals import update_reviewed

        update_reviewed.connect(_mail_review_outcome, dispatch_uid="monitoring.review_outcome")

        registry.register(
            models.Kpi,
            models.Figure,
            models.ProgressUpdate,
            models.QuarterlyReport,
            models.UnmeasuredTarget,
        )
