from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _initiatives_in(plan, quarter, municipality):
    from .selectors import registry

    return list(registry().filter(municipality=municipality))


class ParticipatieConfig(AppConfig):
    """Residents' input and answers, resident initiatives, participation, recommendations."""

    name = "participatie"
    verbose_name = _("Participatie")

    def ready(self):
        from audit import registry
        from monitoring.reporting.data import register_profile_section, register_section
        from monitoring.signals import update_approved

        from . import models
        from .selectors import report_summary
        from .slots import fill_slots

        fill_slots()
        update_approved.connect(_on_update_approved, dispatch_uid="participatie.goal_progress")
        register_section("participation", report_summary)
        register_profile_section("initiatives", _initiatives_in)
        registry.register(
            models.Input,
            models.ResidentInitiative,
            models.Recommendation,
            models.ParticipationMoment,
            models.ParticipationBudget,
        )


def _on_update_approved(sender, update_id: int, **kwargs) -> None:
    from .services import notify_goal_progress

    notify_goal_progress(update_id)
