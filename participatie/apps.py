from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipatieConfig(AppConfig):
    """Residents' input and answers, resident initiatives, participation moments, recommendations."""

    name = "participatie"
    verbose_name = _("Participatie")

    def ready(self):
        from monitoring.services import APPROVAL_HOOKS

        from .services import notify_goal_progress

        if notify_goal_progress not in APPROVAL_HOOKS:
            APPROVAL_HOOKS.append(notify_goal_progress)

        from monitoring import reports

        from .selectors import report_summary

        reports.PARTICIPATION_SUMMARY = report_summary
